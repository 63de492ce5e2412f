/* The streaming RFC 4180 reader (see csv_reader.h for what it accepts). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
/* SOCIALCAP_CSV_SCAN_PORTABLE: the portable scan on any machine (tests). */
#if defined(__SSE2__) && !defined(SOCIALCAP_CSV_SCAN_PORTABLE)
#define CSV_SCAN_SSE2 1
#include <emmintrin.h>
#endif

#include "csv_reader.h"
#include "errors.h"

#define IN_BYTES ((size_t)64 * 1024)
/* Bytes after the input buffer, so that the record scan may load a whole
 * 16-byte block at any read position (see fast_record). The buffer is
 * zeroed with them when allocated: bytes past the data (never read into
 * yet, or left from an earlier fill) are then loaded but never undefined. */
#define IN_SLACK ((size_t)16)
#define CSV_EOF (-1)
#define CSV_ERR (-2)

static int fail_at(socialcap__csv *csv, int status, uint64_t line,
		   uint64_t column, uint64_t offset, const char *fmt, ...)
	SOCIALCAP__PRINTF(6, 7);

static int fail_at(socialcap__csv *csv, int status, uint64_t line,
		   uint64_t column, uint64_t offset, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(csv->err_msg, sizeof(csv->err_msg), fmt, ap);
	va_end(ap);
	csv->status = status;
	csv->err_line = line;
	csv->err_column = column;
	csv->err_offset = offset;
	return CSV_ERR;
}

static int fail_here(socialcap__csv *csv, int status, const char *msg)
{
	return fail_at(csv, status, csv->line, csv->column, csv->offset, "%s", msg);
}

int socialcap__csv_open(socialcap__csv *csv, socialcap__mem *mem,
			socialcap__csv_read_fn read, void *ctx,
			size_t max_field, size_t max_record)
{
	memset(csv, 0, sizeof(*csv));
	csv->mem = mem;
	csv->read = read;
	csv->ctx = ctx;
	csv->max_field = max_field;
	csv->max_record = max_record;
	csv->line = 1;
	csv->column = 1;
	csv->in = socialcap__mem_calloc(mem, IN_BYTES + IN_SLACK, 1);
	if (csv->in == NULL)
		return SOCIALCAP_ENOMEM;
	csv->in_cap = IN_BYTES;
	return SOCIALCAP_OK;
}

void socialcap__csv_close(socialcap__csv *csv)
{
	socialcap__mem_free(csv->mem, csv->in, csv->in_cap + IN_SLACK);
	socialcap__mem_free(csv->mem, csv->rec, csv->rec_cap);
	socialcap__mem_free(csv->mem, csv->fields,
			    csv->fields_cap * sizeof(*csv->fields));
	csv->in = csv->rec = NULL;
	csv->fields = NULL;
}

/* Move what is left to the front and read more after it. */
static int fill(socialcap__csv *csv)
{
	size_t got = 0;
	int rc;

	if (csv->eof)
		return 0;
	if (csv->in_pos > 0) {
		memmove(csv->in, csv->in + csv->in_pos, csv->in_len - csv->in_pos);
		csv->in_len -= csv->in_pos;
		csv->in_pos = 0;
	}
	rc = csv->read(csv->ctx, csv->in + csv->in_len, csv->in_cap - csv->in_len,
		       &got);
	if (rc != 0)
		return fail_here(csv, SOCIALCAP_EIO, "cannot read the file");
	if (got == 0)
		csv->eof = 1;
	csv->in_len += got;
	return 0;
}

static int peek(socialcap__csv *csv)
{
	if (csv->in_pos == csv->in_len) {
		if (fill(csv) < 0)
			return CSV_ERR;
		if (csv->in_pos == csv->in_len)
			return CSV_EOF;
	}
	return (unsigned char)csv->in[csv->in_pos];
}

/* Consume the byte just peeked, keeping the position and record size. */
static int advance(socialcap__csv *csv, int c)
{
	csv->in_pos++;
	csv->offset++;
	if (c == '\n') {
		csv->line++;
		csv->column = 1;
	} else {
		csv->column++;
	}
	if (csv->offset - csv->rec_offset > csv->max_record)
		return fail_at(csv, SOCIALCAP_ELIMIT, csv->rec_line, 1,
			       csv->rec_offset,
			       "record longer than the limit of %zu bytes",
			       csv->max_record);
	return 0;
}

/* Room for @p need bytes of field texts, and for @p need fields: the one
 * place each buffer grows, whichever way a record is read. */
static int rec_room(socialcap__csv *csv, size_t need)
{
	if (SOCIALCAP__GROW(csv->mem, csv->rec, csv->rec_cap, need) != 0)
		return fail_here(csv, SOCIALCAP_ENOMEM, "out of memory");
	return 0;
}

static int fields_room(socialcap__csv *csv, size_t need)
{
	if (SOCIALCAP__GROW(csv->mem, csv->fields, csv->fields_cap, need) != 0)
		return fail_here(csv, SOCIALCAP_ENOMEM, "out of memory");
	return 0;
}

static int put(socialcap__csv *csv, char c)
{
	if (rec_room(csv, csv->rec_len + 1) < 0)
		return CSV_ERR;
	csv->rec[csv->rec_len++] = c;
	return 0;
}

static int field_byte(socialcap__csv *csv, char c)
{
	socialcap__csv_field *f = &csv->fields[csv->nfields - 1];

	if (c == '\0')
		return fail_here(csv, SOCIALCAP_EPARSE, "NUL byte in field");
	if (f->len >= csv->max_field)
		return fail_at(csv, SOCIALCAP_ELIMIT, f->line, f->column, f->offset,
			       "field longer than the limit of %zu bytes",
			       csv->max_field);
	f->len++;
	return put(csv, c);
}

static int begin_field(socialcap__csv *csv)
{
	socialcap__csv_field *f;

	if (fields_room(csv, csv->nfields + 1) < 0)
		return CSV_ERR;
	f = &csv->fields[csv->nfields++];
	f->start = csv->rec_len;
	f->len = 0;
	f->line = csv->line;
	f->column = csv->column;
	f->offset = csv->offset;
	f->quoted = 0;
	return 0;
}

/* After a field: 1 = another field follows, 0 = the record ended. A CR must
 * be followed by LF. */
static int end_field(socialcap__csv *csv, int c)
{
	uint64_t line = csv->line, column = csv->column, offset = csv->offset;

	if (put(csv, '\0') < 0)
		return CSV_ERR;
	if (c == CSV_EOF)
		return 0;
	if (advance(csv, c) < 0)
		return CSV_ERR;
	if (c == ',')
		return 1;
	if (c == '\r') {
		c = peek(csv);
		if (c == CSV_ERR)
			return CSV_ERR;
		if (c != '\n')
			return fail_at(csv, SOCIALCAP_EPARSE, line, column, offset,
				       "carriage return not followed by a line feed");
		if (advance(csv, c) < 0)
			return CSV_ERR;
	}
	return 0;
}

static int quoted_field(socialcap__csv *csv)
{
	const socialcap__csv_field *f = &csv->fields[csv->nfields - 1];
	int c;

	csv->fields[csv->nfields - 1].quoted = 1;
	if (advance(csv, '"') < 0)
		return CSV_ERR;
	for (;;) {
		c = peek(csv);
		if (c == CSV_ERR)
			return CSV_ERR;
		if (c == CSV_EOF)
			return fail_at(csv, SOCIALCAP_EPARSE, f->line, f->column,
				       f->offset, "quoted field is not closed");
		if (advance(csv, c) < 0)
			return CSV_ERR;
		if (c == '"') {
			c = peek(csv);
			if (c == CSV_ERR)
				return CSV_ERR;
			if (c != '"')
				break;
			if (advance(csv, c) < 0)
				return CSV_ERR;
		}
		if (field_byte(csv, (char)c) < 0)
			return CSV_ERR;
	}
	if (c != ',' && c != '\n' && c != '\r' && c != CSV_EOF)
		return fail_here(csv, SOCIALCAP_EPARSE,
				 "unexpected character after a closing quote");
	return end_field(csv, c);
}

/* Bytes that end or break a plain field: everything else is copied as is. */
static int plain_special(unsigned char c)
{
	return c == ',' || c == '\n' || c == '\r' || c == '"' || c == '\0';
}

/*
 * Length of the run of ordinary bytes at the read position that can be
 * taken at once: inside the buffer, and short enough that neither the
 * field nor the record limit is reached. Whatever stops the run (a
 * separator, a special byte, a limit, the end of the buffer) is then
 * handled byte by byte, exactly as before, so errors keep their position.
 */
static size_t plain_run(const socialcap__csv *csv)
{
	const socialcap__csv_field *f = &csv->fields[csv->nfields - 1];
	const unsigned char *p = (const unsigned char *)csv->in + csv->in_pos;
	size_t cap = csv->in_len - csv->in_pos, used, i;

	if (f->len >= csv->max_field)
		return 0;
	if (csv->max_field - f->len < cap)
		cap = csv->max_field - f->len;
	used = (size_t)(csv->offset - csv->rec_offset);
	if (used >= csv->max_record)
		return 0;
	if (csv->max_record - used < cap)
		cap = csv->max_record - used;
	for (i = 0; i < cap && !plain_special(p[i]); i++)
		;
	return i;
}

/* Take @p run ordinary bytes (see plain_run) into the current field. */
static int take_run(socialcap__csv *csv, size_t run)
{
	socialcap__csv_field *f = &csv->fields[csv->nfields - 1];

	if (rec_room(csv, csv->rec_len + run) < 0)
		return CSV_ERR;
	memcpy(csv->rec + csv->rec_len, csv->in + csv->in_pos, run);
	csv->rec_len += run;
	f->len += run;
	csv->in_pos += run;
	csv->offset += run;
	csv->column += run;
	return 0;
}

static int plain_field(socialcap__csv *csv)
{
	size_t run;
	int c;

	for (;;) {
		run = plain_run(csv);
		if (run > 0 && take_run(csv, run) < 0)
			return CSV_ERR;
		c = peek(csv);
		if (c == CSV_ERR)
			return CSV_ERR;
		if (c == ',' || c == '\n' || c == '\r' || c == CSV_EOF)
			return end_field(csv, c);
		if (c == '"')
			return fail_here(csv, SOCIALCAP_EPARSE,
					 "quote inside an unquoted field (quote the whole field and double the quote)");
		if (field_byte(csv, (char)c) < 0 || advance(csv, c) < 0)
			return CSV_ERR;
	}
}

/* Skip a byte order mark at the very start of the input. */
static int skip_bom(socialcap__csv *csv)
{
	while (csv->in_len - csv->in_pos < 3 && !csv->eof)
		if (fill(csv) < 0)
			return CSV_ERR;
	if (csv->in_len - csv->in_pos >= 3 &&
	    memcmp(csv->in + csv->in_pos, "\xef\xbb\xbf", 3) == 0) {
		csv->in_pos += 3;
		csv->offset += 3;
	}
	return 0;
}

/* Skip empty lines; returns the first byte of the next record. */
static int skip_empty_lines(socialcap__csv *csv)
{
	int c;

	for (;;) {
		c = peek(csv);
		if (c != '\n' && c != '\r')
			return c;
		csv->rec_offset = csv->offset;
		if (advance(csv, c) < 0)
			return CSV_ERR;
		if (c == '\r') {
			c = peek(csv);
			if (c == CSV_ERR)
				return CSV_ERR;
			if (c != '\n')
				return fail_at(csv, SOCIALCAP_EPARSE, csv->line,
					       csv->column - 1, csv->offset - 1,
					       "carriage return not followed by a line feed");
			if (advance(csv, c) < 0)
				return CSV_ERR;
		}
	}
}

/* Bit k set: byte k of the 16 at @p p is one the record scan stops at: a
 * separator, a line end, or what needs the byte-by-byte reader (a quote, a
 * NUL, a CR that may not end a line). */
static unsigned stops16(const unsigned char *p)
{
#if defined(CSV_SCAN_SSE2)
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m = _mm_cmpeq_epi8(v, _mm_set1_epi8(','));

	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_setzero_si128()));
	return (unsigned)_mm_movemask_epi8(m);
#else
	static const unsigned char stop[256] = {
		['\0'] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1,
	};
	unsigned m = 0, k;

	for (k = 0; k < 16; k++)
		m |= (unsigned)stop[p[k]] << k;
	return m;
#endif
}

static unsigned lowest_bit(unsigned m)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctz(m);
#else
	unsigned k = 0;

	while (!(m & 1u)) {
		m >>= 1;
		k++;
	}
	return k;
#endif
}

/* Record field @p i as the @p len bytes at @p start of a record that
 * begins at the read position (line, column and offset follow from it). */
static int fast_field(socialcap__csv *csv, size_t i, size_t start, size_t len)
{
	socialcap__csv_field *f;

	if (fields_room(csv, i + 1) < 0)
		return CSV_ERR;
	f = &csv->fields[i];
	f->start = start;
	f->len = len;
	f->line = csv->line;
	f->column = csv->column + start;
	f->offset = csv->offset + start;
	f->quoted = 0;
	return 0;
}

/*
 * The common record at once: unquoted fields, ended by LF or CRLF, wholly
 * inside the input buffer and within both limits. A scan finds the commas
 * and the line end 16 bytes per step; the line is copied with one memcpy
 * and its commas become the NULs that end the field texts: what the
 * byte-by-byte reader makes of the same record.
 *
 * Why: per byte, that reader keeps the line, column, offset and record
 * length and checks both limits; on a tie list that was a quarter of the
 * import. Anything unusual (a quote, a NUL, a CR inside the line, a limit
 * reached, a record cut by the end of the buffer or of the input) is
 * declined before the read position moves, so the byte-by-byte reader
 * reads that record and reports its errors at their exact position.
 *
 * The scan loads 16 bytes at a time and may read up to 15 bytes past the
 * data (stale buffer bytes or IN_SLACK); the bits of those bytes are
 * cleared before any is looked at.
 *
 * Returns 1 (read), 0 (declined: nothing consumed) or CSV_ERR.
 */
static int fast_record(socialcap__csv *csv)
{
	const unsigned char *p = (const unsigned char *)csv->in + csv->in_pos;
	const size_t avail = csv->in_len - csv->in_pos;
	size_t base, k, start = 0, nf = 0, end, used;
	unsigned m;

	for (base = 0;; base += 16) {
		if (base >= avail || base > csv->max_record)
			return 0;
		m = stops16(p + base);
		if (avail - base < 16)
			m &= (1u << (avail - base)) - 1u;
		for (; m != 0; m &= m - 1u) {
			k = base + lowest_bit(m);
			if (p[k] != ',' && p[k] != '\n' &&
			    (p[k] != '\r' || k + 1 == avail || p[k + 1] != '\n'))
				return 0;
			if (k - start > csv->max_field)
				return 0;
			if (fast_field(csv, nf++, start, k - start) < 0)
				return CSV_ERR;
			if (p[k] != ',')
				goto line_end;
			start = k + 1;
		}
	}
line_end:
	end = k;
	used = end + (p[end] == '\r' ? 2 : 1);
	if (used > csv->max_record)
		return 0;
	if (rec_room(csv, end + 1) < 0)
		return CSV_ERR;
	memcpy(csv->rec, p, end);
	for (k = 0; k + 1 < nf; k++)
		csv->rec[csv->fields[k].start + csv->fields[k].len] = '\0';
	csv->rec[end] = '\0';
	csv->rec_len = end + 1;
	csv->nfields = nf;
	csv->rec_line = csv->line;
	csv->rec_offset = csv->offset;
	csv->in_pos += used;
	csv->offset += used;
	csv->line++;
	csv->column = 1;
	return 1;
}

int socialcap__csv_next(socialcap__csv *csv)
{
	int c, more;

	if (csv->status != 0)
		return csv->status;
	if (!csv->started) {
		csv->started = 1;
		if (skip_bom(csv) < 0)
			return csv->status;
	}
	csv->rec_offset = csv->offset;
	c = skip_empty_lines(csv);
	if (c == CSV_ERR)
		return csv->status;
	if (c == CSV_EOF)
		return 0;
	more = fast_record(csv);
	if (more != 0)
		return more == CSV_ERR ? csv->status : 1;
	csv->rec_len = 0;
	csv->nfields = 0;
	csv->rec_line = csv->line;
	csv->rec_offset = csv->offset;
	do {
		if (begin_field(csv) < 0)
			return csv->status;
		c = peek(csv);
		if (c == CSV_ERR)
			return csv->status;
		more = c == '"' ? quoted_field(csv) : plain_field(csv);
		if (more == CSV_ERR)
			return csv->status;
	} while (more == 1);
	return 1;
}

int socialcap__csv_read_mem(void *ctx, char *buf, size_t cap, size_t *got)
{
	socialcap__csv_memsrc *src = ctx;
	size_t n = src->len - src->pos;

	if (n > cap)
		n = cap;
	if (n > 0)
		memcpy(buf, src->data + src->pos, n);
	src->pos += n;
	*got = n;
	return 0;
}
