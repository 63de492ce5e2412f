/* The journal handle and the record codes, shared by journal*.c. */
#ifndef SOCIALCAP_JOURNAL_INTERNAL_H
#define SOCIALCAP_JOURNAL_INTERNAL_H

#include <stdint.h>

#include "cbor_io.h"
#include "memory.h"
#include "socialcap/journal.h"
#include "state_internal.h"

#define SOCIALCAP_JOURNAL_MAGIC "socialcap-journal"

/* Keys of the journal header map. */
enum {
	SOCIALCAP__JHDR_MAGIC = 1,
	SOCIALCAP__JHDR_VERSION = 2,
	SOCIALCAP__JHDR_SALT = 3,
	SOCIALCAP__JHDR_BASE_SEQ = 4
};

/* Record types: the first item of a record's body. */
enum {
	SOCIALCAP__REC_SECTOR = 0,
	SOCIALCAP__REC_ACTOR = 1,
	SOCIALCAP__REC_TIE = 2,
	SOCIALCAP__REC_CONTACT = 3,
	SOCIALCAP__REC_EVENT = 4
};

#define SOCIALCAP__CRC_BYTES 4

struct socialcap_journal {
	socialcap__mem mem;         /* the journal's own allocations */
	socialcap_network *net;     /* owned */
	socialcap_journal_options opts;
	socialcap_state_options state_opts;
	char *path, *jpath;         /* state file, journal file */
	size_t path_size, jpath_size;
	int fd;                     /* journal, O_APPEND; -1 when closed */
	uint64_t size;              /* bytes in the journal file */
	unsigned char salt[SOCIALCAP__SALT_BYTES];
	uint64_t next_seq;
	int broken;                 /* an append or checkpoint failed half-way */
	socialcap__cw rec;          /* encoder of the record being appended */
	char errmsg[SOCIALCAP_ERROR_TEXT_SIZE];
};

/* Scratch space for decoding records during replay. */
typedef struct socialcap__replay {
	socialcap_journal *j;
	const unsigned char *buf;   /* the whole journal */
	size_t len;
	char *text;                 /* copies of a record's strings */
	size_t text_cap, text_len;
	const char **groups;
	size_t groups_cap;
	socialcap_attendance *att;
	size_t att_cap;
} socialcap__replay;

/* Fill 8 random bytes (getrandom-quality, from /dev/urandom). */
int socialcap__random_salt(unsigned char salt[SOCIALCAP__SALT_BYTES],
			   socialcap_error *err);

/* Encode the journal header into @p w. */
void socialcap__journal_header(socialcap__cw *w,
			       const unsigned char salt[SOCIALCAP__SALT_BYTES],
			       uint64_t base_seq);

/* Parse the header at the start of @p buf: salt, base sequence, and the
 * offset of the first record. */
int socialcap__journal_parse_header(const unsigned char *buf, size_t len,
				    unsigned char salt[SOCIALCAP__SALT_BYTES],
				    uint64_t *base_seq, size_t *end,
				    unsigned int max_nesting, socialcap_error *err);

/* Check the record framed at @p p (array, seq, salt, CRC): 0 with *seq,
 * *body and *end set, or SOCIALCAP_EFORMAT with a message in @p err. */
int socialcap__journal_frame(const unsigned char *buf, size_t len, size_t p,
			     const unsigned char salt[SOCIALCAP__SALT_BYTES],
			     uint64_t *seq, size_t *body, size_t *end,
			     socialcap_error *err);

/* 1 when a valid record with this salt starts somewhere after @p p. */
int socialcap__journal_valid_after(const unsigned char *buf, size_t len,
				   size_t p,
				   const unsigned char salt[SOCIALCAP__SALT_BYTES]);

/* Decode the body at @p body and apply it to the network. */
int socialcap__journal_apply(socialcap__replay *rp, size_t body, size_t end,
			     socialcap_error *err);

/* Replay a whole journal held in memory onto @p net, touching no file:
 * the records applied and whether a damaged tail was found. For the fuzz
 * targets. */
int socialcap__journal_replay_memory(socialcap_network *net,
				     const unsigned char *buf, size_t len,
				     uint64_t *records, int *cut,
				     socialcap_error *err);

#endif
