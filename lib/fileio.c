/* Durable file replacement (see fileio.h). */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"

int socialcap__io_fail(socialcap_error *err, const char *what,
		       const char *path, int err_no)
{
	if (err != NULL) {
		err->status = err_no == ENOMEM ? SOCIALCAP_ENOMEM : SOCIALCAP_EIO;
		socialcap__copy_text(err->file, sizeof(err->file), path);
		snprintf(err->message, sizeof(err->message), "%s %s: %s", what,
			 path, strerror(err_no));
	}
	return err_no == ENOMEM ? SOCIALCAP_ENOMEM : SOCIALCAP_EIO;
}

static int oom(socialcap_error *err)
{
	if (err != NULL) {
		err->status = SOCIALCAP_ENOMEM;
		socialcap__copy_text(err->message, sizeof(err->message), "out of memory");
	}
	return SOCIALCAP_ENOMEM;
}

int socialcap__write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Length of the directory part of @p path ("." when there is none). */
static size_t dir_length(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return 1;
	return slash == path ? 1 : (size_t)(slash - path);
}

static void dir_copy(char *dst, const char *path, size_t len)
{
	const char *slash = strrchr(path, '/');

	memcpy(dst, slash == NULL ? "." : (slash == path ? "/" : path), len);
	dst[len] = '\0';
}

int socialcap__fsync_dir(const char *dir, socialcap_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = SOCIALCAP_OK;

	if (fd < 0 || fsync(fd) != 0)
		rc = socialcap__io_fail(err, "cannot flush the directory", dir, errno);
	if (fd >= 0)
		close(fd);
	return rc;
}

int socialcap__atomic_begin(socialcap__atomic *a, socialcap__mem *mem,
			    const char *path, socialcap_error *err)
{
	static const char suffix[] = ".tmp-XXXXXX";
	size_t len = strlen(path), dlen = dir_length(path);
	struct stat st;

	a->mem = mem;
	a->path = path;
	a->fd = -1;
	a->tmp = NULL;
	/* The file is replaced by a rename, which would just as well put a
	 * regular file in the place of a device, a pipe or a socket (a save
	 * to /dev/null would replace the device). Only a regular file, or
	 * nothing, may be there; a symbolic link is followed for the check. */
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			if (err != NULL) {
				err->status = SOCIALCAP_EINVAL;
				socialcap__copy_text(err->file, sizeof(err->file), path);
				snprintf(err->message, sizeof(err->message),
					 "%s exists and is not a regular file: not replaced",
					 path);
			}
			return SOCIALCAP_EINVAL;
		}
	} else if (errno != ENOENT) {
		return socialcap__io_fail(err, "cannot check", path, errno);
	}
	/* One block holds the temporary name and the directory name, so that
	 * nothing is allocated after the rename. */
	a->tmp_size = len + sizeof(suffix) + dlen + 1;
	a->tmp = socialcap__mem_alloc(mem, a->tmp_size);
	if (a->tmp == NULL)
		return oom(err);
	memcpy(a->tmp, path, len);
	memcpy(a->tmp + len, suffix, sizeof(suffix));
	a->dir = a->tmp + len + sizeof(suffix);
	dir_copy(a->dir, path, dlen);
	/* mkstemp opens with O_EXCL and mode 0600; fchmod makes 0600 explicit
	 * whatever the C library does. */
	a->fd = mkstemp(a->tmp);
	if (a->fd < 0) {
		int e = errno;

		socialcap__mem_free(mem, a->tmp, a->tmp_size);
		a->tmp = NULL;
		return socialcap__io_fail(err, "cannot create a temporary file for",
					  path, e);
	}
	if (fchmod(a->fd, S_IRUSR | S_IWUSR) != 0) {
		int e = errno;

		socialcap__atomic_abort(a);
		return socialcap__io_fail(err, "cannot set the mode of", path, e);
	}
	return SOCIALCAP_OK;
}

void socialcap__atomic_abort(socialcap__atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	if (a->tmp != NULL) {
		unlink(a->tmp);
		socialcap__mem_free(a->mem, a->tmp, a->tmp_size);
		a->tmp = NULL;
	}
}

int socialcap__atomic_commit(socialcap__atomic *a, socialcap_error *err)
{
	int fd = a->fd, rc;

	if (fsync(fd) != 0) {
		int e = errno;

		socialcap__atomic_abort(a);
		return socialcap__io_fail(err, "cannot flush", a->path, e);
	}
	a->fd = -1;
	if (close(fd) != 0 || rename(a->tmp, a->path) != 0) {
		int e = errno;

		socialcap__atomic_abort(a);
		return socialcap__io_fail(err, "cannot replace", a->path, e);
	}
	rc = socialcap__fsync_dir(a->dir, err);
	socialcap__mem_free(a->mem, a->tmp, a->tmp_size);
	a->tmp = NULL;
	return rc;
}
