/*
 * Durable file replacement: a new file is written beside the target under
 * a temporary name (mode 0600, created exclusively), flushed, renamed over
 * the target, and the directory is flushed so the rename itself survives a
 * power cut. Used by the state file and by the journal's checkpoint.
 */
#ifndef SOCIALCAP_FILEIO_H
#define SOCIALCAP_FILEIO_H

#include <stddef.h>

#include "memory.h"
#include "socialcap/common.h"

typedef struct socialcap__atomic {
	socialcap__mem *mem;
	char *tmp;       /* temporary name, allocated */
	char *dir;       /* directory name, in the same block */
	size_t tmp_size;
	const char *path; /* target, borrowed */
	int fd;
} socialcap__atomic;

/* Create the temporary file. On failure fills @p err (EIO or ENOMEM). */
int socialcap__atomic_begin(socialcap__atomic *a, socialcap__mem *mem,
			    const char *path, socialcap_error *err);
/* fsync, close, rename over the target, fsync the directory. On failure
 * the temporary file is removed and the target untouched (unless the
 * failure is the final directory flush, after which the new file is in
 * place but perhaps not yet durable). */
int socialcap__atomic_commit(socialcap__atomic *a, socialcap_error *err);
/* Close and remove the temporary file; safe after a failed begin. */
void socialcap__atomic_abort(socialcap__atomic *a);

/* fsync the directory @p dir. */
int socialcap__fsync_dir(const char *dir, socialcap_error *err);

/* Fill @p err with an I/O failure: "<what> <path>: <strerror(err_no)>". */
int socialcap__io_fail(socialcap_error *err, const char *what,
		       const char *path, int err_no);

/* write(2) until done; 0 or errno. */
int socialcap__write_all(int fd, const void *buf, size_t len);

#endif
