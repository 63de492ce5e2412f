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

/* The big-endian unsigned integer of @p bytes bytes at @p p. */
static inline uint64_t socialcap__cbor_be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return v;
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
