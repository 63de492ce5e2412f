/* Buffered CBOR encoding over libcbor's encoders (see cbor_io.h). */
#include <cbor.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cbor_io.h"

/* Longest head (major type byte plus 8-byte argument) or float. */
#define HEAD_MAX 9

int socialcap__cw_init(socialcap__cw *w, socialcap__mem *mem, int fd, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->mem = mem;
	w->fd = fd;
	w->cap = cap < 64 ? 64 : cap;
	w->buf = socialcap__mem_alloc(mem, w->cap);
	if (w->buf == NULL) {
		w->cap = 0;
		return SOCIALCAP_ENOMEM;
	}
	return SOCIALCAP_OK;
}

void socialcap__cw_free(socialcap__cw *w)
{
	socialcap__mem_free(w->mem, w->buf, w->cap);
	w->buf = NULL;
	w->cap = w->len = 0;
}

int socialcap__cw_flush(socialcap__cw *w)
{
	size_t done = 0;

	if (w->status != 0 || w->fd < 0)
		return w->status;
	while (done < w->len) {
		ssize_t n = write(w->fd, w->buf + done, w->len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->err_no = n < 0 ? errno : EIO;
			w->status = SOCIALCAP_EIO;
			return w->status;
		}
		done += (size_t)n;
	}
	w->written += w->len;
	w->len = 0;
	return SOCIALCAP_OK;
}

/* Make room for @p n more bytes; 0 or the sticky status. */
static int room(socialcap__cw *w, size_t n)
{
	if (w->status != 0)
		return w->status;
	if (w->cap - w->len >= n)
		return SOCIALCAP_OK;
	if (w->fd >= 0) {
		if (socialcap__cw_flush(w) != 0)
			return w->status;
		if (w->cap >= n)
			return SOCIALCAP_OK;
	}
	if (w->len + n < w->len ||
	    socialcap__grow(w->mem, (void **)&w->buf, &w->cap, w->len + n, 1) != 0)
		w->status = SOCIALCAP_ENOMEM;
	return w->status;
}

void socialcap__cw_raw(socialcap__cw *w, const void *p, size_t len)
{
	if (len == 0 || room(w, len) != 0)
		return;
	memcpy(w->buf + w->len, p, len);
	w->len += len;
}

#define ENCODE(w, call)                                                        \
	do {                                                                   \
		if (room((w), HEAD_MAX) == 0)                                  \
			(w)->len += call;                                      \
	} while (0)

#define AT(w) ((w)->buf + (w)->len), HEAD_MAX

void socialcap__cw_uint(socialcap__cw *w, uint64_t v)
{
	ENCODE(w, cbor_encode_uint(v, AT(w)));
}

void socialcap__cw_int(socialcap__cw *w, int64_t v)
{
	if (v >= 0)
		ENCODE(w, cbor_encode_uint((uint64_t)v, AT(w)));
	else
		ENCODE(w, cbor_encode_negint((uint64_t)(-(v + 1)), AT(w)));
}

void socialcap__cw_array(socialcap__cw *w, uint64_t n)
{
	ENCODE(w, cbor_encode_array_start((size_t)n, AT(w)));
}

void socialcap__cw_map(socialcap__cw *w, uint64_t n)
{
	ENCODE(w, cbor_encode_map_start((size_t)n, AT(w)));
}

void socialcap__cw_tag(socialcap__cw *w, uint64_t tag)
{
	ENCODE(w, cbor_encode_tag(tag, AT(w)));
}

void socialcap__cw_null(socialcap__cw *w)
{
	ENCODE(w, cbor_encode_null(AT(w)));
}

void socialcap__cw_text(socialcap__cw *w, const char *s, size_t len)
{
	ENCODE(w, cbor_encode_string_start(len, AT(w)));
	socialcap__cw_raw(w, s, len);
}

void socialcap__cw_bytes(socialcap__cw *w, const void *p, size_t len)
{
	ENCODE(w, cbor_encode_bytestring_start(len, AT(w)));
	socialcap__cw_raw(w, p, len);
}

/* A float whose exponent is in half precision's normal range and whose
 * mantissa fits 10 bits converts to half precision exactly. */
static int half_exact(float f)
{
	uint32_t bits;
	int exp;

	memcpy(&bits, &f, sizeof(bits));
	exp = (int)((bits >> 23) & 0xffu) - 127;
	return exp >= -14 && exp <= 15 && (bits & 0x1fffu) == 0;
}

void socialcap__cw_number(socialcap__cw *w, double d)
{
	const double limit = 9007199254740992.0; /* 2^53 */

	if (d == floor(d) && fabs(d) <= limit && !(d == 0.0 && signbit(d))) {
		socialcap__cw_int(w, (int64_t)d);
	} else if (isfinite(d) && fabs(d) <= 3.4e38 && (double)(float)d == d) {
		float f = (float)d;

		if (half_exact(f))
			ENCODE(w, cbor_encode_half(f, AT(w)));
		else
			ENCODE(w, cbor_encode_single(f, AT(w)));
	} else {
		ENCODE(w, cbor_encode_double(d, AT(w)));
	}
}

void socialcap__cw_number_or_null(socialcap__cw *w, double d)
{
	if (isnan(d))
		socialcap__cw_null(w);
	else
		socialcap__cw_number(w, d);
}
