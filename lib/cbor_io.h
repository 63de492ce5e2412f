/*
 * CBOR in and out for the state file and the journal.
 *
 * Writing: a buffered encoder over libcbor's cbor_encode_* functions that
 * either flushes to a file descriptor or grows in memory; the first error
 * sticks, so encoders can write a whole structure and check once.
 *
 * Reading: a pull tokenizer over libcbor's streaming decoder
 * (cbor_stream_decode), one data item head per call. Nothing in it
 * allocates except the refill buffer of a file source, and a string's
 * length is checked against that buffer before anything else, so hostile
 * sizes cost nothing. The callers decode by recursive descent: they know
 * how many items each array still owes, so an item cut off at the end of
 * the input is always noticed.
 */
#ifndef SOCIALCAP_CBOR_IO_H
#define SOCIALCAP_CBOR_IO_H

#include <stddef.h>
#include <stdint.h>

#include "errors.h"
#include "memory.h"

/* ------------------------------------------------------------- writing */

typedef struct socialcap__cw {
	socialcap__mem *mem;
	unsigned char *buf;
	size_t len, cap;
	int fd;          /* >= 0: flush there when full; -1: grow in memory */
	int status;      /* first failure, 0 while all is well */
	int err_no;      /* errno of a failed write */
	uint64_t written; /* bytes flushed to fd */
} socialcap__cw;

/* @p fd < 0 makes an in-memory writer. Returns 0 or SOCIALCAP_ENOMEM. */
int socialcap__cw_init(socialcap__cw *w, socialcap__mem *mem, int fd,
		       size_t cap);
void socialcap__cw_free(socialcap__cw *w);
/* Write out what is buffered (fd writers); returns w->status. */
int socialcap__cw_flush(socialcap__cw *w);

void socialcap__cw_uint(socialcap__cw *w, uint64_t v);
void socialcap__cw_int(socialcap__cw *w, int64_t v);
void socialcap__cw_array(socialcap__cw *w, uint64_t n);
void socialcap__cw_map(socialcap__cw *w, uint64_t n);
void socialcap__cw_tag(socialcap__cw *w, uint64_t tag);
void socialcap__cw_null(socialcap__cw *w);
void socialcap__cw_text(socialcap__cw *w, const char *s, size_t len);
void socialcap__cw_bytes(socialcap__cw *w, const void *p, size_t len);
/* The shortest exact encoding of @p d: an integer when d is integral and
 * |d| <= 2^53 (not -0.0), else half, single or double precision. */
void socialcap__cw_number(socialcap__cw *w, double d);
/* A number, or null for NaN ("unknown"). */
void socialcap__cw_number_or_null(socialcap__cw *w, double d);
void socialcap__cw_raw(socialcap__cw *w, const void *p, size_t len);

/* ------------------------------------------------------------- reading */

enum {
	SOCIALCAP__TK_UINT,
	SOCIALCAP__TK_NEG,    /* value -1 - u */
	SOCIALCAP__TK_BYTES,
	SOCIALCAP__TK_TEXT,
	SOCIALCAP__TK_ARRAY,
	SOCIALCAP__TK_MAP,
	SOCIALCAP__TK_TAG,
	SOCIALCAP__TK_FLOAT,
	SOCIALCAP__TK_NULL,
	SOCIALCAP__TK_SIMPLE, /* true, false, undefined */
	SOCIALCAP__TK_INDEF   /* indefinite-length start or break */
};

typedef struct socialcap__token {
	int type;
	uint64_t u;                 /* integer value, length, tag */
	double d;                   /* float value */
	const unsigned char *ptr;   /* string bytes, valid until the next read */
	size_t len;
	uint64_t offset;            /* byte offset of the item's head */
} socialcap__token;

typedef struct socialcap__reader {
	socialcap__mem *mem;
	const unsigned char *data;  /* window on the input */
	size_t len, pos;
	unsigned char *buf;         /* refill buffer (file sources) */
	size_t cap;
	int fd;                     /* -1 for a memory source */
	int eof;
	uint64_t base;              /* input offset of data[0] */
	uint64_t max_bytes;
	socialcap_error *err;       /* never NULL */
	/* When set, field names in errors become "prefix[index].field":
	 * formatted only when an error happens, never per item. */
	const char *prefix;
	uint64_t index;
} socialcap__reader;

void socialcap__rd_init_buffer(socialcap__reader *r, const void *data,
			       size_t size, socialcap_error *err);
int socialcap__rd_init_fd(socialcap__reader *r, socialcap__mem *mem, int fd,
			  uint64_t max_bytes, socialcap_error *err);
void socialcap__rd_free(socialcap__reader *r);

/* Offset of the next unread byte. */
static inline uint64_t socialcap__rd_offset(const socialcap__reader *r)
{
	return r->base + r->pos;
}

/* 1 when the input has no byte left (reads ahead on file sources). */
int socialcap__rd_at_end(socialcap__reader *r);

/* Make at least @p n unread bytes visible at data + pos (at most the
 * refill buffer's size), reading ahead on file sources; fewer only at the
 * end of the input. For decoders that parse fixed-shape records straight
 * from the bytes. Returns 0 or the error of a failed read. Inline: it runs
 * once per record, and the bytes are nearly always there already. */
int socialcap__rd_ahead_refill(socialcap__reader *r, size_t n);
static inline int socialcap__rd_ahead(socialcap__reader *r, size_t n)
{
	return r->len - r->pos >= n ? 0 : socialcap__rd_ahead_refill(r, n);
}

/* Go back (or on) to input offset @p offset, which must not lie beyond
 * what was read (file sources: the file must be seekable). For a second
 * look at records already read, e.g. to find a record's offset on an
 * error path. Returns 0 or SOCIALCAP_EIO (nothing reported in r->err). */
int socialcap__rd_seek(socialcap__reader *r, uint64_t offset);

/* Next item head; on failure fills r->err (field @p field) and returns
 * SOCIALCAP_EFORMAT, SOCIALCAP_ELIMIT or SOCIALCAP_EIO. */
int socialcap__rd_next(socialcap__reader *r, socialcap__token *t,
		       const char *field);

/* Fill r->err and return @p status. */
int socialcap__rd_fail(socialcap__reader *r, int status, uint64_t offset,
		       const char *field, const char *fmt, ...)
	SOCIALCAP__PRINTF(5, 6);

/* Typed reads: each fails with SOCIALCAP_EFORMAT naming @p field. */
int socialcap__rd_array(socialcap__reader *r, uint64_t *n, const char *field);
int socialcap__rd_array_of(socialcap__reader *r, uint64_t n, const char *field);
int socialcap__rd_uint(socialcap__reader *r, uint64_t *v, uint64_t max,
		       const char *field);
int socialcap__rd_int(socialcap__reader *r, int64_t *v, const char *field);
/* An int, or null giving SOCIALCAP_TIME_NONE; INT64_MIN itself is refused. */
int socialcap__rd_time(socialcap__reader *r, int64_t *v, int nullable,
		       const char *field);
/* A finite number (int or float); null gives NaN when @p nullable. */
int socialcap__rd_number(socialcap__reader *r, double *v, int nullable,
			 const char *field);
/* Non-empty valid UTF-8 text without control characters, at most @p max
 * bytes. The bytes are borrowed until the next read. */
int socialcap__rd_text(socialcap__reader *r, const char **s, size_t *len,
		       size_t max, const char *field);
int socialcap__rd_bytes(socialcap__reader *r, const unsigned char **p,
			size_t len, const char *field);
/* Skip one whole item (of any type, definite lengths only). */
int socialcap__rd_skip(socialcap__reader *r, unsigned int max_depth,
		       const char *field);

#endif
