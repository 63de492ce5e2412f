/*
 * Size and load cost of the state file and the journal.
 *
 *   state_bench [ACTORS] [DIR]
 *
 * Builds a synthetic network of ACTORS actors (default 1000000) in 50
 * neighbourhoods, then adds 5 ties per actor, 2 contacts per actor and one
 * event per 100 actors with 10 attendees, saving after each step to report
 * the bytes per actor and per record. Then loads the full file with a
 * counting allocator and reports the peak memory of the load against the
 * memory of the loaded network. Finally appends 100000 contacts to a
 * journal and reports bytes per journal record and replay time.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"
#include "socialcap.h"

static long long file_bytes(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static void check(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", what, socialcap_strerror(rc));
		exit(1);
	}
}

static long long save(const socialcap_network *net, const char *path)
{
	socialcap_state_options o = SOCIALCAP_STATE_OPTIONS_INIT;

	o.created = SOCIALCAP_TIME_NONE;
	check(socialcap_state_save(net, path, &o, NULL), "save");
	return file_bytes(path);
}

/* A small deterministic generator (xorshift64). */
static uint64_t rng = 88172645463325252u;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

int main(int argc, char **argv)
{
	static const char *const group_names[] = {"choir", "football", "church", "school board"};
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000000u;
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	socialcap_network *net = NULL, *back = NULL;
	counter cnt = {0, 0};
	socialcap_allocator al = {counter_malloc, counter_realloc, counter_free, &cnt};
	socialcap_network_options no = SOCIALCAP_NETWORK_OPTIONS_INIT;
	socialcap_state_options so = SOCIALCAP_STATE_OPTIONS_INIT;
	char path[512], id[32], nbh[16];
	long long b_actors, b_ties, b_contacts, b_events;
	uint64_t i, ties, contacts, att;
	uint32_t events;
	double t0, t_load, t_save;
	size_t peak, model;

	snprintf(path, sizeof(path), "%s/state_bench.scap", dir);
	check(socialcap_network_new(&net, NULL), "new");
	for (i = 0; i < n; i++) {
		const char *groups[2];
		size_t ng = (size_t)(next() % 3);

		groups[0] = group_names[next() % 4];
		groups[1] = group_names[next() % 4];
		snprintf(id, sizeof(id), "p%07llu", (unsigned long long)i);
		snprintf(nbh, sizeof(nbh), "BU%04u", (unsigned)(next() % 50));
		check(socialcap_network_add_actor(net, NULL, id,
						  (socialcap_actor_kind)(i % 10 == 0 ? 2 : 0),
						  i % 10 == 0 ? "shops" : "residents", nbh,
						  (double)(next() % 101) / 100.0, groups, ng),
		      "add_actor");
	}
	b_actors = save(net, path);
	for (i = 0; i < 5ull * n; i++) {
		uint32_t a = (uint32_t)(i / 5), b = (uint32_t)(next() % n);

		if (a == b)
			continue;
		check(socialcap_network_add_tie(net, NULL, a, b,
						i % 2 ? "neighbours" : "family", 1.0,
						SOCIALCAP_TIME_NONE), "add_tie");
	}
	ties = socialcap_network_tie_count(net);
	b_ties = save(net, path);
	for (i = 0; i < 2ull * n; i++) {
		socialcap_contact c;

		c.time = 1600000000 + (int64_t)(next() % 100000000);
		c.a = (uint32_t)(next() % n);
		c.b = (c.a + 1 + (uint32_t)(next() % (n - 1))) % n;
		c.channel = (int32_t)(next() % 2);
		c.weight = 1.0;
		c.cost = (double)(next() % 20);
		check(socialcap_network_record_contact(net, NULL, &c), "contact");
	}
	contacts = socialcap_network_contact_count(net);
	b_contacts = save(net, path);
	for (i = 0; i < n / 100; i++) {
		socialcap_attendance at[10];
		socialcap_event ev;
		int k;

		snprintf(id, sizeof(id), "ev%06llu", (unsigned long long)i);
		ev.id = id;
		ev.time = 1600000000 + (int64_t)i * 3600;
		ev.neighbourhood = "BU0001";
		ev.kind = i % 2 ? "clean-up" : "dialogue";
		ev.channel = SOCIALCAP_PHYSICAL;
		ev.cost = 250;
		for (k = 0; k < 10; k++) {
			at[k].actor = (uint32_t)((i * 10 + (uint64_t)k) % n);
			at[k].role = k == 0 ? SOCIALCAP_ORGANISER : SOCIALCAP_PARTICIPANT;
		}
		check(socialcap_network_record_event(net, NULL, &ev, at, 10), "event");
	}
	events = socialcap_network_event_count(net);
	att = socialcap_network_attendance_count(net);
	t0 = now_s();
	b_events = save(net, path);
	t_save = now_s() - t0;

	no.allocator = &al;
	so.network = &no;
	t0 = now_s();
	check(socialcap_state_load(&back, path, &so, NULL), "load");
	t_load = now_s() - t0;
	peak = cnt.peak;
	model = socialcap_network_memory(back);

	printf("actors %u, ties %llu, contacts %llu, events %u (attendance %llu)\n", n,
	       (unsigned long long)ties, (unsigned long long)contacts, events,
	       (unsigned long long)att);
	printf("state file: %lld bytes; save %.2f s, load %.2f s\n", b_events, t_save, t_load);
	printf("bytes per actor      %.2f\n", (double)b_actors / n);
	printf("bytes per tie        %.2f\n", (double)(b_ties - b_actors) / (double)ties);
	printf("bytes per contact    %.2f\n", (double)(b_contacts - b_ties) / (double)contacts);
	printf("bytes per event      %.2f (with 10 attendees)\n",
	       (double)(b_events - b_contacts) / events);
	printf("load: peak %zu bytes, loaded network %zu bytes, ratio %.3f\n", peak, model,
	       (double)peak / (double)model);
	socialcap_network_free(back);
	if (getenv("STATE_BENCH_KEEP") != NULL) {
		char keep[600];

		snprintf(keep, sizeof(keep), "%s.kept", path);
		rename(path, keep);
	}
	unlink(path);

	/* The journal: bytes per contact record and replay speed. */
	{
		socialcap_journal *j = NULL;
		socialcap_journal_report rep;
		long long before;
		const uint64_t m = 100000;
		char jpath[600];

		check(socialcap_journal_create(&j, path, net, NULL, NULL), "journal create");
		snprintf(jpath, sizeof(jpath), "%s-journal", path);
		before = file_bytes(jpath);
		for (i = 0; i < m; i++) {
			socialcap_contact c = {1700000000 + (int64_t)i, (uint32_t)(i % n),
					       (uint32_t)((i + 1) % n), 0, 1.0, 2.0};

			check(socialcap_journal_record_contact(j, NULL, &c), "append");
		}
		check(socialcap_journal_sync(j), "sync");
		printf("journal: %.2f bytes per contact record (%llu records)\n",
		       (double)(file_bytes(jpath) - before) / (double)m, (unsigned long long)m);
		socialcap_journal_free(j);
		t0 = now_s();
		check(socialcap_journal_open(&j, path, NULL, &rep, NULL), "journal open");
		printf("journal: open with replay of %llu records %.2f s\n",
		       (unsigned long long)rep.replayed, now_s() - t0);
		socialcap_journal_free(j);
		unlink(path);
		unlink(jpath);
	}
	return 0;
}
