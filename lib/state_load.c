/*
 * Reading the state file (format: docs/format.md) by recursive descent over
 * the streaming tokenizer. The network is built directly in file order, so
 * every index comes back as it was saved; dictionaries and actors go
 * straight into the tables, ties in bulk into columns reserved once
 * (state_load_ties.c), ledger records through the public recording
 * functions, which check them once more.
 *
 * Memory: a table is reserved up front only as far as the rest of the
 * input could fill it (each record takes some minimum number of bytes), so
 * a declared count never buys more memory than the input's size justifies.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state_loader.h"

/* ---------------------------------------------------------------- header */

static int header_entry(loader *l, uint64_t key, uint64_t at,
			socialcap__state_meta *meta, unsigned *seen)
{
	socialcap__reader *r = &l->rd;
	const unsigned char *p;
	const char *s;
	size_t len;
	uint64_t v;
	int64_t i;
	int rc;

	if (key < 32 && (*seen & (1u << key)))
		return bad(l, at, "header", "a key appears twice in the header");
	if (key < 32)
		*seen |= 1u << key;
	switch (key) {
	case SOCIALCAP__HDR_MAGIC:
		if ((rc = socialcap__rd_text(r, &s, &len, 64, "header.magic")) != 0)
			return rc;
		if (len != strlen(SOCIALCAP_STATE_MAGIC) ||
		    memcmp(s, SOCIALCAP_STATE_MAGIC, len) != 0)
			return bad(l, at, "header.magic", "not a socialcap state file");
		return SOCIALCAP_OK;
	case SOCIALCAP__HDR_VERSION:
		if ((rc = socialcap__rd_uint(r, &v, UINT64_MAX, "header.version")) != 0)
			return rc;
		if (v != SOCIALCAP_STATE_FORMAT_VERSION)
			return socialcap__rd_fail(r, SOCIALCAP_EVERSION, at, "header.version",
						  "format version %llu is not supported (this library reads version %d)",
						  (unsigned long long)v,
						  SOCIALCAP_STATE_FORMAT_VERSION);
		return SOCIALCAP_OK;
	case SOCIALCAP__HDR_LIBRARY:
		return socialcap__rd_text(r, &s, &len, 64, "header.library");
	case SOCIALCAP__HDR_CREATED:
		return socialcap__rd_int(r, &i, "header.created");
	case SOCIALCAP__HDR_SALT:
		if ((rc = socialcap__rd_bytes(r, &p, SOCIALCAP__SALT_BYTES,
					      "header.journal_salt")) != 0)
			return rc;
		memcpy(meta->salt, p, SOCIALCAP__SALT_BYTES);
		return SOCIALCAP_OK;
	case SOCIALCAP__HDR_NEXT_SEQ:
		return socialcap__rd_uint(r, &meta->next_seq, UINT64_MAX,
					  "header.journal_seq");
	default:
		/* Entries added by later minor versions are skipped. */
		return socialcap__rd_skip(r, l->opts->max_nesting, "header");
	}
}

static int header(loader *l, socialcap__state_meta *meta)
{
	socialcap__reader *r = &l->rd;
	socialcap__token t;
	unsigned seen = 0;
	uint64_t i, at;
	int rc;

	if ((rc = socialcap__rd_next(r, &t, "tag")) != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_TAG || t.u != SOCIALCAP__SELF_DESCRIBED_TAG)
		return bad(l, t.offset, "tag",
			   "not a socialcap state file (no self-described CBOR tag 55799)");
	if ((rc = socialcap__rd_array_of(r, 10, "state")) != 0)
		return rc;
	at = socialcap__rd_offset(r);
	if ((rc = socialcap__rd_next(r, &t, "header")) != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_MAP)
		return bad(l, t.offset, "header", "expected the header map");
	for (i = 0; i < t.u; i++) {
		uint64_t key, kat = socialcap__rd_offset(r);

		if ((rc = socialcap__rd_uint(r, &key, UINT64_MAX, "header")) != 0 ||
		    (rc = header_entry(l, key, kat, meta, &seen)) != 0)
			return rc;
	}
	if ((seen & 0xe) != 0xe)
		return bad(l, at, "header", "the header lacks magic, version or library");
	if (((seen >> SOCIALCAP__HDR_SALT) & 1) != ((seen >> SOCIALCAP__HDR_NEXT_SEQ) & 1))
		return bad(l, at, "header", "journal salt and sequence must come together");
	meta->has_journal = (seen >> SOCIALCAP__HDR_SALT) & 1;
	return SOCIALCAP_OK;
}

/* ----------------------------------------------------------- dictionaries */

static int sectors(loader *l)
{
	socialcap_network *net = l->net;
	uint64_t n, i, tier;
	int rc;

	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, "sectors"))) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		uint64_t at = socialcap__rd_offset(&l->rd);
		const char *s;
		size_t len;
		uint32_t k;
		double prestige;

		if ((rc = socialcap__rd_array_of(&l->rd, 3, fld(l, "sectors", i, ""))) != 0 ||
		    (rc = socialcap__rd_text(&l->rd, &s, &len, net->opts.max_label_bytes,
					     fld(l, "sectors", i, "label"))) != 0)
			return rc;
		if (socialcap__strtab_find(&net->sectors.labels, s, len) != UINT32_MAX)
			return bad(l, at, l->last, "sector defined twice");
		if (socialcap__sector_reserve(net, len) != 0)
			return oom(l);
		k = socialcap__sector_add(net, s, len, 0, NAN);
		if ((rc = socialcap__rd_uint(&l->rd, &tier, INT32_MAX,
					     fld(l, "sectors", i, "tier"))) != 0 ||
		    (rc = socialcap__rd_number(&l->rd, &prestige, 1,
					       fld(l, "sectors", i, "prestige"))) != 0)
			return rc;
		net->sectors.tier[k] = (int32_t)tier;
		net->sectors.prestige[k] = prestige;
	}
	return SOCIALCAP_OK;
}

enum { DICT_NBH, DICT_GROUP, DICT_LAYER, DICT_KIND };

static int dictionary(loader *l, int which, const char *name)
{
	static const char *const first_layers[] = {
		"family", "household", "neighbours", "work", "school"};
	socialcap_network *net = l->net;
	socialcap__strtab *tab = which == DICT_NBH     ? &net->nbhs.labels
				 : which == DICT_GROUP ? &net->groups
				 : which == DICT_LAYER ? &net->layers
						       : &net->events.kinds;
	uint64_t n, i;
	int rc;

	if ((rc = socialcap__rd_array(&l->rd, &n, top(l, name))) != 0)
		return rc;
	if (which == DICT_LAYER && (n < 5 || n > SOCIALCAP__MAX_LAYERS))
		return bad(l, socialcap__rd_offset(&l->rd) - 1, name,
			   "there must be 5 to 65535 layers");
	for (i = 0; i < n; i++) {
		uint64_t at = socialcap__rd_offset(&l->rd);
		const char *s;
		size_t len, max = net->opts.max_label_bytes;

		/* The predefined layers exist in every network whatever its
		 * label limit, so a file saved with a small limit loads back. */
		if (which == DICT_LAYER && i < 5 && max < strlen(first_layers[i]))
			max = strlen(first_layers[i]);
		if ((rc = socialcap__rd_text(&l->rd, &s, &len, max,
					     fld(l, name, i, ""))) != 0)
			return rc;
		if (which == DICT_LAYER && i < 5) {
			if (len != strlen(first_layers[i]) ||
			    memcmp(s, first_layers[i], len) != 0)
				return bad(l, at, l->last,
					   "the first five layers must be the predefined ones");
			continue;
		}
		if (socialcap__strtab_find(tab, s, len) != UINT32_MAX)
			return bad(l, at, l->last, "label appears twice");
		if (which == DICT_NBH) {
			if (socialcap__nbh_reserve(net, len) != 0)
				return oom(l);
			socialcap__nbh_add(net, s, len);
		} else {
			if (socialcap__strtab_reserve(tab, &net->mem, 1, len) != 0)
				return oom(l);
			socialcap__strtab_add(tab, s, len);
		}
	}
	return SOCIALCAP_OK;
}

/* ------------------------------------------------------------------ main */

static int body(loader *l, socialcap__state_meta *meta)
{
	int rc;

	if ((rc = header(l, meta)) != 0 || (rc = sectors(l)) != 0 ||
	    (rc = dictionary(l, DICT_NBH, "neighbourhoods")) != 0 ||
	    (rc = dictionary(l, DICT_GROUP, "groups")) != 0 ||
	    (rc = dictionary(l, DICT_LAYER, "layers")) != 0 ||
	    (rc = dictionary(l, DICT_KIND, "event_kinds")) != 0 ||
	    (rc = socialcap__load_actors(l)) != 0 ||
	    (rc = socialcap__load_ties(l)) != 0 || (rc = socialcap__load_ledger(l)) != 0)
		return rc;
	top(l, "");
	if (!socialcap__rd_at_end(&l->rd))
		return l->rd.err->status != 0
			       ? l->rd.err->status
			       : bad(l, socialcap__rd_offset(&l->rd), "",
				     "unexpected bytes after the end of the state");
	return SOCIALCAP_OK;
}

static void release(loader *l)
{
	socialcap__mem *mem = &l->net->mem;

	socialcap__mem_free(mem, l->seen, l->seen_cap * sizeof(*l->seen));
	socialcap__mem_free(mem, l->att, l->att_cap * sizeof(*l->att));
	socialcap__mem_free(mem, l->id, l->id_cap);
	socialcap__bulk_free(l, &l->ids);
	socialcap__bulk_free(l, &l->ties);
	socialcap__rd_free(&l->rd);
}

/* Runs the loader over an initialised reader (fd or memory). */
static int load(socialcap_network **out, loader *l, int fd, const void *data,
		size_t size, socialcap__state_meta *meta, socialcap_error *err)
{
	socialcap__state_meta scratch;
	int rc;

	if (meta == NULL)
		meta = &scratch;
	memset(meta, 0, sizeof(*meta));
	rc = socialcap_network_new(&l->net, l->opts->network);
	if (rc != 0) {
		err->status = rc;
		socialcap__copy_text(err->message, sizeof(err->message),
				     rc == SOCIALCAP_ENOMEM ? "out of memory"
							    : "invalid network options");
		return rc;
	}
	if (fd >= 0)
		rc = socialcap__rd_init_fd(&l->rd, &l->net->mem, fd,
					   l->opts->max_input_bytes, err);
	else
		socialcap__rd_init_buffer(&l->rd, data, size, err);
	l->id_cap = l->net->opts.max_id_bytes + 1;
	if (rc == 0 && (l->id = socialcap__mem_alloc(&l->net->mem, l->id_cap)) == NULL)
		rc = oom(l);
	if (rc == 0)
		rc = body(l, meta);
	release(l);
	if (rc != 0) {
		socialcap_network_free(l->net);
		return rc;
	}
	socialcap__net_ok(l->net);
	*out = l->net;
	return SOCIALCAP_OK;
}

static int start(socialcap_network **out, loader *l,
		 const socialcap_state_options **opts, socialcap_error *err)
{
	static const socialcap_state_options defaults = SOCIALCAP_STATE_OPTIONS_INIT;

	memset(l, 0, sizeof(*l));
	if (*opts == NULL)
		*opts = &defaults;
	l->opts = *opts;
	if (out == NULL) {
		err->status = SOCIALCAP_EINVAL;
		socialcap__copy_text(err->message, sizeof(err->message),
				     "state load: NULL out");
		return SOCIALCAP_EINVAL;
	}
	*out = NULL;
	return socialcap__state_check_options(*opts, err);
}

int socialcap_state_load_buffer(socialcap_network **out, const void *data,
				size_t size, const socialcap_state_options *opts,
				socialcap_error *err)
{
	socialcap_error local;
	loader l;
	int rc;

	if (err == NULL)
		err = &local;
	socialcap_error_clear(err);
	if ((rc = start(out, &l, &opts, err)) != 0)
		return rc;
	if (data == NULL && size > 0) {
		err->status = SOCIALCAP_EINVAL;
		socialcap__copy_text(err->message, sizeof(err->message), "NULL data");
		return SOCIALCAP_EINVAL;
	}
	if (data == NULL)
		data = ""; /* size 0: no pointer arithmetic on NULL */
	if (size > opts->max_input_bytes) {
		err->status = SOCIALCAP_ELIMIT;
		snprintf(err->message, sizeof(err->message),
			 "input of %zu bytes exceeds the limit of %llu", size,
			 (unsigned long long)opts->max_input_bytes);
		return SOCIALCAP_ELIMIT;
	}
	l.total = size;
	return load(out, &l, -1, data, size, NULL, err);
}

int socialcap__state_load(socialcap_network **out, const char *path,
			  const socialcap_state_options *opts,
			  socialcap__state_meta *meta, socialcap_error *err)
{
	socialcap_error local;
	struct stat st;
	loader l;
	int fd, rc;

	if (err == NULL)
		err = &local;
	socialcap_error_clear(err);
	if ((rc = start(out, &l, &opts, err)) != 0)
		return rc;
	if (path == NULL) {
		err->status = SOCIALCAP_EINVAL;
		socialcap__copy_text(err->message, sizeof(err->message), "NULL path");
		return SOCIALCAP_EINVAL;
	}
	socialcap__copy_text(err->file, sizeof(err->file), path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		err->status = e == ENOENT ? SOCIALCAP_ENOTFOUND : SOCIALCAP_EIO;
		snprintf(err->message, sizeof(err->message), "cannot open %s: %s",
			 path, strerror(e));
		return err->status;
	}
	if ((uint64_t)st.st_size > opts->max_input_bytes) {
		close(fd);
		err->status = SOCIALCAP_ELIMIT;
		snprintf(err->message, sizeof(err->message),
			 "%s: %llu bytes exceed the limit of %llu", path,
			 (unsigned long long)st.st_size,
			 (unsigned long long)opts->max_input_bytes);
		return SOCIALCAP_ELIMIT;
	}
	l.total = (uint64_t)st.st_size;
	rc = load(out, &l, fd, NULL, 0, meta, err);
	close(fd);
	return rc;
}

int socialcap_state_load(socialcap_network **out, const char *path,
			 const socialcap_state_options *opts, socialcap_error *err)
{
	return socialcap__state_load(out, path, opts, NULL, err);
}
