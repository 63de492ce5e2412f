/*
 * Work dealt out to threads in chunks (chunks.c): the one place where the
 * library starts and joins threads of its own, so that the passes of the
 * indicators and area tables share one way of doing it, of handing out
 * the work, of reporting a failure and of coping with a thread that
 * cannot be started. Private: never installed.
 */
#ifndef SOCIALCAP_CHUNKS_H
#define SOCIALCAP_CHUNKS_H

#include <stdint.h>

/* Threads one run may use (the options allow no more); more are not
 * started. */
#define SOCIALCAP__CHUNKS_MAX_THREADS 1024u

/*
 * The work of one chunk: items [lo, hi) on thread number @p thread (0 is
 * the caller's thread, the others are < the threads of the run). Returns 0
 * to go on, or a status (< 0) that ends the run.
 */
typedef int (*socialcap__chunk_fn)(void *arg, unsigned thread, uint64_t lo, uint64_t hi);

/*
 * Flag of socialcap__run_chunks(): the chunks wait for each other (a
 * barrier inside @p fn), so they must all run at once, one per thread:
 * there must be as many chunks as threads, and thread t runs chunk t.
 */
#define SOCIALCAP__CHUNKS_TOGETHER 1u

/*
 * Run @p fn over the @p count items in chunks of @p chunk (>= 1): chunk c
 * is items [c * chunk, min(count, (c + 1) * chunk)). @p arg is the
 * caller's (borrowed for the call, shared by every thread): @p fn must
 * write only what no other chunk writes, or what belongs to its thread
 * number, and must not allocate; the caller prepares all scratch.
 *
 * Threads: the caller's thread is thread 0 and works too; @p threads - 1
 * more are started (0 or 1: none, every chunk runs on the caller's thread,
 * in order) and all are joined before the call returns.
 *
 * Hand-out: without flags, each thread takes the next chunk not yet taken
 * (an atomic counter) until none is left, so which thread runs which chunk
 * depends on timing; @p fn must give the same numbers whoever runs it. A
 * thread that cannot be started leaves its chunks to the others (at worst
 * the caller runs them all): the call still succeeds. With
 * SOCIALCAP__CHUNKS_TOGETHER, thread t runs chunk t once every thread has
 * started; if one cannot be started (or the gate that holds them cannot be
 * made), no chunk runs, the started threads are joined and the call
 * returns SOCIALCAP_EIO.
 *
 * Failure: the first non-zero status returned by @p fn is kept; from then
 * on no chunk is handed out (chunks already running finish), and the call
 * returns that status. Returns 0 when every chunk returned 0 (and at once
 * when @p count is 0).
 */
int socialcap__run_chunks(unsigned threads, uint64_t count, uint64_t chunk, unsigned flags,
			  socialcap__chunk_fn fn, void *arg);

#endif
