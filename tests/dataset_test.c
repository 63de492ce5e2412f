/* Dataset import, validation and export. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "dataset_internal.h"
#include "socialcap.h"
#include "test_alloc.h"
#include "test_files.h"

static const char *const files[] = {"sectors.csv",  "actors.csv",
				    "ties.csv",     "contacts.csv",
				    "events.csv",   "attendance.csv"};

static socialcap_network *new_net(void)
{
	socialcap_network *net = NULL;

	assert_int_equal(socialcap_network_new(&net, NULL), 0);
	return net;
}

static void import_ok(socialcap_network *net, const char *dir)
{
	socialcap_error err;
	int rc = socialcap_dataset_import(net, dir, NULL, &err);

	if (rc != 0)
		fail_msg("import of %s failed: %s:%llu:%llu: %s", dir, err.file,
			 (unsigned long long)err.line,
			 (unsigned long long)err.column, err.message);
	assert_int_equal(err.status, 0);
}

static void assert_same_files(const char *dir_a, const char *dir_b)
{
	size_t i, la, lb;

	for (i = 0; i < 6; i++) {
		char *a = test_read_file(dir_a, files[i], &la);
		char *b = test_read_file(dir_b, files[i], &lb);

		assert_non_null(a);
		assert_non_null(b);
		if (la != lb || memcmp(a, b, la) != 0)
			fail_msg("%s differs:\n--- %s\n%s--- %s\n%s", files[i], dir_a,
				 a, dir_b, b);
		free(a);
		free(b);
	}
}

/* ------------------------------------------------------------ fixtures */

static void test_import_basic_values(void **state)
{
	char *dir = test_data_path("ds_basic");
	socialcap_network *net = new_net();
	uint32_t r1, r2, o1, p1, s, e, n;
	uint64_t tie;
	socialcap_tie t;
	socialcap_contact c;
	socialcap_event_info ev;
	socialcap_attendance at;

	(void)state;
	import_ok(net, dir);
	assert_int_equal(socialcap_network_actor_count(net), 5);
	assert_int_equal(socialcap_network_sector_count(net), 4);
	assert_int_equal(socialcap_network_tie_count(net), 3);
	assert_int_equal(socialcap_network_contact_count(net), 2);
	assert_int_equal(socialcap_network_event_count(net), 2);
	assert_int_equal(socialcap_network_attendance_count(net), 4);
	assert_int_equal(socialcap_network_find_actor(net, &r1, "r1"), 0);
	assert_int_equal(socialcap_network_find_actor(net, &r2, "r2"), 0);
	assert_int_equal(socialcap_network_find_actor(net, &o1, "o1"), 0);
	assert_int_equal(socialcap_network_find_actor(net, &p1, "p1"), 0);
	assert_true(socialcap_network_actor_status(net, r1) == 0.25);
	assert_true(isnan(socialcap_network_actor_status(net, r2)));
	assert_int_equal(socialcap_network_actor_group_count(net, r1), 2);
	assert_int_equal(socialcap_network_actor_kind(net, o1), SOCIALCAP_ORGANISATION);
	assert_string_equal(socialcap_network_group_label(
				    net, socialcap_network_actor_group(net, o1, 0)),
			    "club, youth");
	assert_int_equal(socialcap_network_find_sector(net, &s, "youth work"), 0);
	assert_int_equal(socialcap_network_sector_tier(net, s), 1);
	assert_true(socialcap_network_sector_prestige(net, s) == 0.5);
	assert_int_equal(socialcap_network_find_sector(net, &s, "shopkeepers"), 0);
	assert_int_equal(socialcap_network_sector_tier(net, s), 0);
	assert_true(isnan(socialcap_network_sector_prestige(net, s)));
	assert_true(socialcap_network_actor_is_institution(net, p1));
	/* Two declarations of r1-r2 neighbours add up; the earlier since wins. */
	assert_int_equal(socialcap_network_find_tie(net, &tie, r2, r1,
						    SOCIALCAP_LAYER_NEIGHBOURS), 0);
	assert_int_equal(socialcap_network_tie(net, tie, &t), 0);
	assert_true(t.weight == 1.5);
	assert_int_equal(t.since, 1559347200); /* 2019-06-01T00:00:00Z */
	/* Empty weight and cost take 1 and 0; the +01:00 offset is applied. */
	assert_int_equal(socialcap_network_contact(net, 0, &c), 0);
	assert_int_equal(c.time, 1641803400); /* 2022-01-10T08:30:00Z */
	assert_true(c.weight == 1.0 && c.cost == 0.0);
	assert_int_equal(c.a, r1);
	assert_int_equal(c.b, p1);
	assert_int_equal(socialcap_network_find_event(net, &e, "e1"), 0);
	assert_int_equal(socialcap_network_event(net, e, &ev), 0);
	assert_int_equal(ev.attendee_count, 3);
	assert_true(ev.cost == 120.0);
	/* Attendees keep the file order within their event. */
	assert_int_equal(socialcap_network_event_attendee(net, e, 2, &at), 0);
	assert_int_equal(at.actor, r2);
	assert_int_equal(at.role, SOCIALCAP_PARTICIPANT);
	assert_int_equal(socialcap_network_find_neighbourhood(net, &n, "N3"), 0);
	assert_int_equal(socialcap_network_neighbourhood_actor_count(net, n), 0);
	socialcap_network_free(net);
	free(dir);
}

static void assert_mode_0600(const char *dir)
{
	char path[4096];
	struct stat st;
	size_t i;

	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0600);
	}
}

static void test_export_golden_and_round_trip(void **state)
{
	char *src = test_data_path("ds_basic");
	char *golden = test_data_path("ds_basic_expected");
	char *out1 = test_mkdtemp(), *out2 = test_mkdtemp();
	socialcap_network *a = new_net(), *b = new_net();
	socialcap_error err;
	char *da, *db;

	(void)state;
	import_ok(a, src);
	assert_int_equal(socialcap_dataset_export(a, out1, NULL, &err), 0);
	assert_same_files(golden, out1);
	assert_mode_0600(out1);
	import_ok(b, out1);
	da = test_dump_network(a);
	db = test_dump_network(b);
	assert_string_equal(da, db);
	assert_int_equal(socialcap_dataset_export(b, out2, NULL, &err), 0);
	assert_same_files(out1, out2);
	free(da);
	free(db);
	socialcap_network_free(a);
	socialcap_network_free(b);
	test_rmdir_free(out1);
	test_rmdir_free(out2);
	free(src);
	free(golden);
}

/* Awkward doubles survive export and import bit for bit. */
static void test_round_trip_numbers(void **state)
{
	static const double values[] = {0.1, 1.0 / 3.0, 0.30000000000000004,
					5e-324, 1e-300, 2.2250738585072014e-308,
					123456789.12345679, 1e300, 0.5, 1.0};
	const size_t n = sizeof(values) / sizeof(*values);
	char *out1 = test_mkdtemp(), *out2 = test_mkdtemp();
	socialcap_network *a = new_net(), *b = new_net();
	socialcap_contact c = {0, 0, 1, SOCIALCAP_DIGITAL, 1.0, 0.0};
	char *da, *db;
	size_t i;

	(void)state;
	assert_int_equal(socialcap_network_add_actor(a, NULL, "x", SOCIALCAP_RESIDENT,
						     "s", "n", 1.0 / 3.0, NULL, 0), 0);
	assert_int_equal(socialcap_network_add_actor(a, NULL, "y, \"q\"",
						     SOCIALCAP_RESIDENT, "s", "n",
						     5e-324, NULL, 0), 0);
	assert_int_equal(socialcap_network_set_sector(a, NULL, "s", 3, 0.1 + 0.2), 0);
	for (i = 0; i < n; i++) {
		c.time = (int64_t)i * 86400 - 1000000000;
		c.weight = values[i];
		c.cost = values[n - 1 - i];
		assert_int_equal(socialcap_network_record_contact(a, NULL, &c), 0);
	}
	assert_int_equal(socialcap_network_add_tie(a, NULL, 0, 1, "ćlub", 1e-300,
						   -62167219200), 0);
	assert_int_equal(socialcap_dataset_export(a, out1, NULL, NULL), 0);
	import_ok(b, out1);
	da = test_dump_network(a);
	db = test_dump_network(b);
	assert_string_equal(da, db);
	assert_int_equal(socialcap_dataset_export(b, out2, NULL, NULL), 0);
	assert_same_files(out1, out2);
	free(da);
	free(db);
	socialcap_network_free(a);
	socialcap_network_free(b);
	test_rmdir_free(out1);
	test_rmdir_free(out2);
}

/* ------------------------------------------------------ error positions */

static const char base_sectors[] = "sector,tier,prestige\nres,0,\n";
static const char base_actors[] =
	"id,kind,sector,neighbourhood,status,groups\n"
	"a1,resident,res,N1,0.5,g1\n"
	"a2,resident,res,N1,,\n";
static const char base_ties[] = "a,b,layer,weight,since\na1,a2,family,1,\n";
static const char base_contacts[] =
	"time,a,b,channel,weight,cost\n2022-01-01,a1,a2,physical,1,0\n";
static const char base_events[] =
	"id,time,neighbourhood,kind,channel,cost\n"
	"e1,2022-01-01,N1,party,physical,0\n";
static const char base_attendance[] = "event,actor,role\ne1,a1,organiser\n";

static char *make_base(void)
{
	char *dir = test_mkdtemp();

	test_write_file(dir, "sectors.csv", base_sectors, (size_t)-1);
	test_write_file(dir, "actors.csv", base_actors, (size_t)-1);
	test_write_file(dir, "ties.csv", base_ties, (size_t)-1);
	test_write_file(dir, "contacts.csv", base_contacts, (size_t)-1);
	test_write_file(dir, "events.csv", base_events, (size_t)-1);
	test_write_file(dir, "attendance.csv", base_attendance, (size_t)-1);
	return dir;
}

typedef struct error_case {
	const char *file;    /* the file replaced */
	const char *content; /* NULL: the file is removed */
	int status;
	const char *err_file;
	unsigned line, column;
	const char *field;
} error_case;

static const error_case error_cases[] = {
	{"actors.csv", NULL, SOCIALCAP_ENOTFOUND, "actors.csv", 0, 0, ""},
	{"actors.csv", "", SOCIALCAP_EFORMAT, "actors.csv", 1, 1, ""},
	{"actors.csv", "id,kind,sector,neighbourhood,colour\n", SOCIALCAP_EFORMAT,
	 "actors.csv", 1, 30, "colour"},
	{"actors.csv", "id,kind,sector\na1,resident,res\n", SOCIALCAP_EFORMAT,
	 "actors.csv", 1, 1, "neighbourhood"},
	{"actors.csv", "id,kind,id,sector,neighbourhood\n", SOCIALCAP_EFORMAT,
	 "actors.csv", 1, 9, "id"},
	{"actors.csv", "id,kind,sector,neighbourhood\na1,resident,res\n",
	 SOCIALCAP_EFORMAT, "actors.csv", 2, 13, ""},
	{"actors.csv", "id,kind,sector,neighbourhood\na1,resident,res,N1,x\n",
	 SOCIALCAP_EFORMAT, "actors.csv", 2, 20, ""},
	{"actors.csv", "id,kind,sector,neighbourhood\na1,person,res,N1\n",
	 SOCIALCAP_EINVAL, "actors.csv", 2, 4, "kind"},
	{"actors.csv", "id,kind,sector,neighbourhood,status\na1,resident,res,N1,1.5\n",
	 SOCIALCAP_EINVAL, "actors.csv", 2, 20, "status"},
	{"actors.csv", "id,kind,sector,neighbourhood,status\na1,resident,res,N1, 0.5\n",
	 SOCIALCAP_EPARSE, "actors.csv", 2, 20, "status"},
	{"actors.csv", "id,kind,sector,neighbourhood\na1,resident,res,N1\n\na1,resident,res,N1\n",
	 SOCIALCAP_EEXISTS, "actors.csv", 4, 1, "id"},
	{"actors.csv", "id,kind,sector,neighbourhood\n,resident,res,N1\n",
	 SOCIALCAP_EINVAL, "actors.csv", 2, 1, "id"},
	{"actors.csv", "id,kind,sector,neighbourhood,groups\na1,resident,res,N1,g1;;g2\n",
	 SOCIALCAP_EINVAL, "actors.csv", 2, 20, "groups"},
	{"actors.csv", "id,kind,sector,neighbourhood\na1,\"resident,res,N1\n",
	 SOCIALCAP_EPARSE, "actors.csv", 2, 4, ""},
	{"actors.csv", "id,kind,sector,neighbourhood\na1,resi\"dent,res,N1\n",
	 SOCIALCAP_EPARSE, "actors.csv", 2, 8, ""},
	{"actors.csv", "id,kind,sector,neighbourhood\na1,\"resident\"x,res,N1\n",
	 SOCIALCAP_EPARSE, "actors.csv", 2, 14, ""},
	{"actors.csv", "id,kind,sector,neighbourhood\na1,resident,res,N1\rx\n",
	 SOCIALCAP_EPARSE, "actors.csv", 2, 19, ""},
	{"actors.csv", "id,kind,sector,neighbourhood\n\"a\"\"1\n\",resident,res,N1\n",
	 SOCIALCAP_EINVAL, "actors.csv", 2, 1, "id"},
	{"sectors.csv", "sector,tier,prestige\nres,-1,\n", SOCIALCAP_EINVAL,
	 "sectors.csv", 2, 5, "tier"},
	{"sectors.csv", "sector,tier,prestige\nres,one,\n", SOCIALCAP_EPARSE,
	 "sectors.csv", 2, 5, "tier"},
	{"sectors.csv", "sector,tier,prestige\nres,99999999999,\n", SOCIALCAP_ERANGE,
	 "sectors.csv", 2, 5, "tier"},
	{"sectors.csv", "sector,tier,prestige\nres,0,nan\n", SOCIALCAP_EPARSE,
	 "sectors.csv", 2, 7, "prestige"},
	{"sectors.csv", "sector,tier,prestige\nres,0,1e999\n", SOCIALCAP_EPARSE,
	 "sectors.csv", 2, 7, "prestige"},
	{"sectors.csv", "tier,sector\n0,res\n1,res\n", SOCIALCAP_EEXISTS,
	 "sectors.csv", 3, 3, "sector"},
	{"ties.csv", "a,b,layer,weight\na1,zz,family,1\n", SOCIALCAP_ENOTFOUND,
	 "ties.csv", 2, 4, "b"},
	{"ties.csv", "a,b,layer,weight\na1,a1,family,1\n", SOCIALCAP_EINVAL,
	 "ties.csv", 2, 4, "b"},
	{"ties.csv", "a,b,layer,weight\na1,a2,family,0\n", SOCIALCAP_EINVAL,
	 "ties.csv", 2, 14, "weight"},
	{"ties.csv", "a,b,layer,weight\na1,a2,family,\n", SOCIALCAP_EINVAL,
	 "ties.csv", 2, 14, "weight"},
	{"ties.csv", "a,b,layer,weight\na1,a2,,1\n", SOCIALCAP_EINVAL, "ties.csv",
	 2, 7, "layer"},
	{"ties.csv", "a,b,layer\na1,a2,family\n", SOCIALCAP_EFORMAT, "ties.csv", 1,
	 1, "weight"},
	{"ties.csv", "a,b,layer,weight,since\na1,a2,family,1,2021-02-30\n",
	 SOCIALCAP_EPARSE, "ties.csv", 2, 16, "since"},
	{"ties.csv", "a,b,layer,weight\na1,a2,x,1e308\na2,a1,x,1e308\n",
	 SOCIALCAP_ERANGE, "ties.csv", 3, 9, "weight"},
	{"contacts.csv", "time,a,b,channel\n,a1,a2,physical\n", SOCIALCAP_EINVAL,
	 "contacts.csv", 2, 1, "time"},
	{"contacts.csv", "time,a,b,channel\n2022-01-01,a1,a2,post\n",
	 SOCIALCAP_EINVAL, "contacts.csv", 2, 18, "channel"},
	{"contacts.csv", "time,a,b,channel,cost\n2022-01-01,a1,a2,digital,-1\n",
	 SOCIALCAP_EINVAL, "contacts.csv", 2, 26, "cost"},
	{"contacts.csv", "time,a,b,channel\n2022-01-01,a1,x9,digital\n",
	 SOCIALCAP_ENOTFOUND, "contacts.csv", 2, 15, "b"},
	{"events.csv", "id,time,neighbourhood,kind,channel\ne1,2022-01-01,N1,party,physical\ne1,2022-01-02,N1,party,physical\n",
	 SOCIALCAP_EEXISTS, "events.csv", 3, 1, "id"},
	{"events.csv", "id,time,neighbourhood,kind,channel\ne1,yesterday,N1,party,physical\n",
	 SOCIALCAP_EPARSE, "events.csv", 2, 4, "time"},
	{"attendance.csv", "event,actor,role\ne2,a1,organiser\n",
	 SOCIALCAP_ENOTFOUND, "attendance.csv", 2, 1, "event"},
	{"attendance.csv", "event,actor,role\ne1,a1,organiser\ne1,a1,participant\n",
	 SOCIALCAP_EINVAL, "attendance.csv", 3, 4, "actor"},
	{"attendance.csv", "event,actor,role\ne1,a1,host\n", SOCIALCAP_EINVAL,
	 "attendance.csv", 2, 7, "role"},
	{"attendance.csv", "event,actor,role\n", SOCIALCAP_EINVAL, "events.csv", 2,
	 1, "id"},
	{"attendance.csv", NULL, SOCIALCAP_EINVAL, "events.csv", 2, 1, "id"},
};

static void check_error_case(const error_case *c, size_t index)
{
	char *dir = make_base();
	socialcap_network *net = new_net();
	socialcap_error err;
	char want_file[512], msg[1400];
	int rc;

	if (c->content == NULL)
		test_remove_file(dir, c->file);
	else
		test_write_file(dir, c->file, c->content, (size_t)-1);
	rc = socialcap_dataset_import(net, dir, NULL, &err);
	snprintf(want_file, sizeof(want_file), "%s/%s", dir, c->err_file);
	snprintf(msg, sizeof(msg), "case %zu: got %s %s:%llu:%llu [%s]: %s", index,
		 socialcap_error_name(rc), err.file, (unsigned long long)err.line,
		 (unsigned long long)err.column, err.field, err.message);
	if (rc != c->status || err.status != rc ||
	    strcmp(err.file, want_file) != 0 || err.line != c->line ||
	    err.column != c->column || strcmp(err.field, c->field) != 0 ||
	    err.message[0] == '\0')
		fail_msg("%s", msg);
	/* The network's own message is "file:line:column: message". */
	if (c->line > 0) {
		snprintf(msg, sizeof(msg), "%s:%u:%u: %s", want_file, c->line,
			 c->column, err.message);
		assert_string_equal(socialcap_network_errmsg(net), msg);
	}
	assert_int_equal(socialcap_network_actor_count(net), 0);
	assert_int_equal(socialcap_network_sector_count(net), 0);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

static void test_error_positions(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(error_cases) / sizeof(*error_cases); i++)
		check_error_case(&error_cases[i], i);
}

/* Messages are one line of valid UTF-8 whatever the input holds. */
static void test_messages_are_one_line(void **state)
{
	char *dir = make_base();
	socialcap_network *net = new_net();
	socialcap_error err;

	(void)state;
	test_write_file(dir, "actors.csv",
			"id,kind,sector,neighbourhood\na1,\"res\nident\",s,n\n", (size_t)-1);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), SOCIALCAP_EINVAL);
	/* A cell is never quoted (personal data); the message stays one line. */
	assert_string_equal(err.message,
			    "kind: must be resident, professional or organisation");
	test_write_file(dir, "actors.csv",
			"id,kind,sector,neighbourhood\na1,\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
			"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9,s,n\n",
			(size_t)-1);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), SOCIALCAP_EINVAL);
	assert_string_equal(err.message,
			    "kind: must be resident, professional or organisation");
	/* Header names, the format's own words, are quoted safely. */
	test_write_file(dir, "actors.csv", "id,kind,sector,neighbourhood,\xff\x01\n", (size_t)-1);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), SOCIALCAP_EFORMAT);
	assert_string_equal(err.message, "column \"??\" is unknown (not part of the format)");
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

static void test_echo(void **state)
{
	char out[8];

	(void)state;
	socialcap__ds_echo(out, sizeof(out), "a\xe2\x82\xac");     /* fits */
	assert_string_equal(out, "a\xe2\x82\xac");
	socialcap__ds_echo(out, sizeof(out), "a\xe2\x82\xac" "bc"); /* cut after it */
	assert_string_equal(out, "a\xe2\x82\xac...");
	socialcap__ds_echo(out, sizeof(out), "ab\xe2\x82\xac");    /* cut inside it */
	assert_string_equal(out, "ab...");
	socialcap__ds_echo(out, sizeof(out), "\t\xc3(");            /* invalid */
	assert_string_equal(out, "?" "?(");
	socialcap__ds_echo(out, sizeof(out), "");
	assert_string_equal(out, "");
}

static void test_base_is_valid(void **state)
{
	char *dir = make_base();
	socialcap_network *net = new_net();

	(void)state;
	import_ok(net, dir);
	assert_int_equal(socialcap_network_actor_count(net), 2);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

static void test_unknown_columns_option(void **state)
{
	char *dir = make_base();
	socialcap_network *net = new_net();
	socialcap_dataset_options opts = SOCIALCAP_DATASET_OPTIONS_INIT;
	socialcap_error err;

	(void)state;
	test_write_file(dir, "actors.csv",
			"note,id,kind,sector,neighbourhood,\nhi,a1,resident,res,N1,\n"
			"\"x,y\",a2,resident,res,N2,z\n", (size_t)-1);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err),
			 SOCIALCAP_EFORMAT);
	assert_int_equal(err.column, 1);
	assert_int_equal(socialcap_dataset_options_init(&opts, 99), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_dataset_import(net, "", NULL, &err), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_dataset_import(net, NULL, NULL, &err), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_dataset_import(NULL, dir, NULL, &err), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_dataset_validate(NULL, "", NULL, NULL, NULL, NULL),
			 SOCIALCAP_EINVAL);
	opts.version = 7;
	assert_int_equal(socialcap_dataset_import(net, dir, &opts, &err), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_dataset_export(net, dir, &opts, &err), SOCIALCAP_EVERSION);
	assert_int_equal(socialcap_dataset_options_init(&opts,
							SOCIALCAP_DATASET_OPTIONS_VERSION), 0);
	opts.allow_unknown_columns = 1;
	assert_int_equal(socialcap_dataset_import(net, dir, &opts, &err), 0);
	assert_int_equal(socialcap_network_actor_count(net), 2);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

static void test_limits(void **state)
{
	char *dir = make_base();
	socialcap_network *net = new_net();
	socialcap_dataset_options opts = SOCIALCAP_DATASET_OPTIONS_INIT;
	socialcap_network_options nopts = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *small;
	socialcap_error err;

	(void)state;
	opts.max_field_bytes = 7;
	assert_int_equal(socialcap_dataset_import(net, dir, &opts, &err),
			 SOCIALCAP_ELIMIT);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 13); /* "sector,tier,prestige": "prestige" */
	opts = (socialcap_dataset_options)SOCIALCAP_DATASET_OPTIONS_INIT;
	opts.max_record_bytes = 20;
	assert_int_equal(socialcap_dataset_import(net, dir, &opts, &err),
			 SOCIALCAP_ELIMIT);
	assert_string_equal(strrchr(err.file, '/'), "/sectors.csv");
	opts = (socialcap_dataset_options)SOCIALCAP_DATASET_OPTIONS_INIT;
	opts.max_file_bytes = 30;
	assert_int_equal(socialcap_dataset_import(net, dir, &opts, &err),
			 SOCIALCAP_ELIMIT);
	assert_string_equal(strrchr(err.file, '/'), "/actors.csv");
	nopts.max_actors = 1;
	assert_int_equal(socialcap_network_new(&small, &nopts), 0);
	assert_int_equal(socialcap_dataset_import(small, dir, NULL, &err),
			 SOCIALCAP_ELIMIT);
	assert_int_equal(err.line, 3);
	assert_int_equal(socialcap_network_actor_count(small), 0);
	socialcap_network_free(small);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

static void test_network_limits(void **state)
{
	char *dir = make_base();
	socialcap_network_options o = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_network *net;
	socialcap_error err;
	char path[4096];

	(void)state;
	test_write_file(dir, "ties.csv",
			"a,b,layer,weight\na1,a2,family,1\na2,a1,family,1\na1,a2,work,1\n",
			(size_t)-1);
	o.max_ties = 1;
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), SOCIALCAP_ELIMIT);
	assert_int_equal(err.line, 4); /* the second distinct tie */
	assert_int_equal(socialcap_network_tie_count(net), 0);
	socialcap_network_free(net);
	o.max_ties = 2;
	o.max_records = 2; /* one contact, one event and one attendee = 3 */
	assert_int_equal(socialcap_network_new(&net, &o), 0);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), SOCIALCAP_ELIMIT);
	assert_string_equal(strrchr(err.file, '/'), "/attendance.csv");
	assert_int_equal(err.line, 2);
	assert_int_equal(socialcap_network_contact_count(net), 0);
	socialcap_network_free(net);
	/* A file that is a directory. */
	test_remove_file(dir, "contacts.csv");
	snprintf(path, sizeof(path), "%s/contacts.csv", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	net = new_net();
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), SOCIALCAP_EIO);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, 0);
	rmdir(path);
	/* A FIFO is refused at once rather than waited on. */
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err), SOCIALCAP_EIO);
	assert_string_equal(err.file, path);
	unlink(path);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

static void test_nul_byte(void **state)
{
	static const char data[] = "id,kind,sector,neighbourhood\na1,res\0ident,res,N1\n";
	char *dir = make_base();
	socialcap_network *net = new_net();
	socialcap_error err;

	(void)state;
	test_write_file(dir, "actors.csv", data, sizeof(data) - 1);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err),
			 SOCIALCAP_EPARSE);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 7);
	assert_int_equal(err.offset, 35);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

/* ------------------------------------------------------- all or nothing */

static socialcap_network *populated(void)
{
	socialcap_network *net = new_net();
	char *dir = test_data_path("ds_basic");

	import_ok(net, dir);
	free(dir);
	return net;
}

/* A second dataset that refers to actors already in the network. */
static char *make_addition(void)
{
	char *dir = test_mkdtemp();

	test_write_file(dir, "sectors.csv", "sector,tier,prestige\npolice,3,0.9\nnew,1,\n",
			(size_t)-1);
	test_write_file(dir, "actors.csv",
			"id,kind,sector,neighbourhood,groups\n"
			"n1,resident,residents,N9,choir;new group\n"
			"n2,professional,new,N1,\n", (size_t)-1);
	test_write_file(dir, "ties.csv",
			"a,b,layer,weight\nr1,n1,family,2\nr1,r2,neighbours,1\n", (size_t)-1);
	test_write_file(dir, "contacts.csv", "time,a,b,channel\n2023-01-01,n2,r3,digital\n",
			(size_t)-1);
	test_write_file(dir, "events.csv",
			"id,time,neighbourhood,kind,channel\ne3,2023-02-02,N9,clean-up,physical\n",
			(size_t)-1);
	test_write_file(dir, "attendance.csv",
			"event,actor,role\ne3,n1,organiser\ne3,r1,participant\n", (size_t)-1);
	return dir;
}

static void test_import_into_populated(void **state)
{
	socialcap_network *net = populated();
	char *dir = make_addition();
	uint32_t s, r1, r2;
	uint64_t tie;
	socialcap_tie t;

	(void)state;
	import_ok(net, dir);
	assert_int_equal(socialcap_network_actor_count(net), 7);
	assert_int_equal(socialcap_network_event_count(net), 3);
	assert_int_equal(socialcap_network_find_sector(net, &s, "police"), 0);
	assert_int_equal(socialcap_network_sector_tier(net, s), 3);
	assert_int_equal(socialcap_network_find_actor(net, &r1, "r1"), 0);
	assert_int_equal(socialcap_network_find_actor(net, &r2, "r2"), 0);
	assert_int_equal(socialcap_network_find_tie(net, &tie, r1, r2,
						    SOCIALCAP_LAYER_NEIGHBOURS), 0);
	socialcap_network_tie(net, tie, &t);
	assert_true(t.weight == 2.5);
	assert_int_equal(socialcap_network_tie_count(net), 4);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

/* A problem in the last row of the last file leaves every value as it was
 * (including the sector update and the tie weight added earlier). */
static void test_all_or_nothing(void **state)
{
	socialcap_network *net = populated();
	char *dir = make_addition();
	char *before, *after;
	socialcap_error err;

	(void)state;
	test_write_file(dir, "attendance.csv",
			"event,actor,role\ne3,n1,organiser\ne3,r1,guest\n", (size_t)-1);
	before = test_dump_network(net);
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err),
			 SOCIALCAP_EINVAL);
	assert_int_equal(err.line, 3);
	after = test_dump_network(net);
	assert_string_equal(before, after);
	/* The same dataset again: an actor id that exists already. */
	free(after);
	test_rmdir_free(dir);
	dir = test_data_path("ds_basic");
	assert_int_equal(socialcap_dataset_import(net, dir, NULL, &err),
			 SOCIALCAP_EEXISTS);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 1);
	assert_int_equal(err.offset, 47); /* after the BOM and the CRLF header */
	after = test_dump_network(net);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(dir);
	socialcap_network_free(net);
}

/* Fail the k-th allocation for k = 1, 2, ...: each run either succeeds or
 * reports ENOMEM with the network unchanged, and nothing leaks. */
static void test_alloc_failure_sweep(void **state)
{
	char *base = test_data_path("ds_basic");
	char *dir = make_addition();
	size_t k, failures = 0;

	(void)state;
	for (k = 1;; k++) {
		socialcap_network *net;
		socialcap_error err;
		char *before, *after;
		test_alloc ta;
		int rc;

		net = test_alloc_network(&ta);
		import_ok(net, base);
		before = test_dump_network(net);
		ta.fail_at = ta.calls + k;
		rc = socialcap_dataset_import(net, dir, NULL, &err);
		after = test_dump_network(net);
		if (rc == 0) {
			assert_int_equal(socialcap_network_actor_count(net), 7);
		} else {
			assert_int_equal(rc, SOCIALCAP_ENOMEM);
			assert_int_equal(err.status, SOCIALCAP_ENOMEM);
			assert_string_equal(before, after);
			failures++;
		}
		socialcap_network_free(net);
		assert_int_equal(ta.live, 0);
		free(before);
		free(after);
		if (rc == 0)
			break;
	}
	assert_true(failures > 10);
	test_rmdir_free(dir);
	free(base);
}

/* ------------------------------------------------------------ validate */

/* Validation against a network uses its allocator for temporaries: fail
 * each allocation in turn; every run ends in ENOMEM or the full result. */
static void test_validate_alloc_failure_sweep(void **state)
{
	char *dir = make_addition();
	size_t k, failures = 0;

	(void)state;
	test_write_file(dir, "ties.csv", "a,b,layer,weight\nr1,zz,family,2\n", (size_t)-1);
	for (k = 1;; k++) {
		socialcap_network *net;
		size_t problems;
		test_alloc ta;
		long live;
		int rc;

		net = test_alloc_network(&ta);
		live = ta.live;
		ta.fail_at = ta.calls + k;
		rc = socialcap_dataset_validate(net, dir, NULL, NULL, NULL, &problems);
		assert_int_equal(ta.live, live);
		socialcap_network_free(net);
		assert_int_equal(ta.live, 0);
		if (rc == SOCIALCAP_ENOMEM) {
			failures++;
			continue;
		}
		/* zz is unknown; and r1, r3 are, as the network is empty. */
		assert_int_equal(rc, SOCIALCAP_EFORMAT);
		assert_int_equal(problems, 3);
		break;
	}
	assert_true(failures > 5);
	test_rmdir_free(dir);
}

typedef struct collected {
	socialcap_error e[16];
	size_t n;
	size_t stop_after;
} collected;

static int collect(const socialcap_error *problem, void *user)
{
	collected *c = user;

	if (c->n < 16)
		c->e[c->n] = *problem;
	c->n++;
	return c->stop_after > 0 && c->n >= c->stop_after;
}

static void test_validate_collects(void **state)
{
	char *dir = make_base();
	collected c;
	size_t problems;
	socialcap_dataset_options opts = SOCIALCAP_DATASET_OPTIONS_INIT;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(socialcap_dataset_validate(NULL, dir, NULL, collect, &c,
						    &problems), 0);
	assert_int_equal(problems, 0);
	test_write_file(dir, "actors.csv",
			"id,kind,sector,neighbourhood,status\n"
			"a1,person,res,N1,\n"
			"a2,resident,res,N1,2\n"
			"a3,resident,res,N1,\"0.5\n", (size_t)-1);
	test_write_file(dir, "ties.csv", "a,b,layer,weight\na1,a2,x,1\na1,zz,x,1\n",
			(size_t)-1);
	test_write_file(dir, "attendance.csv", "event,actor,role\ne1,a1,boss\n",
			(size_t)-1);
	assert_int_equal(socialcap_dataset_validate(NULL, dir, NULL, collect, &c,
						    &problems), SOCIALCAP_EFORMAT);
	/* kind, status, unterminated quote (ends actors.csv), unknown zz,
	 * bad role, then e1 has no valid attendee. */
	assert_int_equal(problems, 6);
	assert_int_equal(c.n, 6);
	assert_int_equal(c.e[0].line, 2);
	assert_string_equal(c.e[0].field, "kind");
	assert_int_equal(c.e[1].line, 3);
	assert_int_equal(c.e[1].column, 20);
	assert_int_equal(c.e[2].status, SOCIALCAP_EPARSE);
	assert_int_equal(c.e[2].line, 4);
	assert_int_equal(c.e[2].column, 20);
	assert_int_equal(c.e[3].line, 3);
	assert_string_equal(c.e[3].field, "b");
	assert_string_equal(c.e[4].field, "role");
	assert_string_equal(strrchr(c.e[5].file, '/'), "/events.csv");
	/* The callback stops it. */
	memset(&c, 0, sizeof(c));
	c.stop_after = 2;
	assert_int_equal(socialcap_dataset_validate(NULL, dir, NULL, collect, &c,
						    &problems), SOCIALCAP_ECANCELED);
	assert_int_equal(problems, 2);
	/* The problem limit stops it. */
	memset(&c, 0, sizeof(c));
	opts.max_problems = 3;
	assert_int_equal(socialcap_dataset_validate(NULL, dir, &opts, collect, &c,
						    &problems), SOCIALCAP_EFORMAT);
	assert_int_equal(problems, 3);
	test_rmdir_free(dir);
}

static void test_validate_against_network(void **state)
{
	socialcap_network *net = populated();
	char *dir = make_addition();
	char *before = test_dump_network(net), *after;
	size_t problems;

	(void)state;
	assert_int_equal(socialcap_dataset_validate(net, dir, NULL, NULL, NULL,
						    &problems), 0);
	/* Against an empty network, r1 and r3 are unknown: two ties, the
	 * contact and one attendance row. */
	assert_int_equal(socialcap_dataset_validate(NULL, dir, NULL, NULL, NULL,
						    &problems), SOCIALCAP_EFORMAT);
	assert_int_equal(problems, 4);
	after = test_dump_network(net);
	assert_string_equal(before, after);
	free(before);
	free(after);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

/* -------------------------------------------------------------- export */

static void test_export_errors(void **state)
{
	socialcap_network *net = new_net();
	char *dir = test_mkdtemp();
	const char *groups[] = {"a;b"};
	socialcap_error err;
	char path[4096];

	(void)state;
	assert_int_equal(socialcap_dataset_export(NULL, dir, NULL, &err), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_network_add_actor(net, NULL, "x", SOCIALCAP_RESIDENT,
						     "s", "n", NAN, groups, 1), 0);
	assert_int_equal(socialcap_dataset_export(net, dir, NULL, &err), SOCIALCAP_EINVAL);
	assert_string_equal(strrchr(err.file, '/'), "/actors.csv");
	/* A directory that cannot be created. */
	snprintf(path, sizeof(path), "%s/no/such/dir", dir);
	assert_int_equal(socialcap_dataset_export(net, path, NULL, &err), SOCIALCAP_EIO);
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

static void test_export_creates_directory(void **state)
{
	socialcap_network *net = populated();
	char *dir = test_mkdtemp();
	char sub[4096];
	struct stat st;

	(void)state;
	snprintf(sub, sizeof(sub), "%s/out", dir);
	assert_int_equal(socialcap_dataset_export(net, sub, NULL, NULL), 0);
	assert_int_equal(stat(sub, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_mode_0600(sub);
	test_rmdir_free(strdup(sub));
	socialcap_network_free(net);
	test_rmdir_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_basic_values),
		cmocka_unit_test(test_export_golden_and_round_trip),
		cmocka_unit_test(test_round_trip_numbers),
		cmocka_unit_test(test_base_is_valid),
		cmocka_unit_test(test_error_positions),
		cmocka_unit_test(test_messages_are_one_line),
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_unknown_columns_option),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_network_limits),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_import_into_populated),
		cmocka_unit_test(test_all_or_nothing),
		cmocka_unit_test(test_alloc_failure_sweep),
		cmocka_unit_test(test_validate_collects),
		cmocka_unit_test(test_validate_alloc_failure_sweep),
		cmocka_unit_test(test_validate_against_network),
		cmocka_unit_test(test_export_errors),
		cmocka_unit_test(test_export_creates_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
