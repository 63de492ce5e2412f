/*
 * Time of loading a state file, through the public API only.
 *
 *   state_load_bench FILE [REPEATS]     load FILE REPEATS times (default 1)
 *   state_load_bench --import DIR       time the dataset import of DIR
 *   state_load_bench --save DIR FILE    import DIR and save it as FILE
 *
 * Prints per load the wall and process CPU time, the memory the network
 * holds afterwards (socialcap_network_memory) and the peak resident set of
 * the process so far (VmHWM). Not a test: run by hand, see
 * docs/performance.md ("State-file load at 10^7").
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "socialcap.h"

static double seconds(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Peak resident set in MB, or -1 where /proc is not there. */
static double vm_hwm_mb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	double mb = -1.0;

	if (f == NULL)
		return mb;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			mb = strtod(line + 6, NULL) / 1024.0;
	fclose(f);
	return mb;
}

static int fail(const char *what, const socialcap_error *err)
{
	fprintf(stderr, "%s: %s (%s, byte %llu)\n", what, err->message, err->field,
		(unsigned long long)err->offset);
	return 1;
}

static int import(socialcap_network **net, const char *dir, socialcap_error *err)
{
	int rc = socialcap_network_new(net, NULL);

	if (rc != 0) {
		err->status = rc;
		snprintf(err->message, sizeof(err->message), "%s", socialcap_strerror(rc));
		return rc;
	}
	return socialcap_dataset_import(*net, dir, NULL, err);
}

int main(int argc, char **argv)
{
	socialcap_network *net = NULL;
	socialcap_error err;
	long repeats, i;

	memset(&err, 0, sizeof(err));
	if (argc == 3 && strcmp(argv[1], "--import") == 0) {
		double w = seconds(CLOCK_MONOTONIC), c = seconds(CLOCK_PROCESS_CPUTIME_ID);

		if (import(&net, argv[2], &err) != 0)
			return fail("import", &err);
		printf("import: wall %.3f s, cpu %.3f s, held %.1f MB, peak RSS %.1f MB\n",
		       seconds(CLOCK_MONOTONIC) - w, seconds(CLOCK_PROCESS_CPUTIME_ID) - c,
		       (double)socialcap_network_memory(net) / 1048576.0, vm_hwm_mb());
		socialcap_network_free(net);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "--save") == 0) {
		if (import(&net, argv[2], &err) != 0)
			return fail("import", &err);
		if (socialcap_state_save(net, argv[3], NULL, &err) != 0)
			return fail("save", &err);
		socialcap_network_free(net);
		return 0;
	}
	if (argc < 2 || argc > 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: %s FILE [REPEATS] | --import DIR | --save DIR FILE\n",
			argv[0]);
		return 2;
	}
	repeats = argc == 3 ? strtol(argv[2], NULL, 10) : 1;
	for (i = 0; i < repeats; i++) {
		double w, c;

		socialcap_network_free(net);
		net = NULL;
		w = seconds(CLOCK_MONOTONIC);
		c = seconds(CLOCK_PROCESS_CPUTIME_ID);
		if (socialcap_state_load(&net, argv[1], NULL, &err) != 0)
			return fail("load", &err);
		printf("load: wall %.3f s, cpu %.3f s, held %.1f MB, peak RSS %.1f MB, "
		       "%u actors, %llu ties\n",
		       seconds(CLOCK_MONOTONIC) - w, seconds(CLOCK_PROCESS_CPUTIME_ID) - c,
		       (double)socialcap_network_memory(net) / 1048576.0, vm_hwm_mb(),
		       socialcap_network_actor_count(net),
		       (unsigned long long)socialcap_network_tie_count(net));
	}
	socialcap_network_free(net);
	return 0;
}
