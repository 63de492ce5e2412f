/* ISO 8601 dates and durations, without the C library's locale-dependent
 * and time-zone-dependent functions (timegm is not in C11). */
#include <stdio.h>
#include <string.h>

#include "socialcap/time.h"

/* Days from 1970-01-01 to y-m-d on the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int64_t m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Read exactly @p n digits at *p. */
static int digits(const char **p, int n, int64_t *out)
{
	int64_t v = 0;
	int i;

	for (i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int expect(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

/* Parse [Z|+HH:MM|-HH:MM] into seconds east of UTC. */
static int parse_zone(const char **p, int64_t *offset)
{
	int64_t hh, mm, sign;

	*offset = 0;
	if (**p == 'Z') {
		(*p)++;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return 0;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (digits(p, 2, &hh) || expect(p, ':') || digits(p, 2, &mm) || hh > 23 ||
	    mm > 59)
		return -1;
	*offset = sign * (hh * 3600 + mm * 60);
	return 0;
}

int socialcap_time_parse(int64_t *out, const char *text)
{
	const char *p = text;
	int64_t y, mo, d, hh = 0, mi = 0, ss = 0, offset = 0;

	if (out == NULL || text == NULL)
		return SOCIALCAP_EINVAL;
	if (digits(&p, 4, &y) || expect(&p, '-') || digits(&p, 2, &mo) ||
	    expect(&p, '-') || digits(&p, 2, &d))
		return SOCIALCAP_EPARSE;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return SOCIALCAP_EPARSE;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(&p, 2, &hh) || expect(&p, ':') || digits(&p, 2, &mi))
			return SOCIALCAP_EPARSE;
		if (*p == ':' && (p++, digits(&p, 2, &ss)))
			return SOCIALCAP_EPARSE;
		if (hh > 23 || mi > 59 || ss > 59)
			return SOCIALCAP_EPARSE;
		if (parse_zone(&p, &offset))
			return SOCIALCAP_EPARSE;
	}
	if (*p != '\0')
		return SOCIALCAP_EPARSE;
	*out = days_from_civil(y, mo, d) * SOCIALCAP_DAY + hh * 3600 + mi * 60 + ss -
	       offset;
	return SOCIALCAP_OK;
}

/* Earliest and latest times with a four-digit year. */
#define MIN_TIME (INT64_C(-62167219200))             /* 0000-01-01T00:00:00Z */
#define MAX_TIME (INT64_C(253402300799))             /* 9999-12-31T23:59:59Z */

static int split_time(int64_t t, int64_t *y, int64_t *mo, int64_t *d, int64_t *secs)
{
	int64_t days;

	if (t < MIN_TIME || t > MAX_TIME)
		return SOCIALCAP_ERANGE;
	days = t / SOCIALCAP_DAY;
	*secs = t % SOCIALCAP_DAY;
	if (*secs < 0) {
		*secs += SOCIALCAP_DAY;
		days--;
	}
	civil_from_days(days, y, mo, d);
	return SOCIALCAP_OK;
}

int socialcap_time_format(char *buf, size_t size, int64_t t)
{
	int64_t y, mo, d, s;
	int rc;

	if (buf == NULL || size < 21)
		return SOCIALCAP_EINVAL;
	if ((rc = split_time(t, &y, &mo, &d, &s)) != 0)
		return rc;
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)mo, (int)d,
		 (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
	return SOCIALCAP_OK;
}

int socialcap_date_format(char *buf, size_t size, int64_t t)
{
	int64_t y, mo, d, s;
	int rc;

	if (buf == NULL || size < 11)
		return SOCIALCAP_EINVAL;
	if ((rc = split_time(t, &y, &mo, &d, &s)) != 0)
		return rc;
	snprintf(buf, size, "%04d-%02d-%02d", (int)y, (int)mo, (int)d);
	return SOCIALCAP_OK;
}

int socialcap_duration_parse(int64_t *out, const char *text)
{
	const char *p = text;
	int64_t v = 0, unit;

	if (out == NULL || text == NULL)
		return SOCIALCAP_EINVAL;
	if (*p < '0' || *p > '9')
		return SOCIALCAP_EPARSE;
	for (; *p >= '0' && *p <= '9'; p++) {
		int digit = *p - '0';

		/* Exact bound, so INT64_MAX itself ("9223372036854775807s")
		 * still parses. */
		if (v > (INT64_MAX - digit) / 10)
			return SOCIALCAP_ERANGE;
		v = v * 10 + digit;
	}
	switch (*p) {
	case 's': unit = 1; break;
	case 'h': unit = 3600; break;
	case 'd': unit = SOCIALCAP_DAY; break;
	case 'w': unit = 7 * SOCIALCAP_DAY; break;
	case 'm': unit = 30 * SOCIALCAP_DAY; break;
	case 'y': unit = 365 * SOCIALCAP_DAY; break;
	default: return SOCIALCAP_EPARSE;
	}
	if (p[1] != '\0')
		return SOCIALCAP_EPARSE;
	if (v > INT64_MAX / unit)
		return SOCIALCAP_ERANGE;
	*out = v * unit;
	return SOCIALCAP_OK;
}
