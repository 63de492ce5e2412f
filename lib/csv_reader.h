/*
 * A streaming RFC 4180 CSV reader: it pulls bytes through a read callback
 * into a fixed buffer and hands out one record at a time, with the line,
 * column and byte offset where each field starts. Private to the library.
 *
 * Accepted: fields separated by commas; records ended by LF or CRLF (the
 * last one may lack it); fields quoted with `"` may hold commas, CR, LF and
 * `""` for a quote; a UTF-8 byte order mark at the start is skipped; empty
 * lines between records are skipped. Rejected with an error naming the
 * position: a quote inside an unquoted field, anything but a separator
 * after a closing quote, a CR not followed by LF outside quotes, an
 * unterminated quoted field, a NUL byte, fields or records over the limits.
 *
 * Lines and columns are 1-based; columns count bytes, the BOM not included.
 */
#ifndef SOCIALCAP_CSV_READER_H
#define SOCIALCAP_CSV_READER_H

#include <stddef.h>
#include <stdint.h>

#include "memory.h"

/* Fill @p buf with up to @p cap bytes; *got = 0 means end of input.
 * Returns 0 or a negative status (reported as an I/O error). */
typedef int (*socialcap__csv_read_fn)(void *ctx, char *buf, size_t cap,
				      size_t *got);

typedef struct socialcap__csv_field {
	size_t start;     /* into the record buffer; text is NUL-terminated */
	size_t len;
	uint64_t line, column, offset;
	int quoted;
} socialcap__csv_field;

typedef struct socialcap__csv {
	socialcap__mem *mem;
	socialcap__csv_read_fn read;
	void *ctx;
	char *in;                /* input buffer */
	size_t in_cap, in_len, in_pos;
	int eof;
	int started;             /* the BOM check is done */
	uint64_t line, column, offset; /* position of the next byte */
	char *rec;               /* field texts of the current record */
	size_t rec_len, rec_cap;
	socialcap__csv_field *fields;
	size_t nfields, fields_cap;
	uint64_t rec_line, rec_offset; /* where the current record starts */
	size_t max_field, max_record;
	/* The failure, when socialcap__csv_next() returned < 0. */
	int status;
	uint64_t err_line, err_column, err_offset;
	char err_msg[160];
} socialcap__csv;

/* Prepare @p csv; allocates its buffers from @p mem. Returns 0 or
 * SOCIALCAP_ENOMEM (then nothing is held). */
int socialcap__csv_open(socialcap__csv *csv, socialcap__mem *mem,
			socialcap__csv_read_fn read, void *ctx,
			size_t max_field, size_t max_record);

/* Read the next record: 1 = a record (csv->nfields fields), 0 = end of
 * input, < 0 = error (status and position in csv->status / err_*). After
 * an error the reader stays failed. */
int socialcap__csv_next(socialcap__csv *csv);

/* Text of field @p i of the current record (NUL-terminated, borrowed until
 * the next call). */
static inline const char *socialcap__csv_text(const socialcap__csv *csv, size_t i)
{
	return csv->rec + csv->fields[i].start;
}

void socialcap__csv_close(socialcap__csv *csv);

/* A read callback over a memory block: ctx is a socialcap__csv_memsrc. */
typedef struct socialcap__csv_memsrc {
	const char *data;
	size_t len, pos;
} socialcap__csv_memsrc;

int socialcap__csv_read_mem(void *ctx, char *buf, size_t cap, size_t *got);

#endif
