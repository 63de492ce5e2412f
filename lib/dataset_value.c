/* Parsing and formatting of dataset values: texts, numbers, times, enums.
 * Numbers never depend on the C locale: the library does not own it. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_internal.h"
#include "socialcap/time.h"

const char *const socialcap__ds_kinds[3] = {"resident", "professional",
					    "organisation"};
const char *const socialcap__ds_channels[2] = {"physical", "digital"};
const char *const socialcap__ds_roles[2] = {"organiser", "participant"};

#define NUMBER_MAX_BYTES 400

void socialcap__ds_echo(char *out, size_t size, const char *text)
{
	const size_t keep = size > 4 ? size - 4 : 0; /* room for "..." */
	size_t n = 0, i;
	int ascii_only = !socialcap__utf8_valid(text, strlen(text));

	/* Valid UTF-8 is kept (cut on a character boundary); anything else
	 * and every control character becomes '?', so a message stays one
	 * line of valid text whatever the input held. */
	for (i = 0; text[i] != '\0' && n < keep; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x20 || c == 0x7f || (c >= 0x80 && ascii_only))
			c = '?';
		out[n++] = (char)c;
	}
	if (text[i] != '\0') {
		/* Drop a last character that was cut short. */
		size_t start = n, need;

		while (start > 0 && ((unsigned char)out[start - 1] & 0xc0u) == 0x80u)
			start--;
		if (start > 0 && (unsigned char)out[start - 1] >= 0xc0u) {
			unsigned char lead = (unsigned char)out[start - 1];

			need = lead >= 0xf0u ? 4 : lead >= 0xe0u ? 3 : 2;
			if (n - (start - 1) < need)
				n = start - 1;
		}
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

int socialcap__ds_text(ds_ctx *ctx, ds_table *t, int col, size_t max)
{
	const char *text = socialcap__ds_value(t, col);
	const char *name = t->spec->cols[col].name;
	size_t n = socialcap__ds_value_len(t, col);

	if (n == 0)
		return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EINVAL,
					     "%s: empty", name);
	if (n > max)
		return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EINVAL,
					     "%s: longer than %zu bytes", name, max);
	if (!socialcap__utf8_valid(text, n))
		return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EINVAL,
					     "%s: not valid UTF-8 text (or contains a control character)",
					     name);
	return 0;
}

/* [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)? */
static int number_syntax(const char *s)
{
	size_t digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	while (*s >= '0' && *s <= '9')
		s++, digits++;
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9')
			s++, digits++;
	}
	if (digits == 0)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/*
 * Exact fast path for the common short decimals ("3", "0.25", "-1.5"): at
 * most 15 digits and no exponent, so the digits form an integer m < 2^53
 * and the value is m / 10^k with k <= 15, both exact in binary; one IEEE
 * division rounds correctly, giving the same double as strtod. Returns 0
 * when the text is not of that form.
 */
static int short_decimal(const char *s, double *out)
{
	static const double scale[16] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
					  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
					  1e12, 1e13, 1e14, 1e15};
	uint64_t m = 0;
	unsigned digits = 0, frac = 0;
	int neg = 0;
	double v;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		m = m * 10 + (uint64_t)(*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++, frac++)
			m = m * 10 + (uint64_t)(*s - '0');
	if (*s != '\0' || digits == 0 || digits > 15)
		return 0;
	v = (double)m / scale[frac];
	*out = neg ? -v : v;
	return 1;
}

int socialcap__ds_parse_double(const char *text, double *out)
{
	const char *point, *s;
	size_t plen, n = 0;
	char buf[NUMBER_MAX_BYTES * 4 + 1], *end;
	double v;

	if (short_decimal(text, out))
		return 0;
	point = localeconv()->decimal_point;
	plen = point != NULL ? strlen(point) : 0;
	if (plen == 0 || plen > 4)
		point = ".", plen = 1;
	if (!number_syntax(text) || strlen(text) > NUMBER_MAX_BYTES)
		return -1;
	/* strtod reads the locale's decimal point: translate ours to it. */
	for (s = text; *s != '\0'; s++) {
		if (*s == '.') {
			memcpy(buf + n, point, plen);
			n += plen;
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = '\0';
	v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

size_t socialcap__ds_format_double(char *buf, size_t size, double v)
{
	char raw[64];
	size_t i, n = 0;
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		double back;
		int in_point = 0;

		snprintf(raw, sizeof(raw), "%.*g", prec, v);
		/* Whatever the locale put for the decimal point becomes '.'. */
		for (i = 0, n = 0; raw[i] != '\0' && n + 1 < size; i++) {
			char c = raw[i];

			if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == 'e') {
				buf[n++] = c;
				in_point = 0;
			} else if (!in_point) {
				buf[n++] = '.';
				in_point = 1;
			}
		}
		buf[n] = '\0';
		if (socialcap__ds_parse_double(buf, &back) == 0 && back == v)
			break;
	}
	return n;
}

int socialcap__ds_number(ds_ctx *ctx, ds_table *t, int col, double dflt,
			 double *out)
{
	const char *text = socialcap__ds_value(t, col);
	const char *name = t->spec->cols[col].name;

	if (*text == '\0') {
		if (t->spec->cols[col].required)
			return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EINVAL,
						     "%s: empty", name);
		*out = dflt;
		return 0;
	}
	if (socialcap__ds_parse_double(text, out) != 0)
		return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EPARSE,
					     "%s: not a finite decimal number", name);
	return 0;
}

int socialcap__ds_int(ds_ctx *ctx, ds_table *t, int col, int *out)
{
	const char *text = socialcap__ds_value(t, col);
	const char *name = t->spec->cols[col].name;
	const char *s = text;
	long v = 0;
	int neg = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (*s == '\0')
		return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EPARSE,
					     "%s: not an integer", name);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EPARSE,
						     "%s: not an integer", name);
		v = v * 10 + (*s - '0');
		if (v > 2147483647L)
			return socialcap__ds_problem(ctx, t, col, SOCIALCAP_ERANGE,
						     "%s: integer out of range", name);
	}
	*out = (int)(neg ? -v : v);
	return 0;
}

int socialcap__ds_time(ds_ctx *ctx, ds_table *t, int col, int64_t *out)
{
	const char *text = socialcap__ds_value(t, col);
	const char *name = t->spec->cols[col].name;

	if (*text == '\0') {
		if (t->spec->cols[col].required)
			return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EINVAL,
						     "%s: empty", name);
		*out = SOCIALCAP_TIME_NONE;
		return 0;
	}
	if (socialcap_time_parse(out, text) != 0)
		return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EPARSE,
					     "%s: not an ISO 8601 date or date-time", name);
	return 0;
}

/* The messages above name the column and its line:column but never quote
 * the cell: a dataset holds personal data, and error texts end up in logs
 * that are less protected than the data itself. (Header names, which are
 * the format's own words, are still quoted with socialcap__ds_echo().) */
int socialcap__ds_enum(ds_ctx *ctx, ds_table *t, int col,
		       const char *const *names, size_t count, int *out)
{
	const char *text = socialcap__ds_value(t, col);
	const char *name = t->spec->cols[col].name;
	size_t i;

	for (i = 0; i < count; i++) {
		if (strcmp(text, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	if (count == 2)
		return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EINVAL,
					     "%s: must be %s or %s", name, names[0],
					     names[1]);
	return socialcap__ds_problem(ctx, t, col, SOCIALCAP_EINVAL,
				     "%s: must be %s, %s or %s", name,
				     names[0], names[1], names[2]);
}
