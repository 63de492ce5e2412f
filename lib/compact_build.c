/*
 * The compact graph builder: two passes over the caller's stream of ties
 * (count, then fill at the prefix sums of the counts), so that no edge
 * list is held in memory. The sort and merge of the lists is in
 * compact_merge.c, the indicators in compact_areas.c.
 */
#include <math.h>
#include <string.h>

#include "compact_internal.h"
#include "errors.h"

#define KIND_COUNT 3

static int fail(socialcap_compact_builder *b, int status, const char *what)
{
	return socialcap__errbuf_set(b->msg, sizeof(b->msg), status, "%s", what);
}

int socialcap_compact_options_init(socialcap_compact_options *opts, unsigned int version)
{
	const socialcap_compact_options d = SOCIALCAP_COMPACT_OPTIONS_INIT;

	if (opts == NULL)
		return SOCIALCAP_EINVAL;
	if (version != SOCIALCAP_COMPACT_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	*opts = d;
	return SOCIALCAP_OK;
}

static size_t nz(uint32_t count)
{
	return count > 0 ? count : 1;
}

void socialcap__compact_attr_free(socialcap__compact_attr *at, socialcap__mem *mem)
{
	socialcap__mem_free(mem, at->sector, nz(at->n) * sizeof(*at->sector));
	socialcap__mem_free(mem, at->nbh, nz(at->n) * sizeof(*at->nbh));
	socialcap__mem_free(mem, at->kind, nz(at->n) * sizeof(*at->kind));
	socialcap__mem_free(mem, at->tier, nz(at->sectors) * sizeof(*at->tier));
	at->sector = at->nbh = NULL;
	at->kind = NULL;
	at->tier = NULL;
}

static void edges_free(socialcap_compact_builder *b)
{
	size_t h = (size_t)b->half;

	socialcap__mem_free(&b->mem, b->adj, h * sizeof(*b->adj));
	socialcap__mem_free(&b->mem, b->lay, h * sizeof(*b->lay));
	socialcap__mem_free(&b->mem, b->w, h * sizeof(*b->w));
	socialcap__mem_free(&b->mem, b->cur, 2 * (size_t)b->at.n * sizeof(*b->cur));
	b->adj = NULL;
	b->lay = NULL;
	b->w = NULL;
	b->cur = NULL;
}

void socialcap_compact_builder_free(socialcap_compact_builder *b)
{
	socialcap__mem mem;

	if (b == NULL)
		return;
	mem = b->mem;
	edges_free(b);
	socialcap__mem_free(&b->mem, b->off, ((size_t)b->at.n + 1) * sizeof(*b->off));
	socialcap__compact_attr_free(&b->at, &b->mem);
	socialcap__mem_free(&mem, b, sizeof(*b));
}

const char *socialcap_compact_builder_errmsg(const socialcap_compact_builder *b)
{
	return b != NULL ? b->msg : "no builder";
}

int socialcap_compact_builder_new(socialcap_compact_builder **out,
				  const socialcap_compact_options *opts)
{
	socialcap_compact_builder *b;
	socialcap__mem mem;
	uint32_t n;

	if (out == NULL)
		return SOCIALCAP_EINVAL;
	*out = NULL;
	if (opts == NULL)
		return SOCIALCAP_EINVAL;
	if (opts->version != SOCIALCAP_COMPACT_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	n = opts->actors;
	if (n == UINT32_MAX || (n > 0 && opts->sectors == 0))
		return SOCIALCAP_EINVAL;
	socialcap__mem_init(&mem, opts->allocator);
	b = socialcap__mem_calloc(&mem, 1, sizeof(*b));
	if (b == NULL)
		return SOCIALCAP_ENOMEM;
	b->mem = mem;
	b->at.n = n;
	b->at.sectors = opts->sectors;
	b->at.nbhs = opts->neighbourhoods;
	b->at.weighted = opts->weighted != 0;
	/* calloc: the counts start at 0, every actor in sector 0 */
	b->off = socialcap__mem_calloc(&b->mem, (size_t)n + 1, sizeof(*b->off));
	b->at.sector = socialcap__mem_calloc(&b->mem, nz(n), sizeof(*b->at.sector));
	b->at.nbh = socialcap__mem_alloc(&b->mem, nz(n) * sizeof(*b->at.nbh));
	b->at.kind = socialcap__mem_alloc(&b->mem, nz(n) * sizeof(*b->at.kind));
	b->at.tier = socialcap__mem_calloc(&b->mem, nz(opts->sectors), sizeof(*b->at.tier));
	if (b->off == NULL || b->at.sector == NULL || b->at.nbh == NULL ||
	    b->at.kind == NULL || b->at.tier == NULL) {
		socialcap__mem_free(&b->mem, b->off, ((size_t)n + 1) * sizeof(*b->off));
		socialcap__compact_attr_free(&b->at, &b->mem);
		socialcap__mem_free(&mem, b, sizeof(*b));
		return SOCIALCAP_ENOMEM;
	}
	memset(b->at.nbh, 0xff, nz(n) * sizeof(*b->at.nbh));
	memset(b->at.kind, 1, nz(n)); /* professional: a member of no neighbourhood */
	*out = b;
	return SOCIALCAP_OK;
}

int socialcap_compact_builder_set_sector(socialcap_compact_builder *b, uint32_t sector,
					 int32_t tier)
{
	if (b == NULL)
		return SOCIALCAP_EINVAL;
	if (sector >= b->at.sectors || tier < 0)
		return socialcap__errbuf_set(b->msg, sizeof(b->msg), SOCIALCAP_EINVAL,
					     "sector %u: index out of range (%u sectors) "
					     "or tier %d < 0",
					     sector, b->at.sectors, (int)tier);
	b->at.tier[sector] = tier;
	return SOCIALCAP_OK;
}

int socialcap_compact_builder_set_actor(socialcap_compact_builder *b, uint32_t actor,
					uint32_t sector, uint32_t neighbourhood, int kind)
{
	if (b == NULL)
		return SOCIALCAP_EINVAL;
	if (actor >= b->at.n)
		return socialcap__errbuf_set(b->msg, sizeof(b->msg), SOCIALCAP_EINVAL,
					     "actor %u: index out of range (%u actors)",
					     actor, b->at.n);
	if (sector >= b->at.sectors)
		return socialcap__errbuf_set(b->msg, sizeof(b->msg), SOCIALCAP_EINVAL,
					     "actor %u: sector %u out of range (%u sectors)",
					     actor, sector, b->at.sectors);
	if (neighbourhood >= b->at.nbhs &&
	    neighbourhood != SOCIALCAP_COMPACT_NO_NEIGHBOURHOOD)
		return socialcap__errbuf_set(b->msg, sizeof(b->msg), SOCIALCAP_EINVAL,
					     "actor %u: neighbourhood %u out of range "
					     "(%u neighbourhoods)",
					     actor, neighbourhood, b->at.nbhs);
	if (kind < 0 || kind >= KIND_COUNT)
		return socialcap__errbuf_set(b->msg, sizeof(b->msg), SOCIALCAP_EINVAL,
					     "actor %u: unknown kind %d", actor, kind);
	b->at.sector[actor] = sector;
	b->at.nbh[actor] = neighbourhood;
	b->at.kind[actor] = (uint8_t)kind;
	return SOCIALCAP_OK;
}

static int check_tie(socialcap_compact_builder *b, uint32_t a, uint32_t c,
		     uint32_t layer, double weight)
{
	if (a >= b->at.n || c >= b->at.n)
		return socialcap__errbuf_set(b->msg, sizeof(b->msg), SOCIALCAP_ENOTFOUND,
					     "tie %u-%u: actor index out of range "
					     "(%u actors)",
					     a, c, b->at.n);
	if (a == c)
		return socialcap__errbuf_set(b->msg, sizeof(b->msg), SOCIALCAP_EINVAL,
					     "tie %u-%u: an actor cannot be tied to itself",
					     a, c);
	if (layer >= SOCIALCAP_COMPACT_LAYERS)
		return socialcap__errbuf_set(b->msg, sizeof(b->msg), SOCIALCAP_EINVAL,
					     "tie %u-%u: layer %u out of range (0..7)",
					     a, c, layer);
	if (b->at.weighted && !(weight > 0 && isfinite(weight) && weight <= 3.0e38))
		return socialcap__errbuf_set(b->msg, sizeof(b->msg), SOCIALCAP_EINVAL,
					     "tie %u-%u: weight %g is not a finite "
					     "number > 0 that fits a float",
					     a, c, weight);
	return SOCIALCAP_OK;
}

static void put(socialcap_compact_builder *b, uint32_t from, uint32_t to,
		uint8_t bit, double weight)
{
	uint64_t k = b->cur[2 * (size_t)from]++;

	b->adj[k] = to;
	b->lay[k] = bit;
	if (b->w != NULL)
		b->w[k] = (float)weight;
}

int socialcap_compact_builder_add_tie(socialcap_compact_builder *b, uint32_t a,
				      uint32_t c, uint32_t layer, double weight)
{
	int rc;

	if (b == NULL)
		return SOCIALCAP_EINVAL;
	rc = check_tie(b, a, c, layer, weight);
	if (rc != 0)
		return rc;
	if (!b->filling) {
		if (b->half > UINT64_MAX - 2)
			return fail(b, SOCIALCAP_ELIMIT, "more than 2^64 half-edges");
		b->off[a + 1]++;
		b->off[c + 1]++;
		b->half += 2;
		return SOCIALCAP_OK;
	}
	/* cur[2v] and its end cur[2v + 1] share a cache line, so the far
	 * end of a tie costs one miss here, not two */
	if (b->cur[2 * (size_t)a] == b->cur[2 * (size_t)a + 1] ||
	    b->cur[2 * (size_t)c] == b->cur[2 * (size_t)c + 1]) {
		uint32_t v = b->cur[2 * (size_t)a] == b->cur[2 * (size_t)a + 1] ? a : c;
		uint64_t number = b->written / 2 + 1, counted = b->off[v + 1] - b->off[v];

		return socialcap__errbuf_set(
			b->msg, sizeof(b->msg), SOCIALCAP_EINVAL,
			"tie %u-%u (number %llu of the filling pass): actor %u has "
			"more ties in the filling pass than the %llu of the counting "
			"pass; both passes must give the same ties",
			a, c, (unsigned long long)number, v, (unsigned long long)counted);
	}
	put(b, a, c, (uint8_t)(1u << layer), weight);
	put(b, c, a, (uint8_t)(1u << layer), weight);
	b->written += 2;
	return SOCIALCAP_OK;
}

int socialcap_compact_builder_start_fill(socialcap_compact_builder *b)
{
	size_t h, n;
	uint32_t v;

	if (b == NULL)
		return SOCIALCAP_EINVAL;
	if (b->filling)
		return fail(b, SOCIALCAP_EINVAL,
			    "start_fill: the filling pass has already started");
	if (b->half > SIZE_MAX / sizeof(uint32_t))
		return fail(b, SOCIALCAP_ENOMEM, "out of memory: too many half-edges");
	h = (size_t)b->half;
	n = b->at.n;
	b->adj = socialcap__mem_alloc(&b->mem, h * sizeof(*b->adj));
	b->lay = socialcap__mem_alloc(&b->mem, h * sizeof(*b->lay));
	if (b->at.weighted)
		b->w = socialcap__mem_alloc(&b->mem, h * sizeof(*b->w));
	b->cur = socialcap__mem_alloc(&b->mem, 2 * n * sizeof(*b->cur));
	if ((h > 0 && (b->adj == NULL || b->lay == NULL ||
		       (b->at.weighted && b->w == NULL))) ||
	    (n > 0 && b->cur == NULL)) {
		edges_free(b);
		return fail(b, SOCIALCAP_ENOMEM,
			    "out of memory for the half-edges of the filling pass");
	}
	for (v = 0; v < b->at.n; v++) {
		b->off[v + 1] += b->off[v];
		b->cur[2 * (size_t)v] = b->off[v];
		b->cur[2 * (size_t)v + 1] = b->off[v + 1];
	}
	b->filling = 1;
	b->msg[0] = '\0';
	return SOCIALCAP_OK;
}

/* The first actor whose list the filling pass left short, or n. */
static uint32_t first_short(const socialcap_compact_builder *b)
{
	uint32_t v;

	for (v = 0; v < b->at.n; v++)
		if (b->cur[2 * (size_t)v] != b->off[v + 1])
			return v;
	return b->at.n;
}

int socialcap_compact_builder_finish(socialcap_compact **out, socialcap_compact_builder *b)
{
	socialcap_compact *g;
	uint64_t maxdeg = 0, *keys = NULL;
	uint8_t *lay_tmp = NULL;
	float *w_tmp = NULL;
	uint32_t v;
	size_t md;

	if (out == NULL)
		return SOCIALCAP_EINVAL;
	*out = NULL;
	if (b == NULL)
		return SOCIALCAP_EINVAL;
	if (!b->filling)
		return fail(b, SOCIALCAP_EINVAL,
			    "finish: call start_fill and give the ties again first");
	if (b->written != b->half) {
		v = first_short(b);
		return socialcap__errbuf_set(
			b->msg, sizeof(b->msg), SOCIALCAP_EINVAL,
			"finish: the filling pass gave %llu ties, the counting pass "
			"%llu; actor %u has %llu of its %llu",
			(unsigned long long)(b->written / 2),
			(unsigned long long)(b->half / 2), v,
			(unsigned long long)(b->cur[2 * (size_t)v] - b->off[v]),
			(unsigned long long)(b->off[v + 1] - b->off[v]));
	}
	for (v = 0; v < b->at.n; v++)
		if (b->off[v + 1] - b->off[v] > maxdeg)
			maxdeg = b->off[v + 1] - b->off[v];
	md = maxdeg > 0 ? (size_t)maxdeg : 1;
	g = socialcap__mem_calloc(&b->mem, 1, sizeof(*g));
	keys = socialcap__mem_alloc(&b->mem, md * sizeof(*keys));
	lay_tmp = socialcap__mem_alloc(&b->mem, md);
	if (b->w != NULL)
		w_tmp = socialcap__mem_alloc(&b->mem, md * sizeof(*w_tmp));
	if (g == NULL || keys == NULL || lay_tmp == NULL || (b->w != NULL && w_tmp == NULL)) {
		socialcap__mem_free(&b->mem, g, sizeof(*g));
		socialcap__mem_free(&b->mem, keys, md * sizeof(*keys));
		socialcap__mem_free(&b->mem, lay_tmp, md);
		socialcap__mem_free(&b->mem, w_tmp, md * sizeof(*w_tmp));
		return fail(b, SOCIALCAP_ENOMEM, "out of memory for the sort of the lists");
	}
	/* From here on nothing can fail. */
	socialcap__compact_merge(b->off, b->at.n, b->adj, b->lay, b->w, keys, lay_tmp,
				 w_tmp);
	socialcap__mem_free(&b->mem, keys, md * sizeof(*keys));
	socialcap__mem_free(&b->mem, lay_tmp, md);
	socialcap__mem_free(&b->mem, w_tmp, md * sizeof(*w_tmp));
	socialcap__mem_free(&b->mem, b->cur, 2 * (size_t)b->at.n * sizeof(*b->cur));
	b->cur = NULL;
	g->at = b->at;
	g->off = b->off;
	g->adj = b->adj;
	g->lay = b->lay;
	g->w = b->w;
	g->adj_cap = g->lay_cap = b->half;
	g->w_cap = b->w != NULL ? b->half : 0;
	g->mem = b->mem;
	/* the builder's own block, from the same allocator */
	socialcap__mem_free(&g->mem, b, sizeof(*b));
	socialcap__compact_shrink(g);
	*out = g;
	return SOCIALCAP_OK;
}
