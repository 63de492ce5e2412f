/* Dataset export: the network written back as the six CSV files, each
 * replaced atomically (temporary file in the same directory, fsync,
 * rename), mode 0600. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_writer.h"
#include "dataset_internal.h"
#include "socialcap/time.h"

typedef struct ex_ctx {
	const socialcap_network *net;
	socialcap__mem tmp;
	const char *dir;
	socialcap_error *err;
	char path[DS_PATH_MAX];
	char *join;             /* the groups of one actor, joined */
	size_t join_cap;
} ex_ctx;

static int ex_fail(ex_ctx *x, int status, const char *fmt, ...)
	SOCIALCAP__PRINTF(3, 4);

static int ex_fail(ex_ctx *x, int status, const char *fmt, ...)
{
	va_list ap;

	if (x->err->status != 0)
		return status;
	x->err->status = status;
	socialcap__copy_text(x->err->file, sizeof(x->err->file), x->path);
	va_start(ap, fmt);
	vsnprintf(x->err->message, sizeof(x->err->message), fmt, ap);
	va_end(ap);
	return status;
}

static int sys_fail(ex_ctx *x, const char *what, int err)
{
	char text[128];

	if (strerror_r(err, text, sizeof(text)) != 0)
		snprintf(text, sizeof(text), "error %d", err);
	return ex_fail(x, SOCIALCAP_EIO, "%s: %s", what, text);
}

static void put_number(socialcap__csv_writer *w, double v)
{
	char buf[64];

	if (isnan(v))
		buf[0] = '\0';
	else
		socialcap__ds_format_double(buf, sizeof(buf), v);
	socialcap__csv_write_field(w, buf);
}

/* @p record is the 0-based data row, so the error can name the line
 * (after the header) and column without quoting the stored time. */
static int put_time(ex_ctx *x, socialcap__csv_writer *w, int64_t t,
		    const char *field, uint64_t record)
{
	char buf[SOCIALCAP_TIME_TEXT_SIZE];

	buf[0] = '\0';
	if (t != SOCIALCAP_TIME_NONE && socialcap_time_format(buf, sizeof(buf), t) != 0) {
		ex_fail(x, SOCIALCAP_ERANGE, "%s: outside the years 0000-9999 (line %llu)",
			field, (unsigned long long)record + 2);
		x->err->line = record + 2;
		socialcap__copy_text(x->err->field, sizeof(x->err->field), field);
		return SOCIALCAP_ERANGE;
	}
	socialcap__csv_write_field(w, buf);
	return 0;
}

static int write_sectors(ex_ctx *x, socialcap__csv_writer *w)
{
	uint32_t n = socialcap_network_sector_count(x->net), s;
	char tier[16];

	for (s = 0; s < n; s++) {
		snprintf(tier, sizeof(tier), "%d", socialcap_network_sector_tier(x->net, s));
		socialcap__csv_write_field(w, socialcap_network_sector_label(x->net, s));
		socialcap__csv_write_field(w, tier);
		put_number(w, socialcap_network_sector_prestige(x->net, s));
		socialcap__csv_end_record(w);
	}
	return 0;
}

/* The groups of @p actor joined with ';' into x->join. */
static int join_groups(ex_ctx *x, uint32_t actor)
{
	const socialcap_network *net = x->net;
	uint32_t n = socialcap_network_actor_group_count(net, actor), k;
	size_t len = 0;

	if (SOCIALCAP__GROW(&x->tmp, x->join, x->join_cap, 1) != 0)
		return ex_fail(x, SOCIALCAP_ENOMEM, "out of memory");
	for (k = 0; k < n; k++) {
		const char *g = socialcap_network_group_label(
			net, socialcap_network_actor_group(net, actor, k));
		size_t glen = strlen(g);

		if (strchr(g, ';') != NULL)
			return ex_fail(x, SOCIALCAP_EINVAL,
				       "groups: group %u of actor \"%.64s\" contains ';', which separates groups in the file",
				       (unsigned)k + 1, socialcap_network_actor_id(net, actor));
		if (SOCIALCAP__GROW(&x->tmp, x->join, x->join_cap, len + glen + 2) != 0)
			return ex_fail(x, SOCIALCAP_ENOMEM, "out of memory");
		if (k > 0)
			x->join[len++] = ';';
		memcpy(x->join + len, g, glen);
		len += glen;
	}
	x->join[len] = '\0';
	return 0;
}

static int write_actors(ex_ctx *x, socialcap__csv_writer *w)
{
	const socialcap_network *net = x->net;
	uint32_t n = socialcap_network_actor_count(net), a;
	int rc;

	for (a = 0; a < n; a++) {
		if ((rc = join_groups(x, a)) != 0)
			return rc;
		socialcap__csv_write_field(w, socialcap_network_actor_id(net, a));
		socialcap__csv_write_field(
			w, socialcap__ds_kinds[socialcap_network_actor_kind(net, a)]);
		socialcap__csv_write_field(
			w, socialcap_network_sector_label(
				   net, socialcap_network_actor_sector(net, a)));
		socialcap__csv_write_field(
			w, socialcap_network_neighbourhood_label(
				   net, socialcap_network_actor_neighbourhood(net, a)));
		put_number(w, socialcap_network_actor_status(net, a));
		socialcap__csv_write_field(w, x->join);
		socialcap__csv_end_record(w);
	}
	return 0;
}

static int write_ties(ex_ctx *x, socialcap__csv_writer *w)
{
	const socialcap_network *net = x->net;
	uint64_t n = socialcap_network_tie_count(net), i;
	socialcap_tie t;
	int rc;

	for (i = 0; i < n; i++) {
		socialcap_network_tie(net, i, &t);
		socialcap__csv_write_field(w, socialcap_network_actor_id(net, t.a));
		socialcap__csv_write_field(w, socialcap_network_actor_id(net, t.b));
		socialcap__csv_write_field(w, socialcap_network_layer_label(net, t.layer));
		put_number(w, t.weight);
		if ((rc = put_time(x, w, t.since, "since", i)) != 0)
			return rc;
		socialcap__csv_end_record(w);
	}
	return 0;
}

static int write_contacts(ex_ctx *x, socialcap__csv_writer *w)
{
	const socialcap_network *net = x->net;
	uint64_t n = socialcap_network_contact_count(net), i;
	socialcap_contact c;
	int rc;

	for (i = 0; i < n; i++) {
		socialcap_network_contact(net, i, &c);
		if ((rc = put_time(x, w, c.time, "time", i)) != 0)
			return rc;
		socialcap__csv_write_field(w, socialcap_network_actor_id(net, c.a));
		socialcap__csv_write_field(w, socialcap_network_actor_id(net, c.b));
		socialcap__csv_write_field(w, socialcap__ds_channels[c.channel]);
		put_number(w, c.weight);
		put_number(w, c.cost);
		socialcap__csv_end_record(w);
	}
	return 0;
}

static int write_events(ex_ctx *x, socialcap__csv_writer *w)
{
	const socialcap_network *net = x->net;
	uint32_t n = socialcap_network_event_count(net), i;
	socialcap_event_info e;
	int rc;

	for (i = 0; i < n; i++) {
		socialcap_network_event(net, i, &e);
		socialcap__csv_write_field(w, e.id);
		if ((rc = put_time(x, w, e.time, "time", i)) != 0)
			return rc;
		socialcap__csv_write_field(
			w, socialcap_network_neighbourhood_label(net, e.neighbourhood));
		socialcap__csv_write_field(w, socialcap_network_event_kind_label(net, e.kind));
		socialcap__csv_write_field(w, socialcap__ds_channels[e.channel]);
		put_number(w, e.cost);
		socialcap__csv_end_record(w);
	}
	return 0;
}

static int write_attendance(ex_ctx *x, socialcap__csv_writer *w)
{
	const socialcap_network *net = x->net;
	uint32_t n = socialcap_network_event_count(net), i, k;
	socialcap_event_info e;
	socialcap_attendance a;

	for (i = 0; i < n; i++) {
		socialcap_network_event(net, i, &e);
		for (k = 0; k < e.attendee_count; k++) {
			socialcap_network_event_attendee(net, i, k, &a);
			socialcap__csv_write_field(w, e.id);
			socialcap__csv_write_field(w, socialcap_network_actor_id(net, a.actor));
			socialcap__csv_write_field(w, socialcap__ds_roles[a.role]);
			socialcap__csv_end_record(w);
		}
	}
	return 0;
}

typedef int (*ex_rows_fn)(ex_ctx *x, socialcap__csv_writer *w);

static const ex_rows_fn ex_rows[DS_FILES] = {
	write_sectors, write_actors, write_ties,
	write_contacts, write_events, write_attendance};

static int write_body(ex_ctx *x, int which, int fd)
{
	const ds_spec *spec = &socialcap__ds_specs[which];
	socialcap__csv_writer w;
	size_t i;
	int rc, e;

	if (socialcap__csv_writer_open(&w, &x->tmp, fd) != 0)
		return ex_fail(x, SOCIALCAP_ENOMEM, "out of memory");
	for (i = 0; i < spec->ncols; i++)
		socialcap__csv_write_field(&w, spec->cols[i].name);
	socialcap__csv_end_record(&w);
	rc = ex_rows[which](x, &w);
	e = socialcap__csv_writer_flush(&w);
	socialcap__csv_writer_close(&w);
	if (rc == 0 && e != 0)
		rc = sys_fail(x, "cannot write", e);
	return rc;
}

static int export_file(ex_ctx *x, int which)
{
	const char *name = socialcap__ds_specs[which].file;
	size_t dlen = strlen(x->dir);
	const char *sep = dlen > 0 && x->dir[dlen - 1] == '/' ? "" : "/";
	char tmp[DS_PATH_MAX + 32];
	int fd, rc;

	if ((size_t)snprintf(x->path, sizeof(x->path), "%s%s%s", x->dir, sep, name) >=
	    sizeof(x->path))
		return ex_fail(x, SOCIALCAP_EINVAL, "path too long");
	snprintf(tmp, sizeof(tmp), "%s%s.%s.XXXXXX", x->dir, sep, name);
	fd = mkstemp(tmp); /* mode 0600, never an existing file */
	if (fd < 0)
		return sys_fail(x, "cannot create a temporary file", errno);
	if (fchmod(fd, 0600) != 0)
		rc = sys_fail(x, "cannot set the mode", errno);
	else
		rc = write_body(x, which, fd);
	if (rc == 0 && fsync(fd) != 0)
		rc = sys_fail(x, "cannot flush to disk", errno);
	if (close(fd) != 0 && rc == 0)
		rc = sys_fail(x, "cannot close", errno);
	if (rc == 0 && rename(tmp, x->path) != 0)
		rc = sys_fail(x, "cannot rename the temporary file", errno);
	if (rc != 0)
		unlink(tmp);
	return rc;
}

/* Make the renames durable. */
static int sync_dir(ex_ctx *x)
{
	int fd = open(x->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	socialcap__copy_text(x->path, sizeof(x->path), x->dir);
	if (fd < 0)
		return sys_fail(x, "cannot open the directory", errno);
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = sys_fail(x, "cannot flush the directory", errno);
	close(fd);
	return rc;
}

int socialcap_dataset_export(const socialcap_network *net, const char *dir,
			     const socialcap_dataset_options *opts,
			     socialcap_error *err)
{
	socialcap_error local;
	ex_ctx x;
	int i, rc = 0;

	if (err == NULL)
		err = &local;
	socialcap_error_clear(err);
	if (net == NULL || dir == NULL || dir[0] == '\0' ||
	    strlen(dir) > DS_PATH_MAX - 32)
		return SOCIALCAP_EINVAL;
	if (opts != NULL && opts->version != SOCIALCAP_DATASET_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	memset(&x, 0, sizeof(x));
	x.net = net;
	x.dir = dir;
	x.err = err;
	socialcap__mem_init(&x.tmp, &net->mem.allocator);
	socialcap__copy_text(x.path, sizeof(x.path), dir);
	if (net->ties_released)
		return ex_fail(&x, SOCIALCAP_EINVAL, "export: " SOCIALCAP__TIES_RELEASED);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		rc = sys_fail(&x, "cannot create the directory", errno);
	for (i = 0; rc == 0 && i < DS_FILES; i++)
		rc = export_file(&x, i);
	if (rc == 0)
		rc = sync_dir(&x);
	socialcap__mem_free(&x.tmp, x.join, x.join_cap);
	if (rc == 0)
		socialcap_error_clear(err);
	return rc;
}
