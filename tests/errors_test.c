/* Status codes, their names and messages, the error struct and the version. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "socialcap.h"

typedef struct code_row {
	int value;
	const char *name;
	const char *text;
} code_row;

/* The list as the header spells it, so a renamed or renumbered code shows. */
static const code_row codes[] = {
#define ROW(name, value, text) {value, "SOCIALCAP_" #name, text},
	SOCIALCAP_ERRNO_MAP(ROW)
#undef ROW
};
#define CODE_COUNT (sizeof(codes) / sizeof(codes[0]))

static void test_codes_are_negative_and_distinct(void **state)
{
	size_t i, j;

	(void)state;
	assert_int_equal(CODE_COUNT, 11);
	for (i = 0; i < CODE_COUNT; i++) {
		assert_true(codes[i].value < 0);
		for (j = i + 1; j < CODE_COUNT; j++)
			assert_int_not_equal(codes[i].value, codes[j].value);
	}
	/* The enum and the values some callers hard-code must agree. */
	assert_int_equal(SOCIALCAP_OK, 0);
	assert_int_equal(SOCIALCAP_ENOMEM, -1);
	assert_int_equal(SOCIALCAP_EINVAL, -2);
	assert_int_equal(SOCIALCAP_ENOTFOUND, -3);
	assert_int_equal(SOCIALCAP_EEXISTS, -4);
	assert_int_equal(SOCIALCAP_ERANGE, -5);
	assert_int_equal(SOCIALCAP_EPARSE, -6);
	assert_int_equal(SOCIALCAP_EIO, -7);
	assert_int_equal(SOCIALCAP_EFORMAT, -8);
	assert_int_equal(SOCIALCAP_ELIMIT, -9);
	assert_int_equal(SOCIALCAP_ECANCELED, -10);
	assert_int_equal(SOCIALCAP_EVERSION, -11);
}

static void test_every_code_has_its_name_and_message(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < CODE_COUNT; i++) {
		assert_string_equal(socialcap_error_name(codes[i].value), codes[i].name);
		assert_string_equal(socialcap_strerror(codes[i].value), codes[i].text);
		assert_true(strlen(codes[i].text) > 0);
	}
	assert_string_equal(socialcap_error_name(SOCIALCAP_OK), "SOCIALCAP_OK");
	assert_string_equal(socialcap_strerror(SOCIALCAP_OK), "success");
	assert_string_equal(socialcap_error_name(SOCIALCAP_ENOMEM), "SOCIALCAP_ENOMEM");
	assert_string_equal(socialcap_strerror(SOCIALCAP_ENOMEM), "out of memory");
}

static void test_names_and_messages_are_distinct(void **state)
{
	size_t i, j;
	const int all = (int)CODE_COUNT + 1;

	(void)state;
	/* Index CODE_COUNT stands for SOCIALCAP_OK. */
	for (i = 0; i < (size_t)all; i++) {
		int ci = i < CODE_COUNT ? codes[i].value : SOCIALCAP_OK;

		for (j = i + 1; j < (size_t)all; j++) {
			int cj = j < CODE_COUNT ? codes[j].value : SOCIALCAP_OK;

			assert_string_not_equal(socialcap_error_name(ci),
						socialcap_error_name(cj));
			assert_string_not_equal(socialcap_strerror(ci),
						socialcap_strerror(cj));
		}
	}
}

static void test_unknown_codes(void **state)
{
	const int unknown[] = {1, 2, -12, -100, 12345, INT_MIN, INT_MAX};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		const char *name = socialcap_error_name(unknown[i]);
		const char *text = socialcap_strerror(unknown[i]);

		assert_non_null(name);
		assert_non_null(text);
		assert_string_equal(name, "SOCIALCAP_UNKNOWN");
		assert_string_equal(text, "unknown status code");
		/* An unknown code must never be mistaken for a known one. */
		for (k = 0; k < CODE_COUNT; k++) {
			assert_string_not_equal(name, codes[k].name);
			assert_string_not_equal(text, codes[k].text);
		}
	}
}

static void test_error_clear(void **state)
{
	socialcap_error err;
	socialcap_error zero;

	(void)state;
	memset(&err, 0x5a, sizeof(err));
	memset(&zero, 0, sizeof(zero));
	socialcap_error_clear(&err);
	assert_int_equal(err.status, 0);
	assert_string_equal(err.file, "");
	assert_string_equal(err.field, "");
	assert_string_equal(err.message, "");
	assert_true(err.line == 0 && err.column == 0 && err.offset == 0);
	assert_memory_equal(&err, &zero, sizeof(err));
	socialcap_error_clear(NULL); /* NULL-safe */
}

static void test_version_macros_match_run_time(void **state)
{
	char expect[64];

	(void)state;
	snprintf(expect, sizeof(expect), "%d.%d.%d", SOCIALCAP_VERSION_MAJOR,
		 SOCIALCAP_VERSION_MINOR, SOCIALCAP_VERSION_PATCH);
	assert_string_equal(SOCIALCAP_VERSION_STRING, expect);
	assert_non_null(socialcap_version_string());
	assert_string_equal(socialcap_version_string(), expect);
	assert_int_equal(SOCIALCAP_VERSION_NUMBER,
			 SOCIALCAP_VERSION_MAJOR * 1000000 +
				 SOCIALCAP_VERSION_MINOR * 1000 +
				 SOCIALCAP_VERSION_PATCH);
	assert_int_equal(socialcap_version_number(), SOCIALCAP_VERSION_NUMBER);
	/* The number encoding only works while minor and patch stay < 1000. */
	assert_in_range(SOCIALCAP_VERSION_MINOR, 0, 999);
	assert_in_range(SOCIALCAP_VERSION_PATCH, 0, 999);
	assert_true(SOCIALCAP_VERSION_MAJOR >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes_are_negative_and_distinct),
		cmocka_unit_test(test_every_code_has_its_name_and_message),
		cmocka_unit_test(test_names_and_messages_are_distinct),
		cmocka_unit_test(test_unknown_codes),
		cmocka_unit_test(test_error_clear),
		cmocka_unit_test(test_version_macros_match_run_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
