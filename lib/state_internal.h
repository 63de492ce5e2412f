/*
 * What the journal needs from the state file beyond the network: the salt
 * of the journal whose records the file already contains, and the sequence
 * number of the first record it does not contain (see docs/format.md,
 * "Checkpoints").
 */
#ifndef SOCIALCAP_STATE_INTERNAL_H
#define SOCIALCAP_STATE_INTERNAL_H

#include <stdint.h>

#include "socialcap/state.h"

/* Keys of the header map. */
enum {
	SOCIALCAP__HDR_MAGIC = 1,
	SOCIALCAP__HDR_VERSION = 2,
	SOCIALCAP__HDR_LIBRARY = 3,
	SOCIALCAP__HDR_CREATED = 4,
	SOCIALCAP__HDR_SALT = 5,
	SOCIALCAP__HDR_NEXT_SEQ = 6
};

#define SOCIALCAP__SALT_BYTES 8
#define SOCIALCAP__SELF_DESCRIBED_TAG 55799

typedef struct socialcap__state_meta {
	int has_journal;                             /* salt and seq present */
	unsigned char salt[SOCIALCAP__SALT_BYTES];
	uint64_t next_seq;
} socialcap__state_meta;

int socialcap__state_check_options(const socialcap_state_options *opts,
				   socialcap_error *err);

int socialcap__state_save(const socialcap_network *net, const char *path,
			  const socialcap_state_options *opts,
			  const socialcap__state_meta *meta, socialcap_error *err);

/* @p meta may be NULL; else filled (has_journal 0 when absent). */
int socialcap__state_load(socialcap_network **out, const char *path,
			  const socialcap_state_options *opts,
			  socialcap__state_meta *meta, socialcap_error *err);

#endif
