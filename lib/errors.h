/* Helpers for filling error messages; private to the library. */
#ifndef SOCIALCAP_ERRORS_H
#define SOCIALCAP_ERRORS_H

#include <stdarg.h>
#include <stddef.h>

#include "socialcap/common.h"

#if defined(__GNUC__)
#define SOCIALCAP__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SOCIALCAP__PRINTF(a, b)
#endif

/* Format a one-line message into buf and return status, so that a failure
 * can be reported as `return socialcap__errbuf_set(...)`. */
int socialcap__errbuf_set(char *buf, size_t size, int status, const char *fmt, ...)
	SOCIALCAP__PRINTF(4, 5);

/* strlcpy-like: always NUL-terminates, truncates silently. */
void socialcap__copy_text(char *dst, size_t size, const char *src);

#endif
