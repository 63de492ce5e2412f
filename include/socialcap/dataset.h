/**
 * @file socialcap/dataset.h
 * @brief Import and export of a dataset folder of CSV files.
 *
 * A dataset is a directory holding `sectors.csv`, `actors.csv`, `ties.csv`,
 * `contacts.csv`, `events.csv` and `attendance.csv` (RFC 4180 CSV, UTF-8,
 * one header row; all but `actors.csv` optional). docs/dataset.md specifies
 * the files, columns, types, defaults and errors.
 *
 * Import is all-or-nothing: every file is read and checked against the
 * target network before the network is touched; the first problem stops the
 * import, is described in a socialcap_error (file, line, column, field,
 * message) and leaves the network unchanged. Validation reads the same
 * files without importing and reports every problem it finds.
 *
 * Thread safety: an import needs exclusive access to its network; export
 * and validation only read the network, so they may run concurrently with
 * other readers. Different networks are independent.
 */
#ifndef SOCIALCAP_DATASET_H
#define SOCIALCAP_DATASET_H

#include "socialcap/common.h"
#include "socialcap/network.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Version of socialcap_dataset_options understood by this library. */
#define SOCIALCAP_DATASET_OPTIONS_VERSION 1

/** Default limit on one field's bytes (after removing quotes). */
#define SOCIALCAP_DATASET_DEFAULT_MAX_FIELD_BYTES ((size_t)64 * 1024)
/** Default limit on one record's raw bytes (a record may span lines). */
#define SOCIALCAP_DATASET_DEFAULT_MAX_RECORD_BYTES ((size_t)1024 * 1024)
/** Default limit on one file's size in bytes (4 GiB). */
#define SOCIALCAP_DATASET_DEFAULT_MAX_FILE_BYTES (UINT64_C(4) << 30)
/** Default number of problems after which validation stops. */
#define SOCIALCAP_DATASET_DEFAULT_MAX_PROBLEMS 1000

/**
 * @brief Options of dataset import, export and validation; versioned.
 *
 * Initialise with SOCIALCAP_DATASET_OPTIONS_INIT or
 * socialcap_dataset_options_init(), then change what you need.
 */
typedef struct socialcap_dataset_options {
	unsigned int version;       /**< SOCIALCAP_DATASET_OPTIONS_VERSION */
	/** 1: columns the format does not define are ignored; 0 (default):
	 *  they are an error. */
	int allow_unknown_columns;
	size_t max_field_bytes;     /**< longest field accepted, >= 1 */
	size_t max_record_bytes;    /**< longest record (raw bytes), >= 1 */
	uint64_t max_file_bytes;    /**< largest file accepted by import */
	size_t max_problems;        /**< validation stops after this many, >= 1 */
} socialcap_dataset_options;

#define SOCIALCAP_DATASET_OPTIONS_INIT                                         \
	{ SOCIALCAP_DATASET_OPTIONS_VERSION, 0,                                \
	  SOCIALCAP_DATASET_DEFAULT_MAX_FIELD_BYTES,                           \
	  SOCIALCAP_DATASET_DEFAULT_MAX_RECORD_BYTES,                          \
	  SOCIALCAP_DATASET_DEFAULT_MAX_FILE_BYTES,                            \
	  SOCIALCAP_DATASET_DEFAULT_MAX_PROBLEMS }

/**
 * @brief Fill @p opts with the defaults of options version @p version.
 * @return 0; SOCIALCAP_EVERSION (unknown version); SOCIALCAP_EINVAL (NULL).
 */
SOCIALCAP_EXTERN int socialcap_dataset_options_init(
	socialcap_dataset_options *opts, unsigned int version);

/**
 * @brief Import the dataset in directory @p dir into @p net.
 *
 * The network may already hold data: actors and events of the dataset must
 * have ids not used yet; ties, contacts and attendance may name actors that
 * were already there; a sector listed in `sectors.csv` that exists already
 * gets the listed tier and prestige.
 *
 * All files are read into memory and checked against @p net first; only
 * when everything is valid and the memory for it has been reserved are the
 * records added, a step that cannot fail. So on any failure @p net holds
 * exactly the data it held before (its capacity may have grown).
 *
 * @param net   the target network (modified on success only).
 * @param dir   path of the dataset directory. Borrowed for the call.
 * @param opts  options, or NULL for the defaults.
 * @param[out] err  on failure, where and why (status, file path, 1-based
 *                  line and column in bytes, byte offset, column name,
 *                  message); cleared on success. May be NULL.
 * @return 0; SOCIALCAP_EPARSE (malformed CSV or value); SOCIALCAP_EFORMAT
 *         (bad header: unknown, missing or repeated column; ragged row);
 *         SOCIALCAP_ENOTFOUND (reference to an unknown actor or event, or
 *         `actors.csv` missing); SOCIALCAP_EEXISTS (an id used twice);
 *         SOCIALCAP_EINVAL (a value outside its domain, bad argument);
 *         SOCIALCAP_ELIMIT (a size limit); SOCIALCAP_ERANGE (summed tie
 *         weight overflows); SOCIALCAP_EIO; SOCIALCAP_ENOMEM;
 *         SOCIALCAP_EVERSION (options version).
 * Complexity: O(total bytes of the files) expected; memory: the files'
 * sizes plus the records added.
 */
SOCIALCAP_EXTERN int socialcap_dataset_import(socialcap_network *net,
					      const char *dir,
					      const socialcap_dataset_options *opts,
					      socialcap_error *err);

/**
 * @brief Called by socialcap_dataset_validate() once per problem found.
 * @param problem  borrowed for the duration of the call.
 * @param user     the pointer given to socialcap_dataset_validate().
 * @return 0 to go on, non-zero to stop validating.
 */
typedef int (*socialcap_dataset_problem_fn)(const socialcap_error *problem,
					    void *user);

/**
 * @brief Check the dataset in @p dir as socialcap_dataset_import() would,
 *        without importing, and report every problem found.
 *
 * Files are streamed, not held in memory. After a problem in a row the
 * next row is checked; a CSV syntax error ends the checking of that file.
 * References to rows that were themselves rejected may add follow-up
 * problems.
 * @param net   the network the dataset would be imported into, or NULL for
 *              an empty network with default options. Not modified.
 * @param fn    called once per problem in file order; may be NULL to only
 *              count.
 * @param[out] problems  number of problems reported; may be NULL.
 * @return 0 (no problem); SOCIALCAP_EFORMAT (problems were found);
 *         SOCIALCAP_ECANCELED (@p fn asked to stop); SOCIALCAP_ENOMEM;
 *         SOCIALCAP_EINVAL; SOCIALCAP_EVERSION.
 * Complexity: O(total bytes of the files) expected.
 */
SOCIALCAP_EXTERN int socialcap_dataset_validate(const socialcap_network *net,
						const char *dir,
						const socialcap_dataset_options *opts,
						socialcap_dataset_problem_fn fn,
						void *user, size_t *problems);

/**
 * @brief Write @p net as a dataset into directory @p dir (created with mode
 *        0700 if missing).
 *
 * Writes all six files (those without records hold only their header).
 * Each file is written to a temporary file in @p dir with mode 0600,
 * flushed to disk and renamed over the target, so each file is either the
 * old or the new one; the set of six is not replaced as one unit. Numbers
 * are written in the shortest form that reads back to the same double,
 * times as `YYYY-MM-DDTHH:MM:SSZ`, lines end with LF.
 * @param opts  options, or NULL (export uses none yet but checks version).
 * @param[out] err  on failure, which file and why; may be NULL.
 * @return 0; SOCIALCAP_EIO; SOCIALCAP_EINVAL (a group label containing
 *         `;`, which the format cannot hold; bad argument);
 *         SOCIALCAP_ERANGE (a time outside years 0000-9999);
 *         SOCIALCAP_ENOMEM; SOCIALCAP_EVERSION.
 * Complexity: O(size of the network).
 */
SOCIALCAP_EXTERN int socialcap_dataset_export(const socialcap_network *net,
					      const char *dir,
					      const socialcap_dataset_options *opts,
					      socialcap_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_DATASET_H */
