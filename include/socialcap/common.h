/**
 * @file socialcap/common.h
 * @brief Export macro, status codes, allocator and error report shared by
 *        every libsocialcap module.
 *
 * Thread safety: everything declared here is either a plain value or a pure
 * function; all of it may be used from any thread.
 */
#ifndef SOCIALCAP_COMMON_H
#define SOCIALCAP_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @cond INTERNAL */
#if defined(SOCIALCAP_STATIC)
#define SOCIALCAP_EXTERN
#elif defined(_WIN32)
#if defined(SOCIALCAP_BUILDING)
#define SOCIALCAP_EXTERN __declspec(dllexport)
#else
#define SOCIALCAP_EXTERN __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define SOCIALCAP_EXTERN __attribute__((visibility("default")))
#else
#define SOCIALCAP_EXTERN
#endif
/** @endcond */

/**
 * The status codes, as one list: X(name, value, description).
 * Every function that can fail returns 0 (SOCIALCAP_OK) or one of these
 * negative values. The same list generates socialcap_error_name() and
 * socialcap_strerror(), so the three can never disagree.
 */
#define SOCIALCAP_ERRNO_MAP(X)                                                 \
	X(ENOMEM, -1, "out of memory")                                         \
	X(EINVAL, -2, "invalid argument")                                      \
	X(ENOTFOUND, -3, "not found")                                          \
	X(EEXISTS, -4, "already exists")                                       \
	X(ERANGE, -5, "value out of range")                                    \
	X(EPARSE, -6, "cannot parse input")                                    \
	X(EIO, -7, "input/output error")                                       \
	X(EFORMAT, -8, "malformed or corrupt file")                            \
	X(ELIMIT, -9, "size limit exceeded")                                   \
	X(ECANCELED, -10, "canceled by the caller")                            \
	X(EVERSION, -11, "unsupported version")

/** Status codes: 0 for success, negative for failure. */
typedef enum socialcap_status {
	SOCIALCAP_OK = 0,
#define SOCIALCAP__ERRNO_ENUM(name, value, text) SOCIALCAP_##name = value,
	SOCIALCAP_ERRNO_MAP(SOCIALCAP__ERRNO_ENUM)
#undef SOCIALCAP__ERRNO_ENUM
} socialcap_status;

/**
 * @brief Symbolic name of a status code, e.g. "SOCIALCAP_ENOMEM".
 * @return a static string (never NULL; "SOCIALCAP_UNKNOWN" for codes not in
 *         the list). Borrowed: valid for the life of the process.
 */
SOCIALCAP_EXTERN const char *socialcap_error_name(int status);

/**
 * @brief One-line English description of a status code.
 * @return a static string, never NULL. Borrowed: valid for the life of the
 *         process.
 */
SOCIALCAP_EXTERN const char *socialcap_strerror(int status);

/**
 * Time stamps are seconds since 1970-01-01T00:00:00Z (UTC), as int64_t.
 * SOCIALCAP_TIME_NONE marks an absent optional time (for example a tie
 * without a `since`).
 */
#define SOCIALCAP_TIME_NONE INT64_MIN

/**
 * @brief A caller-supplied allocator, given per object.
 *
 * All three functions receive @c user unchanged. @c realloc must behave like
 * C's realloc (NULL pointer allocates); @c free must accept NULL. When an
 * allocator is given, every allocation the object makes goes through it, so
 * an application can count, limit or fail allocations. An allocation failure
 * is reported as SOCIALCAP_ENOMEM and leaves the object as it was.
 *
 * Layout: stable (plain value), part of the ABI of major version 0.
 */
typedef struct socialcap_allocator {
	void *(*malloc)(size_t size, void *user);
	void *(*realloc)(void *ptr, size_t size, void *user);
	void (*free)(void *ptr, void *user);
	void *user;
} socialcap_allocator;

/** Capacity of the text fields of socialcap_error. */
#define SOCIALCAP_ERROR_TEXT_SIZE 256

/**
 * @brief Where and why parsing or loading failed (caller-owned).
 *
 * Parsers and loaders fill this struct when the caller passes one. Fields
 * that do not apply are 0 (numbers) or empty (texts). The layout is stable
 * within major version 0, so bindings may mirror it.
 */
typedef struct socialcap_error {
	int status;          /**< the status code returned */
	char file[SOCIALCAP_ERROR_TEXT_SIZE];    /**< file name, or "" */
	uint64_t line;       /**< 1-based line, or 0 */
	uint64_t column;     /**< 1-based column, or 0 */
	uint64_t offset;     /**< byte offset into the input, or 0 */
	char field[64];      /**< name of the offending field, or "" */
	char message[SOCIALCAP_ERROR_TEXT_SIZE]; /**< one-line description */
} socialcap_error;

/** @brief Reset @p err to "no error" (status 0, empty texts). NULL-safe. */
SOCIALCAP_EXTERN void socialcap_error_clear(socialcap_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SOCIALCAP_COMMON_H */
