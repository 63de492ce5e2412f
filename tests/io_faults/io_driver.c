/*
 * Driver of the I/O-fault test (tests/io_faults.sh): performs one durable
 * operation on files in DIR, so that strace can make each of its system
 * calls fail in turn, then checks what is left on disk.
 *
 *   io_driver OP DIR prepare   write the starting files into DIR and the
 *                              expected outcomes into DIR.expect
 *   io_driver OP DIR setup     do everything before the operation, stop
 *   io_driver OP DIR op        setup, then the operation, stop
 *   io_driver OP DIR check     setup, operation, then verify
 *
 * OP is one of
 *   save        socialcap_state_save() over an existing state file
 *   append      socialcap_journal_record_contact() + socialcap_journal_sync()
 *   checkpoint  socialcap_journal_checkpoint()
 *   create      socialcap_journal_create() of a new store; after a failure
 *               nothing may be left and creating it again must succeed
 *   export      socialcap_dataset_export() over an earlier export (six
 *               files, each replaced on its own)
 *
 * `setup` and `op` make the same system calls as the first part of `check`,
 * so the script can count the operation's own calls and fail only those.
 * `check` prints "rc=N outcome=old|new|late leftovers=K" and exits 0 when
 * the outcome is acceptable: the call returned 0 or SOCIALCAP_EIO; on
 * failure the previous contents are intact ("late" = a save failed after
 * its rename, in the directory flush, with the new file complete); on
 * success the new contents are there; and no temporary file is left.
 * An export that fails has replaced the files before the failing one and
 * left the failing one and those after it as they were ("partial", or
 * "old" when it failed in the first file).
 *
 * The state file and the export are large enough (several thousand
 * actors) to take more than one write(2), so that a full disk is also
 * met in the middle of a file, not only at its start.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socialcap.h"
#include "test_files.h"

#define DAY SOCIALCAP_DAY
#define CREATED 1700000000
/* Actors of the saved and exported networks: enough for several 64 KiB
 * writes per file. */
#define SAVE_ACTORS 6000
#define EXPORT_ACTORS 3000

static int die(const char *what, int rc, const socialcap_error *err)
{
	fprintf(stderr, "io_driver: %s: %s %s\n", what, socialcap_strerror(rc),
		err != NULL ? err->message : "");
	exit(2);
}

static void fill(socialcap_network *net, uint32_t n)
{
	char id[32];
	uint32_t i;
	int rc;

	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "r%u", (unsigned)i);
		if ((rc = socialcap_network_add_actor(net, NULL, id, SOCIALCAP_RESIDENT,
						      i % 3 ? "res" : "shop", "N1", 0.5,
						      NULL, 0)) != 0)
			die("actor", rc, NULL);
		if (i > 0 && (rc = socialcap_network_add_tie(net, NULL, i - 1, i,
							     "family", 1, 0)) != 0)
			die("tie", rc, NULL);
	}
}

static socialcap_contact contact(int k)
{
	socialcap_contact c;

	memset(&c, 0, sizeof(c));
	c.a = (uint32_t)k % 5;
	c.b = (uint32_t)k % 5 + 1;
	c.time = (int64_t)(k + 1) * DAY;
	c.weight = 1 + k;
	return c;
}

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p == NULL)
		exit(2);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void write_text(const char *dir, const char *name, const char *text)
{
	test_write_file(dir, name, text, (size_t)-1);
}

/* Entries of @p dir other than the names given. */
static int leftovers(const char *dir, const char *a, const char *b)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 99;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, a) == 0 || (b != NULL && strcmp(e->d_name, b) == 0))
			continue;
		fprintf(stderr, "left behind: %s\n", e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

static int same_file(const char *dir, const char *name, const char *edir,
		     const char *ename)
{
	size_t la, lb;
	char *a = test_read_file(dir, name, &la), *b = test_read_file(edir, ename, &lb);
	int same = a != NULL && b != NULL && la == lb && memcmp(a, b, la) == 0;

	free(a);
	free(b);
	return same;
}

/* ---------------------------------------------------------------- save */

static int do_save(const char *dir, const char *expect, const char *mode)
{
	socialcap_state_options so;
	socialcap_network *net = NULL;
	socialcap_error err;
	char *path = path_in(dir, "s.scap");
	int rc, ok;
	const char *outcome;

	socialcap_state_options_init(&so, SOCIALCAP_STATE_OPTIONS_VERSION);
	so.created = CREATED;
	if (strcmp(mode, "prepare") == 0) {
		char *epath = path_in(expect, "new.scap");

		if ((rc = socialcap_network_new(&net, NULL)) != 0)
			die("new", rc, NULL);
		fill(net, SAVE_ACTORS);
		if ((rc = socialcap_state_save(net, path, &so, &err)) != 0)
			die("save", rc, &err);
		fill(net, 0);
		rc = socialcap_network_add_actor(net, NULL, "extra", SOCIALCAP_RESIDENT,
						 "res", "N2", 0.1, NULL, 0);
		if (rc == 0)
			rc = socialcap_state_save(net, epath, &so, &err);
		if (rc != 0)
			die("save expected", rc, &err);
		free(epath);
		socialcap_network_free(net);
		free(path);
		return 0;
	}
	if ((rc = socialcap_state_load(&net, path, NULL, &err)) != 0)
		die("load", rc, &err);
	if ((rc = socialcap_network_add_actor(net, NULL, "extra", SOCIALCAP_RESIDENT,
					      "res", "N2", 0.1, NULL, 0)) != 0)
		die("actor", rc, NULL);
	if (strcmp(mode, "setup") == 0)
		return 0;
	rc = socialcap_state_save(net, path, &so, &err);
	if (strcmp(mode, "op") == 0)
		return 0;
	if (same_file(dir, "s.scap", expect, "old.scap"))
		outcome = "old";
	else if (same_file(dir, "s.scap", expect, "new.scap"))
		outcome = rc == 0 ? "new" : "late";
	else
		outcome = "other";
	ok = leftovers(dir, "s.scap", NULL);
	printf("rc=%d outcome=%s leftovers=%d\n", rc, outcome, ok);
	if (ok != 0 || (rc != 0 && rc != SOCIALCAP_EIO) || strcmp(outcome, "other") == 0 ||
	    (rc == 0 && strcmp(outcome, "new") != 0))
		return 1;
	if (rc != 0 && err.message[0] == '\0')
		return 1; /* a failure must say what failed */
	socialcap_network_free(net);
	free(path);
	return 0;
}

/* ------------------------------------------------------------- journal */

static char *dump_store(const char *path, int *rc_out)
{
	socialcap_journal *j = NULL;
	socialcap_journal_report rep;
	socialcap_error err;
	char *text;

	*rc_out = socialcap_journal_open(&j, path, NULL, &rep, &err);
	if (*rc_out != 0) {
		fprintf(stderr, "reopen: %s\n", err.message);
		return NULL;
	}
	text = test_dump_network(socialcap_journal_network(j));
	socialcap_journal_free(j);
	return text;
}

/* A store at @p path with 12 actors and six contacts in its journal (plus
 * the contact the append test adds, when @p extra); returns its dump. */
static char *make_store(const char *path, int extra)
{
	socialcap_network *net = NULL;
	socialcap_journal *j = NULL;
	socialcap_error err;
	socialcap_contact c;
	char *text;
	int rc, k;

	if ((rc = socialcap_network_new(&net, NULL)) != 0)
		die("new", rc, NULL);
	fill(net, 12);
	if ((rc = socialcap_journal_create(&j, path, net, NULL, &err)) != 0)
		die("create", rc, &err);
	for (k = 0; k < 6 + extra; k++) {
		c = contact(k < 6 ? k : 99);
		if ((rc = socialcap_journal_record_contact(j, NULL, &c)) != 0)
			die("record", rc, NULL);
	}
	if ((rc = socialcap_journal_sync(j)) != 0)
		die("sync", rc, NULL);
	text = test_dump_network(socialcap_journal_network(j));
	socialcap_journal_free(j);
	return text;
}

static int do_journal(const char *op, const char *dir, const char *expect,
		      const char *mode)
{
	socialcap_journal *j = NULL;
	socialcap_journal_report rep;
	socialcap_error err;
	char *path = path_in(dir, "j.scap");
	char jname[64];
	socialcap_contact c;
	int rc, left;
	const char *outcome;
	char *now, *before, *after;

	snprintf(jname, sizeof(jname), "j.scap%s", SOCIALCAP_JOURNAL_SUFFIX);
	if (strcmp(mode, "prepare") == 0) {
		char *other = path_in(expect, "after.scap");

		now = make_store(path, 0);
		write_text(expect, "before.txt", now);
		free(now);
		/* The same store with the appended contact, elsewhere. */
		now = make_store(other, 1);
		write_text(expect, "after.txt", now);
		free(now);
		free(other);
		free(path);
		return 0;
	}
	if ((rc = socialcap_journal_open(&j, path, NULL, &rep, &err)) != 0)
		die("open", rc, &err);
	if (strcmp(mode, "setup") == 0)
		return 0;
	if (strcmp(op, "append") == 0) {
		c = contact(99);
		rc = socialcap_journal_record_contact(j, NULL, &c);
		if (rc == 0)
			rc = socialcap_journal_sync(j);
		err.message[0] = '\0';
	} else {
		rc = socialcap_journal_checkpoint(j, &err);
	}
	if (strcmp(mode, "op") == 0)
		return 0;
	socialcap_journal_free(j);
	before = test_read_file(expect, "before.txt", NULL);
	after = test_read_file(expect, "after.txt", NULL);
	{
		int rrc;

		now = dump_store(path, &rrc);
	}
	if (now == NULL)
		outcome = "unreadable";
	else if (strcmp(now, before) == 0)
		outcome = "old";
	else if (strcmp(now, after) == 0 && strcmp(op, "append") == 0)
		outcome = "new";
	else
		outcome = "other";
	left = leftovers(dir, "j.scap", jname);
	printf("rc=%d outcome=%s leftovers=%d\n", rc, outcome, left);
	if (left != 0 || (rc != 0 && rc != SOCIALCAP_EIO))
		return 1;
	if (strcmp(outcome, "old") != 0 && strcmp(outcome, "new") != 0)
		return 1;
	/* An append that reported success must be on disk. */
	if (strcmp(op, "append") == 0 && rc == 0 && strcmp(outcome, "new") != 0)
		return 1;
	free(now);
	free(before);
	free(after);
	free(path);
	return 0;
}

/* -------------------------------------------------------------- create */

/* socialcap_journal_create() of a new store from a network of 12 actors.
 * After a failure nothing of the store may be left in DIR, so that
 * creating it again (the retry, without a failure) succeeds. */
static int do_create(const char *dir, const char *expect, const char *mode)
{
	socialcap_network *net = NULL;
	socialcap_journal *j = NULL;
	socialcap_error err;
	char *path = path_in(dir, "j.scap");
	char *want, *now = NULL;
	int rc, retry, left, ok;

	if ((rc = socialcap_network_new(&net, NULL)) != 0)
		die("new", rc, NULL);
	fill(net, 12);
	if (strcmp(mode, "prepare") == 0) {
		now = test_dump_network(net);
		write_text(expect, "made.txt", now);
		free(now);
		socialcap_network_free(net);
		free(path);
		return 0;
	}
	if (strcmp(mode, "setup") == 0)
		return 0;
	rc = socialcap_journal_create(&j, path, net, NULL, &err);
	if (strcmp(mode, "op") == 0)
		return 0;
	if (rc == 0) {
		socialcap_journal_free(j); /* the network with it */
	} else {
		left = leftovers(dir, "", NULL); /* "": no name is spared */
		if (left != 0 || rc != SOCIALCAP_EIO || err.message[0] == '\0') {
			printf("rc=%d outcome=failed leftovers=%d\n", rc, left);
			return 1;
		}
		retry = socialcap_journal_create(&j, path, net, NULL, &err);
		if (retry != 0) {
			printf("rc=%d outcome=retry-failed retry=%d (%s)\n", rc, retry,
			       err.message);
			return 1;
		}
		socialcap_journal_free(j);
	}
	want = test_read_file(expect, "made.txt", NULL);
	{
		int rrc;

		now = dump_store(path, &rrc);
	}
	ok = now != NULL && want != NULL && strcmp(now, want) == 0;
	{
		char jname[64];

		snprintf(jname, sizeof(jname), "j.scap%s", SOCIALCAP_JOURNAL_SUFFIX);
		left = leftovers(dir, "j.scap", jname);
	}
	printf("rc=%d outcome=%s leftovers=%d\n", rc, ok ? (rc == 0 ? "new" : "old") : "other",
	       left);
	free(now);
	free(want);
	free(path);
	return ok && left == 0 ? 0 : 1;
}

/* -------------------------------------------------------------- export */

static const char *const ds_files[] = {"sectors.csv", "actors.csv", "ties.csv",
				       "contacts.csv", "events.csv", "attendance.csv"};
#define DS_COUNT (sizeof(ds_files) / sizeof(*ds_files))

/* The network exported first (@p newer 0) or over it (@p newer 1): the
 * second differs in every one of the six files. */
static socialcap_network *export_network(int newer)
{
	socialcap_network *net = NULL;
	socialcap_attendance att[2] = {{0, SOCIALCAP_ORGANISER}, {1, SOCIALCAP_PARTICIPANT}};
	socialcap_event ev;
	socialcap_contact c;
	int rc, k;

	if ((rc = socialcap_network_new(&net, NULL)) != 0)
		die("new", rc, NULL);
	if (newer && (rc = socialcap_network_set_sector(net, NULL, "police", 2, 0.5)) != 0)
		die("sector", rc, NULL);
	fill(net, EXPORT_ACTORS + (uint32_t)newer);
	for (k = 0; k < 6 + newer; k++) {
		c = contact(k);
		if ((rc = socialcap_network_record_contact(net, NULL, &c)) != 0)
			die("contact", rc, NULL);
	}
	memset(&ev, 0, sizeof(ev));
	ev.id = newer ? "e2" : "e1";
	ev.time = 10 * DAY;
	ev.neighbourhood = "N1";
	ev.kind = "party";
	if ((rc = socialcap_network_record_event(net, NULL, &ev, att, 2)) != 0)
		die("event", rc, NULL);
	return net;
}

static int do_export(const char *dir, const char *expect, const char *mode)
{
	socialcap_network *net;
	socialcap_error err;
	char *olddir = path_in(expect, "old"), *newdir = path_in(expect, "new");
	size_t k, fresh = 0, stale = 0;
	int rc, left, order = 1;
	const char *outcome;

	if (strcmp(mode, "prepare") == 0) {
		net = export_network(0);
		if ((rc = socialcap_dataset_export(net, dir, NULL, &err)) != 0 ||
		    (rc = socialcap_dataset_export(net, olddir, NULL, &err)) != 0)
			die("export", rc, &err);
		socialcap_network_free(net);
		net = export_network(1);
		if ((rc = socialcap_dataset_export(net, newdir, NULL, &err)) != 0)
			die("export", rc, &err);
		socialcap_network_free(net);
		free(olddir);
		free(newdir);
		return 0;
	}
	net = export_network(1);
	if (strcmp(mode, "setup") == 0)
		return 0;
	rc = socialcap_dataset_export(net, dir, NULL, &err);
	if (strcmp(mode, "op") == 0)
		return 0;
	socialcap_network_free(net);
	/* Each file old or new, the new ones a prefix in the order written. */
	for (k = 0; k < DS_COUNT; k++) {
		if (same_file(dir, ds_files[k], newdir, ds_files[k])) {
			fresh++;
			if (stale > 0)
				order = 0;
		} else if (same_file(dir, ds_files[k], olddir, ds_files[k])) {
			stale++;
		}
	}
	free(olddir);
	free(newdir);
	if (fresh + stale != DS_COUNT || !order)
		outcome = "other";
	else if (fresh == DS_COUNT)
		outcome = rc == 0 ? "new" : "late";
	else
		outcome = fresh == 0 ? "old" : "partial";
	left = 0;
	{
		DIR *d = opendir(dir);
		struct dirent *e;

		while (d != NULL && (e = readdir(d)) != NULL) {
			int known = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;

			for (k = 0; k < DS_COUNT; k++)
				known |= strcmp(e->d_name, ds_files[k]) == 0;
			if (!known) {
				fprintf(stderr, "left behind: %s\n", e->d_name);
				left++;
			}
		}
		if (d == NULL)
			left = 99;
		else
			closedir(d);
	}
	printf("rc=%d outcome=%s new=%zu leftovers=%d\n", rc, outcome, fresh, left);
	if (left != 0 || (rc != 0 && rc != SOCIALCAP_EIO) || strcmp(outcome, "other") == 0 ||
	    (rc == 0 && strcmp(outcome, "new") != 0))
		return 1;
	if (rc != 0 && err.message[0] == '\0')
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	char expect[4096];

	if (argc != 4) {
		fprintf(stderr, "usage: io_driver save|append|checkpoint|create|export DIR "
				"prepare|setup|op|check\n");
		return 2;
	}
	snprintf(expect, sizeof(expect), "%s.expect", argv[2]);
	if (strcmp(argv[1], "save") == 0) {
		if (strcmp(argv[3], "prepare") == 0) {
			int rc = do_save(argv[2], expect, "prepare");
			size_t len = 0;
			char *old = test_read_file(argv[2], "s.scap", &len);

			test_write_file(expect, "old.scap", old, len);
			free(old);
			return rc;
		}
		return do_save(argv[2], expect, argv[3]);
	}
	if (strcmp(argv[1], "export") == 0)
		return do_export(argv[2], expect, argv[3]);
	if (strcmp(argv[1], "create") == 0)
		return do_create(argv[2], expect, argv[3]);
	if (strcmp(argv[1], "append") == 0 || strcmp(argv[1], "checkpoint") == 0)
		return do_journal(argv[1], argv[2], expect, argv[3]);
	fprintf(stderr, "io_driver: unknown operation %s\n", argv[1]);
	return 2;
}
