/*
 * Measuring helpers shared by the benchmark programs: a wall clock, the
 * process's peak resident set (VmHWM, reset through /proc/self/clear_refs
 * where the kernel allows it) and a counting allocator for the library.
 * Header-only so that each program stays one file plus city.c.
 */
#ifndef SOCIALCAP_BENCH_MEASURE_H
#define SOCIALCAP_BENCH_MEASURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct counter {
	size_t now, peak;
} counter;

/* Each block carries its size in a header so free() can count it. */
#define COUNTER_HDR 16

static inline void *counter_malloc(size_t size, void *user)
{
	counter *c = user;
	unsigned char *p = malloc(size + COUNTER_HDR);

	if (p == NULL)
		return NULL;
	memcpy(p, &size, sizeof(size));
	c->now += size;
	if (c->now > c->peak)
		c->peak = c->now;
	return p + COUNTER_HDR;
}

static inline void counter_free(void *ptr, void *user)
{
	counter *c = user;
	size_t size;

	if (ptr == NULL)
		return;
	memcpy(&size, (unsigned char *)ptr - COUNTER_HDR, sizeof(size));
	c->now -= size;
	free((unsigned char *)ptr - COUNTER_HDR);
}

static inline void *counter_realloc(void *ptr, size_t size, void *user)
{
	counter *c = user;
	unsigned char *p;
	size_t old;

	if (ptr == NULL)
		return counter_malloc(size, user);
	memcpy(&old, (unsigned char *)ptr - COUNTER_HDR, sizeof(old));
	p = realloc((unsigned char *)ptr - COUNTER_HDR, size + COUNTER_HDR);
	if (p == NULL)
		return NULL;
	memcpy(p, &size, sizeof(size));
	c->now = c->now - old + size;
	if (c->now > c->peak)
		c->peak = c->now;
	return p + COUNTER_HDR;
}

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline long vm_hwm_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

/* The whole file DIR/NAME, NUL-terminated, its length in *len; NULL when
 * it cannot be opened or read in full. The caller frees it. */
static inline char *read_whole_file(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	FILE *f;
	long size;
	char *buf = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)size + 1)) != NULL) {
		if (fread(buf, 1, (size_t)size, f) == (size_t)size) {
			buf[size] = '\0';
			*len = (size_t)size;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

static inline void reset_hwm(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");

	if (f != NULL) {
		fputs("5", f);
		fclose(f);
	}
}

#endif
