/* ISO 8601 times and durations: parsing, formatting, bounds and junk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "socialcap.h"

#define MIN_TIME INT64_C(-62167219200) /* 0000-01-01T00:00:00Z */
#define MAX_TIME INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

static int64_t parse_ok(const char *text)
{
	int64_t t = 12345;
	int rc = socialcap_time_parse(&t, text);

	if (rc != 0)
		print_error("time_parse(\"%s\") returned %d\n", text, rc);
	assert_int_equal(rc, 0);
	return t;
}

static void test_parse_dates(void **state)
{
	(void)state;
	/* Values pinned with Python's datetime. */
	assert_int_equal(parse_ok("1970-01-01"), 0);
	assert_int_equal(parse_ok("2021-01-23"), INT64_C(1611360000));
	assert_int_equal(parse_ok("2000-02-29"), INT64_C(951782400));
	assert_int_equal(parse_ok("1900-01-01"), INT64_C(-2208988800));
	assert_int_equal(parse_ok("0001-01-01"), INT64_C(-62135596800));
	assert_int_equal(parse_ok("0000-01-01"), MIN_TIME);
	assert_int_equal(parse_ok("0000-02-29"), MIN_TIME + 59 * 86400); /* year 0 is leap */
	assert_int_equal(parse_ok("9999-12-31"), MAX_TIME - 86399);
}

static void test_parse_date_times(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2021-01-23T20:30:00Z"), INT64_C(1611433800));
	assert_int_equal(parse_ok("2021-01-23T20:30:00"), INT64_C(1611433800));
	assert_int_equal(parse_ok("2021-01-23T20:30Z"), INT64_C(1611433800));
	assert_int_equal(parse_ok("2021-01-23T20:30"), INT64_C(1611433800));
	assert_int_equal(parse_ok("2021-01-23 20:30:00"), INT64_C(1611433800));
	assert_int_equal(parse_ok("2021-01-23 20:30:00Z"), INT64_C(1611433800));
	assert_int_equal(parse_ok("2021-01-23T20:30:59Z"), INT64_C(1611433859));
	assert_int_equal(parse_ok("1969-12-31T23:59:59Z"), -1);
	assert_int_equal(parse_ok("2020-02-29T12:00:00Z"), INT64_C(1582977600));
	assert_int_equal(parse_ok("1066-10-14T09:00:00Z"), INT64_C(-28502722800));
	assert_int_equal(parse_ok("9999-12-31T23:59:59Z"), MAX_TIME);
	assert_int_equal(parse_ok("0000-01-01T00:00:00Z"), MIN_TIME);
}

static void test_parse_offsets(void **state)
{
	const int64_t utc = INT64_C(1611433800); /* 2021-01-23T20:30:00Z */

	(void)state;
	assert_int_equal(parse_ok("2021-01-23T21:30:00+01:00"), utc);
	assert_int_equal(parse_ok("2021-01-23T15:00:00-05:30"), utc);
	assert_int_equal(parse_ok("2021-01-23T20:30:00+00:00"), utc);
	assert_int_equal(parse_ok("2021-01-23T20:30:00-00:00"), utc);
	assert_int_equal(parse_ok("2021-01-23T21:30+01:00"), utc);
	assert_int_equal(parse_ok("2021-01-23 21:30:00+01:00"), utc);
	/* An offset carries the time over a day, month and year boundary. */
	assert_int_equal(parse_ok("2021-01-01T00:30:00+01:00"),
			 parse_ok("2020-12-31T23:30:00Z"));
	assert_int_equal(parse_ok("2020-12-31T23:30:00-01:00"),
			 parse_ok("2021-01-01T00:30:00Z"));
	assert_int_equal(parse_ok("2021-01-23T00:00:00+23:59"),
			 parse_ok("2021-01-22T00:01:00Z"));
}

static void test_parse_rejects(void **state)
{
	static const char *const bad[] = {
		"", "2021", "2021-01", "2021-01-", "2021/01/23", "20210123",
		/* impossible dates */
		"2021-02-29", "2020-02-30", "1900-02-29", "2100-02-29", "2021-04-31",
		"2021-06-31", "2021-09-31", "2021-11-31", "2021-01-32", "2021-13-01",
		"2021-00-10", "2021-01-00", "2021-99-99",
		/* impossible times */
		"2021-01-23T24:00:00Z", "2021-01-23T23:60:00Z", "2021-01-23T23:59:60Z",
		"2021-01-23T99:00",
		/* short or long fields */
		"2021-1-23", "21-01-23", "2021-01-3", "02021-01-23", "2021-001-23",
		"2021-01-23T2:30", "2021-01-23T20:3", "2021-01-23T20:30:0",
		"2021-01-23T20", "2021-01-23T", "2021-01-23 ", "2021-01-23T20:30:",
		"2021-01-23T20:30:000",
		/* bad zones */
		"2021-01-23Z", "2021-01-23+01:00", "2021-01-23T20:30:00+1:00",
		"2021-01-23T20:30:00+01", "2021-01-23T20:30:00+0100",
		"2021-01-23T20:30:00+24:00", "2021-01-23T20:30:00+01:60",
		"2021-01-23T20:30:00+", "2021-01-23T20:30:00ZZ",
		"2021-01-23T20:30:00Z+01:00",
		/* trailing and leading junk */
		"2021-01-23x", "2021-01-23T20:30:00Zx", "2021-01-23T20:30:00 ",
		" 2021-01-23", "2021-01-23T20:30:00.5Z", "+2021-01-23", "-0001-01-01",
		"2021-01-23\n", "2021-01-23T20:30:00Z\t",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t t = 777;
		int rc = socialcap_time_parse(&t, bad[i]);

		if (rc != SOCIALCAP_EPARSE)
			print_error("time_parse(\"%s\") returned %d\n", bad[i], rc);
		assert_int_equal(rc, SOCIALCAP_EPARSE);
		assert_int_equal(t, 777); /* untouched on failure */
	}
}

static void test_parse_null(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(socialcap_time_parse(NULL, "2021-01-23"), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_time_parse(&t, NULL), SOCIALCAP_EINVAL);
}

static void test_leap_years(void **state)
{
	int64_t t;
	char text[16];
	int y;

	(void)state;
	for (y = 1582; y <= 2420; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		snprintf(text, sizeof(text), "%04d-02-29", y);
		assert_int_equal(socialcap_time_parse(&t, text),
				 leap ? 0 : SOCIALCAP_EPARSE);
		snprintf(text, sizeof(text), "%04d-02-28", y);
		assert_int_equal(socialcap_time_parse(&t, text), 0);
		snprintf(text, sizeof(text), "%04d-02-30", y);
		assert_int_equal(socialcap_time_parse(&t, text), SOCIALCAP_EPARSE);
	}
}

static void test_format_pinned(void **state)
{
	char buf[SOCIALCAP_TIME_TEXT_SIZE];

	(void)state;
	assert_int_equal(socialcap_time_format(buf, sizeof(buf), 0), 0);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	assert_int_equal(socialcap_time_format(buf, sizeof(buf), -1), 0);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	assert_int_equal(socialcap_time_format(buf, sizeof(buf), INT64_C(1611433800)), 0);
	assert_string_equal(buf, "2021-01-23T20:30:00Z");
	assert_int_equal(socialcap_time_format(buf, sizeof(buf), MIN_TIME), 0);
	assert_string_equal(buf, "0000-01-01T00:00:00Z");
	assert_int_equal(socialcap_time_format(buf, sizeof(buf), MAX_TIME), 0);
	assert_string_equal(buf, "9999-12-31T23:59:59Z");
	assert_int_equal(socialcap_date_format(buf, sizeof(buf), -1), 0);
	assert_string_equal(buf, "1969-12-31");
	assert_int_equal(socialcap_date_format(buf, sizeof(buf), INT64_C(1611433800)), 0);
	assert_string_equal(buf, "2021-01-23");
	assert_int_equal(socialcap_date_format(buf, sizeof(buf), MIN_TIME), 0);
	assert_string_equal(buf, "0000-01-01");
	assert_int_equal(socialcap_date_format(buf, sizeof(buf), MAX_TIME), 0);
	assert_string_equal(buf, "9999-12-31");
}

static void test_format_range(void **state)
{
	const int64_t out[] = {MIN_TIME - 1, MAX_TIME + 1, INT64_MIN, INT64_MAX,
			       INT64_MIN + 1, MIN_TIME - 86400, MAX_TIME + 86400};
	char buf[SOCIALCAP_TIME_TEXT_SIZE];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		assert_int_equal(socialcap_time_format(buf, sizeof(buf), out[i]),
				 SOCIALCAP_ERANGE);
		assert_int_equal(socialcap_date_format(buf, sizeof(buf), out[i]),
				 SOCIALCAP_ERANGE);
	}
}

static void test_format_buffer_size(void **state)
{
	char buf[SOCIALCAP_TIME_TEXT_SIZE];

	(void)state;
	assert_true(SOCIALCAP_TIME_TEXT_SIZE >= 21);
	assert_int_equal(socialcap_time_format(NULL, 32, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_time_format(buf, 0, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_time_format(buf, 20, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_time_format(buf, 21, MAX_TIME), 0);
	assert_string_equal(buf, "9999-12-31T23:59:59Z");
	assert_int_equal(socialcap_date_format(NULL, 32, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_date_format(buf, 10, 0), SOCIALCAP_EINVAL);
	assert_int_equal(socialcap_date_format(buf, 11, MAX_TIME), 0);
	assert_string_equal(buf, "9999-12-31");
}

/* An independent reference: the C library's gmtime_r (64-bit time_t). */
static void reference_text(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	assert_non_null(gmtime_r(&tt, &tm));
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void check_round_trip(int64_t t)
{
	char buf[SOCIALCAP_TIME_TEXT_SIZE], ref[64], date[16];
	int64_t back = 0, day = 0;

	assert_int_equal(socialcap_time_format(buf, sizeof(buf), t), 0);
	reference_text(t, ref, sizeof(ref));
	if (strcmp(buf, ref) != 0)
		print_error("t=%lld: %s, reference %s\n", (long long)t, buf, ref);
	assert_string_equal(buf, ref);
	assert_int_equal(socialcap_time_parse(&back, buf), 0);
	assert_int_equal(back, t);
	assert_int_equal(socialcap_date_format(date, sizeof(date), t), 0);
	assert_memory_equal(date, buf, 10);
	assert_int_equal(socialcap_time_parse(&day, date), 0);
	assert_true(day <= t && t - day < 86400);
}

static void test_round_trip_over_range(void **state)
{
	/* A step coprime with a day and a year visits every time of day and
	 * every day of the calendar cycle. */
	const int64_t step = INT64_C(12345679) * 7 + 13;
	int64_t t;

	(void)state;
	assert_true(sizeof(time_t) >= 8);
	for (t = MIN_TIME; t <= MAX_TIME; t += step)
		check_round_trip(t);
	for (t = -3 * 86400; t <= 3 * 86400; t += 3599)
		check_round_trip(t);
	check_round_trip(MIN_TIME);
	check_round_trip(MIN_TIME + 1);
	check_round_trip(MAX_TIME);
	check_round_trip(MAX_TIME - 1);
	check_round_trip(-1);
	check_round_trip(0);
	check_round_trip(INT64_C(951782400));     /* 2000-02-29 */
	check_round_trip(INT64_C(4107542400));    /* 2100-03-01 */
	check_round_trip(INT64_C(-2203891200));   /* 1900-03-01 */
}

static void test_every_day_matches_reference(void **state)
{
	int64_t day;

	(void)state;
	/* Every midnight and last second of 1600-01-01 .. 2400-12-31. */
	for (day = -135140; day <= 157419; day++) {
		check_round_trip(day * 86400);
		check_round_trip(day * 86400 + 86399);
	}
}

static int64_t duration_ok(const char *text)
{
	int64_t d = -1;
	int rc = socialcap_duration_parse(&d, text);

	if (rc != 0)
		print_error("duration_parse(\"%s\") returned %d\n", text, rc);
	assert_int_equal(rc, 0);
	return d;
}

static void test_duration_units(void **state)
{
	(void)state;
	assert_int_equal(duration_ok("0s"), 0);
	assert_int_equal(duration_ok("0d"), 0);
	assert_int_equal(duration_ok("45s"), 45);
	assert_int_equal(duration_ok("2h"), 7200);
	assert_int_equal(duration_ok("180d"), INT64_C(15552000));
	assert_int_equal(duration_ok("26w"), INT64_C(15724800));
	assert_int_equal(duration_ok("6m"), INT64_C(15552000));
	assert_int_equal(duration_ok("1m"), 30 * 86400);
	assert_int_equal(duration_ok("1y"), INT64_C(31536000));
	assert_int_equal(duration_ok("007d"), 7 * 86400);
}

static void test_duration_overflow(void **state)
{
	int64_t d = 99;

	(void)state;
	/* The largest representable values are accepted... */
	assert_int_equal(duration_ok("9223372036854775807s"), INT64_MAX);
	assert_int_equal(duration_ok("9223372036854775800s"), INT64_C(9223372036854775800));
	assert_int_equal(duration_ok("106751991167300d"), INT64_C(106751991167300) * 86400);
	assert_int_equal(duration_ok("2562047788015215h"), INT64_C(2562047788015215) * 3600);
	assert_int_equal(duration_ok("292471208677y"), INT64_C(292471208677) * 31536000);
	/* ...and one more overflows. */
	assert_int_equal(socialcap_duration_parse(&d, "9223372036854775808s"), SOCIALCAP_ERANGE);
	assert_int_equal(socialcap_duration_parse(&d, "9223372036854775810s"), SOCIALCAP_ERANGE);
	assert_int_equal(socialcap_duration_parse(&d, "99999999999999999999999d"),
			 SOCIALCAP_ERANGE);
	assert_int_equal(socialcap_duration_parse(&d, "106751991167301d"), SOCIALCAP_ERANGE);
	assert_int_equal(socialcap_duration_parse(&d, "2562047788015216h"), SOCIALCAP_ERANGE);
	assert_int_equal(socialcap_duration_parse(&d, "292471208678y"), SOCIALCAP_ERANGE);
	assert_int_equal(d, 99);
}

static void test_duration_rejects(void **state)
{
	static const char *const bad[] = {
		"", "d", "5", "5x", "5d ", " 5d", "-5d", "+5d", "5.5d", "5D", "5S",
		"5dd", "5ds", "0x10s", "5 d", "1e3s", "5d\n", "١d", "5min", "5M",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t d = 99;
		int rc = socialcap_duration_parse(&d, bad[i]);

		if (rc != SOCIALCAP_EPARSE)
			print_error("duration_parse(\"%s\") returned %d\n", bad[i], rc);
		assert_int_equal(rc, SOCIALCAP_EPARSE);
		assert_int_equal(d, 99);
	}
	assert_int_equal(socialcap_duration_parse(NULL, "5d"), SOCIALCAP_EINVAL);
	{
		int64_t d;

		assert_int_equal(socialcap_duration_parse(&d, NULL), SOCIALCAP_EINVAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_dates),
		cmocka_unit_test(test_parse_date_times),
		cmocka_unit_test(test_parse_offsets),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_null),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_format_pinned),
		cmocka_unit_test(test_format_range),
		cmocka_unit_test(test_format_buffer_size),
		cmocka_unit_test(test_round_trip_over_range),
		cmocka_unit_test(test_every_day_matches_reference),
		cmocka_unit_test(test_duration_units),
		cmocka_unit_test(test_duration_overflow),
		cmocka_unit_test(test_duration_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
