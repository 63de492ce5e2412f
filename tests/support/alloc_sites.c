#include "alloc_sites.h"

#include <elf.h>
#include <execinfo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memory.h"

#define MAX_RANGES 32
#define MAX_FRAMES 24

typedef struct range {
	uintptr_t lo, hi; /* run-time addresses, [lo, hi) */
} range;

struct alloc_sites {
	range wrap[MAX_RANGES]; /* the allocation wrappers of lib/memory.c */
	size_t nwrap;
	uintptr_t base;         /* run-time address minus link-time address */
	uintptr_t *set;         /* open addressing, 0 = empty */
	size_t cap, count, unknown;
};

/* The wrappers; gcc may add clones such as "socialcap__grow.part.0". */
static const char *const wrappers[] = {
	"socialcap__mem_alloc", "socialcap__mem_calloc", "socialcap__mem_realloc",
	"socialcap__resize",    "socialcap__grow",
};

static int is_wrapper(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(wrappers) / sizeof(wrappers[0]); i++) {
		size_t n = strlen(wrappers[i]);

		if (strncmp(name, wrappers[i], n) == 0 &&
		    (name[n] == '\0' || name[n] == '.'))
			return 1;
	}
	return 0;
}

static unsigned char *slurp_self(size_t *size)
{
	FILE *f = fopen("/proc/self/exe", "rb");
	unsigned char *data = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		data = malloc((size_t)n);
		if (data != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) {
			free(data);
			data = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return data;
}

/* Collect the wrappers' link-time ranges from the ELF symbol table. */
static int read_symbols(alloc_sites *s)
{
	size_t size = 0, i;
	unsigned char *data = slurp_self(&size);
	const Elf64_Ehdr *eh = (const void *)data;
	const Elf64_Shdr *sh;
	uintptr_t anchor = (uintptr_t)&socialcap__mem_alloc, anchor_link = 0;
	int ok = 0;

	if (data == NULL || size < sizeof(*eh) ||
	    memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shoff + (size_t)eh->e_shnum * sizeof(*sh) > size)
		goto done;
	sh = (const void *)(data + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		const Elf64_Sym *sym;
		const char *names;
		size_t k, n;

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum ||
		    sh[i].sh_offset + sh[i].sh_size > size ||
		    sh[sh[i].sh_link].sh_offset + sh[sh[i].sh_link].sh_size > size)
			continue;
		sym = (const void *)(data + sh[i].sh_offset);
		n = sh[i].sh_size / sizeof(*sym);
		names = (const char *)(data + sh[sh[i].sh_link].sh_offset);
		for (k = 0; k < n; k++) {
			const char *name;

			if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC ||
			    sym[k].st_name >= sh[sh[i].sh_link].sh_size)
				continue;
			name = names + sym[k].st_name;
			if (strcmp(name, "socialcap__mem_alloc") == 0)
				anchor_link = sym[k].st_value;
			if (is_wrapper(name) && s->nwrap < MAX_RANGES) {
				s->wrap[s->nwrap].lo = sym[k].st_value;
				s->wrap[s->nwrap].hi = sym[k].st_value + sym[k].st_size;
				s->nwrap++;
			}
		}
	}
	if (anchor_link == 0 || s->nwrap == 0)
		goto done;
	s->base = anchor - anchor_link;
	for (i = 0; i < s->nwrap; i++) {
		s->wrap[i].lo += s->base;
		s->wrap[i].hi += s->base;
	}
	ok = 1;
done:
	free(data);
	return ok;
}

alloc_sites *alloc_sites_new(void)
{
	alloc_sites *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->cap = 1024;
	s->set = calloc(s->cap, sizeof(*s->set));
	if (s->set == NULL || !read_symbols(s)) {
		alloc_sites_free(s);
		return NULL;
	}
	return s;
}

void alloc_sites_free(alloc_sites *s)
{
	if (s == NULL)
		return;
	free(s->set);
	free(s);
}

static int in_wrapper(const alloc_sites *s, uintptr_t pc)
{
	size_t i;

	for (i = 0; i < s->nwrap; i++)
		if (pc >= s->wrap[i].lo && pc < s->wrap[i].hi)
			return 1;
	return 0;
}

static void insert(alloc_sites *s, uintptr_t v)
{
	size_t i;

	if (2 * (s->count + 1) > s->cap) {
		uintptr_t *old = s->set;
		size_t oldcap = s->cap;

		s->set = calloc(2 * oldcap, sizeof(*s->set));
		if (s->set == NULL)
			abort();
		s->cap = 2 * oldcap;
		s->count = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i] != 0)
				insert(s, old[i]);
		free(old);
	}
	for (i = (v * 0x9e3779b97f4a7c15u) & (s->cap - 1); s->set[i] != 0;
	     i = (i + 1) & (s->cap - 1))
		if (s->set[i] == v)
			return;
	s->set[i] = v;
	s->count++;
}

void alloc_sites_record(alloc_sites *s)
{
	void *frames[MAX_FRAMES];
	int n, i;

	if (s == NULL)
		return;
	n = backtrace(frames, MAX_FRAMES);
	/* Skip the recorder and the test allocator, then the wrappers. */
	for (i = 0; i < n && !in_wrapper(s, (uintptr_t)frames[i]); i++)
		;
	while (i < n && in_wrapper(s, (uintptr_t)frames[i]))
		i++;
	if (i >= n || i == 0) {
		s->unknown++;
		return;
	}
	insert(s, (uintptr_t)frames[i] - s->base);
}

size_t alloc_sites_count(const alloc_sites *s)
{
	return s == NULL ? 0 : s->count;
}

size_t alloc_sites_unknown(const alloc_sites *s)
{
	return s == NULL ? 0 : s->unknown;
}

void alloc_sites_dump(const alloc_sites *s, FILE *out)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->cap; i++)
		if (s->set[i] != 0)
			fprintf(out, "0x%lx\n", (unsigned long)s->set[i]);
}
