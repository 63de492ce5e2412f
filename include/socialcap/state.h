/**
 * @file socialcap/state.h
 * @brief The `.scap` state file: a whole network (model and ledger) in CBOR.
 *
 * A state file holds everything a socialcap_network holds: the label
 * dictionaries, sectors, actors, declared ties, contacts, events and their
 * attendance, so that network -> file -> network gives the same indices, the
 * same order and the same values. The format is specified in docs/format.md.
 *
 * Saving is atomic and durable: the data goes to a new file (mode 0600) in
 * the target's directory, which is flushed to disk and renamed over the
 * target, and the directory is flushed too. A crash at any point leaves the
 * old file or the new one, never a mixture.
 *
 * Loading validates everything and never trusts a size written in the file
 * for more memory than the rest of the input can fill; its limits are
 * options.
 *
 * Thread safety: saving only reads the network (it may run beside other
 * readers); loading creates a new network. Functions are reentrant.
 */
#ifndef SOCIALCAP_STATE_H
#define SOCIALCAP_STATE_H

#include "socialcap/common.h"
#include "socialcap/network.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The format version this library writes (and the newest it reads). */
#define SOCIALCAP_STATE_FORMAT_VERSION 1

/** Magic text in the header of every state file. */
#define SOCIALCAP_STATE_MAGIC "socialcap-state"

/** `created` value asking socialcap_state_save() for the current time. */
#define SOCIALCAP_STATE_CREATED_NOW INT64_MAX

/** Default of socialcap_state_options.max_input_bytes: 4 GiB. */
#define SOCIALCAP_STATE_DEFAULT_MAX_INPUT (UINT64_C(4) << 30)
/** Default of socialcap_state_options.max_nesting. */
#define SOCIALCAP_STATE_DEFAULT_MAX_NESTING 16u
/** Hard maximum of socialcap_state_options.max_nesting: skipping nested
 *  items recurses, so the depth must stay bounded whatever the input. */
#define SOCIALCAP_STATE_HARD_MAX_NESTING 1024u

/** Version of socialcap_state_options understood by this library. */
#define SOCIALCAP_STATE_OPTIONS_VERSION 1

/**
 * @brief Options for saving and loading state files; versioned.
 *
 * Initialise with SOCIALCAP_STATE_OPTIONS_INIT or
 * socialcap_state_options_init(), then change what you need.
 */
typedef struct socialcap_state_options {
	unsigned int version; /**< SOCIALCAP_STATE_OPTIONS_VERSION */
	/** Load: options of the network created (allocator and limits; the
	 *  file is rejected with SOCIALCAP_ELIMIT when it exceeds them).
	 *  NULL = defaults. Borrowed for the duration of the call. */
	const socialcap_network_options *network;
	/** Load: largest input accepted, in bytes. */
	uint64_t max_input_bytes;
	/** Load: deepest nesting of arrays and maps accepted in parts of the
	 *  file this version does not interpret (unknown header entries). The
	 *  records themselves have a fixed depth of at most 4. At most
	 *  SOCIALCAP_STATE_HARD_MAX_NESTING (larger values: SOCIALCAP_EINVAL). */
	unsigned int max_nesting;
	/** Save: creation time written to the header, in seconds since the
	 *  epoch; SOCIALCAP_STATE_CREATED_NOW for the current time (the
	 *  default), SOCIALCAP_TIME_NONE to leave it out. A fixed value makes
	 *  the output depend on the network only. */
	int64_t created;
} socialcap_state_options;

#define SOCIALCAP_STATE_OPTIONS_INIT                                           \
	{ SOCIALCAP_STATE_OPTIONS_VERSION, NULL,                               \
	  SOCIALCAP_STATE_DEFAULT_MAX_INPUT,                                   \
	  SOCIALCAP_STATE_DEFAULT_MAX_NESTING, SOCIALCAP_STATE_CREATED_NOW }

/**
 * @brief Fill @p opts with the defaults of options version @p version.
 * @return 0; SOCIALCAP_EVERSION (unknown version); SOCIALCAP_EINVAL (NULL).
 */
SOCIALCAP_EXTERN int socialcap_state_options_init(socialcap_state_options *opts,
						  unsigned int version);

/**
 * @brief Write @p net to the state file @p path, atomically and durably.
 *
 * The same network and the same `created` option give the same bytes.
 * Temporary files are created next to @p path (same directory) with mode
 * 0600 and removed on failure; on failure an existing file at @p path is
 * left untouched, except when only the final flush of the directory fails:
 * the new file is then in place, but the rename might not survive a power
 * cut.
 * @param net   borrowed; only read.
 * @param path  file name; its directory must exist and be writable.
 * @param opts  options, or NULL for the defaults.
 * @param[out] err  filled with details on failure (may be NULL).
 * @return 0; SOCIALCAP_EIO (a system call failed; the message names it and
 *         errno's text); SOCIALCAP_ENOMEM; SOCIALCAP_EINVAL (NULL argument,
 *         bad options, or @p path exists and is not a regular file, such as
 *         a device or a pipe: it is never replaced); SOCIALCAP_EVERSION
 *         (unknown options version).
 * Complexity: O(size of the network); memory O(1) beyond a 64 KiB buffer.
 */
SOCIALCAP_EXTERN int socialcap_state_save(const socialcap_network *net,
					  const char *path,
					  const socialcap_state_options *opts,
					  socialcap_error *err);

/**
 * @brief Read the state file @p path into a new network.
 * @param[out] out  the new network (new: free with socialcap_network_free());
 *                  NULL on failure.
 * @param opts      options, or NULL for the defaults.
 * @param[out] err  filled on failure (may be NULL): status, byte offset of
 *                  the offending item, field (e.g. "actors[3].sector") and
 *                  a message; `file` is @p path.
 * @return 0; SOCIALCAP_EFORMAT (malformed, truncated or inconsistent file);
 *         SOCIALCAP_EVERSION (format version not supported);
 *         SOCIALCAP_ELIMIT (input or content beyond the limits);
 *         SOCIALCAP_EIO; SOCIALCAP_ENOMEM; SOCIALCAP_EINVAL.
 * Complexity: O(file size) expected; memory: the network plus a 64 KiB
 * buffer.
 */
SOCIALCAP_EXTERN int socialcap_state_load(socialcap_network **out,
					  const char *path,
					  const socialcap_state_options *opts,
					  socialcap_error *err);

/**
 * @brief Read a state file held in memory (@p size bytes at @p data).
 *
 * Same contract as socialcap_state_load(); @p data is borrowed for the
 * duration of the call.
 */
SOCIALCAP_EXTERN int socialcap_state_load_buffer(socialcap_network **out,
						 const void *data, size_t size,
						 const socialcap_state_options *opts,
						 socialcap_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_STATE_H */
