/*
 * State files written byte by byte for the loader's tests: the fixed head
 * (one sector "s", one neighbourhood "n", the five predefined layers), one
 * actor record, long CBOR heads, distinct tie keys, the end of a file, and a
 * load from memory and from a file that must agree.
 */
#ifndef SOCIALCAP_STATE_BYTES_H
#define SOCIALCAP_STATE_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "cbor_io.h"
#include "socialcap.h"

/* A state file up to its actors: one sector "s", one neighbourhood "n", no
 * groups, five layers, no event kinds. */
void test_state_head(socialcap__cw *w);
/* An actor record: a resident of sector @p sector (an index: one past the
 * last is a bad record) and neighbourhood 0, no status, no groups. */
void test_state_actor(socialcap__cw *w, const char *id, uint32_t sector);
/* An unsigned (@p major 0) or negative (1) integer with the longest head
 * (9 bytes): the same value as the short form, other bytes. */
void test_cbor_uint_long(socialcap__cw *w, unsigned major, uint64_t v);
/* Tie key number @p k: distinct for every k < 10^6, (a, b) alone tells k
 * apart. */
void test_tie_key(uint32_t k, uint32_t *a, uint32_t *b, uint32_t *layer);
/* End the state file in the in-memory writer @p w: with @p trailer, the
 * empty contacts and events that close a whole file (without, the file
 * stops where the caller stopped writing, e.g. inside its ties). Asserts
 * that every write succeeded, frees @p w and returns a malloc'd copy of the
 * bytes (the caller frees it) with its length in @p size. */
unsigned char *test_state_finish(socialcap__cw *w, int trailer, size_t *size);
/* Load @p size bytes from memory and from a file: both must give
 * @p status and, on failure, the same error (in @p err) and, on success,
 * networks with the same ties (every value with @p compare_all). Returns
 * the network from memory (the caller frees it). */
socialcap_network *test_state_load_both(const unsigned char *bytes, size_t size, int status,
					socialcap_error *err, int compare_all);

#endif
