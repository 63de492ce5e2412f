/* Validation of caller-supplied text: ids and labels must be UTF-8. */
#include <string.h>

#include "network_internal.h"

int socialcap__utf8_valid(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

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
