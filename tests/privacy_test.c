/*
 * Privacy of resident data.
 *
 * 1. Every file the library creates (state file, journal, dataset export,
 *    and the temporary files they are written through) is readable by its
 *    owner only, mode 0600, whatever the process umask; a directory made by
 *    the export is 0700.
 * 2. Error texts never echo field values of the data: rejected records
 *    carry marker strings (in labels, codes, statuses, CSV cells) and no
 *    message, socialcap_error field or errmsg text may contain them. Ids
 *    that locate the problem may appear; header names (the format's own
 *    column names) may too. Numbers are no exception: a weight, cost,
 *    status, tier, channel or time that breaks a rule carries the digits
 *    987654 (as 987654.321, -987654 or 0.987654321, which %g prints with
 *    those six digits), whether it comes from a CSV file, a state file or
 *    a program through the C API, and they may not appear either.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "socialcap.h"
#include "test_files.h"

#define MARK "Zq7secret"
/* The numeric marker: the first six significant digits of every rejected
 * number below, so that any printf conversion of it shows them. */
#define NUM "987654"

/* ------------------------------------------------------------ helpers */

static void must(int rc)
{
	if (rc != 0)
		fail_msg("setup call failed: %s", socialcap_strerror(rc));
}

/* Leaks found so far: every one is printed, the test fails at its end. */
static int leaks;

static void no_marker(const char *where, const char *text)
{
	if (text != NULL && (strstr(text, MARK) != NULL || strstr(text, NUM) != NULL)) {
		print_error("%s echoes a field value: \"%s\"\n", where, text);
		leaks++;
	}
}

static void err_clean(const char *what, const socialcap_error *e)
{
	char where[256];

	snprintf(where, sizeof(where), "%s: message", what);
	no_marker(where, e->message);
	snprintf(where, sizeof(where), "%s: file", what);
	no_marker(where, e->file);
	snprintf(where, sizeof(where), "%s: field", what);
	no_marker(where, e->field);
}

/* Every entry of @p dir (not . and ..) must have mode @p mode. */
static size_t check_modes(const char *dir, mode_t file_mode)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		assert_int_equal(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode))
			continue;
		if ((st.st_mode & 07777) != file_mode)
			fail_msg("%s has mode %04o, want %04o", path,
				 (unsigned)(st.st_mode & 07777), (unsigned)file_mode);
		n++;
	}
	closedir(d);
	return n;
}

/* A contact of actors 0 and 1, with no cost, on the physical channel. */
static socialcap_contact contact_01(int64_t time, double weight)
{
	socialcap_contact c;

	memset(&c, 0, sizeof(c));
	c.a = 0;
	c.b = 1;
	c.time = time;
	c.weight = weight;
	return c;
}

/* An event on the physical channel. */
static socialcap_event event_at(const char *id, int64_t time, const char *nbh,
				const char *kind, double cost)
{
	socialcap_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id = id;
	ev.time = time;
	ev.neighbourhood = nbh;
	ev.kind = kind;
	ev.cost = cost;
	return ev;
}

static socialcap_network *small_network(void)
{
	static const char *const g[] = {"choir"};
	socialcap_network *net = NULL;
	socialcap_contact c;
	socialcap_event ev;
	socialcap_attendance att[2] = {{0, SOCIALCAP_ORGANISER}, {1, SOCIALCAP_PARTICIPANT}};

	must(socialcap_network_new(&net, NULL));
	must(socialcap_network_set_sector(net, NULL, "police", 2, 0.75));
	must(socialcap_network_add_actor(net, NULL, "r1", SOCIALCAP_RESIDENT, "res",
					 "N1", 0.25, g, 1));
	must(socialcap_network_add_actor(net, NULL, "p1", SOCIALCAP_PROFESSIONAL,
					 "police", "N1", NAN, NULL, 0));
	must(socialcap_network_add_tie(net, NULL, 0, 1, "work", 1, 86400));
	c = contact_01(2 * 86400, 1);
	must(socialcap_network_record_contact(net, NULL, &c));
	ev = event_at("e1", 3 * 86400, "N1", "party", 0);
	must(socialcap_network_record_event(net, NULL, &ev, att, 2));
	return net;
}

/* ------------------------------------------------------------- modes */

static void test_file_modes(void **state)
{
	mode_t old = umask(0);
	socialcap_network *net = small_network();
	socialcap_journal *j = NULL;
	socialcap_error err;
	socialcap_contact c;
	char *dir = test_mkdtemp();
	char *exp = test_mkdtemp();
	char path[4096], sub[4096];
	struct stat st;

	(void)state;
	/* State file, written fresh and then replaced. */
	snprintf(path, sizeof(path), "%s/plain.scap", dir);
	must(socialcap_state_save(net, path, NULL, &err));
	must(socialcap_state_save(net, path, NULL, &err));
	/* Journal store: state + journal, appends, sync, checkpoint. */
	snprintf(path, sizeof(path), "%s/store.scap", dir);
	must(socialcap_journal_create(&j, path, net, NULL, &err));
	net = NULL; /* consumed */
	c = contact_01(5 * 86400, 2);
	must(socialcap_journal_record_contact(j, NULL, &c));
	must(socialcap_journal_sync(j));
	assert_int_equal(check_modes(dir, 0600), 3);
	must(socialcap_journal_checkpoint(j, &err));
	must(socialcap_journal_record_contact(j, NULL, &c));
	must(socialcap_journal_sync(j));
	/* Dataset export into an existing and into a new directory. */
	must(socialcap_dataset_export(socialcap_journal_network(j), exp, NULL, &err));
	assert_int_equal(check_modes(exp, 0600), 6);
	snprintf(sub, sizeof(sub), "%s/new", dir);
	must(socialcap_dataset_export(socialcap_journal_network(j), sub, NULL, &err));
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(check_modes(sub, 0600), 6);
	/* Only the state files and the journal: no temporary file is left. */
	assert_int_equal(check_modes(dir, 0600), 3);
	socialcap_journal_free(j);
	{
		char name[8200];
		static const char *const files[] = {"sectors.csv", "actors.csv", "ties.csv",
						    "contacts.csv", "events.csv",
						    "attendance.csv"};
		size_t k;

		for (k = 0; k < 6; k++) {
			snprintf(name, sizeof(name), "%s/%s", sub, files[k]);
			unlink(name);
		}
		rmdir(sub);
	}
	test_rmdir_free(dir);
	test_rmdir_free(exp);
	umask(old);
}

/* ----------------------------------------------------- network API */

static void test_network_messages(void **state)
{
	socialcap_network_options o;
	socialcap_network *net = NULL;
	const char *g[] = {"choir-" MARK};
	const char *badg[] = {"a;" MARK};
	char longlabel[600];
	int rc;

	(void)state;
	leaks = 0;
	socialcap_network_options_init(&o, SOCIALCAP_NETWORK_OPTIONS_VERSION);
	must(socialcap_network_new(&net, &o));
	must(socialcap_network_add_actor(net, NULL, "r1", SOCIALCAP_RESIDENT, "res",
					 "N1", 0.5, NULL, 0));
	/* Duplicate id: the id may be named, the other fields not. */
	rc = socialcap_network_add_actor(net, NULL, "r1", SOCIALCAP_RESIDENT,
					 "sec-" MARK, "nbh-" MARK, 0.5, g, 1);
	assert_int_equal(rc, SOCIALCAP_EEXISTS);
	no_marker("duplicate actor", socialcap_network_errmsg(net));
	/* Status out of range. */
	rc = socialcap_network_add_actor(net, NULL, "r2", SOCIALCAP_RESIDENT,
					 "sec-" MARK, "nbh-" MARK, 7.0, g, 1);
	assert_true(rc < 0);
	no_marker("bad status", socialcap_network_errmsg(net));
	/* Bad group label. */
	rc = socialcap_network_add_actor(net, NULL, "r3", SOCIALCAP_RESIDENT,
					 "sec-" MARK, "nbh-" MARK, 0.5, badg, 1);
	if (rc < 0)
		no_marker("bad group", socialcap_network_errmsg(net));
	/* Labels over the length limit. */
	memset(longlabel, 'x', sizeof(longlabel) - 1);
	longlabel[sizeof(longlabel) - 1] = '\0';
	memcpy(longlabel, MARK, strlen(MARK));
	rc = socialcap_network_add_actor(net, NULL, "r4", SOCIALCAP_RESIDENT,
					 longlabel, "N1", 0.5, NULL, 0);
	if (rc < 0)
		no_marker("long sector", socialcap_network_errmsg(net));
	rc = socialcap_network_add_actor(net, NULL, "r4", SOCIALCAP_RESIDENT, "res",
					 longlabel, 0.5, NULL, 0);
	if (rc < 0)
		no_marker("long neighbourhood", socialcap_network_errmsg(net));
	rc = socialcap_network_set_sector(net, NULL, "s-" MARK, -1, 1.0);
	assert_true(rc < 0);
	no_marker("bad tier", socialcap_network_errmsg(net));
	rc = socialcap_network_add_tie(net, NULL, 0, 0, "layer-" MARK, 1, 0);
	assert_true(rc < 0);
	no_marker("self tie", socialcap_network_errmsg(net));
	rc = socialcap_network_add_tie(net, NULL, 0, 9, "layer-" MARK, -1, 0);
	assert_true(rc < 0);
	no_marker("bad tie", socialcap_network_errmsg(net));
	{
		socialcap_event ev;
		socialcap_attendance att[1] = {{0, SOCIALCAP_ORGANISER}};

		ev = event_at("e1", 0, "nbh-" MARK, "kind-" MARK, -5);
		rc = socialcap_network_record_event(net, NULL, &ev, att, 1);
		assert_true(rc < 0);
		no_marker("bad event", socialcap_network_errmsg(net));
	}
	socialcap_network_free(net);
	assert_int_equal(leaks, 0);
}

/* ------------------------------------------------------ dataset CSV */

typedef struct ds_case {
	const char *name;
	const char *file;  /* the file carrying the bad row */
	const char *text;  /* its contents */
} ds_case;

#define ACTORS_HDR "id,kind,sector,neighbourhood,status,groups\n"
#define GOOD_ACTORS ACTORS_HDR "r1,resident,res,N1,0.5,choir\nr2,resident,res,N1,,\n"

static const ds_case ds_cases[] = {
	{"bad kind", "actors.csv", ACTORS_HDR "r1,kind-" MARK ",res,N1,0.5,\n"},
	{"bad status", "actors.csv", ACTORS_HDR "r1,resident,res,N1,st-" MARK ",\n"},
	{"status range", "actors.csv", ACTORS_HDR "r1,resident,s-" MARK ",n-" MARK ",7,g-" MARK "\n"},
	{"duplicate id", "actors.csv",
	 ACTORS_HDR "r1,resident,res,N1,0.5,\nr1,resident,s-" MARK ",n-" MARK ",0.5,g-" MARK "\n"},
	{"empty id", "actors.csv", ACTORS_HDR ",resident,s-" MARK ",n-" MARK ",0.5,\n"},
	{"unclosed quote", "actors.csv", ACTORS_HDR "r1,resident,\"s-" MARK ",N1,0.5,\n"},
	{"quote inside", "actors.csv", ACTORS_HDR "r1,resident,s\"-" MARK ",N1,0.5,\n"},
	{"ragged row", "actors.csv", ACTORS_HDR "r1,resident,s-" MARK ",N1,0.5,,x-" MARK "\n"},
	{"short row", "actors.csv", ACTORS_HDR "r1,resident,s-" MARK "\n"},
	{"bad utf8", "actors.csv", ACTORS_HDR "r1,resident,s-" MARK "\xff\xfe,N1,0.5,\n"},
	{"bad group", "actors.csv", ACTORS_HDR "r1,resident,res,N1,0.5,;g-" MARK "\n"},
	{"bad tier", "sectors.csv", "sector,tier,prestige\ns-" MARK ",t-" MARK ",\n"},
	{"tier range", "sectors.csv", "sector,tier,prestige\ns-" MARK ",7,\n"},
	{"bad prestige", "sectors.csv", "sector,tier,prestige\ns-" MARK ",1,p-" MARK "\n"},
	{"tie weight", "ties.csv", "a,b,layer,weight,since\nr1,r2,l-" MARK ",w-" MARK ",\n"},
	{"tie negative", "ties.csv", "a,b,layer,weight,since\nr1,r2,l-" MARK ",-3,\n"},
	{"tie since", "ties.csv", "a,b,layer,weight,since\nr1,r2,l-" MARK ",1,d-" MARK "\n"},
	{"self tie", "ties.csv", "a,b,layer,weight,since\nr1,r1,l-" MARK ",1,\n"},
	{"contact channel", "contacts.csv",
	 "a,b,time,channel,weight,cost\nr1,r2,2022-01-01,c-" MARK ",1,\n"},
	{"contact time", "contacts.csv",
	 "a,b,time,channel,weight,cost\nr1,r2,t-" MARK ",physical,1,\n"},
	{"contact cost", "contacts.csv",
	 "a,b,time,channel,weight,cost\nr1,r2,2022-01-01,physical,1,c-" MARK "\n"},
	{"event cost", "events.csv",
	 "id,time,neighbourhood,kind,channel,cost\ne1,2022-01-01,n-" MARK ",k-" MARK ",physical,-4\n"},
	{"event time", "events.csv",
	 "id,time,neighbourhood,kind,channel,cost\ne1,t-" MARK ",n-" MARK ",k-" MARK ",physical,\n"},
	{"attendance role", "attendance.csv", "event,actor,role\ne1,r1,r-" MARK "\n"},
	/* Numbers: well-formed but breaking a rule, or malformed. */
	{"status number", "actors.csv", ACTORS_HDR "r1,resident,res,N1,987654.321,\n"},
	{"negative tier", "sectors.csv", "sector,tier,prestige\nres,-987654,\n"},
	{"huge tier", "sectors.csv", "sector,tier,prestige\nres,98765400000,\n"},
	{"infinite prestige", "sectors.csv", "sector,tier,prestige\nres,1,987654e999\n"},
	{"tie weight number", "ties.csv", "a,b,layer,weight,since\nr1,r2,family,-987654.321,\n"},
	{"tie since number", "ties.csv", "a,b,layer,weight,since\nr1,r2,family,1,987654\n"},
	{"tie weight sum", "ties.csv",
	 "a,b,layer,weight\nr1,r2,x,1.987654e308\nr2,r1,x,1.987654e308\n"},
	{"contact weight number", "contacts.csv",
	 "a,b,time,channel,weight,cost\nr1,r2,2022-01-01,physical,-987654.321,\n"},
	{"contact cost number", "contacts.csv",
	 "a,b,time,channel,weight,cost\nr1,r2,2022-01-01,physical,1,-987654.321\n"},
	{"contact time number", "contacts.csv",
	 "a,b,time,channel,weight,cost\nr1,r2,987654-01-01,physical,1,\n"},
	{"event cost number", "events.csv",
	 "id,time,neighbourhood,kind,channel,cost\ne1,2022-01-01,N1,party,physical,-987654.321\n"},
	{"event time number", "events.csv",
	 "id,time,neighbourhood,kind,channel,cost\ne1,987654-01-01T00:00:00Z,N1,party,physical,\n"},
};

static void write_case(const char *dir, const ds_case *c)
{
	test_write_file(dir, "actors.csv", GOOD_ACTORS, (size_t)-1);
	test_write_file(dir, "events.csv",
			"id,time,neighbourhood,kind,channel,cost\ne1,2022-01-01,N1,party,physical,\n",
			(size_t)-1);
	test_write_file(dir, c->file, c->text, (size_t)-1);
}

static int on_problem(const socialcap_error *problem, void *user)
{
	char what[128];

	snprintf(what, sizeof(what), "validate %s", (const char *)user);
	err_clean(what, problem);
	return 0;
}

static void test_dataset_messages(void **state)
{
	size_t k, failures = 0;

	(void)state;
	leaks = 0;
	for (k = 0; k < sizeof(ds_cases) / sizeof(*ds_cases); k++) {
		const ds_case *c = &ds_cases[k];
		char *dir = test_mkdtemp();
		socialcap_network *net = NULL;
		socialcap_error err;
		size_t problems = 0;
		char what[128];
		int rc;

		write_case(dir, c);
		must(socialcap_network_new(&net, NULL));
		rc = socialcap_dataset_import(net, dir, NULL, &err);
		if (rc == 0)
			fail_msg("case %s: import accepted the bad row", c->name);
		snprintf(what, sizeof(what), "import %s", c->name);
		err_clean(what, &err);
		no_marker(what, socialcap_network_errmsg(net));
		rc = socialcap_dataset_validate(NULL, dir, NULL, on_problem,
						(void *)c->name, &problems);
		assert_int_equal(rc, SOCIALCAP_EFORMAT);
		assert_true(problems >= 1);
		failures += problems;
		socialcap_network_free(net);
		test_rmdir_free(dir);
	}
	assert_true(failures >= sizeof(ds_cases) / sizeof(*ds_cases));
	assert_int_equal(leaks, 0);
}

/* A field over the length limit is not echoed either. */
static void test_dataset_limit_messages(void **state)
{
	socialcap_dataset_options o;
	socialcap_network *net = NULL;
	socialcap_error err;
	char *dir = test_mkdtemp();

	(void)state;
	leaks = 0;
	test_write_file(dir, "actors.csv",
			ACTORS_HDR "r1,resident,res,N1,0.5,\nr2,resident,res,nbh-" MARK
				   "-long-long-long,0.5,\n",
			(size_t)-1);
	socialcap_dataset_options_init(&o, SOCIALCAP_DATASET_OPTIONS_VERSION);
	o.max_field_bytes = 16;
	must(socialcap_network_new(&net, NULL));
	assert_int_equal(socialcap_dataset_import(net, dir, &o, &err), SOCIALCAP_ELIMIT);
	err_clean("field limit", &err);
	o.max_field_bytes = SOCIALCAP_DATASET_DEFAULT_MAX_FIELD_BYTES;
	o.max_record_bytes = 30;
	assert_int_equal(socialcap_dataset_import(net, dir, &o, &err), SOCIALCAP_ELIMIT);
	err_clean("record limit", &err);
	socialcap_network_free(net);
	test_rmdir_free(dir);
	assert_int_equal(leaks, 0);
}

/* --------------------------------------------------- state and journal */

/* A state file whose labels carry the marker, damaged in turn at every
 * byte: no load error may echo a label. */
static void test_state_messages(void **state)
{
	static const char *const g[] = {"g-" MARK};
	socialcap_network *net = NULL, *back;
	socialcap_error err;
	char *dir = test_mkdtemp();
	char path[4096];
	unsigned char *data;
	size_t len, i, rejected = 0;

	(void)state;
	leaks = 0;
	must(socialcap_network_new(&net, NULL));
	must(socialcap_network_set_sector(net, NULL, "s-" MARK, 1, 2.0));
	must(socialcap_network_add_actor(net, NULL, "r1", SOCIALCAP_RESIDENT,
					 "s-" MARK, "n-" MARK, 0.5, g, 1));
	must(socialcap_network_add_actor(net, NULL, "r2", SOCIALCAP_RESIDENT,
					 "s-" MARK, "n-" MARK, 0.5, g, 1));
	must(socialcap_network_add_tie(net, NULL, 0, 1, "l-" MARK, 1, 0));
	snprintf(path, sizeof(path), "%s/s.scap", dir);
	must(socialcap_state_save(net, path, NULL, &err));
	data = (unsigned char *)test_read_file(dir, "s.scap", &len);
	assert_non_null(data);
	for (i = 0; i < len; i++) {
		static const unsigned char flips[] = {0xff, 0x01, 0x80};
		size_t f;

		for (f = 0; f < sizeof(flips); f++) {
			unsigned char old = data[i];
			int rc;

			data[i] = (unsigned char)(old ^ flips[f]);
			back = NULL;
			rc = socialcap_state_load_buffer(&back, data, len, NULL, &err);
			if (rc != 0) {
				rejected++;
				err_clean("damaged state", &err);
			}
			socialcap_network_free(back);
			data[i] = old;
		}
	}
	/* Cut short at every length as well. */
	for (i = 0; i < len; i++) {
		back = NULL;
		assert_int_not_equal(socialcap_state_load_buffer(&back, data, i, NULL, &err), 0);
		err_clean("truncated state", &err);
	}
	assert_true(rejected > len);
	free(data);
	socialcap_network_free(net);
	test_rmdir_free(dir);
	assert_int_equal(leaks, 0);
}

static void test_journal_messages(void **state)
{
	socialcap_journal *j = NULL;
	socialcap_error err;
	char *dir = test_mkdtemp();
	char path[4096];
	const char *g[] = {"g-" MARK};
	int rc;

	(void)state;
	leaks = 0;
	snprintf(path, sizeof(path), "%s/j.scap", dir);
	must(socialcap_journal_create(&j, path, NULL, NULL, &err));
	must(socialcap_journal_add_actor(j, NULL, "r1", SOCIALCAP_RESIDENT, "res",
					 "N1", 0.5, NULL, 0));
	rc = socialcap_journal_add_actor(j, NULL, "r1", SOCIALCAP_RESIDENT,
					 "s-" MARK, "n-" MARK, 0.5, g, 1);
	assert_true(rc < 0);
	no_marker("journal duplicate", socialcap_journal_errmsg(j));
	rc = socialcap_journal_add_tie(j, NULL, 0, 0, "l-" MARK, 1, 0);
	assert_true(rc < 0);
	no_marker("journal tie", socialcap_journal_errmsg(j));
	rc = socialcap_journal_set_sector(j, NULL, "s-" MARK, -2, 1);
	assert_true(rc < 0);
	no_marker("journal sector", socialcap_journal_errmsg(j));
	socialcap_journal_free(j);
	test_rmdir_free(dir);
	assert_int_equal(leaks, 0);
}

/* ------------------------------------------------------------ numbers */

/* Numbers a program passes that break a rule are not echoed either: the
 * same checks guard the state loader and the journal replay, whose
 * numbers are stored data. */
static void test_api_number_messages(void **state)
{
	socialcap_network *net = small_network();
	socialcap_journal *j = NULL;
	socialcap_error err;
	socialcap_contact c;
	socialcap_event ev;
	socialcap_attendance att[1] = {{0, SOCIALCAP_ORGANISER}};
	char *dir = test_mkdtemp();
	char path[4096];

	(void)state;
	leaks = 0;
	assert_true(socialcap_network_add_actor(net, NULL, "r9", SOCIALCAP_RESIDENT, "res",
						"N1", 987654.321, NULL, 0) < 0);
	no_marker("api status", socialcap_network_errmsg(net));
	assert_true(socialcap_network_add_actor(net, NULL, "r9", (socialcap_actor_kind)987654,
						"res", "N1", 0.5, NULL, 0) < 0);
	no_marker("api kind", socialcap_network_errmsg(net));
	assert_true(socialcap_network_set_sector(net, NULL, "res", -987654, 1.0) < 0);
	no_marker("api tier", socialcap_network_errmsg(net));
	assert_true(socialcap_network_add_tie(net, NULL, 0, 1, "work", -987654.321, 0) < 0);
	no_marker("api tie weight", socialcap_network_errmsg(net));
	c = contact_01(86400, -987654.321);
	assert_true(socialcap_network_record_contact(net, NULL, &c) < 0);
	no_marker("api contact weight", socialcap_network_errmsg(net));
	c.weight = 1;
	c.cost = -987654.321;
	assert_true(socialcap_network_record_contact(net, NULL, &c) < 0);
	no_marker("api contact cost", socialcap_network_errmsg(net));
	c.cost = 0;
	c.channel = 987654;
	assert_true(socialcap_network_record_contact(net, NULL, &c) < 0);
	no_marker("api contact channel", socialcap_network_errmsg(net));
	ev = event_at("e9", 86400, "N1", "party", -987654.321);
	assert_true(socialcap_network_record_event(net, NULL, &ev, att, 1) < 0);
	no_marker("api event cost", socialcap_network_errmsg(net));
	ev.cost = 0;
	ev.channel = 987654;
	assert_true(socialcap_network_record_event(net, NULL, &ev, att, 1) < 0);
	no_marker("api event channel", socialcap_network_errmsg(net));
	ev.channel = SOCIALCAP_PHYSICAL;
	att[0].role = 987654;
	assert_true(socialcap_network_record_event(net, NULL, &ev, att, 1) < 0);
	no_marker("api role", socialcap_network_errmsg(net));
	/* The journal passes the network's message on. */
	snprintf(path, sizeof(path), "%s/j.scap", dir);
	must(socialcap_journal_create(&j, path, net, NULL, &err));
	c.channel = SOCIALCAP_PHYSICAL;
	c.weight = -987654.321;
	assert_true(socialcap_journal_record_contact(j, NULL, &c) < 0);
	no_marker("journal contact weight", socialcap_journal_errmsg(j));
	assert_true(socialcap_journal_add_tie(j, NULL, 0, 1, "work", -987654.321, 0) < 0);
	no_marker("journal tie weight", socialcap_journal_errmsg(j));
	socialcap_journal_free(j);
	test_rmdir_free(dir);
	assert_int_equal(leaks, 0);
}

/* The export refuses what its format cannot hold without quoting it: a
 * time past the year 9999 and a group label containing ';'. */
static void test_export_messages(void **state)
{
	static const char *const g[] = {"a;" MARK};
	socialcap_network *net = small_network();
	socialcap_error err;
	socialcap_contact c;
	char *dir = test_mkdtemp();
	int rc;

	(void)state;
	leaks = 0;
	c = contact_01(INT64_C(9876540000000000), 1); /* some 300 million years from now */
	must(socialcap_network_record_contact(net, NULL, &c));
	assert_int_equal(socialcap_dataset_export(net, dir, NULL, &err), SOCIALCAP_ERANGE);
	err_clean("export time", &err);
	assert_string_equal(err.field, "time");
	assert_int_equal(err.line, 3);
	socialcap_network_free(net);

	net = small_network();
	rc = socialcap_network_add_actor(net, NULL, "r9", SOCIALCAP_RESIDENT, "res", "N1",
					 0.5, g, 1);
	if (rc == 0) {
		assert_int_equal(socialcap_dataset_export(net, dir, NULL, &err),
				 SOCIALCAP_EINVAL);
		err_clean("export group", &err);
	}
	socialcap_network_free(net);
	test_rmdir_free(dir);
	assert_int_equal(leaks, 0);
}

/* Replace @p len bytes at @p at of the @p *size bytes in @p *data by the
 * @p nlen bytes of @p with (the buffer is reallocated). */
static void splice(unsigned char **data, size_t *size, size_t at, size_t len,
		   const unsigned char *with, size_t nlen)
{
	unsigned char *out = malloc(*size - len + nlen);

	assert_non_null(out);
	memcpy(out, *data, at);
	memcpy(out + at, with, nlen);
	memcpy(out + at + nlen, *data + at + len, *size - at - len);
	free(*data);
	*data = out;
	*size = *size - len + nlen;
}

/* Offset of the @p nth (0-based) occurrence of @p pat, or SIZE_MAX. */
static size_t find_bytes(const unsigned char *data, size_t size,
			 const unsigned char *pat, size_t plen, int nth)
{
	size_t i;

	for (i = 0; i + plen <= size; i++)
		if (memcmp(data + i, pat, plen) == 0 && nth-- == 0)
			return i;
	return SIZE_MAX;
}

static void be_double(unsigned char out[9], double d)
{
	uint64_t u;
	int k;

	memcpy(&u, &d, sizeof(u));
	out[0] = 0xfb; /* CBOR float64 */
	for (k = 0; k < 8; k++)
		out[1 + k] = (unsigned char)(u >> (56 - 8 * k));
}

/* A state file whose numbers are valid, each then made to break a rule
 * in place (the file has no checksum to update): the load fails and does
 * not quote the number. */
static void test_state_number_messages(void **state)
{
	socialcap_network *net = small_network(), *back;
	socialcap_error err;
	socialcap_contact c;
	socialcap_event ev;
	socialcap_attendance att[1] = {{0, SOCIALCAP_PARTICIPANT}};
	char *dir = test_mkdtemp();
	char path[4096];
	unsigned char *orig, *data, pos[9], neg[9], small[9], huge_tier[9];
	/* Contact time 0x0A0B0C0D marks where that contact starts. */
	static const unsigned char ctime_mark[] = {0x1a, 0x0a, 0x0b, 0x0c, 0x0d, 0x00, 0x01};
	static const unsigned char tier_mark[] = {0x1a, 0x00, 0x0f, 0x12, 0x06}; /* 987654 */
	size_t len, size, at;
	int k, cases = 0;

	(void)state;
	leaks = 0;
	must(socialcap_network_set_sector(net, NULL, "police", 987654, 0.75));
	must(socialcap_network_add_actor(net, NULL, "r9", SOCIALCAP_RESIDENT, "res", "N1",
					 0.987654321, NULL, 0));
	must(socialcap_network_add_tie(net, NULL, 0, 2, "work", 987654.321, 0));
	c = contact_01(0x0A0B0C0D, 987654.321);
	c.cost = 987654.321;
	must(socialcap_network_record_contact(net, NULL, &c));
	ev = event_at("e9", 5 * 86400, "N1", "party", 987654.321);
	must(socialcap_network_record_event(net, NULL, &ev, att, 1));
	snprintf(path, sizeof(path), "%s/s.scap", dir);
	must(socialcap_state_save(net, path, NULL, &err));
	socialcap_network_free(net);
	orig = (unsigned char *)test_read_file(dir, "s.scap", &len);
	assert_non_null(orig);
	be_double(pos, 987654.321);
	be_double(neg, -987654.321);
	be_double(small, 0.987654321);
	be_double(huge_tier, 0.0);
	huge_tier[0] = 0x1b; /* uint64 9876540000000000, above INT32_MAX */
	{
		uint64_t v = UINT64_C(9876540000000000);

		for (k = 0; k < 8; k++)
			huge_tier[1 + k] = (unsigned char)(v >> (56 - 8 * k));
	}
	/* Case 0-3: tie weight, contact weight, contact cost, event cost made
	 * negative; 4: status 987654.321; 5: tier beyond INT32_MAX; 6: the
	 * contact's channel 987654. */
	for (k = 0; k < 7; k++) {
		size = len;
		data = malloc(len);
		assert_non_null(data);
		memcpy(data, orig, len);
		if (k < 4) {
			at = find_bytes(data, size, pos, 9, k);
			assert_true(at != SIZE_MAX);
			memcpy(data + at, neg, 9);
		} else if (k == 4) {
			at = find_bytes(data, size, small, 9, 0);
			assert_true(at != SIZE_MAX);
			memcpy(data + at, pos, 9);
		} else if (k == 5) {
			at = find_bytes(data, size, tier_mark, sizeof(tier_mark), 0);
			assert_true(at != SIZE_MAX);
			splice(&data, &size, at, sizeof(tier_mark), huge_tier, 9);
		} else {
			at = find_bytes(data, size, ctime_mark, sizeof(ctime_mark), 0);
			assert_true(at != SIZE_MAX);
			splice(&data, &size, at + sizeof(ctime_mark), 1, tier_mark,
			       sizeof(tier_mark));
		}
		back = NULL;
		if (socialcap_state_load_buffer(&back, data, size, NULL, &err) == 0)
			fail_msg("state number case %d: the load accepted it", k);
		err_clean("state number", &err);
		cases++;
		free(data);
	}
	assert_int_equal(cases, 7);
	/* The unchanged file loads: the patches, not the set-up, were refused. */
	back = NULL;
	must(socialcap_state_load_buffer(&back, orig, len, NULL, &err));
	socialcap_network_free(back);
	free(orig);
	test_rmdir_free(dir);
	assert_int_equal(leaks, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_modes),
		cmocka_unit_test(test_network_messages),
		cmocka_unit_test(test_dataset_messages),
		cmocka_unit_test(test_dataset_limit_messages),
		cmocka_unit_test(test_state_messages),
		cmocka_unit_test(test_journal_messages),
		cmocka_unit_test(test_api_number_messages),
		cmocka_unit_test(test_export_messages),
		cmocka_unit_test(test_state_number_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
