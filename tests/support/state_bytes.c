/* State files written byte by byte for the loader's tests (state_bytes.h). */
#include "state_bytes.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net_equal.h"
#include "test_files.h"

void test_state_head(socialcap__cw *w)
{
	static const char *const layers[] = {"family", "household", "neighbours", "work",
					     "school"};
	uint32_t i;

	socialcap__cw_tag(w, 55799);
	socialcap__cw_array(w, 10);
	socialcap__cw_map(w, 3);
	socialcap__cw_uint(w, 1);
	socialcap__cw_text(w, "socialcap-state", 15);
	socialcap__cw_uint(w, 2);
	socialcap__cw_uint(w, 1);
	socialcap__cw_uint(w, 3);
	socialcap__cw_text(w, "9.9.9", 5);
	socialcap__cw_array(w, 1); /* sectors */
	socialcap__cw_array(w, 3);
	socialcap__cw_text(w, "s", 1);
	socialcap__cw_uint(w, 0);
	socialcap__cw_null(w);
	socialcap__cw_array(w, 1); /* neighbourhoods */
	socialcap__cw_text(w, "n", 1);
	socialcap__cw_array(w, 0); /* groups */
	socialcap__cw_array(w, 5);
	for (i = 0; i < 5; i++)
		socialcap__cw_text(w, layers[i], strlen(layers[i]));
	socialcap__cw_array(w, 0); /* event kinds */
}

void test_state_actor(socialcap__cw *w, const char *id, uint32_t sector)
{
	socialcap__cw_array(w, 6);
	socialcap__cw_text(w, id, strlen(id));
	socialcap__cw_uint(w, 0);
	socialcap__cw_uint(w, sector);
	socialcap__cw_uint(w, 0);
	socialcap__cw_null(w);
	socialcap__cw_array(w, 0);
}

void test_cbor_uint_long(socialcap__cw *w, unsigned major, uint64_t v)
{
	unsigned char h[9];
	int i;

	h[0] = (unsigned char)(major << 5 | 27);
	for (i = 0; i < 8; i++)
		h[8 - i] = (unsigned char)(v >> (8 * i));
	socialcap__cw_raw(w, h, sizeof(h));
}

void test_tie_key(uint32_t k, uint32_t *a, uint32_t *b, uint32_t *layer)
{
	*a = k % 1000;
	*b = 1000 + k / 1000;
	*layer = k % 5;
}

unsigned char *test_state_finish(socialcap__cw *w, int trailer, size_t *size)
{
	unsigned char *bytes;

	if (trailer) {
		socialcap__cw_array(w, 0); /* contacts */
		socialcap__cw_array(w, 0); /* events */
	}
	assert_int_equal(w->status, 0);
	bytes = malloc(w->len);
	assert_non_null(bytes);
	memcpy(bytes, w->buf, w->len);
	*size = w->len;
	socialcap__cw_free(w);
	return bytes;
}

socialcap_network *test_state_load_both(const unsigned char *bytes, size_t size, int status,
					socialcap_error *err, int compare_all)
{
	char *dir = test_mkdtemp(), path[4096];
	socialcap_network *x = NULL, *y = NULL;
	socialcap_error e2;

	snprintf(path, sizeof(path), "%s/hand.scap", dir);
	test_spit(path, bytes, size);
	assert_int_equal(socialcap_state_load_buffer(&x, bytes, size, NULL, err), status);
	assert_int_equal(socialcap_state_load(&y, path, NULL, &e2), status);
	if (status != 0) {
		assert_null(x);
		assert_null(y);
		assert_string_equal(err->field, e2.field);
		assert_int_equal(err->offset, e2.offset);
		assert_string_equal(err->message, e2.message);
	} else if (compare_all) {
		assert_networks_equal(x, y);
	} else {
		assert_int_equal(socialcap_network_tie_count(x), socialcap_network_tie_count(y));
	}
	socialcap_network_free(y);
	test_rmdir_free(dir);
	return x;
}
