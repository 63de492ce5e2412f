/* Dataset files: which columns they have, opening them, mapping the header
 * row, and reporting problems with their position. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset_internal.h"

const ds_spec socialcap__ds_specs[DS_FILES] = {
	{"sectors.csv", 0, {{"sector", 1}, {"tier", 1}, {"prestige", 0}}, 3},
	{"actors.csv", 1,
	 {{"id", 1}, {"kind", 1}, {"sector", 1}, {"neighbourhood", 1},
	  {"status", 0}, {"groups", 0}}, 6},
	{"ties.csv", 0,
	 {{"a", 1}, {"b", 1}, {"layer", 1}, {"weight", 1}, {"since", 0}}, 5},
	{"contacts.csv", 0,
	 {{"time", 1}, {"a", 1}, {"b", 1}, {"channel", 1}, {"weight", 0},
	  {"cost", 0}}, 6},
	{"events.csv", 0,
	 {{"id", 1}, {"time", 1}, {"neighbourhood", 1}, {"kind", 1},
	  {"channel", 1}, {"cost", 0}}, 6},
	{"attendance.csv", 0, {{"event", 1}, {"actor", 1}, {"role", 1}}, 3},
};

static int vproblem(ds_ctx *ctx, const char *path, uint64_t line,
		    uint64_t column, uint64_t offset, const char *field,
		    int status, const char *fmt, va_list ap)
	SOCIALCAP__PRINTF(8, 0);

static int vproblem(ds_ctx *ctx, const char *path, uint64_t line,
		    uint64_t column, uint64_t offset, const char *field,
		    int status, const char *fmt, va_list ap)
{
	socialcap_error e;

	memset(&e, 0, sizeof(e));
	e.status = status;
	socialcap__copy_text(e.file, sizeof(e.file), path);
	e.line = line;
	e.column = column;
	e.offset = offset;
	socialcap__copy_text(e.field, sizeof(e.field), field);
	vsnprintf(e.message, sizeof(e.message), fmt, ap);
	if (!ctx->collect) {
		if (ctx->err != NULL)
			*ctx->err = e;
		return status;
	}
	ctx->problems++;
	if (ctx->fn != NULL && ctx->fn(&e, ctx->user) != 0)
		return SOCIALCAP_ECANCELED;
	return ctx->problems >= ctx->opts.max_problems ? DS_STOP : DS_SKIP;
}

int socialcap__ds_problem_at(ds_ctx *ctx, const char *path, uint64_t line,
			     uint64_t column, uint64_t offset, const char *field,
			     int status, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vproblem(ctx, path, line, column, offset, field, status, fmt, ap);
	va_end(ap);
	return rc;
}

int socialcap__ds_problem(ds_ctx *ctx, ds_table *t, int col, int status,
			  const char *fmt, ...)
{
	const socialcap__csv *csv = &t->csv;
	uint64_t line = csv->rec_line, column = 1, offset = csv->rec_offset;
	const char *field = "";
	va_list ap;
	int rc;

	if (col >= 0) {
		field = t->spec->cols[col].name;
		if (t->map[col] >= 0) {
			const socialcap__csv_field *f = &csv->fields[t->map[col]];

			line = f->line;
			column = f->column;
			offset = f->offset;
		}
	}
	va_start(ap, fmt);
	rc = vproblem(ctx, t->path, line, column, offset, field, status, fmt, ap);
	va_end(ap);
	return rc;
}

void socialcap__ds_table_init(ds_ctx *ctx, int which)
{
	ds_table *t = &ctx->tables[which];
	size_t dir_len = strlen(ctx->dir);
	const char *sep = dir_len > 0 && ctx->dir[dir_len - 1] == '/' ? "" : "/";

	memset(t, 0, sizeof(*t));
	t->spec = &socialcap__ds_specs[which];
	t->which = which;
	t->fd = -1;
	snprintf(t->path, sizeof(t->path), "%s%s%s", ctx->dir, sep, t->spec->file);
}

static int read_fd(void *ctx, char *buf, size_t cap, size_t *got)
{
	const int *fd = ctx;
	ssize_t n;

	do {
		n = read(*fd, buf, cap);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return SOCIALCAP_EIO;
	*got = (size_t)n;
	return 0;
}

static int file_problem(ds_ctx *ctx, ds_table *t, int status, const char *what,
			int err)
{
	char text[128];

	if (err == 0 || strerror_r(err, text, sizeof(text)) != 0)
		snprintf(text, sizeof(text), "error %d", err);
	return socialcap__ds_problem_at(ctx, t->path, 0, 0, 0, "", status,
					"%s%s%s", what, err ? ": " : "",
					err ? text : "");
}

/* Read the whole file into temporary memory. */
static int slurp(ds_ctx *ctx, ds_table *t, size_t size)
{
	size_t done = 0;
	char extra;
	ssize_t n;

	if (size == 0)
		return 0;
	t->data = socialcap__mem_alloc(&ctx->tmp, size);
	if (t->data == NULL)
		return SOCIALCAP_ENOMEM;
	t->data_len = size;
	while (done < size) {
		n = read(t->fd, t->data + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return file_problem(ctx, t, SOCIALCAP_EIO,
					    n < 0 ? "cannot read" : "file shrank while being read",
					    n < 0 ? errno : 0);
		done += (size_t)n;
	}
	if (read(t->fd, &extra, 1) != 0)
		return file_problem(ctx, t, SOCIALCAP_EIO,
				    "file grew while being read", 0);
	return 0;
}

int socialcap__ds_table_open(ds_ctx *ctx, ds_table *t, int whole)
{
	struct stat st;
	int rc;

	/* O_NONBLOCK: opening a FIFO put in place of a file must not hang;
	 * it is refused below, and reads of regular files ignore the flag. */
	t->fd = open(t->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (t->fd < 0) {
		if (errno == ENOENT && !t->spec->required_file)
			return 0;
		return file_problem(ctx, t, errno == ENOENT ? SOCIALCAP_ENOTFOUND
							    : SOCIALCAP_EIO,
				    errno == ENOENT ? "required file is missing"
						    : "cannot open",
				    errno == ENOENT ? 0 : errno);
	}
	t->present = 1;
	if (fstat(t->fd, &st) != 0)
		return file_problem(ctx, t, SOCIALCAP_EIO, "cannot stat", errno);
	if (!S_ISREG(st.st_mode))
		return file_problem(ctx, t, SOCIALCAP_EIO, "not a regular file", 0);
	if ((uint64_t)st.st_size > ctx->opts.max_file_bytes ||
	    (uint64_t)st.st_size > SIZE_MAX)
		return socialcap__ds_problem_at(ctx, t->path, 0, 0, 0, "",
						SOCIALCAP_ELIMIT,
						"file larger than the limit of %llu bytes",
						(unsigned long long)ctx->opts.max_file_bytes);
	t->size = (uint64_t)st.st_size;
	if (whole) {
		if ((rc = slurp(ctx, t, (size_t)st.st_size)) != 0)
			return rc;
		close(t->fd);
		t->fd = -1;
		t->src.data = t->data;
		t->src.len = t->data_len;
		t->src.pos = 0;
		rc = socialcap__csv_open(&t->csv, &ctx->tmp, socialcap__csv_read_mem,
					 &t->src, ctx->opts.max_field_bytes,
					 ctx->opts.max_record_bytes);
	} else {
		rc = socialcap__csv_open(&t->csv, &ctx->tmp, read_fd, &t->fd,
					 ctx->opts.max_field_bytes,
					 ctx->opts.max_record_bytes);
	}
	if (rc != 0)
		return rc;
	t->csv_open = 1;
	return 0;
}

void socialcap__ds_table_rewind(ds_table *t)
{
	socialcap__csv *csv = &t->csv;

	t->src.pos = 0;
	csv->in_len = csv->in_pos = 0;
	csv->eof = csv->started = 0;
	csv->line = csv->column = 1;
	csv->offset = 0;
	csv->status = 0;
}

void socialcap__ds_table_close(ds_ctx *ctx, ds_table *t)
{
	if (t->csv_open)
		socialcap__csv_close(&t->csv);
	t->csv_open = 0;
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	socialcap__mem_free(&ctx->tmp, t->data, t->data_len);
	t->data = NULL;
	t->data_len = 0;
}

static int csv_problem(ds_ctx *ctx, ds_table *t)
{
	const socialcap__csv *csv = &t->csv;

	if (csv->status == SOCIALCAP_ENOMEM)
		return SOCIALCAP_ENOMEM;
	return socialcap__ds_problem_at(ctx, t->path, csv->err_line,
					csv->err_column, csv->err_offset, "",
					csv->status, "%s", csv->err_msg);
}

static int find_column(const ds_spec *spec, const char *name)
{
	size_t i;

	for (i = 0; i < spec->ncols; i++)
		if (strcmp(spec->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int header_problem(ds_ctx *ctx, ds_table *t, size_t i, const char *what)
{
	const socialcap__csv_field *f = &t->csv.fields[i];
	char name[DS_ECHO_SIZE];

	socialcap__ds_echo(name, sizeof(name), socialcap__csv_text(&t->csv, i));
	return socialcap__ds_problem_at(ctx, t->path, f->line, f->column,
					f->offset, name, SOCIALCAP_EFORMAT,
					"column \"%s\" %s", name, what);
}

int socialcap__ds_table_header(ds_ctx *ctx, ds_table *t)
{
	const ds_spec *spec = t->spec;
	size_t i;
	int rc;

	for (i = 0; i < DS_MAX_COLS; i++)
		t->map[i] = -1;
	rc = socialcap__csv_next(&t->csv);
	if (rc < 0)
		return csv_problem(ctx, t);
	if (rc == 0)
		return socialcap__ds_problem_at(ctx, t->path, 1, 1, 0, "",
						SOCIALCAP_EFORMAT,
						"the file is empty: a header row is required");
	t->header_fields = t->csv.nfields;
	for (i = 0; i < t->csv.nfields; i++) {
		const char *name = socialcap__csv_text(&t->csv, i);
		int col = find_column(spec, name);

		if (col >= 0 && t->map[col] >= 0)
			return header_problem(ctx, t, i, "appears twice");
		if (col >= 0)
			t->map[col] = (int)i;
		else if (!ctx->opts.allow_unknown_columns)
			return header_problem(ctx, t, i,
					      "is unknown (not part of the format)");
	}
	for (i = 0; i < spec->ncols; i++)
		if (spec->cols[i].required && t->map[i] < 0)
			return socialcap__ds_problem_at(
				ctx, t->path, t->csv.rec_line, 1, t->csv.rec_offset,
				spec->cols[i].name, SOCIALCAP_EFORMAT,
				"required column \"%s\" is missing", spec->cols[i].name);
	return 0;
}

int socialcap__ds_table_row(ds_ctx *ctx, ds_table *t)
{
	const socialcap__csv *csv = &t->csv;
	int rc = socialcap__csv_next(&t->csv);

	if (rc < 0) {
		rc = csv_problem(ctx, t);
		/* A syntax error ends the file even when collecting. */
		return rc == DS_SKIP ? DS_ENDFILE : rc;
	}
	if (rc == 0)
		return 0;
	if (csv->nfields != t->header_fields) {
		const socialcap__csv_field *f =
			&csv->fields[csv->nfields < t->header_fields ? csv->nfields - 1
								     : t->header_fields];

		return socialcap__ds_problem_at(
			ctx, t->path, f->line, f->column, f->offset, "", SOCIALCAP_EFORMAT,
			"row has %zu fields but the header has %zu", csv->nfields,
			t->header_fields);
	}
	return 1;
}
