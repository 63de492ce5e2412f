/* A pull tokenizer over cbor_stream_decode (see cbor_io.h). */
#include <cbor.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cbor_io.h"
#include "network_internal.h"

/* Refill buffer of file sources; also the longest single item (a string
 * with its head) a file may contain, far above any text limit. */
#define READ_BUFFER ((size_t)64 * 1024)

/* The callbacks store the head they saw in the token passed as context. */
#define TOKEN(ctx) ((socialcap__token *)(ctx))

static void on_uint8(void *c, uint8_t v) { TOKEN(c)->type = SOCIALCAP__TK_UINT; TOKEN(c)->u = v; }
static void on_uint16(void *c, uint16_t v) { TOKEN(c)->type = SOCIALCAP__TK_UINT; TOKEN(c)->u = v; }
static void on_uint32(void *c, uint32_t v) { TOKEN(c)->type = SOCIALCAP__TK_UINT; TOKEN(c)->u = v; }
static void on_uint64(void *c, uint64_t v) { TOKEN(c)->type = SOCIALCAP__TK_UINT; TOKEN(c)->u = v; }
static void on_neg8(void *c, uint8_t v) { TOKEN(c)->type = SOCIALCAP__TK_NEG; TOKEN(c)->u = v; }
static void on_neg16(void *c, uint16_t v) { TOKEN(c)->type = SOCIALCAP__TK_NEG; TOKEN(c)->u = v; }
static void on_neg32(void *c, uint32_t v) { TOKEN(c)->type = SOCIALCAP__TK_NEG; TOKEN(c)->u = v; }
static void on_neg64(void *c, uint64_t v) { TOKEN(c)->type = SOCIALCAP__TK_NEG; TOKEN(c)->u = v; }

static void on_bytes(void *c, cbor_data p, size_t n)
{
	TOKEN(c)->type = SOCIALCAP__TK_BYTES;
	TOKEN(c)->ptr = p;
	TOKEN(c)->len = n;
}

static void on_text(void *c, cbor_data p, size_t n)
{
	TOKEN(c)->type = SOCIALCAP__TK_TEXT;
	TOKEN(c)->ptr = p;
	TOKEN(c)->len = n;
}

static void on_array(void *c, size_t n) { TOKEN(c)->type = SOCIALCAP__TK_ARRAY; TOKEN(c)->u = n; }
static void on_map(void *c, size_t n) { TOKEN(c)->type = SOCIALCAP__TK_MAP; TOKEN(c)->u = n; }
static void on_tag(void *c, uint64_t v) { TOKEN(c)->type = SOCIALCAP__TK_TAG; TOKEN(c)->u = v; }
static void on_float(void *c, float f) { TOKEN(c)->type = SOCIALCAP__TK_FLOAT; TOKEN(c)->d = f; }
static void on_double(void *c, double d) { TOKEN(c)->type = SOCIALCAP__TK_FLOAT; TOKEN(c)->d = d; }
static void on_null(void *c) { TOKEN(c)->type = SOCIALCAP__TK_NULL; }
static void on_simple(void *c) { TOKEN(c)->type = SOCIALCAP__TK_SIMPLE; }
static void on_bool(void *c, bool b) { (void)b; TOKEN(c)->type = SOCIALCAP__TK_SIMPLE; }
static void on_indef(void *c) { TOKEN(c)->type = SOCIALCAP__TK_INDEF; }

static const struct cbor_callbacks callbacks = {
	.uint8 = on_uint8, .uint16 = on_uint16, .uint32 = on_uint32,
	.uint64 = on_uint64, .negint8 = on_neg8, .negint16 = on_neg16,
	.negint32 = on_neg32, .negint64 = on_neg64,
	.byte_string_start = on_indef, .byte_string = on_bytes,
	.string = on_text, .string_start = on_indef,
	.indef_array_start = on_indef, .array_start = on_array,
	.indef_map_start = on_indef, .map_start = on_map, .tag = on_tag,
	.float2 = on_float, .float4 = on_float, .float8 = on_double,
	.undefined = on_simple, .null = on_null, .boolean = on_bool,
	.indef_break = on_indef,
};

int socialcap__rd_fail(socialcap__reader *r, int status, uint64_t offset,
		       const char *field, const char *fmt, ...)
{
	socialcap_error *e = r->err;
	va_list ap;

	e->status = status;
	e->offset = offset;
	if (field == NULL)
		field = "";
	if (r->prefix != NULL)
		snprintf(e->field, sizeof(e->field), "%s[%llu]%s%s", r->prefix,
			 (unsigned long long)r->index, field[0] ? "." : "", field);
	else
		socialcap__copy_text(e->field, sizeof(e->field), field);
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return status;
}

void socialcap__rd_init_buffer(socialcap__reader *r, const void *data,
			       size_t size, socialcap_error *err)
{
	memset(r, 0, sizeof(*r));
	r->data = data;
	r->len = size;
	r->fd = -1;
	r->eof = 1;
	r->max_bytes = UINT64_MAX;
	r->err = err;
}

int socialcap__rd_init_fd(socialcap__reader *r, socialcap__mem *mem, int fd,
			  uint64_t max_bytes, socialcap_error *err)
{
	memset(r, 0, sizeof(*r));
	r->mem = mem;
	r->fd = fd;
	r->max_bytes = max_bytes;
	r->err = err;
	r->buf = socialcap__mem_alloc(mem, READ_BUFFER);
	if (r->buf == NULL)
		return socialcap__rd_fail(r, SOCIALCAP_ENOMEM, 0, "", "out of memory");
	r->cap = READ_BUFFER;
	r->data = r->buf;
	return SOCIALCAP_OK;
}

void socialcap__rd_free(socialcap__reader *r)
{
	if (r->buf != NULL)
		socialcap__mem_free(r->mem, r->buf, r->cap);
	r->buf = NULL;
}

/* Move the unread bytes to the front and read more; 0 or an error. */
static int refill(socialcap__reader *r)
{
	size_t keep = r->len - r->pos;
	ssize_t n;

	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, keep);
		r->base += r->pos;
		r->pos = 0;
		r->len = keep;
	}
	do
		n = read(r->fd, r->buf + r->len, r->cap - r->len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return socialcap__rd_fail(r, SOCIALCAP_EIO, r->base + r->len, "",
					  "read failed: %s", strerror(errno));
	if (n == 0)
		r->eof = 1;
	r->len += (size_t)n;
	if (r->base + r->len > r->max_bytes)
		return socialcap__rd_fail(r, SOCIALCAP_ELIMIT, r->max_bytes, "",
					  "input larger than the limit of %llu bytes",
					  (unsigned long long)r->max_bytes);
	return SOCIALCAP_OK;
}

int socialcap__rd_at_end(socialcap__reader *r)
{
	while (r->pos == r->len && !r->eof) {
		if (refill(r) != 0)
			return 0;
	}
	return r->pos == r->len;
}

int socialcap__rd_ahead_refill(socialcap__reader *r, size_t n)
{
	int rc;

	if (n > r->cap && r->fd >= 0)
		n = r->cap;
	while (r->len - r->pos < n && !r->eof)
		if ((rc = refill(r)) != 0)
			return rc;
	return SOCIALCAP_OK;
}

int socialcap__rd_seek(socialcap__reader *r, uint64_t offset)
{
	if (r->fd < 0) {
		if (offset < r->base || offset - r->base > r->len)
			return SOCIALCAP_EIO;
		r->pos = (size_t)(offset - r->base);
		return SOCIALCAP_OK;
	}
	if (offset > (uint64_t)INT64_MAX ||
	    lseek(r->fd, (off_t)offset, SEEK_SET) != (off_t)offset)
		return SOCIALCAP_EIO;
	r->base = offset;
	r->pos = r->len = 0;
	r->eof = 0;
	return SOCIALCAP_OK;
}

int socialcap__rd_next(socialcap__reader *r, socialcap__token *t,
		       const char *field)
{
	for (;;) {
		struct cbor_decoder_result res;
		uint64_t at = r->base + r->pos;
		int rc;

		memset(t, 0, sizeof(*t));
		t->type = -1;
		t->offset = at;
		res = cbor_stream_decode(r->data + r->pos, r->len - r->pos,
					 &callbacks, t);
		if (res.status == CBOR_DECODER_FINISHED) {
			if (t->type < 0)
				break;
			r->pos += res.read;
			return SOCIALCAP_OK;
		}
		if (res.status == CBOR_DECODER_ERROR)
			break;
		/* Not enough bytes for this item: read more, if there are
		 * more and the item can fit the buffer at all. */
		if (r->eof)
			return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, at, field,
						  "input ends inside an item (truncated)");
		if (r->pos == 0 && r->len == r->cap)
			return socialcap__rd_fail(r, SOCIALCAP_ELIMIT, at, field,
						  "item longer than %zu bytes", r->cap);
		if ((rc = refill(r)) != 0)
			return rc;
	}
	return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, t->offset, field,
				  "malformed CBOR (reserved or unassigned initial byte 0x%02x)",
				  r->data[r->pos]);
}

static const char *type_name(int type)
{
	static const char *const names[] = {
		"unsigned integer", "negative integer", "byte string",
		"text string", "array", "map", "tag", "float", "null",
		"simple value", "indefinite-length item"};

	return type >= 0 && type <= SOCIALCAP__TK_INDEF ? names[type] : "item";
}

static int wrong_type(socialcap__reader *r, const socialcap__token *t,
		      const char *field, const char *want)
{
	return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, t->offset, field,
				  "expected %s, found %s", want, type_name(t->type));
}

int socialcap__rd_array(socialcap__reader *r, uint64_t *n, const char *field)
{
	socialcap__token t;
	int rc = socialcap__rd_next(r, &t, field);

	if (rc != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_ARRAY)
		return wrong_type(r, &t, field, "an array");
	*n = t.u;
	return SOCIALCAP_OK;
}

int socialcap__rd_array_of(socialcap__reader *r, uint64_t n, const char *field)
{
	uint64_t have = 0;
	int rc = socialcap__rd_array(r, &have, field);

	if (rc == 0 && have != n)
		return socialcap__rd_fail(r, SOCIALCAP_EFORMAT,
					  socialcap__rd_offset(r) - 1, field,
					  "expected an array of %llu items, found %llu",
					  (unsigned long long)n, (unsigned long long)have);
	return rc;
}

int socialcap__rd_uint(socialcap__reader *r, uint64_t *v, uint64_t max,
		       const char *field)
{
	socialcap__token t;
	int rc = socialcap__rd_next(r, &t, field);

	if (rc != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_UINT)
		return wrong_type(r, &t, field, "an unsigned integer");
	if (t.u > max)
		return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, t.offset, field,
					  "out of range (at most %llu)",
					  (unsigned long long)max);
	*v = t.u;
	return SOCIALCAP_OK;
}

static int int_of(socialcap__reader *r, const socialcap__token *t, int64_t *v,
		  const char *field)
{
	if (t->u > (uint64_t)INT64_MAX)
		return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, t->offset, field,
					  "integer does not fit 64 bits");
	*v = t->type == SOCIALCAP__TK_UINT ? (int64_t)t->u : -1 - (int64_t)t->u;
	return SOCIALCAP_OK;
}

int socialcap__rd_int(socialcap__reader *r, int64_t *v, const char *field)
{
	socialcap__token t;
	int rc = socialcap__rd_next(r, &t, field);

	if (rc != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_UINT && t.type != SOCIALCAP__TK_NEG)
		return wrong_type(r, &t, field, "an integer");
	return int_of(r, &t, v, field);
}

int socialcap__rd_time(socialcap__reader *r, int64_t *v, int nullable,
		       const char *field)
{
	socialcap__token t;
	int rc = socialcap__rd_next(r, &t, field);

	if (rc != 0)
		return rc;
	if (nullable && t.type == SOCIALCAP__TK_NULL) {
		*v = SOCIALCAP_TIME_NONE;
		return SOCIALCAP_OK;
	}
	if (t.type != SOCIALCAP__TK_UINT && t.type != SOCIALCAP__TK_NEG)
		return wrong_type(r, &t, field, nullable ? "a time or null" : "a time");
	if ((rc = int_of(r, &t, v, field)) != 0)
		return rc;
	if (*v == SOCIALCAP_TIME_NONE)
		return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, t.offset, field,
					  "time out of range");
	return SOCIALCAP_OK;
}

int socialcap__rd_number(socialcap__reader *r, double *v, int nullable,
			 const char *field)
{
	socialcap__token t;
	int rc = socialcap__rd_next(r, &t, field);

	if (rc != 0)
		return rc;
	switch (t.type) {
	case SOCIALCAP__TK_NULL:
		if (!nullable)
			return wrong_type(r, &t, field, "a number");
		*v = NAN;
		return SOCIALCAP_OK;
	case SOCIALCAP__TK_UINT:
		*v = (double)t.u;
		return SOCIALCAP_OK;
	case SOCIALCAP__TK_NEG:
		*v = -1.0 - (double)t.u;
		return SOCIALCAP_OK;
	case SOCIALCAP__TK_FLOAT:
		if (!isfinite(t.d))
			return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, t.offset, field,
						  "number is not finite (NaN or infinity)%s",
						  nullable ? "; unknown is written as null" : "");
		*v = t.d;
		return SOCIALCAP_OK;
	default:
		return wrong_type(r, &t, field, nullable ? "a number or null" : "a number");
	}
}

int socialcap__rd_text(socialcap__reader *r, const char **s, size_t *len,
		       size_t max, const char *field)
{
	socialcap__token t;
	int rc = socialcap__rd_next(r, &t, field);

	if (rc != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_TEXT)
		return wrong_type(r, &t, field, "a text string");
	if (t.len == 0)
		return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, t.offset, field,
					  "empty text");
	if (t.len > max)
		return socialcap__rd_fail(r, SOCIALCAP_ELIMIT, t.offset, field,
					  "text of %zu bytes is longer than the limit of %zu",
					  t.len, max);
	/* The UTF-8 check rejects every control character, NUL included. */
	if (!socialcap__utf8_valid((const char *)t.ptr, t.len))
		return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, t.offset, field,
					  "not valid UTF-8 text (or contains a control character)");
	*s = (const char *)t.ptr;
	*len = t.len;
	return SOCIALCAP_OK;
}

int socialcap__rd_bytes(socialcap__reader *r, const unsigned char **p,
			size_t len, const char *field)
{
	socialcap__token t;
	int rc = socialcap__rd_next(r, &t, field);

	if (rc != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_BYTES)
		return wrong_type(r, &t, field, "a byte string");
	if (t.len != len)
		return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, t.offset, field,
					  "expected %zu bytes, found %zu", len, t.len);
	*p = t.ptr;
	return SOCIALCAP_OK;
}

int socialcap__rd_skip(socialcap__reader *r, unsigned int max_depth,
		       const char *field)
{
	socialcap__token t;
	uint64_t i, items;
	int rc = socialcap__rd_next(r, &t, field);

	if (rc != 0)
		return rc;
	switch (t.type) {
	case SOCIALCAP__TK_INDEF:
		return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, t.offset, field,
					  "indefinite-length items are not allowed");
	case SOCIALCAP__TK_ARRAY:
	case SOCIALCAP__TK_MAP:
	case SOCIALCAP__TK_TAG:
		if (max_depth == 0)
			return socialcap__rd_fail(r, SOCIALCAP_ELIMIT, t.offset, field,
						  "nested deeper than the limit");
		items = t.type == SOCIALCAP__TK_TAG ? 1 : t.u;
		if (t.type == SOCIALCAP__TK_MAP)
			items = items > UINT64_MAX / 2 ? UINT64_MAX : items * 2;
		/* Each item takes at least one byte, so a count beyond the
		 * input fails at its end; no memory depends on it. */
		for (i = 0; i < items; i++)
			if ((rc = socialcap__rd_skip(r, max_depth - 1, field)) != 0)
				return rc;
		return SOCIALCAP_OK;
	default:
		return SOCIALCAP_OK;
	}
}
