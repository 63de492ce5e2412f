#include "test_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "test support: %s\n", what);
	exit(2);
}

char *test_mkdtemp(void)
{
	const char *base = getenv("TMPDIR");
	char *path;

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	path = malloc(strlen(base) + 32);
	if (path == NULL)
		die("out of memory");
	sprintf(path, "%s/socialcap-test-XXXXXX", base);
	if (mkdtemp(path) == NULL)
		die("mkdtemp failed");
	return path;
}

void test_rmdir_free(char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			if (unlink(path) != 0)
				rmdir(path); /* an (empty) directory a test made */
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
}

char *test_text_append(char *buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = *cap > 0 ? vsnprintf(buf + *len, *cap - *len, fmt, ap)
			     : vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if (*cap > 0 && (size_t)n < *cap - *len)
			break;
		*cap = *cap * 2 + (size_t)n + 1;
		buf = realloc(buf, *cap);
		assert_non_null(buf);
	}
	*len += (size_t)n;
	return buf;
}

void test_write_file(const char *dir, const char *name, const char *data,
		     size_t len)
{
	char path[4096];
	FILE *f;

	if (len == (size_t)-1)
		len = strlen(data);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die("cannot write a test file");
}

void test_remove_file(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

char *test_read_file(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		die("cannot size a file");
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("cannot read a file");
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

test_store *test_store_new(const char *name)
{
	test_store *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->dir = test_mkdtemp();
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
	snprintf(f->jpath, sizeof(f->jpath), "%s-journal", f->path);
	return f;
}

int test_store_teardown(void **state)
{
	test_store *f = *state;

	test_rmdir_free(f->dir);
	free(f);
	return 0;
}

unsigned char *test_slurp(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*size = (size_t)n;
	return buf;
}

void test_spit(const char *path, const void *data, size_t size)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, size, fp), size);
	fclose(fp);
}

char *test_data_path(const char *name)
{
	const char *base = getenv("SOCIALCAP_TEST_DATA");
	char *path;

	if (base == NULL)
		die("SOCIALCAP_TEST_DATA is not set");
	path = malloc(strlen(base) + strlen(name) + 2);
	if (path == NULL)
		die("out of memory");
	sprintf(path, "%s/%s", base, name);
	return path;
}

typedef struct dump {
	char *buf;
	size_t len, cap;
} dump;

__attribute__((format(printf, 2, 3)))
static void out(dump *d, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(d->buf + d->len, d->cap - d->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			die("vsnprintf");
		if ((size_t)n < d->cap - d->len)
			break;
		d->cap = (d->cap + (size_t)n) * 2;
		d->buf = realloc(d->buf, d->cap);
		if (d->buf == NULL)
			die("out of memory");
	}
	d->len += (size_t)n;
}

/* Doubles as their exact hexadecimal form, so nothing is rounded away. */
static void dump_model(dump *d, const socialcap_network *net)
{
	uint32_t i, k;
	uint64_t t;

	for (i = 0; i < socialcap_network_sector_count(net); i++)
		out(d, "sector %s %d %a\n", socialcap_network_sector_label(net, i),
		    socialcap_network_sector_tier(net, i),
		    socialcap_network_sector_prestige(net, i));
	for (i = 0; i < socialcap_network_neighbourhood_count(net); i++)
		out(d, "nbh %s %u %u\n", socialcap_network_neighbourhood_label(net, i),
		    socialcap_network_neighbourhood_actor_count(net, i),
		    socialcap_network_neighbourhood_resident_count(net, i));
	for (i = 0; i < socialcap_network_group_count(net); i++)
		out(d, "group %s\n", socialcap_network_group_label(net, i));
	for (i = 0; i < socialcap_network_layer_count(net); i++)
		out(d, "layer %s\n", socialcap_network_layer_label(net, i));
	for (i = 0; i < socialcap_network_actor_count(net); i++) {
		out(d, "actor %s %d %u %u %a", socialcap_network_actor_id(net, i),
		    socialcap_network_actor_kind(net, i),
		    socialcap_network_actor_sector(net, i),
		    socialcap_network_actor_neighbourhood(net, i),
		    socialcap_network_actor_status(net, i));
		for (k = 0; k < socialcap_network_actor_group_count(net, i); k++)
			out(d, " g%u", socialcap_network_actor_group(net, i, k));
		out(d, "\n");
	}
	for (t = 0; t < socialcap_network_tie_count(net); t++) {
		socialcap_tie tie;

		socialcap_network_tie(net, t, &tie);
		out(d, "tie %u %u %u %a %lld\n", tie.a, tie.b, tie.layer, tie.weight,
		    (long long)tie.since);
	}
}

static void dump_ledger(dump *d, const socialcap_network *net)
{
	uint32_t i, k;
	uint64_t t;

	for (t = 0; t < socialcap_network_contact_count(net); t++) {
		socialcap_contact c;

		socialcap_network_contact(net, t, &c);
		out(d, "contact %lld %u %u %d %a %a\n", (long long)c.time, c.a, c.b,
		    (int)c.channel, c.weight, c.cost);
	}
	for (i = 0; i < socialcap_network_event_kind_count(net); i++)
		out(d, "kind %s\n", socialcap_network_event_kind_label(net, i));
	for (i = 0; i < socialcap_network_event_count(net); i++) {
		socialcap_event_info e;

		socialcap_network_event(net, i, &e);
		out(d, "event %s %lld %u %u %d %a:", e.id, (long long)e.time,
		    e.neighbourhood, e.kind, (int)e.channel, e.cost);
		for (k = 0; k < e.attendee_count; k++) {
			socialcap_attendance a;

			socialcap_network_event_attendee(net, i, k, &a);
			out(d, " %u/%d", a.actor, (int)a.role);
		}
		out(d, "\n");
	}
	out(d, "attendance %llu\n",
	    (unsigned long long)socialcap_network_attendance_count(net));
}

char *test_dump_network(const socialcap_network *net)
{
	dump d = {NULL, 0, 0};

	d.cap = 256;
	d.buf = malloc(d.cap);
	if (d.buf == NULL)
		die("out of memory");
	d.buf[0] = '\0';
	dump_model(&d, net);
	dump_ledger(&d, net);
	return d.buf;
}
