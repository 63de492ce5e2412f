/*
 * The journal on disk (docs/format.md, "Journal"): the header, the frame
 * of a record (sequence number, salt, body, CRC-32C), and decoding a
 * record's body into a call of the recording API.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crc32c.h"
#include "journal_internal.h"
#include "network_internal.h"

/* Nesting of a record: frame array, body array, groups or attendance. */
#define RECORD_DEPTH 3

int socialcap__random_salt(unsigned char salt[SOCIALCAP__SALT_BYTES],
			   socialcap_error *err)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	while (fd >= 0 && got < SOCIALCAP__SALT_BYTES) {
		ssize_t n = read(fd, salt + got, SOCIALCAP__SALT_BYTES - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (fd >= 0)
		close(fd);
	if (got < SOCIALCAP__SALT_BYTES) {
		if (err != NULL) {
			err->status = SOCIALCAP_EIO;
			snprintf(err->message, sizeof(err->message),
				 "cannot read /dev/urandom for a journal salt");
		}
		return SOCIALCAP_EIO;
	}
	return SOCIALCAP_OK;
}

void socialcap__journal_header(socialcap__cw *w,
			       const unsigned char salt[SOCIALCAP__SALT_BYTES],
			       uint64_t base_seq)
{
	socialcap__cw_tag(w, SOCIALCAP__SELF_DESCRIBED_TAG);
	socialcap__cw_map(w, 4);
	socialcap__cw_uint(w, SOCIALCAP__JHDR_MAGIC);
	socialcap__cw_text(w, SOCIALCAP_JOURNAL_MAGIC, strlen(SOCIALCAP_JOURNAL_MAGIC));
	socialcap__cw_uint(w, SOCIALCAP__JHDR_VERSION);
	socialcap__cw_uint(w, SOCIALCAP_JOURNAL_FORMAT_VERSION);
	socialcap__cw_uint(w, SOCIALCAP__JHDR_SALT);
	socialcap__cw_bytes(w, salt, SOCIALCAP__SALT_BYTES);
	socialcap__cw_uint(w, SOCIALCAP__JHDR_BASE_SEQ);
	socialcap__cw_uint(w, base_seq);
}

static void reader_at(socialcap__reader *r, const unsigned char *buf, size_t len,
		      size_t p, socialcap_error *err)
{
	socialcap__rd_init_buffer(r, buf, len, err);
	r->pos = p;
}

static int header_entry(socialcap__reader *r, uint64_t key, unsigned *seen,
			unsigned char *salt, uint64_t *base, unsigned max_nesting)
{
	const unsigned char *p;
	const char *s;
	size_t len;
	uint64_t v, at = socialcap__rd_offset(r);
	int rc;

	if (key < 32 && (*seen & (1u << key)))
		return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, at, "header",
					  "a key appears twice in the header");
	if (key < 32)
		*seen |= 1u << key;
	switch (key) {
	case SOCIALCAP__JHDR_MAGIC:
		if ((rc = socialcap__rd_text(r, &s, &len, 64, "header.magic")) != 0)
			return rc;
		if (len != strlen(SOCIALCAP_JOURNAL_MAGIC) ||
		    memcmp(s, SOCIALCAP_JOURNAL_MAGIC, len) != 0)
			return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, at, "header.magic",
						  "not a socialcap journal");
		return SOCIALCAP_OK;
	case SOCIALCAP__JHDR_VERSION:
		if ((rc = socialcap__rd_uint(r, &v, UINT64_MAX, "header.version")) != 0)
			return rc;
		if (v != SOCIALCAP_JOURNAL_FORMAT_VERSION)
			return socialcap__rd_fail(r, SOCIALCAP_EVERSION, at, "header.version",
						  "journal format version %llu is not supported",
						  (unsigned long long)v);
		return SOCIALCAP_OK;
	case SOCIALCAP__JHDR_SALT:
		if ((rc = socialcap__rd_bytes(r, &p, SOCIALCAP__SALT_BYTES,
					      "header.salt")) != 0)
			return rc;
		memcpy(salt, p, SOCIALCAP__SALT_BYTES);
		return SOCIALCAP_OK;
	case SOCIALCAP__JHDR_BASE_SEQ:
		return socialcap__rd_uint(r, base, UINT64_MAX / 2, "header.base_seq");
	default:
		return socialcap__rd_skip(r, max_nesting, "header");
	}
}

int socialcap__journal_parse_header(const unsigned char *buf, size_t len,
				    unsigned char salt[SOCIALCAP__SALT_BYTES],
				    uint64_t *base_seq, size_t *end,
				    unsigned int max_nesting, socialcap_error *err)
{
	socialcap__reader r;
	socialcap__token t;
	unsigned seen = 0;
	uint64_t i;
	int rc;

	reader_at(&r, buf, len, 0, err);
	if ((rc = socialcap__rd_next(&r, &t, "tag")) != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_TAG || t.u != SOCIALCAP__SELF_DESCRIBED_TAG)
		return socialcap__rd_fail(&r, SOCIALCAP_EFORMAT, 0, "tag",
					  "not a socialcap journal (no self-described CBOR tag)");
	if ((rc = socialcap__rd_next(&r, &t, "header")) != 0)
		return rc;
	if (t.type != SOCIALCAP__TK_MAP)
		return socialcap__rd_fail(&r, SOCIALCAP_EFORMAT, t.offset, "header",
					  "expected the header map");
	for (i = 0; i < t.u; i++) {
		uint64_t key;

		if ((rc = socialcap__rd_uint(&r, &key, UINT64_MAX, "header")) != 0 ||
		    (rc = header_entry(&r, key, &seen, salt, base_seq, max_nesting)) != 0)
			return rc;
	}
	if ((seen & 0x1e) != 0x1e)
		return socialcap__rd_fail(&r, SOCIALCAP_EFORMAT, 0, "header",
					  "the journal header lacks magic, version, salt or base sequence");
	*end = r.pos;
	return SOCIALCAP_OK;
}

int socialcap__journal_frame(const unsigned char *buf, size_t len, size_t p,
			     const unsigned char salt[SOCIALCAP__SALT_BYTES],
			     uint64_t *seq, size_t *body, size_t *end,
			     socialcap_error *err)
{
	socialcap__reader r;
	const unsigned char *s, *c;
	uint32_t crc;
	size_t crc_at;
	int rc;

	reader_at(&r, buf, len, p, err);
	if ((rc = socialcap__rd_array_of(&r, 4, "record")) != 0 ||
	    (rc = socialcap__rd_uint(&r, seq, UINT64_MAX, "record.seq")) != 0 ||
	    (rc = socialcap__rd_bytes(&r, &s, SOCIALCAP__SALT_BYTES, "record.salt")) != 0)
		return rc;
	if (memcmp(s, salt, SOCIALCAP__SALT_BYTES) != 0)
		return socialcap__rd_fail(&r, SOCIALCAP_EFORMAT, p, "record.salt",
					  "salt differs from the journal's");
	*body = r.pos;
	if ((rc = socialcap__rd_skip(&r, RECORD_DEPTH, "record.body")) != 0)
		return rc;
	crc_at = r.pos;
	if ((rc = socialcap__rd_bytes(&r, &c, SOCIALCAP__CRC_BYTES, "record.crc")) != 0)
		return rc;
	crc = (uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 | c[3];
	if (crc != socialcap__crc32c(0, buf + p, crc_at - p))
		return socialcap__rd_fail(&r, SOCIALCAP_EFORMAT, p, "record.crc",
					  "CRC-32C does not match");
	*end = r.pos;
	return SOCIALCAP_OK;
}

int socialcap__journal_valid_after(const unsigned char *buf, size_t len,
				   size_t p,
				   const unsigned char salt[SOCIALCAP__SALT_BYTES])
{
	static const size_t seq_sizes[] = {1, 2, 3, 5, 9};
	size_t s, k;

	/* A record reads 0x84, its sequence number (1 to 9 bytes), then 0x48
	 * and the 8 salt bytes: look for the salt, then try each start. */
	for (s = p + 2; s + 1 + SOCIALCAP__SALT_BYTES <= len; s++) {
		if (buf[s] != 0x48 || memcmp(buf + s + 1, salt, SOCIALCAP__SALT_BYTES) != 0)
			continue;
		for (k = 0; k < sizeof(seq_sizes) / sizeof(*seq_sizes); k++) {
			socialcap_error scratch;
			uint64_t seq;
			size_t start, body, end;

			if (s < p + 2 + seq_sizes[k])
				continue;
			start = s - 1 - seq_sizes[k];
			if (buf[start] == 0x84 &&
			    socialcap__journal_frame(buf, len, start, salt, &seq, &body,
						     &end, &scratch) == 0)
				return 1;
		}
	}
	return 0;
}

/* ------------------------------------------------------- body decoding */

/* Read a text and keep a NUL-terminated copy in the replay's scratch. */
static int text(socialcap__replay *rp, socialcap__reader *r, const char **out,
		const char *field)
{
	const char *s;
	size_t len;
	int rc = socialcap__rd_text(r, &s, &len, SOCIALCAP_HARD_MAX_LABEL_BYTES, field);

	if (rc != 0)
		return rc;
	/* The scratch was sized for the record, so this always fits. */
	memcpy(rp->text + rp->text_len, s, len);
	rp->text[rp->text_len + len] = '\0';
	*out = rp->text + rp->text_len;
	rp->text_len += len + 1;
	return SOCIALCAP_OK;
}

static int u32(socialcap__reader *r, uint32_t *v, uint64_t max, const char *field)
{
	uint64_t x;
	int rc = socialcap__rd_uint(r, &x, max, field);

	*v = (uint32_t)x;
	return rc;
}

static int model(socialcap__replay *rp, socialcap__reader *r, int rc,
		 uint64_t at)
{
	if (rc == 0 || rc == SOCIALCAP_ENOMEM)
		return rc == 0 ? 0 : socialcap__rd_fail(r, rc, at, "record.body",
							 "out of memory");
	return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, at, "record.body",
				  "the network refuses the record: %s",
				  socialcap_network_errmsg(rp->j->net));
}

static int apply_sector(socialcap__replay *rp, socialcap__reader *r, uint64_t at)
{
	const char *label;
	uint64_t tier;
	double prestige;
	int rc;

	if ((rc = text(rp, r, &label, "sector.label")) != 0 ||
	    (rc = socialcap__rd_uint(r, &tier, INT32_MAX, "sector.tier")) != 0 ||
	    (rc = socialcap__rd_number(r, &prestige, 1, "sector.prestige")) != 0)
		return rc;
	return model(rp, r, socialcap_network_set_sector(rp->j->net, NULL, label,
							 (int)tier, prestige), at);
}

static int apply_actor(socialcap__replay *rp, socialcap__reader *r, uint64_t at)
{
	socialcap__mem *mem = &rp->j->mem;
	const char *id, *sector, *nbh;
	uint64_t kind, n, k;
	double status;
	int rc;

	if ((rc = text(rp, r, &id, "actor.id")) != 0 ||
	    (rc = socialcap__rd_uint(r, &kind, SOCIALCAP_ORGANISATION, "actor.kind")) != 0 ||
	    (rc = text(rp, r, &sector, "actor.sector")) != 0 ||
	    (rc = text(rp, r, &nbh, "actor.neighbourhood")) != 0 ||
	    (rc = socialcap__rd_number(r, &status, 1, "actor.status")) != 0 ||
	    (rc = socialcap__rd_array(r, &n, "actor.groups")) != 0)
		return rc;
	for (k = 0; k < n; k++) {
		/* At least two bytes per group: n is bounded by the record. */
		if (SOCIALCAP__GROW(mem, rp->groups, rp->groups_cap, k + 1) != 0)
			return socialcap__rd_fail(r, SOCIALCAP_ENOMEM, at, "actor.groups",
						  "out of memory");
		if ((rc = text(rp, r, &rp->groups[k], "actor.groups")) != 0)
			return rc;
	}
	return model(rp, r, socialcap_network_add_actor(rp->j->net, NULL, id,
							(socialcap_actor_kind)kind,
							sector, nbh, status,
							rp->groups, (size_t)n), at);
}

static int apply_tie(socialcap__replay *rp, socialcap__reader *r, uint64_t at)
{
	const char *layer;
	uint32_t a, b;
	double weight;
	int64_t since;
	int rc;

	if ((rc = u32(r, &a, UINT32_MAX, "tie.a")) != 0 ||
	    (rc = u32(r, &b, UINT32_MAX, "tie.b")) != 0 ||
	    (rc = text(rp, r, &layer, "tie.layer")) != 0 ||
	    (rc = socialcap__rd_number(r, &weight, 0, "tie.weight")) != 0 ||
	    (rc = socialcap__rd_time(r, &since, 1, "tie.since")) != 0)
		return rc;
	return model(rp, r, socialcap_network_add_tie(rp->j->net, NULL, a, b, layer,
						      weight, since), at);
}

static int apply_contact(socialcap__replay *rp, socialcap__reader *r, uint64_t at)
{
	socialcap_contact c;
	uint32_t channel;
	int rc;

	if ((rc = socialcap__rd_time(r, &c.time, 0, "contact.time")) != 0 ||
	    (rc = u32(r, &c.a, UINT32_MAX, "contact.a")) != 0 ||
	    (rc = u32(r, &c.b, UINT32_MAX, "contact.b")) != 0 ||
	    (rc = u32(r, &channel, SOCIALCAP_DIGITAL, "contact.channel")) != 0 ||
	    (rc = socialcap__rd_number(r, &c.weight, 0, "contact.weight")) != 0 ||
	    (rc = socialcap__rd_number(r, &c.cost, 0, "contact.cost")) != 0)
		return rc;
	c.channel = (int32_t)channel;
	return model(rp, r, socialcap_network_record_contact(rp->j->net, NULL, &c), at);
}

static int apply_event(socialcap__replay *rp, socialcap__reader *r, uint64_t at)
{
	socialcap__mem *mem = &rp->j->mem;
	socialcap_event ev;
	uint32_t channel, role;
	uint64_t n, k;
	int rc;

	if ((rc = text(rp, r, &ev.id, "event.id")) != 0 ||
	    (rc = socialcap__rd_time(r, &ev.time, 0, "event.time")) != 0 ||
	    (rc = text(rp, r, &ev.neighbourhood, "event.neighbourhood")) != 0 ||
	    (rc = text(rp, r, &ev.kind, "event.kind")) != 0 ||
	    (rc = u32(r, &channel, SOCIALCAP_DIGITAL, "event.channel")) != 0 ||
	    (rc = socialcap__rd_number(r, &ev.cost, 0, "event.cost")) != 0 ||
	    (rc = socialcap__rd_array(r, &n, "event.attendance")) != 0)
		return rc;
	if (n % 2 != 0)
		return socialcap__rd_fail(r, SOCIALCAP_EFORMAT, at, "event.attendance",
					  "attendance must be (actor, role) pairs");
	ev.channel = (int32_t)channel;
	for (k = 0; k < n / 2; k++) {
		if (SOCIALCAP__GROW(mem, rp->att, rp->att_cap, k + 1) != 0)
			return socialcap__rd_fail(r, SOCIALCAP_ENOMEM, at, "event.attendance",
						  "out of memory");
		if ((rc = u32(r, &rp->att[k].actor, UINT32_MAX, "event.attendance")) != 0 ||
		    (rc = u32(r, &role, SOCIALCAP_PARTICIPANT, "event.attendance")) != 0)
			return rc;
		rp->att[k].role = (int32_t)role;
	}
	return model(rp, r, socialcap_network_record_event(rp->j->net, NULL, &ev,
							   rp->att, (size_t)(n / 2)),
		     at);
}

int socialcap__journal_apply(socialcap__replay *rp, size_t body, size_t end,
			     socialcap_error *err)
{
	static const uint64_t arity[] = {4, 7, 6, 7, 8};
	socialcap__reader r;
	uint64_t n, type;
	size_t need = 2 * (end - body) + 1;
	int rc;

	reader_at(&r, rp->buf, end, body, err);
	/* Every string of the record, with its NUL, fits in twice its size. */
	if (need > rp->text_cap) {
		if (socialcap__resize(&rp->j->mem, (void **)&rp->text, &rp->text_cap,
				      need, 1) != 0)
			return socialcap__rd_fail(&r, SOCIALCAP_ENOMEM, body, "record",
						  "out of memory");
	}
	rp->text_len = 0;
	if ((rc = socialcap__rd_array(&r, &n, "record.body")) != 0 ||
	    (rc = socialcap__rd_uint(&r, &type, SOCIALCAP__REC_EVENT, "record.type")) != 0)
		return rc;
	if (n != arity[type])
		return socialcap__rd_fail(&r, SOCIALCAP_EFORMAT, body, "record.body",
					  "record of type %llu needs %llu items, has %llu",
					  (unsigned long long)type,
					  (unsigned long long)arity[type],
					  (unsigned long long)n);
	switch (type) {
	case SOCIALCAP__REC_SECTOR:
		return apply_sector(rp, &r, body);
	case SOCIALCAP__REC_ACTOR:
		return apply_actor(rp, &r, body);
	case SOCIALCAP__REC_TIE:
		return apply_tie(rp, &r, body);
	case SOCIALCAP__REC_CONTACT:
		return apply_contact(rp, &r, body);
	default:
		return apply_event(rp, &r, body);
	}
}
