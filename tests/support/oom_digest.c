/*
 * Digests for the allocation-failure sweep: everything a call may have
 * changed, as text. The result digest covers the objects (networks through
 * net_digest, results tables, snapshots, series, journals) and the call's
 * out-parameters; the state digest adds the files of the run directory
 * (name, mode, size and a hash of the contents), so that a failed save,
 * append or checkpoint is seen to leave every file as it was and no
 * temporary file behind.
 */
#include "oom_fixture.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "net_digest.h"

typedef struct text {
	char *s;
	size_t len, cap;
} text;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		t->cap = 2 * t->cap + (size_t)n + 256;
		t->s = realloc(t->s, t->cap);
		if (t->s == NULL)
			abort();
	}
}

static void put_net(text *t, const char *what, const socialcap_network *net)
{
	char *d;

	if (net == NULL)
		return;
	d = net_digest(net);
	put(t, "[%s]\n%s\n", what, d);
	free(d);
}

static void put_results(text *t, const char *what, const socialcap_results *res)
{
	uint32_t r, c, k;

	if (res == NULL)
		return;
	put(t, "[%s] kind %d rows %u columns %u\n", what,
	    socialcap_results_row_kind(res), socialcap_results_row_count(res),
	    socialcap_results_column_count(res));
	for (c = 0; c < socialcap_results_column_count(res); c++)
		put(t, " %s", socialcap_results_column_name(res, c));
	put(t, "\n");
	for (r = 0; r < socialcap_results_row_count(res); r++) {
		const char *label = socialcap_results_row_label(res, r);

		put(t, "%s:", label ? label : "(null)");
		for (c = 0; c < socialcap_results_column_count(res); c++)
			put(t, " %.17g", socialcap_results_get(res, r, c));
		put(t, "\n");
	}
	for (k = 0; k < socialcap_results_option_count(res); k++)
		put(t, "option %s = %.17g\n", socialcap_results_option_name(res, k),
		    socialcap_results_option_value(res, k));
}

static void put_snapshot(text *t, const char *what, const socialcap_snapshot *snap)
{
	uint32_t a, k;

	if (snap == NULL)
		return;
	put(t, "[%s] t %lld actors %u ties %llu\n", what,
	    (long long)socialcap_snapshot_time(snap),
	    socialcap_snapshot_actor_count(snap),
	    (unsigned long long)socialcap_snapshot_tie_count(snap));
	for (a = 0; a < socialcap_snapshot_actor_count(snap); a++) {
		const uint32_t *nb;
		const double *w;
		uint32_t n;

		if (socialcap_snapshot_neighbours(snap, a, &nb, &w, &n) != 0)
			abort();
		put(t, "%u:", a);
		for (k = 0; k < n; k++)
			put(t, " %u/%.17g", nb[k], w[k]);
		put(t, "\n");
	}
}

static void put_series(text *t, const socialcap_series *s)
{
	size_t k;

	if (s == NULL)
		return;
	put(t, "[series] %zu tables\n", socialcap_series_count(s));
	for (k = 0; k < socialcap_series_count(s); k++) {
		put(t, "t %lld\n", (long long)socialcap_series_time(s, k));
		put_results(t, "series table", socialcap_series_table(s, k));
	}
}

static void put_journal(text *t, const char *what, const socialcap_journal *j)
{
	if (j == NULL)
		return;
	put(t, "[%s] next_seq %llu\n", what,
	    (unsigned long long)socialcap_journal_next_seq(j));
	put_net(t, what, socialcap_journal_network(j));
}

static void put_outs(text *t, const fx *f)
{
	size_t i;

	put(t, "[out] u32 %u u64 %llu total %zu\n", f->u32,
	    (unsigned long long)f->u64, f->total);
	for (i = 0; i < f->total && i < FX_MAX_INDICES; i++)
		put(t, " %u/%llu", f->u32s[i], (unsigned long long)f->u64s[i]);
	put(t, "\n");
}

char *oom_result_digest(const fx *f)
{
	text t = {NULL, 0, 0};

	put(&t, "digest\n");
	put_net(&t, "net", f->net);
	put_snapshot(&t, "snap", f->snap);
	put_journal(&t, "journal", f->j);
	put_net(&t, "out_net", f->out_net);
	put_snapshot(&t, "out_snap", f->out_snap);
	put_results(&t, "out_res", f->out_res);
	put_series(&t, f->out_series);
	put_journal(&t, "out_journal", f->out_j);
	put_outs(&t, f);
	return t.s;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void put_dir(text *t, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[256];
	size_t n = 0, i;

	if (d == NULL) {
		put(t, "%s: none\n", dir);
		return;
	}
	while ((e = readdir(d)) != NULL && n < 256)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		char path[1024];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lstat(path, &st) != 0) {
			put(t, "%s: gone\n", names[i]);
		} else if (S_ISDIR(st.st_mode)) {
			put(t, "%s/ mode %o\n", names[i], (unsigned)st.st_mode & 0777);
			put_dir(t, path);
		} else {
			FILE *in = fopen(path, "rb");
			uint64_t h = UINT64_C(1469598103934665603);
			int c;

			while (in != NULL && (c = getc(in)) != EOF)
				h = (h ^ (unsigned char)c) * UINT64_C(1099511628211);
			if (in != NULL)
				fclose(in);
			put(t, "%s mode %o size %lld hash %016llx\n", names[i],
			    (unsigned)st.st_mode & 0777, (long long)st.st_size,
			    (unsigned long long)h);
		}
		free(names[i]);
	}
}

char *oom_state_digest(const fx *f)
{
	char *r = oom_result_digest(f), *slash;
	text t = {NULL, 0, 0};
	char dir[512];

	put(&t, "%s[files]\n", r);
	free(r);
	snprintf(dir, sizeof(dir), "%s", f->store);
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	put_dir(&t, dir);
	return t.s;
}
