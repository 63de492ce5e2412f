#include "errors.h"

#include <stdio.h>
#include <string.h>

const char *socialcap_error_name(int status)
{
	switch (status) {
	case SOCIALCAP_OK:
		return "SOCIALCAP_OK";
#define SOCIALCAP__ERRNO_NAME(name, value, text)                               \
	case SOCIALCAP_##name:                                                 \
		return "SOCIALCAP_" #name;
		SOCIALCAP_ERRNO_MAP(SOCIALCAP__ERRNO_NAME)
#undef SOCIALCAP__ERRNO_NAME
	default:
		return "SOCIALCAP_UNKNOWN";
	}
}

const char *socialcap_strerror(int status)
{
	switch (status) {
	case SOCIALCAP_OK:
		return "success";
#define SOCIALCAP__ERRNO_TEXT(name, value, text)                               \
	case SOCIALCAP_##name:                                                 \
		return text;
		SOCIALCAP_ERRNO_MAP(SOCIALCAP__ERRNO_TEXT)
#undef SOCIALCAP__ERRNO_TEXT
	default:
		return "unknown status code";
	}
}

void socialcap_error_clear(socialcap_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof(*err));
}

int socialcap__errbuf_set(char *buf, size_t size, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return status;
}

void socialcap__copy_text(char *dst, size_t size, const char *src)
{
	size_t n;

	if (size == 0)
		return;
	n = src != NULL ? strlen(src) : 0;
	if (n >= size)
		n = size - 1;
	if (n > 0)
		memcpy(dst, src, n);
	dst[n] = '\0';
}
