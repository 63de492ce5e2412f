/* The buffered CSV writer (see csv_writer.h). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "csv_writer.h"

#define OUT_BYTES ((size_t)64 * 1024)

int socialcap__csv_writer_open(socialcap__csv_writer *w, socialcap__mem *mem,
			       int fd)
{
	memset(w, 0, sizeof(*w));
	w->mem = mem;
	w->fd = fd;
	w->buf = socialcap__mem_alloc(mem, OUT_BYTES);
	if (w->buf == NULL)
		return SOCIALCAP_ENOMEM;
	w->cap = OUT_BYTES;
	return 0;
}

static void drain(socialcap__csv_writer *w)
{
	size_t done = 0;

	while (done < w->len && w->error == 0) {
		ssize_t n = write(w->fd, w->buf + done, w->len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			w->error = n < 0 ? errno : EIO;
		else
			done += (size_t)n;
	}
	w->len = 0;
}

static void put(socialcap__csv_writer *w, const char *s, size_t n)
{
	while (n > 0) {
		size_t room = w->cap - w->len, k = n < room ? n : room;

		memcpy(w->buf + w->len, s, k);
		w->len += k;
		s += k;
		n -= k;
		if (w->len == w->cap)
			drain(w);
	}
}

static int needs_quotes(const char *text, size_t n)
{
	return n > 0 && (strpbrk(text, ",\"\r\n") != NULL || text[0] == ' ' ||
			 text[n - 1] == ' ');
}

void socialcap__csv_write_field(socialcap__csv_writer *w, const char *text)
{
	size_t n = strlen(text);

	if (w->fields++ > 0)
		put(w, ",", 1);
	if (!needs_quotes(text, n)) {
		put(w, text, n);
		return;
	}
	put(w, "\"", 1);
	for (;;) {
		const char *q = strchr(text, '"');

		if (q == NULL)
			break;
		put(w, text, (size_t)(q - text) + 1);
		put(w, "\"", 1);
		text = q + 1;
	}
	put(w, text, strlen(text));
	put(w, "\"", 1);
}

void socialcap__csv_end_record(socialcap__csv_writer *w)
{
	put(w, "\n", 1);
	w->fields = 0;
}

int socialcap__csv_writer_flush(socialcap__csv_writer *w)
{
	drain(w);
	return w->error;
}

void socialcap__csv_writer_close(socialcap__csv_writer *w)
{
	socialcap__mem_free(w->mem, w->buf, w->cap);
	w->buf = NULL;
}
