/* The streaming RFC 4180 reader (see csv_reader.h for what it accepts). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "csv_reader.h"
#include "errors.h"

#define IN_BYTES ((size_t)64 * 1024)
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
	csv->in = socialcap__mem_alloc(mem, IN_BYTES);
	if (csv->in == NULL)
		return SOCIALCAP_ENOMEM;
	csv->in_cap = IN_BYTES;
	return SOCIALCAP_OK;
}

void socialcap__csv_close(socialcap__csv *csv)
{
	socialcap__mem_free(csv->mem, csv->in, csv->in_cap);
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

static int put(socialcap__csv *csv, char c)
{
	if (SOCIALCAP__GROW(csv->mem, csv->rec, csv->rec_cap, csv->rec_len + 1) != 0)
		return fail_here(csv, SOCIALCAP_ENOMEM, "out of memory");
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

	if (SOCIALCAP__GROW(csv->mem, csv->fields, csv->fields_cap,
			    csv->nfields + 1) != 0)
		return fail_here(csv, SOCIALCAP_ENOMEM, "out of memory");
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

	if (SOCIALCAP__GROW(csv->mem, csv->rec, csv->rec_cap, csv->rec_len + run) != 0)
		return fail_here(csv, SOCIALCAP_ENOMEM, "out of memory");
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
