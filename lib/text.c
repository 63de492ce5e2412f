/* Validation of caller-supplied text: ids and labels must be UTF-8. */
#include <string.h>

#include "network_internal.h"

/*
 * Whether all eight bytes at @p p are within 0x20-0x7e: a byte below 0x20
 * has its top bit set in w - 0x20.., a byte of 0x7f in w + 0x01.., a byte
 * of 0x80 or more in w (after "hasless" and "hasmore" of Sean Anderson's
 * Bit Twiddling Hacks). A borrow or carry between bytes starts only at a
 * byte that is flagged already, so the answer is exact, in either byte
 * order.
 */
static int printable_ascii8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return (((w - 0x20 * ones) | (w + ones) | w) & tops) == 0;
}

int socialcap__utf8_valid(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	/* Printable ASCII (0x20-0x7e), what ids and labels nearly always are,
	 * eight bytes per test and then one test per byte, before the
	 * general loop below. */
	while (len - i >= 8 && printable_ascii8(s + i))
		i += 8;
	while (i < len && (unsigned char)(s[i] - 0x20u) < 0x5fu)
		i++;
	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;
		uint32_t cp;

		if (c < 0x80) {
			/* Control characters would break CSV lines and
			 * terminal output; tabs included. */
			if (c < 0x20 || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1fu;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0fu;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07u;
		} else {
			return 0;
		}
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0u) != 0x80u)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3fu);
		}
		/* Reject overlong forms, surrogates and values past U+10FFFF,
		 * and the C1 control characters U+0080-U+009F (NEL is a line
		 * break to some readers, CSI starts terminal escapes). */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
		    (cp >= 0x80 && cp <= 0x9f))
			return 0;
		i += n + 1;
	}
	return 1;
}

int socialcap__net_check_text(socialcap_network *net, const char *field,
			      const char *text, size_t max, size_t *len)
{
	size_t n;

	if (text == NULL)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "%s: missing (NULL)", field);
	n = strnlen(text, max + 1);
	if (n == 0)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL, "%s: empty", field);
	if (n > max)
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "%s: longer than %zu bytes", field, max);
	if (!socialcap__utf8_valid(text, n))
		return socialcap__net_fail(net, SOCIALCAP_EINVAL,
					   "%s: not valid UTF-8 text (or contains a control character)",
					   field);
	*len = n;
	return SOCIALCAP_OK;
}
