/*
 * The store: state file plus journal. Opening, replay and recovery of a
 * torn tail, appending, syncing and checkpoints (protocol in
 * docs/format.md, "Checkpoints").
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "journal_internal.h"
#include "network_internal.h"

#define RECORD_BUFFER 256

int socialcap_journal_options_init(socialcap_journal_options *opts,
				   unsigned int version)
{
	const socialcap_journal_options defaults = SOCIALCAP_JOURNAL_OPTIONS_INIT;

	if (opts == NULL)
		return SOCIALCAP_EINVAL;
	if (version != SOCIALCAP_JOURNAL_OPTIONS_VERSION)
		return SOCIALCAP_EVERSION;
	*opts = defaults;
	return SOCIALCAP_OK;
}

static int fail(socialcap_error *err, int status, const char *fmt, ...)
	SOCIALCAP__PRINTF(3, 4);

static int fail(socialcap_error *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		err->status = status;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return status;
}

/* ------------------------------------------------------------ lifetime */

static char *join(socialcap__mem *mem, const char *a, const char *b, size_t *size)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = socialcap__mem_alloc(mem, la + lb + 1);

	if (s != NULL) {
		snprintf(s, la + lb + 1, "%s%s", a, b);
		*size = la + lb + 1;
	}
	return s;
}

static socialcap_journal *no_handle(int *rc, int status)
{
	*rc = status;
	return NULL;
}

/* A handle without network or open journal yet, or NULL with the (nonzero)
 * status in *rc. Returning the handle lets callers and the static analyser
 * test it directly. */
static socialcap_journal *handle_new(const char *path, const socialcap_journal_options *opts,
				     socialcap_error *err, int *rc)
{
	const socialcap_journal_options jdef = SOCIALCAP_JOURNAL_OPTIONS_INIT;
	const socialcap_state_options sdef = SOCIALCAP_STATE_OPTIONS_INIT;
	socialcap__mem mem;
	socialcap_journal *j;

	if (path == NULL || path[0] == '\0')
		return no_handle(rc, fail(err, SOCIALCAP_EINVAL, "journal: NULL out or path"));
	if (opts == NULL)
		opts = &jdef;
	if (opts->version != SOCIALCAP_JOURNAL_OPTIONS_VERSION)
		return no_handle(rc, fail(err, SOCIALCAP_EVERSION,
					  "unknown journal options version"));
	if (opts->state != NULL &&
	    (*rc = socialcap__state_check_options(opts->state, err)) != 0)
		return NULL;
	socialcap__mem_init(&mem, opts->state && opts->state->network
					  ? opts->state->network->allocator : NULL);
	j = socialcap__mem_calloc(&mem, 1, sizeof(*j));
	if (j == NULL)
		return no_handle(rc, fail(err, SOCIALCAP_ENOMEM, "out of memory"));
	j->mem = mem;
	j->fd = -1;
	j->opts = *opts;
	j->state_opts = opts->state ? *opts->state : sdef;
	j->path = join(&j->mem, path, "", &j->path_size);
	j->jpath = join(&j->mem, path, SOCIALCAP_JOURNAL_SUFFIX, &j->jpath_size);
	if (j->path == NULL || j->jpath == NULL ||
	    socialcap__cw_init(&j->rec, &j->mem, -1, RECORD_BUFFER) != 0) {
		socialcap_journal_free(j);
		return no_handle(rc, fail(err, SOCIALCAP_ENOMEM, "out of memory"));
	}
	*rc = SOCIALCAP_OK;
	return j;
}

void socialcap_journal_free(socialcap_journal *j)
{
	socialcap__mem mem;

	if (j == NULL)
		return;
	if (j->fd >= 0)
		close(j->fd);
	socialcap_network_free(j->net);
	socialcap__cw_free(&j->rec);
	mem = j->mem;
	socialcap__mem_free(&mem, j->path, j->path_size);
	socialcap__mem_free(&mem, j->jpath, j->jpath_size);
	socialcap__mem_free(&mem, j, sizeof(*j));
}

socialcap_network *socialcap_journal_network(const socialcap_journal *j)
{
	return j != NULL ? j->net : NULL;
}

const char *socialcap_journal_errmsg(const socialcap_journal *j)
{
	return j != NULL ? j->errmsg : "no journal (NULL handle)";
}

uint64_t socialcap_journal_next_seq(const socialcap_journal *j)
{
	return j != NULL ? j->next_seq : 0;
}

/* --------------------------------------------------- fresh journal file */

/*
 * Put an empty journal (header only) with @p salt and @p base in place,
 * atomically, and open it for appending.
 */
/* A new journal made but not yet in place: its header in memory and an
 * open temporary file. */
typedef struct pending_journal {
	socialcap__cw w;
	socialcap__atomic tmp;
} pending_journal;

/* Everything a new journal needs that can run out of memory, done before
 * anything on disk changes. */
static int journal_prepare(socialcap_journal *j, pending_journal *p,
			   const unsigned char *salt, uint64_t base,
			   socialcap_error *err)
{
	int rc;

	if (socialcap__cw_init(&p->w, &j->mem, -1, 64) != 0)
		return fail(err, SOCIALCAP_ENOMEM, "out of memory");
	socialcap__journal_header(&p->w, salt, base);
	if (p->w.status != 0) {
		socialcap__cw_free(&p->w);
		return fail(err, SOCIALCAP_ENOMEM, "out of memory");
	}
	if ((rc = socialcap__atomic_begin(&p->tmp, &j->mem, j->jpath, err)) != 0) {
		socialcap__cw_free(&p->w);
		return rc;
	}
	return SOCIALCAP_OK;
}

static void journal_discard(pending_journal *p)
{
	socialcap__atomic_abort(&p->tmp);
	socialcap__cw_free(&p->w);
}

/* Write the prepared journal and rename it into place. */
static int journal_install(socialcap_journal *j, pending_journal *p,
			   const unsigned char *salt, uint64_t base,
			   socialcap_error *err)
{
	int rc, fd, e;

	e = socialcap__write_all(p->tmp.fd, p->w.buf, p->w.len);
	j->size = p->w.len;
	socialcap__cw_free(&p->w);
	if (e != 0) {
		socialcap__atomic_abort(&p->tmp);
		return socialcap__io_fail(err, "cannot write", j->jpath, e);
	}
	if ((rc = socialcap__atomic_commit(&p->tmp, err)) != 0)
		return rc;
	fd = open(j->jpath, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return socialcap__io_fail(err, "cannot open", j->jpath, errno);
	if (j->fd >= 0)
		close(j->fd);
	j->fd = fd;
	memcpy(j->salt, salt, SOCIALCAP__SALT_BYTES);
	j->next_seq = base;
	return SOCIALCAP_OK;
}

static int start_journal(socialcap_journal *j, const unsigned char *salt,
			 uint64_t base, socialcap_error *err)
{
	pending_journal p;
	int rc = journal_prepare(j, &p, salt, base, err);

	return rc != 0 ? rc : journal_install(j, &p, salt, base, err);
}

int socialcap_journal_checkpoint(socialcap_journal *j, socialcap_error *err)
{
	socialcap__state_meta meta;
	pending_journal p;
	int rc;

	socialcap_error_clear(err);
	if (j == NULL)
		return fail(err, SOCIALCAP_EINVAL, "journal: NULL handle");
	j->errmsg[0] = '\0';
	meta.has_journal = 1;
	meta.next_seq = j->next_seq;
	if ((rc = socialcap__random_salt(meta.salt, err)) != 0)
		return rc;
	/* 0. The new journal is allocated and its temporary file created
	 *    first: running out of memory must not leave the handle broken
	 *    behind a replaced state file. */
	rc = journal_prepare(j, &p, meta.salt, meta.next_seq, err);
	/* 1. The new state file names the new journal; until the rename in
	 *    state_save, the old state and old journal are the store. */
	if (rc == 0) {
		rc = socialcap__state_save(j->net, j->path, &j->state_opts, &meta, err);
		if (rc != 0)
			journal_discard(&p);
	}
	if (rc == 0) {
		/* 2. From here the state holds everything; the old journal is
		 *    stale (its salt differs, its records are all < next_seq)
		 *    and open replaces it if we stop before step 3 ends. */
		j->broken = 1;
		rc = journal_install(j, &p, meta.salt, meta.next_seq, err);
		if (rc == 0)
			j->broken = 0;
	}
	if (rc != 0 && err != NULL)
		socialcap__copy_text(j->errmsg, sizeof(j->errmsg), err->message);
	return rc;
}

int socialcap_journal_create(socialcap_journal **out, const char *path,
			     socialcap_network *net,
			     const socialcap_journal_options *opts,
			     socialcap_error *err)
{
	socialcap_journal *j;
	struct stat st;
	int rc;

	socialcap_error_clear(err);
	if (out == NULL)
		return fail(err, SOCIALCAP_EINVAL, "journal: NULL out");
	*out = NULL;
	if ((j = handle_new(path, opts, err, &rc)) == NULL)
		return rc;
	if (stat(path, &st) == 0) {
		socialcap_journal_free(j);
		return fail(err, SOCIALCAP_EEXISTS, "%s already exists", path);
	}
	/* Only "not there" lets the create go on: after any other failure
	 * of stat a store may exist, and the create would replace it (and
	 * its clean-up below remove it). */
	if (errno != ENOENT) {
		rc = socialcap__io_fail(err, "cannot check", path, errno);
		socialcap_journal_free(j);
		return rc;
	}
	if (net == NULL) {
		rc = socialcap_network_new(&j->net, j->state_opts.network);
		if (rc != 0) {
			socialcap_journal_free(j);
			return fail(err, rc, "cannot create the network");
		}
	} else {
		j->net = net;
	}
	j->net->journalled = 1;
	rc = socialcap_journal_checkpoint(j, err);
	if (rc != 0) {
		/* Nothing was at path before this call, so whatever the failed
		 * checkpoint left there (a state file renamed into place before
		 * a later step failed, the journal beside it) is ours: remove it,
		 * or creating the store again would fail with EEXISTS. */
		(void)unlink(j->path);
		(void)unlink(j->jpath);
		if (net != NULL) {
			net->journalled = 0;
			j->net = NULL; /* not consumed on failure */
		}
		socialcap_journal_free(j);
		return rc;
	}
	*out = j;
	return SOCIALCAP_OK;
}

/* ------------------------------------------------------------- opening */

/* Read the whole journal file; *buf NULL when it does not exist. */
static int read_journal(socialcap_journal *j, int *fd, unsigned char **buf,
			size_t *len, socialcap_error *err)
{
	struct stat st;
	size_t got = 0;

	*buf = NULL;
	*len = 0;
	*fd = open(j->jpath, O_RDWR | O_APPEND | O_CLOEXEC);
	if (*fd < 0)
		return errno == ENOENT ? SOCIALCAP_OK
				       : socialcap__io_fail(err, "cannot open", j->jpath, errno);
	if (fstat(*fd, &st) != 0)
		return socialcap__io_fail(err, "cannot stat", j->jpath, errno);
	if ((uint64_t)st.st_size > j->opts.max_journal_bytes)
		return fail(err, SOCIALCAP_ELIMIT, "%s is larger than max_journal_bytes",
			    j->jpath);
	*len = (size_t)st.st_size;
	*buf = socialcap__mem_alloc(&j->mem, *len ? *len : 1);
	if (*buf == NULL)
		return fail(err, SOCIALCAP_ENOMEM, "out of memory");
	while (got < *len) {
		ssize_t n = read(*fd, *buf + got, *len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return socialcap__io_fail(err, "cannot read", j->jpath,
						  n < 0 ? errno : EIO);
		got += (size_t)n;
	}
	return SOCIALCAP_OK;
}

typedef struct scan {
	uint64_t records;   /* valid records before the end or the cut */
	size_t end;         /* offset after the last valid record */
	int cut;            /* a damaged final record follows */
	int dropped;        /* ... and valid records after it (recover) */
} scan;

/*
 * Walk the records after the header, applying them when @p rp is given.
 * A record that fails its checks is the torn tail when no valid record
 * follows it; otherwise it is corruption in the middle, an error.
 */
static int walk(const unsigned char *buf, size_t len,
		size_t first, const unsigned char *salt, uint64_t base,
		socialcap__replay *rp, int recover, scan *sc, socialcap_error *err)
{
	size_t p = first;
	int rc;

	memset(sc, 0, sizeof(*sc));
	while (p < len) {
		socialcap_error why;
		uint64_t seq;
		size_t body, end;

		socialcap_error_clear(&why);
		rc = socialcap__journal_frame(buf, len, p, salt, &seq, &body, &end, &why);
		if (rc == 0 && seq != base + sc->records) {
			rc = SOCIALCAP_EFORMAT;
			snprintf(why.message, sizeof(why.message),
				 "sequence number %llu where %llu was due",
				 (unsigned long long)seq,
				 (unsigned long long)base + sc->records);
		}
		if (rc != 0) {
			if (!socialcap__journal_valid_after(buf, len, p, salt)) {
				sc->cut = 1;
				break;
			}
			if (recover) {
				sc->cut = sc->dropped = 1;
				break;
			}
			if (err != NULL) {
				err->status = SOCIALCAP_EFORMAT;
				err->offset = p;
				snprintf(err->field, sizeof(err->field), "record %llu",
					 (unsigned long long)sc->records);
				snprintf(err->message, sizeof(err->message),
					 "journal record %llu at byte %zu is damaged (%.120s) and valid records follow it",
					 (unsigned long long)sc->records, p, why.message);
			}
			return SOCIALCAP_EFORMAT;
		}
		if (rp != NULL && (rc = socialcap__journal_apply(rp, body, end, err)) != 0) {
			if (err != NULL) {
				char inner[SOCIALCAP_ERROR_TEXT_SIZE];

				socialcap__copy_text(inner, sizeof(inner), err->message);
				err->offset = p;
				snprintf(err->field, sizeof(err->field), "record %llu",
					 (unsigned long long)sc->records);
				snprintf(err->message, sizeof(err->message),
					 "journal record %llu at byte %zu: %.160s",
					 (unsigned long long)sc->records, p, inner);
			}
			return rc;
		}
		sc->records++;
		p = end;
	}
	sc->end = p;
	return SOCIALCAP_OK;
}

static void replay_free(socialcap__replay *rp)
{
	socialcap__mem *mem = &rp->j->mem;

	socialcap__mem_free(mem, rp->text, rp->text_cap);
	socialcap__mem_free(mem, rp->groups, rp->groups_cap * sizeof(*rp->groups));
	socialcap__mem_free(mem, rp->att, rp->att_cap * sizeof(*rp->att));
}

/* The journal matches the state file: replay it, cut a torn tail. */
static int replay(socialcap_journal *j, int fd, const unsigned char *buf,
		  size_t len, size_t first, const unsigned char *salt,
		  uint64_t base, socialcap_journal_report *report,
		  socialcap_error *err)
{
	socialcap__replay rp;
	scan sc;
	int rc;

	memset(&rp, 0, sizeof(rp));
	rp.j = j;
	rp.buf = buf;
	rp.len = len;
	rc = walk(buf, len, first, salt, base, &rp, j->opts.recover, &sc, err);
	replay_free(&rp);
	if (rc != 0)
		return rc;
	if (sc.cut) {
		if (ftruncate(fd, (off_t)sc.end) != 0 || fsync(fd) != 0)
			return socialcap__io_fail(err, "cannot cut the torn tail of",
						  j->jpath, errno);
		report->tail_cut = 1;
		report->cut_offset = sc.end;
		report->cut_bytes = len - sc.end;
		report->dropped_valid = sc.dropped;
	}
	j->fd = fd;
	j->size = sc.end;
	memcpy(j->salt, salt, SOCIALCAP__SALT_BYTES);
	j->next_seq = base + sc.records;
	report->replayed = sc.records;
	return SOCIALCAP_OK;
}

int socialcap__journal_replay_memory(socialcap_network *net,
				     const unsigned char *buf, size_t len,
				     uint64_t *records, int *cut,
				     socialcap_error *err)
{
	unsigned char salt[SOCIALCAP__SALT_BYTES];
	socialcap_journal j;
	socialcap__replay rp;
	uint64_t base;
	size_t first;
	scan sc;
	int rc;

	memset(&j, 0, sizeof(j));
	socialcap__mem_init(&j.mem, &net->mem.allocator);
	j.net = net;
	j.fd = -1;
	*records = 0;
	*cut = 0;
	rc = socialcap__journal_parse_header(buf, len, salt, &base, &first,
					     SOCIALCAP_STATE_DEFAULT_MAX_NESTING, err);
	if (rc != 0)
		return rc;
	memset(&rp, 0, sizeof(rp));
	rp.j = &j;
	rp.buf = buf;
	rp.len = len;
	rc = walk(buf, len, first, salt, base, &rp, 0, &sc, err);
	replay_free(&rp);
	*records = sc.records;
	*cut = sc.cut;
	return rc;
}

/* Decide what the journal file is relative to the state, and act. */
static int attach(socialcap_journal *j, const socialcap__state_meta *meta,
		  socialcap_journal_report *report, socialcap_error *err)
{
	unsigned char *buf, salt[SOCIALCAP__SALT_BYTES] = {0};
	uint64_t base = 0;
	size_t len, first;
	int fd, rc;
	scan sc;

	rc = read_journal(j, &fd, &buf, &len, err);
	if (rc == 0 && buf != NULL)
		rc = socialcap__journal_parse_header(buf, len, salt, &base, &first,
						     j->state_opts.max_nesting, err);
	if (rc == 0 && buf != NULL && meta->has_journal &&
	    memcmp(salt, meta->salt, SOCIALCAP__SALT_BYTES) == 0) {
		if (base != meta->next_seq)
			rc = fail(err, SOCIALCAP_EFORMAT,
				  "%s starts at another sequence number than its state file",
				  j->jpath);
		else
			rc = replay(j, fd, buf, len, first, salt, base, report, err);
		if (rc == 0)
			fd = -1; /* kept by the handle */
	} else if (rc == 0 && buf != NULL) {
		/* Another journal: acceptable only when the state file already
		 * holds all its records (a checkpoint stopped before its last
		 * step). */
		rc = walk(buf, len, first, salt, base, NULL, 0, &sc, err);
		if (rc == 0 && (!meta->has_journal || base + sc.records > meta->next_seq))
			rc = fail(err, SOCIALCAP_EFORMAT,
				  "%s does not belong to its state file (records not in the state)",
				  j->jpath);
		/* A stale journal is whole. Damage, or records under the
		 * state's own salt, mean this is the current journal with a
		 * damaged header: never throw that away. */
		if (rc == 0 && (sc.cut || (meta->has_journal &&
					   socialcap__journal_valid_after(buf, len, 0,
									  meta->salt))))
			rc = fail(err, SOCIALCAP_EFORMAT,
				  "%s: the header is damaged or the journal does not belong to its state file",
				  j->jpath);
	}
	if (buf != NULL)
		socialcap__mem_free(&j->mem, buf, len ? len : 1);
	if (fd >= 0)
		close(fd);
	if (rc != 0) {
		if (err != NULL)
			socialcap__copy_text(err->file, sizeof(err->file), j->jpath);
		return rc;
	}
	if (j->fd < 0) {
		report->journal_restarted = 1;
		rc = meta->has_journal ? start_journal(j, meta->salt, meta->next_seq, err)
				       : socialcap_journal_checkpoint(j, err);
	}
	report->next_seq = j->next_seq;
	return rc;
}

int socialcap_journal_open(socialcap_journal **out, const char *path,
			   const socialcap_journal_options *opts,
			   socialcap_journal_report *report, socialcap_error *err)
{
	socialcap_journal_report scratch;
	socialcap__state_meta meta;
	socialcap_journal *j;
	int rc;

	socialcap_error_clear(err);
	if (out == NULL)
		return fail(err, SOCIALCAP_EINVAL, "journal: NULL out");
	*out = NULL;
	if (report == NULL)
		report = &scratch;
	memset(report, 0, sizeof(*report));
	if ((j = handle_new(path, opts, err, &rc)) == NULL)
		return rc;
	rc = socialcap__state_load(&j->net, path, &j->state_opts, &meta, err);
	if (rc == 0) {
		j->net->journalled = 1;
		rc = attach(j, &meta, report, err);
	}
	if (rc != 0) {
		socialcap_journal_free(j);
		return rc;
	}
	*out = j;
	return SOCIALCAP_OK;
}
