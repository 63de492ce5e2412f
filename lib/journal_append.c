/*
 * Appending to the journal: each call is encoded, applied to the network,
 * and only then written, in one write(2), so a record the network refuses
 * never reaches the file (format: docs/format.md, "Journal").
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "crc32c.h"
#include "fileio.h"
#include "journal_internal.h"
#include "network_internal.h"

/* ----------------------------------------------------------- appending */

static void rec_begin(socialcap_journal *j, uint64_t type, uint64_t arity)
{
	j->rec.len = 0;
	j->rec.status = 0;
	socialcap__cw_array(&j->rec, 4);
	socialcap__cw_uint(&j->rec, j->next_seq);
	socialcap__cw_bytes(&j->rec, j->salt, SOCIALCAP__SALT_BYTES);
	socialcap__cw_array(&j->rec, arity);
	socialcap__cw_uint(&j->rec, type);
}

static int rec_end(socialcap_journal *j)
{
	uint32_t crc = socialcap__crc32c(0, j->rec.buf, j->rec.len);
	unsigned char c[SOCIALCAP__CRC_BYTES];

	c[0] = (unsigned char)(crc >> 24);
	c[1] = (unsigned char)(crc >> 16);
	c[2] = (unsigned char)(crc >> 8);
	c[3] = (unsigned char)crc;
	socialcap__cw_bytes(&j->rec, c, sizeof(c));
	if (j->rec.status != 0)
		return socialcap__errbuf_set(j->errmsg, sizeof(j->errmsg),
					     SOCIALCAP_ENOMEM, "out of memory");
	return SOCIALCAP_OK;
}

static int usable(socialcap_journal *j)
{
	if (j == NULL)
		return SOCIALCAP_EINVAL;
	j->errmsg[0] = '\0';
	if (j->broken || j->fd < 0)
		return socialcap__errbuf_set(j->errmsg, sizeof(j->errmsg), SOCIALCAP_EIO,
					     "journal unusable after an I/O error; a checkpoint recovers");
	return SOCIALCAP_OK;
}

/* The network took the record (status @p applied): write it out. */
static int commit(socialcap_journal *j, int applied)
{
	int e;

	if (applied != 0) {
		socialcap__copy_text(j->errmsg, sizeof(j->errmsg),
				     socialcap_network_errmsg(j->net));
		return applied;
	}
	e = socialcap__write_all(j->fd, j->rec.buf, j->rec.len);
	if (e == 0 && j->opts.sync_each_append && fsync(j->fd) != 0)
		e = errno;
	if (e != 0) {
		/* Take back a partial record if possible; either way the
		 * network is now ahead of the journal. */
		if (ftruncate(j->fd, (off_t)j->size) != 0)
			(void)0;
		j->broken = 1;
		return socialcap__errbuf_set(j->errmsg, sizeof(j->errmsg), SOCIALCAP_EIO,
					     "cannot write to %s: %s", j->jpath, strerror(e));
	}
	j->size += j->rec.len;
	j->next_seq++;
	return SOCIALCAP_OK;
}

int socialcap_journal_set_sector(socialcap_journal *j, uint32_t *out,
				 const char *label, int tier, double prestige)
{
	int rc = usable(j);

	if (rc != 0)
		return rc;
	rec_begin(j, SOCIALCAP__REC_SECTOR, 4);
	socialcap__cw_text(&j->rec, label ? label : "", label ? strlen(label) : 0);
	socialcap__cw_uint(&j->rec, tier >= 0 ? (uint64_t)tier : 0);
	socialcap__cw_number_or_null(&j->rec, prestige);
	if ((rc = rec_end(j)) != 0)
		return rc;
	return commit(j, socialcap_network_set_sector(j->net, out, label, tier, prestige));
}

int socialcap_journal_add_actor(socialcap_journal *j, uint32_t *out,
				const char *id, socialcap_actor_kind kind,
				const char *sector, const char *neighbourhood,
				double status, const char *const *groups,
				size_t group_count)
{
	size_t k;
	int rc = usable(j);

	if (rc != 0)
		return rc;
	rec_begin(j, SOCIALCAP__REC_ACTOR, 7);
	socialcap__cw_text(&j->rec, id ? id : "", id ? strlen(id) : 0);
	socialcap__cw_uint(&j->rec, (unsigned)kind);
	socialcap__cw_text(&j->rec, sector ? sector : "", sector ? strlen(sector) : 0);
	socialcap__cw_text(&j->rec, neighbourhood ? neighbourhood : "",
			   neighbourhood ? strlen(neighbourhood) : 0);
	socialcap__cw_number_or_null(&j->rec, status);
	socialcap__cw_array(&j->rec, groups != NULL ? group_count : 0);
	for (k = 0; groups != NULL && k < group_count; k++)
		socialcap__cw_text(&j->rec, groups[k] ? groups[k] : "",
				   groups[k] ? strlen(groups[k]) : 0);
	if ((rc = rec_end(j)) != 0)
		return rc;
	return commit(j, socialcap_network_add_actor(j->net, out, id, kind, sector,
						     neighbourhood, status, groups,
						     group_count));
}

int socialcap_journal_add_tie(socialcap_journal *j, uint64_t *out, uint32_t a,
			      uint32_t b, const char *layer, double weight,
			      int64_t since)
{
	int rc = usable(j);

	if (rc != 0)
		return rc;
	rec_begin(j, SOCIALCAP__REC_TIE, 6);
	socialcap__cw_uint(&j->rec, a);
	socialcap__cw_uint(&j->rec, b);
	socialcap__cw_text(&j->rec, layer ? layer : "", layer ? strlen(layer) : 0);
	socialcap__cw_number_or_null(&j->rec, weight);
	if (since == SOCIALCAP_TIME_NONE)
		socialcap__cw_null(&j->rec);
	else
		socialcap__cw_int(&j->rec, since);
	if ((rc = rec_end(j)) != 0)
		return rc;
	return commit(j, socialcap_network_add_tie(j->net, out, a, b, layer, weight, since));
}

int socialcap_journal_record_contact(socialcap_journal *j, uint64_t *out,
				     const socialcap_contact *c)
{
	int rc = usable(j);

	if (rc != 0)
		return rc;
	if (c != NULL) {
		rec_begin(j, SOCIALCAP__REC_CONTACT, 7);
		socialcap__cw_int(&j->rec, c->time);
		socialcap__cw_uint(&j->rec, c->a);
		socialcap__cw_uint(&j->rec, c->b);
		socialcap__cw_uint(&j->rec, (uint32_t)c->channel);
		socialcap__cw_number_or_null(&j->rec, c->weight);
		socialcap__cw_number_or_null(&j->rec, c->cost);
		if ((rc = rec_end(j)) != 0)
			return rc;
	}
	return commit(j, socialcap_network_record_contact(j->net, out, c));
}

int socialcap_journal_record_event(socialcap_journal *j, uint32_t *out,
				   const socialcap_event *ev,
				   const socialcap_attendance *att, size_t count)
{
	size_t k;
	int rc = usable(j);

	if (rc != 0)
		return rc;
	if (ev != NULL) {
		rec_begin(j, SOCIALCAP__REC_EVENT, 8);
		socialcap__cw_text(&j->rec, ev->id ? ev->id : "", ev->id ? strlen(ev->id) : 0);
		socialcap__cw_int(&j->rec, ev->time);
		socialcap__cw_text(&j->rec, ev->neighbourhood ? ev->neighbourhood : "",
				   ev->neighbourhood ? strlen(ev->neighbourhood) : 0);
		socialcap__cw_text(&j->rec, ev->kind ? ev->kind : "",
				   ev->kind ? strlen(ev->kind) : 0);
		socialcap__cw_uint(&j->rec, (uint32_t)ev->channel);
		socialcap__cw_number_or_null(&j->rec, ev->cost);
		socialcap__cw_array(&j->rec, att != NULL ? 2 * (uint64_t)count : 0);
		for (k = 0; att != NULL && k < count; k++) {
			socialcap__cw_uint(&j->rec, att[k].actor);
			socialcap__cw_uint(&j->rec, (uint32_t)att[k].role);
		}
		if ((rc = rec_end(j)) != 0)
			return rc;
	}
	return commit(j, socialcap_network_record_event(j->net, out, ev, att, count));
}

int socialcap_journal_sync(socialcap_journal *j)
{
	int rc = usable(j);

	if (rc != 0)
		return rc;
	if (fsync(j->fd) != 0)
		return socialcap__errbuf_set(j->errmsg, sizeof(j->errmsg), SOCIALCAP_EIO,
					     "cannot flush %s: %s", j->jpath, strerror(errno));
	return SOCIALCAP_OK;
}
