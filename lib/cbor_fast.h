/*
 * Decoding the usual shapes of CBOR items straight from the bytes, for the
 * state loader's records (state_load_ties.c, state_load_records.c). Each
 * function either decodes its item and moves *pp past it, or returns 0 and
 * leaves *pp alone: the caller then hands the record to the general
 * tokenizer (cbor_read.c), which decodes anything valid and names the
 * field of anything that is not. The caller makes sure the bytes read are
 * there (at most 9 per item here, beyond a text's own bytes).
 */
#ifndef SOCIALCAP_CBOR_FAST_H
#define SOCIALCAP_CBOR_FAST_H

#include <math.h>
#include <stdint.h>
#include <string.h>

/* The big-endian unsigned integer of @p bytes (1, 2, 4 or 8: the widths
 * CBOR has) bytes at @p p. Spelled out per width rather than as a loop over
 * the bytes: compilers turn the 4- and 8-byte forms into one load and a
 * byte swap, and the loop was a tenth of a state file's load. */
static inline uint64_t socialcap__cbor_be(const unsigned char *p, int bytes)
{
	switch (bytes) {
	case 1:
		return p[0];
	case 2:
		return (uint64_t)p[0] << 8 | p[1];
	case 4:
		return (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 | (uint64_t)p[2] << 8 | p[3];
	default:
		return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
		       (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
		       (uint64_t)p[6] << 8 | p[7];
	}
}

/* The argument of an item head of major type @p major (any width); 0 when
 * the head is of another type or not a plain argument (indefinite length,
 * reserved values). */
static inline int socialcap__cbor_head(const unsigned char **pp, unsigned major, uint64_t *v)
{
	const unsigned char *p = *pp;
	unsigned c = p[0];

	if ((c >> 5) != major)
		return 0;
	c &= 31;
	if (c < 24) {
		*v = c;
		*pp = p + 1;
		return 1;
	}
	if (c > 27)
		return 0;
	*v = socialcap__cbor_be(p + 1, 1 << (c - 24));
	*pp = p + 1 + (1 << (c - 24));
	return 1;
}

/* A half-precision float, exactly (infinity and NaN are not passed in). */
static inline double socialcap__cbor_half(unsigned h)
{
	unsigned e = (h >> 10) & 31, m = h & 1023;
	double v = e == 0 ? ldexp(m, -24) : ldexp(m + 1024, (int)e - 25);

	return (h & 0x8000) ? -v : v;
}

/* A number: an unsigned integer or a float of any width (a half-precision
 * infinity or NaN is left to the general path; wider ones are returned,
 * for the caller's own check). */
static inline int socialcap__cbor_number(const unsigned char **pp, double *w)
{
	const unsigned char *p = *pp;
	uint64_t u;
	uint32_t u32;
	float f;

	if (socialcap__cbor_head(pp, 0, &u)) {
		*w = (double)u;
		return 1;
	}
	switch (p[0]) {
	case 0xf9:
		if (((p[1] >> 2) & 31) == 31)
			return 0;
		*w = socialcap__cbor_half((unsigned)p[1] << 8 | p[2]);
		*pp = p + 3;
		return 1;
	case 0xfa:
		u32 = (uint32_t)socialcap__cbor_be(p + 1, 4);
		memcpy(&f, &u32, sizeof(f));
		*w = f;
		*pp = p + 5;
		return 1;
	case 0xfb:
		u = socialcap__cbor_be(p + 1, 8);
		memcpy(w, &u, sizeof(*w));
		*pp = p + 9;
		return 1;
	default:
		return 0;
	}
}

#endif
