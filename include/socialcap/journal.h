/**
 * @file socialcap/journal.h
 * @brief A crash-safe store: a state file plus an append-only journal.
 *
 * A store at `PATH` is the state file `PATH` (see socialcap/state.h) and
 * the journal `PATH-journal`, a CBOR sequence of records, each one call of
 * the recording API (sector set, actor added, tie declared, contact,
 * event), with a sequence number, the journal's random salt and a CRC-32C.
 * Opening the store loads the state file and replays the journal; a
 * checkpoint folds the journal into a new state file and starts a fresh
 * journal. The format and the checkpoint protocol are in docs/format.md.
 *
 * Durability: an append hands the record to the operating system before
 * it returns, so it survives the process being killed; it survives a power
 * cut once socialcap_journal_sync() has returned (group commit: one sync
 * covers every append before it).
 *
 * Recovery: a torn or corrupt final record (a crash in the middle of an
 * append) is detected on open, reported in socialcap_journal_report and
 * cut off; every record before it is kept. A damaged record followed by
 * valid ones is an error naming its number and byte offset; nothing is
 * skipped silently.
 *
 * Thread safety: a journal is not internally locked; all calls on one
 * journal need exclusive access. Only one process may have a store open
 * at a time (there is no lock file).
 */
#ifndef SOCIALCAP_JOURNAL_H
#define SOCIALCAP_JOURNAL_H

#include "socialcap/common.h"
#include "socialcap/ledger.h"
#include "socialcap/network.h"
#include "socialcap/state.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque handle of an open store (state file, journal and network). */
typedef struct socialcap_journal socialcap_journal;

/** Suffix appended to the state file's name to name its journal. */
#define SOCIALCAP_JOURNAL_SUFFIX "-journal"

/** The journal format version this library writes and reads. */
#define SOCIALCAP_JOURNAL_FORMAT_VERSION 1

/** Default of socialcap_journal_options.max_journal_bytes: 1 GiB. */
#define SOCIALCAP_JOURNAL_DEFAULT_MAX_BYTES (UINT64_C(1) << 30)

/** Version of socialcap_journal_options understood by this library. */
#define SOCIALCAP_JOURNAL_OPTIONS_VERSION 1

/** @brief Options for opening and creating stores; versioned. */
typedef struct socialcap_journal_options {
	unsigned int version; /**< SOCIALCAP_JOURNAL_OPTIONS_VERSION */
	/** Options for loading and writing the state file (including the
	 *  network's allocator and limits); NULL = defaults. Borrowed: must
	 *  stay valid while the journal is open (checkpoints use it). */
	const socialcap_state_options *state;
	/** Largest journal accepted on open (it is read whole). */
	uint64_t max_journal_bytes;
	/** 1: fsync after every append; 0: only in socialcap_journal_sync(). */
	int sync_each_append;
	/** 1: on open, cut the journal at its first damaged record even when
	 *  valid records follow it (they are lost; the report says so).
	 *  0 (default): that is an error. A power cut can leave unsynced
	 *  records half on disk in any order; this recovers every record up
	 *  to the damage. */
	int recover;
} socialcap_journal_options;

#define SOCIALCAP_JOURNAL_OPTIONS_INIT                                         \
	{ SOCIALCAP_JOURNAL_OPTIONS_VERSION, NULL,                             \
	  SOCIALCAP_JOURNAL_DEFAULT_MAX_BYTES, 0, 0 }

/**
 * @brief Fill @p opts with the defaults of options version @p version.
 * @return 0; SOCIALCAP_EVERSION; SOCIALCAP_EINVAL (NULL).
 */
SOCIALCAP_EXTERN int socialcap_journal_options_init(
	socialcap_journal_options *opts, unsigned int version);

/** @brief What opening a store found and did (caller-owned, plain value). */
typedef struct socialcap_journal_report {
	uint64_t replayed;      /**< journal records applied */
	uint64_t next_seq;      /**< sequence number of the next record */
	int tail_cut;           /**< 1: a torn or corrupt final record was cut off */
	uint64_t cut_offset;    /**< byte offset of the cut in the journal */
	uint64_t cut_bytes;     /**< bytes removed by the cut */
	/** 1: the journal was missing, or left over from before the last
	 *  checkpoint (all its records already in the state file), and a
	 *  fresh one was started. */
	int journal_restarted;
	/** 1: the cut also removed valid records after a damaged one (only
	 *  with the `recover` option). */
	int dropped_valid;
} socialcap_journal_report;

/**
 * @brief Create a new store at @p path holding @p net.
 *
 * Writes the state file and an empty journal (both mode 0600, durably).
 * @param[out] out  the open store (new: close with socialcap_journal_free()).
 * @param net   the network to store; consumed on success (the journal owns
 *              it), untouched on failure. NULL starts an empty network
 *              with the state options' network options.
 * @param opts  options, or NULL for the defaults.
 * @param[out] err  details on failure (may be NULL).
 * @return 0; SOCIALCAP_EEXISTS (a file exists at @p path);
 *         SOCIALCAP_EIO; SOCIALCAP_ENOMEM; SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_journal_create(socialcap_journal **out,
					      const char *path,
					      socialcap_network *net,
					      const socialcap_journal_options *opts,
					      socialcap_error *err);

/**
 * @brief Open the store at @p path: load the state file, replay the journal.
 *
 * A torn or corrupt final record is cut off the journal file (reported in
 * @p report). A state file written by socialcap_state_save() (without
 * journal information) is adopted: a checkpoint gives it a journal.
 * @param[out] out     the open store (new: socialcap_journal_free()).
 * @param[out] report  what was found (may be NULL).
 * @param[out] err     details on failure (may be NULL): for a damaged
 *                     journal, `file` is the journal, `offset` the record's
 *                     byte offset and `field` "record N" (0-based).
 * @return 0; SOCIALCAP_ENOTFOUND (no state file); SOCIALCAP_EFORMAT (bad
 *         state file; damaged journal record followed by valid ones; a
 *         journal that does not belong to the state file);
 *         SOCIALCAP_EVERSION; SOCIALCAP_ELIMIT; SOCIALCAP_EIO;
 *         SOCIALCAP_ENOMEM; SOCIALCAP_EINVAL.
 * Complexity: O(state size + journal size).
 */
SOCIALCAP_EXTERN int socialcap_journal_open(socialcap_journal **out,
					    const char *path,
					    const socialcap_journal_options *opts,
					    socialcap_journal_report *report,
					    socialcap_error *err);

/**
 * @brief Close the store and free the network. NULL-safe.
 *
 * Does not sync: appends not yet synced survive a crash of the process but
 * not necessarily a power cut.
 */
SOCIALCAP_EXTERN void socialcap_journal_free(socialcap_journal *j);

/**
 * @brief The store's network. Borrowed: valid until socialcap_journal_free().
 *
 * Use it with every read-only function (getters, queries, snapshots); make
 * changes only through the socialcap_journal_* append functions, or they
 * are not stored. Not const because some read-only queries take a
 * non-const network (they keep scratch space in it).
 */
SOCIALCAP_EXTERN socialcap_network *socialcap_journal_network(
	const socialcap_journal *j);

/**
 * @brief The message of the last failed call on @p j (borrowed; "" after
 *        success). Never NULL.
 */
SOCIALCAP_EXTERN const char *socialcap_journal_errmsg(const socialcap_journal *j);

/** @brief Sequence number the next appended record will get. O(1). */
SOCIALCAP_EXTERN uint64_t socialcap_journal_next_seq(const socialcap_journal *j);

/**
 * @brief socialcap_network_set_sector(), recorded in the journal.
 *
 * Every append function applies the call to the network first; when the
 * network refuses it, nothing is written and the network's status is
 * returned. Then the record is written to the journal.
 * @return as the network function, or SOCIALCAP_EIO when writing failed.
 *         After an I/O failure the network holds the record but the
 *         journal does not; further appends fail with SOCIALCAP_EIO until
 *         socialcap_journal_checkpoint() succeeds.
 * Complexity: as the network function, plus O(record size).
 */
SOCIALCAP_EXTERN int socialcap_journal_set_sector(socialcap_journal *j,
						  uint32_t *out,
						  const char *label, int tier,
						  double prestige);

/** @brief socialcap_network_add_actor(), recorded; see
 *         socialcap_journal_set_sector() for the contract. */
SOCIALCAP_EXTERN int socialcap_journal_add_actor(
	socialcap_journal *j, uint32_t *out, const char *id,
	socialcap_actor_kind kind, const char *sector, const char *neighbourhood,
	double status, const char *const *groups, size_t group_count);

/** @brief socialcap_network_add_tie(), recorded; see
 *         socialcap_journal_set_sector() for the contract. */
SOCIALCAP_EXTERN int socialcap_journal_add_tie(socialcap_journal *j,
					       uint64_t *out, uint32_t a,
					       uint32_t b, const char *layer,
					       double weight, int64_t since);

/** @brief socialcap_network_record_contact(), recorded; see
 *         socialcap_journal_set_sector() for the contract. */
SOCIALCAP_EXTERN int socialcap_journal_record_contact(
	socialcap_journal *j, uint64_t *out, const socialcap_contact *contact);

/** @brief socialcap_network_record_event(), recorded; see
 *         socialcap_journal_set_sector() for the contract. */
SOCIALCAP_EXTERN int socialcap_journal_record_event(
	socialcap_journal *j, uint32_t *out, const socialcap_event *event,
	const socialcap_attendance *attendees, size_t attendee_count);

/**
 * @brief Make every record appended so far durable (fsync of the journal).
 * @return 0; SOCIALCAP_EIO; SOCIALCAP_EINVAL.
 */
SOCIALCAP_EXTERN int socialcap_journal_sync(socialcap_journal *j);

/**
 * @brief Fold the journal into a new state file and start a fresh journal.
 *
 * The new state file (written atomically) names the new journal's salt and
 * first sequence number; only then is the fresh journal put in place. A
 * crash at any point leaves a store that opens with every synced record.
 * @param[out] err  details on failure (may be NULL).
 * @return 0; SOCIALCAP_EIO; SOCIALCAP_ENOMEM; SOCIALCAP_EINVAL.
 * Complexity: O(size of the network).
 */
SOCIALCAP_EXTERN int socialcap_journal_checkpoint(socialcap_journal *j,
						  socialcap_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_JOURNAL_H */
