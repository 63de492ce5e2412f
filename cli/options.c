/* The snapshot, indicator and area options every computing subcommand takes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "options.h"

void cli_options_init(cli_options *o)
{
	memset(o, 0, sizeof(*o));
	socialcap_snapshot_options_init(&o->snapshot, SOCIALCAP_SNAPSHOT_OPTIONS_VERSION);
	socialcap_indicator_options_init(&o->indicators, SOCIALCAP_INDICATOR_OPTIONS_VERSION);
	socialcap_areas_options_init(&o->areas, SOCIALCAP_AREAS_OPTIONS_VERSION);
}

void cli_options_help(FILE *f)
{
	fprintf(f,
		"snapshot options:\n"
		"  --at DATE                 time of the snapshot (default: the latest record)\n"
		"  --half-life-physical DUR  decay of physical contacts (default 180d)\n"
		"  --half-life-digital DUR   decay of digital contacts (default 90d)\n"
		"  --half-life-event DUR     decay of event co-attendance (default 365d)\n"
		"  --theta X                 weakest tie strength that counts (default 0.1)\n"
		"  --max-clique-event N      larger events tie attendees to organisers only\n"
		"                            (default 50)\n"
		"indicator options:\n"
		"  --group-by WHAT           sector, neighbourhood or kind (default sector)\n"
		"  --window DUR              window of flows and attendance (default 365d)\n"
		"  --min-cell N              suppress areas with fewer residents (default 10)\n"
		"  --half-life-invest DUR    depreciation of invested stock (default 365d)\n"
		"  --betweenness-samples N   estimate betweenness from N sources (default exact)\n"
		"  --seed N                  seed of that sample\n"
		"  --threads N               worker threads (default 1; same results)\n"
		"  --quiet                   no progress display\n"
		"Durations take a unit: s, h, d, w, m (30 days), y (365 days), e.g. 26w.\n"
		"Dates: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.\n");
}

static int parse_group(const char *cmd, const char *text, int32_t *out)
{
	if (strcmp(text, "sector") == 0)
		*out = SOCIALCAP_GROUP_SECTOR;
	else if (strcmp(text, "neighbourhood") == 0)
		*out = SOCIALCAP_GROUP_NEIGHBOURHOOD;
	else if (strcmp(text, "kind") == 0)
		*out = SOCIALCAP_GROUP_KIND;
	else
		return cli_usage_error(cmd, "--group-by: '%s' is not sector, neighbourhood or kind",
				       text);
	return 0;
}

int cli_options_parse(const char *cmd, int argc, char **argv, int *i, cli_options *o)
{
	const char *v;
	unsigned long n;
	int rc;

#define OPT(name) ((rc = cli_arg_value(cmd, argc, argv, i, name, &v)) != 0)
#define CHECK(call) return (rc < 0 || (call) != 0) ? -1 : 1
	if (strcmp(argv[*i], "--quiet") == 0) {
		o->quiet = 1;
		return 1;
	}
	if (OPT("--at"))
		CHECK(cli_parse_time(cmd, "--at", v, &o->snapshot.time));
	if (OPT("--half-life-physical"))
		CHECK(cli_parse_duration(cmd, "--half-life-physical", v, &o->snapshot.half_life_physical));
	if (OPT("--half-life-digital"))
		CHECK(cli_parse_duration(cmd, "--half-life-digital", v, &o->snapshot.half_life_digital));
	if (OPT("--half-life-event"))
		CHECK(cli_parse_duration(cmd, "--half-life-event", v, &o->snapshot.half_life_event));
	if (OPT("--theta"))
		CHECK(cli_parse_double(cmd, "--theta", v, &o->snapshot.theta));
	if (OPT("--max-clique-event")) {
		if (rc < 0 || cli_parse_uint(cmd, "--max-clique-event", v, &n) != 0)
			return -1;
		o->snapshot.max_clique_event = (uint32_t)n;
		return 1;
	}
	if (OPT("--group-by")) {
		int32_t g = SOCIALCAP_GROUP_SECTOR;

		if (rc < 0 || parse_group(cmd, v, &g) != 0)
			return -1;
		o->indicators.group_by = g;
		o->areas.group = g;
		return 1;
	}
	if (OPT("--window")) {
		if (rc < 0 || cli_parse_duration(cmd, "--window", v, &o->areas.window) != 0)
			return -1;
		o->indicators.event_window = o->areas.window;
		return 1;
	}
	if (OPT("--min-cell")) {
		if (rc < 0 || cli_parse_uint(cmd, "--min-cell", v, &n) != 0)
			return -1;
		o->areas.min_cell = (uint32_t)n;
		return 1;
	}
	if (OPT("--half-life-invest"))
		CHECK(cli_parse_duration(cmd, "--half-life-invest", v, &o->areas.half_life_invest));
	if (OPT("--betweenness-samples")) {
		if (rc < 0 || cli_parse_uint(cmd, "--betweenness-samples", v, &n) != 0)
			return -1;
		o->indicators.betweenness_samples = (uint32_t)n;
		return 1;
	}
	if (OPT("--seed")) {
		if (rc < 0 || cli_parse_uint(cmd, "--seed", v, &n) != 0)
			return -1;
		o->indicators.seed = n;
		return 1;
	}
	if (OPT("--threads")) {
		if (rc < 0 || cli_parse_uint(cmd, "--threads", v, &n) != 0)
			return -1;
		if (n < 1 || n > 256)
			return cli_usage_error(cmd, "--threads: must be 1 to 256"), -1;
		o->indicators.threads = (unsigned int)n;
		o->areas.threads = (unsigned int)n;
		return 1;
	}
	if (OPT("--only")) {
		if (rc < 0)
			return -1;
		o->only = v;
		return 1;
	}
	return 0;
#undef OPT
#undef CHECK
}

/* ------------------------------------------------------------- progress */

typedef struct progress_state {
	const char *what;
	struct timespec start;
	int shown;
} progress_state;

static double elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Shown only once a step has taken more than a second. */
static int show_progress(double fraction, void *user)
{
	progress_state *p = user;
	int width = 30, filled = (int)(fraction * width + 0.5), k;

	if (!p->shown && elapsed(&p->start) < 1.0)
		return 0;
	p->shown = 1;
	fprintf(stderr, "\r%-12s [", p->what);
	for (k = 0; k < width; k++)
		fputc(k < filled ? '#' : '.', stderr);
	fprintf(stderr, "] %3.0f%%", fraction * 100);
	fflush(stderr);
	return 0;
}

void cli_progress_begin(cli_options *o, const char *what)
{
	static progress_state state; /* one progress line per process */

	o->indicators.progress = NULL;
	o->indicators.progress_user = NULL;
	if (o->quiet || !isatty(2))
		return;
	state.what = what;
	state.shown = 0;
	clock_gettime(CLOCK_MONOTONIC, &state.start);
	o->indicators.progress = show_progress;
	o->indicators.progress_user = &state;
}

void cli_progress_end(cli_options *o)
{
	progress_state *p = o->indicators.progress_user;

	if (p != NULL && p->shown)
		fprintf(stderr, "\r%60s\r", "");
	o->indicators.progress = NULL;
	o->indicators.progress_user = NULL;
}
