/*
 * socialcap__utf8_valid, the check of every id and label: each byte value
 * at each position of strings long enough for its eight-byte steps, so
 * that every lane of those steps and the byte-by-byte tail are tried. The
 * strings are put at the very end of blocks of their own size, so that a
 * read past the end is caught by AddressSanitizer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "network_internal.h"

/* A copy of @p len bytes in a block of exactly that size. */
static char *exact_copy(const char *text, size_t len)
{
	char *p = malloc(len > 0 ? len : 1);

	assert_non_null(p);
	memcpy(p, text, len);
	return p;
}

static int valid(const char *text, size_t len)
{
	char *p = exact_copy(text, len);
	int ok = socialcap__utf8_valid(p, len);

	free(p);
	return ok;
}

/* A lone byte is valid exactly when it is printable ASCII. */
static void test_every_byte_at_every_position(void **state)
{
	char text[40];
	size_t len, at;
	unsigned b;

	(void)state;
	for (len = 1; len <= sizeof(text); len++) {
		for (at = 0; at < len; at++) {
			for (b = 0; b < 256; b++) {
				int want = b >= 0x20 && b <= 0x7e;

				memset(text, 'k', len);
				text[at] = (char)b;
				if (valid(text, len) != want)
					fail_msg("byte 0x%02x at %zu of %zu: %d", b, at, len,
						 !want);
			}
		}
	}
	assert_true(valid("", 0));
}

/* Multi-byte characters at each alignment, whole and broken. */
static void test_sequences_at_every_position(void **state)
{
	static const struct {
		const char *bytes;
		int valid;
	} cases[] = {
		{"\xc3\xa9", 1},             /* e acute */
		{"\xe2\x82\xac", 1},         /* euro sign */
		{"\xf0\x9f\x98\x80", 1},     /* an emoji, 4 bytes */
		{"\xc2\xa0", 1},             /* no-break space */
		{"\xc2\x85", 0},             /* NEL, a C1 control character */
		{"\xc3", 0},                 /* cut short */
		{"\xc3\x28", 0},             /* bad continuation */
		{"\xc0\xaf", 0},             /* overlong */
		{"\xed\xa0\x80", 0},         /* surrogate */
		{"\xf4\x90\x80\x80", 0},     /* past U+10FFFF */
		{"\x7f", 0},                 /* DEL */
		{"\t", 0},
	};
	char text[48];
	size_t c, at, len, n;

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		n = strlen(cases[c].bytes);
		for (len = n; len <= 32; len++) {
			for (at = 0; at + n <= len; at++) {
				memset(text, '~', len);
				memcpy(text + at, cases[c].bytes, n);
				if (valid(text, len) != cases[c].valid)
					fail_msg("case %zu at %zu of %zu", c, at, len);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte_at_every_position),
		cmocka_unit_test(test_sequences_at_every_position),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
