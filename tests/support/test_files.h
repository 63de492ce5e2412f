/*
 * File helpers for tests: temporary directories, writing and comparing
 * files, and a text dump of a whole network (every value reachable through
 * the public getters) to compare networks before and after a call.
 */
#ifndef SOCIALCAP_TEST_FILES_H
#define SOCIALCAP_TEST_FILES_H

#include <stddef.h>

#include "socialcap.h"

/* Create a fresh directory under $TMPDIR (or /tmp); returns a static-free
 * malloc'd path the caller frees with test_rmdir_free(). */
char *test_mkdtemp(void);
/* Remove every file (and empty subdirectory) in @p dir, the directory
 * itself, and free @p dir. */
void test_rmdir_free(char *dir);
/* Append printf-style text to the growing buffer @p buf (*len bytes used,
 * *cap allocated; NULL and 0 to start) and return it, NUL-terminated;
 * free() it. Asserts success. */
char *test_text_append(char *buf, size_t *len, size_t *cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Write @p len bytes (strlen when len is (size_t)-1). Asserts success. */
void test_write_file(const char *dir, const char *name, const char *data,
		     size_t len);
void test_remove_file(const char *dir, const char *name);
/* Whole file into a malloc'd NUL-terminated buffer (NULL if absent). */
char *test_read_file(const char *dir, const char *name, size_t *len);
/* Whole file at @p path into a malloc'd buffer with one spare byte; its
 * length in @p size. Fails the running cmocka test if it cannot be read. */
unsigned char *test_slurp(const char *path, size_t *size);
/* Replace the file at @p path by @p size bytes of @p data. Fails the
 * running cmocka test if it cannot be written. */
void test_spit(const char *path, const void *data, size_t size);
/* A fresh temporary directory and the paths of a store in it, made by a
 * cmocka setup function and freed by test_store_teardown. */
typedef struct test_store {
	char *dir; /* from test_mkdtemp(): $TMPDIR if set, e.g. a memory file system */
	char path[4096];  /* <dir>/<name> */
	char jpath[4200]; /* <path>-journal */
} test_store;

/* A new test_store for the file @p name (malloc'd; NULL when out of
 * memory). */
test_store *test_store_new(const char *name);
/* cmocka teardown: remove the directory of the test_store in *state and
 * free it. */
int test_store_teardown(void **state);
/* Path of $SOCIALCAP_TEST_DATA/<name> (malloc'd). */
char *test_data_path(const char *name);
/* Every value of @p net as text (malloc'd). */
char *test_dump_network(const socialcap_network *net);

#endif
