/*
 * A buffered RFC 4180 CSV writer onto a file descriptor. Fields are quoted
 * only when they hold a comma, a quote, CR or LF, or start or end with a
 * space; records end with LF. Private to the library.
 */
#ifndef SOCIALCAP_CSV_WRITER_H
#define SOCIALCAP_CSV_WRITER_H

#include <stddef.h>

#include "memory.h"

typedef struct socialcap__csv_writer {
	socialcap__mem *mem;
	int fd;
	char *buf;
	size_t len, cap;
	int fields;      /* fields written in the current record */
	int error;       /* errno of the first failed write, or 0 */
} socialcap__csv_writer;

/* Returns 0 or SOCIALCAP_ENOMEM. */
int socialcap__csv_writer_open(socialcap__csv_writer *w, socialcap__mem *mem,
			       int fd);
void socialcap__csv_write_field(socialcap__csv_writer *w, const char *text);
void socialcap__csv_end_record(socialcap__csv_writer *w);
/* Write out what is buffered; returns 0 or the errno of the first failure
 * (of this or any earlier write). */
int socialcap__csv_writer_flush(socialcap__csv_writer *w);
void socialcap__csv_writer_close(socialcap__csv_writer *w);

#endif
