/*
 * The floor of a CSV load on this machine: the least work any loader of a
 * benchmark city (bench_igraph -d DIR) must do to hold its network as
 * merged, weighted adjacency lists, timed step by step.
 *
 *   load_floor_bench DIR [REPEATS]
 *
 * It reads DIR/actors.csv and DIR/ties.csv whole, takes each id as the
 * decimal number it is in the city (0 to n-1; no id index), tells the
 * layers apart by their text, reads a weight of plain digits as an integer
 * and any other weight with strtod, counts and fills the half-edges
 * (neighbour, weight, layer bit), sorts each actor's list, merges repeated
 * ties and sums the strengths. It checks nothing else: no quoting, no
 * UTF-8, no field count, no sectors or neighbourhoods, no error position.
 * The library's import does all of those; this program is what is left
 * when none of them is done, so that the load time of the library and of
 * igraph can be set against what the machine needs at the least.
 *
 * Prints per repeat the wall time of each step and the total, and the
 * peak resident set (VmHWM). Not a test: run by hand, see
 * docs/performance.md ("The floor of a CSV load").
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"

#define MAX_LAYERS 8

typedef struct half_edge {
	uint32_t to;
	uint8_t layers;
	double w;
} half_edge;

typedef struct layer_names {
	char text[MAX_LAYERS][32];
	size_t len[MAX_LAYERS];
	unsigned count;
} layer_names;

static _Noreturn void die(const char *what, const char *why)
{
	fprintf(stderr, "load_floor_bench: %s: %s\n", what, why);
	exit(1);
}

static void *take(size_t bytes)
{
	void *p = malloc(bytes > 0 ? bytes : 1);

	if (p == NULL)
		die("malloc", "out of memory");
	return p;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
	char *buf = read_whole_file(dir, name, len);

	if (buf == NULL)
		die(name, "cannot read the file");
	return buf;
}

/* The rows after the header line. */
static size_t count_rows(const char *buf, size_t len)
{
	const char *p = memchr(buf, '\n', len), *end = buf + len;
	size_t rows = 0;

	while (p != NULL && p + 1 < end) {
		rows++;
		p = memchr(p + 1, '\n', (size_t)(end - p - 1));
	}
	return rows;
}

static uint32_t id_at(const char **p, size_t n)
{
	uint64_t v = 0;

	while (**p >= '0' && **p <= '9')
		v = v * 10 + (uint64_t)(*(*p)++ - '0');
	if (v >= n)
		die("ties.csv", "id out of range (the floor reads cities only)");
	return (uint32_t)v;
}

/* The layer's bit: the same text as the last row's in the common case. */
static uint8_t layer_at(const char **p, layer_names *ln, unsigned *last)
{
	const char *s = *p, *e = strchr(s, ',');
	size_t len;
	unsigned i;

	if (e == NULL)
		die("ties.csv", "row without a weight");
	len = (size_t)(e - s);
	*p = e + 1;
	if (*last < ln->count && ln->len[*last] == len && memcmp(ln->text[*last], s, len) == 0)
		return (uint8_t)(1u << *last);
	for (i = 0; i < ln->count; i++)
		if (ln->len[i] == len && memcmp(ln->text[i], s, len) == 0)
			break;
	if (i == ln->count) {
		if (i == MAX_LAYERS || len >= sizeof(ln->text[0]))
			die("ties.csv", "too many layers or a long layer name");
		memcpy(ln->text[i], s, len);
		ln->len[i] = len;
		ln->count++;
	}
	*last = i;
	return (uint8_t)(1u << i);
}

static double weight_at(const char **p)
{
	const char *s = *p;
	uint64_t v = 0;
	char *end;
	double w;

	while (*s >= '0' && *s <= '9' && v < (UINT64_C(1) << 50))
		v = v * 10 + (uint64_t)(*s++ - '0');
	if (s > *p && (*s == '\n' || *s == '\r' || *s == ',' || *s == '\0')) {
		*p = s;
		return (double)v;
	}
	w = strtod(*p, &end);
	*p = end;
	return w;
}

static int by_neighbour(const void *x, const void *y)
{
	const uint32_t a = ((const half_edge *)x)->to, b = ((const half_edge *)y)->to;

	return a < b ? -1 : a > b;
}

static void sort_row(half_edge *r, uint64_t k)
{
	uint64_t i, j;

	if (k > 32) {
		qsort(r, k, sizeof(*r), by_neighbour);
		return;
	}
	for (i = 1; i < k; i++) {
		half_edge t = r[i];

		for (j = i; j > 0 && r[j - 1].to > t.to; j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
}

static void run(const char *dir)
{
	size_t alen, tlen, n, rows, m = 0, i;
	char *actors, *ties;
	const char *p;
	uint32_t *a, *b;
	uint8_t *lay;
	double *w, *strength, t[6];
	uint64_t *off, *cursor, out = 0, start = 0;
	half_edge *adj;
	layer_names ln;
	unsigned last = 0;

	memset(&ln, 0, sizeof(ln));
	t[0] = now_s();
	actors = slurp(dir, "actors.csv", &alen);
	ties = slurp(dir, "ties.csv", &tlen);
	t[1] = now_s();

	n = count_rows(actors, alen);
	free(actors);
	rows = count_rows(ties, tlen);
	a = take(rows * sizeof(*a));
	b = take(rows * sizeof(*b));
	lay = take(rows);
	w = take(rows * sizeof(*w));
	p = strchr(ties, '\n');
	p = p != NULL ? p + 1 : ties + tlen;
	while (*p != '\0' && m < rows) {
		a[m] = id_at(&p, n);
		p++;
		b[m] = id_at(&p, n);
		p++;
		lay[m] = layer_at(&p, &ln, &last);
		w[m] = weight_at(&p);
		while (*p != '\0' && *p != '\n')
			p++;
		if (*p == '\n')
			p++;
		m++;
	}
	free(ties);
	t[2] = now_s();

	off = calloc(n + 1, sizeof(*off));
	cursor = take((n + 1) * sizeof(*cursor));
	if (off == NULL)
		die("calloc", "out of memory");
	for (i = 0; i < m; i++) {
		off[a[i] + 1]++;
		off[b[i] + 1]++;
	}
	for (i = 0; i < n; i++)
		off[i + 1] += off[i];
	memcpy(cursor, off, (n + 1) * sizeof(*off));
	adj = take(2 * m * sizeof(*adj));
	for (i = 0; i < m; i++) {
		adj[cursor[a[i]]++] = (half_edge){b[i], lay[i], w[i]};
		adj[cursor[b[i]]++] = (half_edge){a[i], lay[i], w[i]};
	}
	free(a);
	free(b);
	free(lay);
	free(w);
	free(cursor);
	t[3] = now_s();

	/* sort each list, merge repeats in place, close the gaps */
	for (i = 0; i < n; i++) {
		half_edge *r = adj + start;
		const uint64_t k = off[i + 1] - start, first = out;
		uint64_t j;

		sort_row(r, k);
		for (j = 0; j < k; j++) {
			if (out > first && adj[out - 1].to == r[j].to) {
				adj[out - 1].w += r[j].w;
				adj[out - 1].layers |= r[j].layers;
			} else {
				adj[out++] = r[j];
			}
		}
		start = off[i + 1];
		off[i + 1] = out;
	}
	t[4] = now_s();
	strength = calloc(n, sizeof(*strength));
	if (strength == NULL)
		die("calloc", "out of memory");
	for (i = 0; i < n; i++) {
		uint64_t e;

		for (e = off[i]; e < off[i + 1]; e++)
			strength[i] += adj[e].w;
	}
	t[5] = now_s();
	printf("%zu actors, %zu rows, %llu distinct ties, %u layers\n", n, m,
	       (unsigned long long)(out / 2), ln.count);
	printf("read files %.3f s | parse rows %.3f s | count and fill %.3f s | "
	       "sort and merge %.3f s | strengths %.3f s | total %.3f s | peak RSS %.0f MB\n",
	       t[1] - t[0], t[2] - t[1], t[3] - t[2], t[4] - t[3], t[5] - t[4], t[5] - t[0],
	       (double)vm_hwm_kb() / 1024.0);
	free(strength);
	free(adj);
	free(off);
}

int main(int argc, char **argv)
{
	int repeats = argc > 2 ? atoi(argv[2]) : 1, r;

	if (argc < 2 || argc > 3 || repeats < 1) {
		fprintf(stderr, "usage: load_floor_bench DIR [REPEATS]\n");
		return 2;
	}
	for (r = 0; r < repeats; r++)
		run(argv[1]);
	return 0;
}
