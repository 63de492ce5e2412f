/*
 * The buckets of a table filled in rounds (see rounds.h).
 */
#include <string.h>

#include "rounds.h"

/* log2 of the slots of one bucket's region, at least: 2^16 slots are
 * 256 KiB, and 64 KiB of tags. */
#define REGION_BITS 16
/* log2 of a region's slots at most: an entry has 24 bits for its slot. */
#define REGION_BITS_MAX 24
/* Buckets at most: each is a stream of writes while records are read, and
 * beyond about a thousand their write positions no longer stay in cache
 * (at 10^8 ties, 4096 buckets cost more than the probes they save). */
#define MAX_BUCKETS 1024u

void socialcap__rounds_free(socialcap__rounds *r, socialcap__mem *mem)
{
	if (r->for_slots == 0)
		return;
	socialcap__mem_free(mem, r->entry, socialcap__rounds_capacity(r) * sizeof(*r->entry));
	socialcap__mem_free(mem, r->fill, r->buckets * sizeof(*r->fill));
	memset(r, 0, sizeof(*r));
}

int socialcap__rounds_fit(socialcap__rounds *r, socialcap__mem *mem, size_t slot_count)
{
	socialcap__rounds fresh;
	size_t region, entries;

	if (r->for_slots == slot_count)
		return SOCIALCAP_OK;
	memset(&fresh, 0, sizeof(fresh));
	while (fresh.shift < REGION_BITS && ((size_t)2 << fresh.shift) <= slot_count)
		fresh.shift++;
	while (fresh.shift < REGION_BITS_MAX && (slot_count >> fresh.shift) > MAX_BUCKETS)
		fresh.shift++;
	region = (size_t)1 << fresh.shift;
	fresh.buckets = slot_count / region;
	/* A round is about a sixteenth of the table, with room for the
	 * buckets to differ. Its buffers (12 bytes an entry) are held through
	 * the whole fill, at its peak: an eighth cost 14 MB more at 10^7
	 * ties and was not faster. */
	fresh.per_bucket = region / 16 + region / 128 + 64;
	entries = fresh.buckets * fresh.per_bucket;
	fresh.entry = socialcap__mem_alloc(mem, entries * sizeof(*fresh.entry));
	fresh.fill = socialcap__mem_calloc(mem, fresh.buckets, sizeof(*fresh.fill));
	if (fresh.entry == NULL || fresh.fill == NULL) {
		socialcap__mem_free(mem, fresh.entry,
				    fresh.entry != NULL ? entries * sizeof(*fresh.entry) : 0);
		socialcap__mem_free(mem, fresh.fill,
				    fresh.fill != NULL ? fresh.buckets * sizeof(*fresh.fill) : 0);
		return SOCIALCAP_ENOMEM;
	}
	fresh.for_slots = slot_count;
	socialcap__rounds_free(r, mem);
	*r = fresh;
	return SOCIALCAP_OK;
}
