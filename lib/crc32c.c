#include "crc32c.h"

/* The table for the reflected polynomial 0x82F63B78 is computed by the
 * preprocessor (eight shift-and-xor steps per entry), so it is constant
 * data: no initialisation at run time, no global mutable state. */
#define P 0x82F63B78u
#define S1(c) (((c) & 1u) ? ((c) >> 1) ^ P : (c) >> 1)
#define S2(c) S1(S1(c))
#define S4(c) S2(S2(c))
#define S8(c) S4(S4(c))
#define E(n) S8((uint32_t)(n))
#define R4(n) E(n), E(n + 1), E(n + 2), E(n + 3)
#define R16(n) R4(n), R4(n + 4), R4(n + 8), R4(n + 12)
#define R64(n) R16(n), R16(n + 16), R16(n + 32), R16(n + 48)

static const uint32_t table[256] = {R64(0), R64(64), R64(128), R64(192)};

uint32_t socialcap__crc32c(uint32_t crc, const void *data, size_t len)
{
	const unsigned char *p = data;

	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *p++) & 0xffu] ^ (crc >> 8);
	return ~crc;
}
