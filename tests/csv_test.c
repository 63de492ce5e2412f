/* The RFC 4180 reader: corner cases, positions, errors, limits, chunked
 * input and allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv_reader.h"
#include "test_alloc.h"

/* A source that hands out at most `chunk` bytes per call and can fail. */
typedef struct src {
	const char *data;
	size_t len, pos, chunk;
	int fail_after; /* fail once pos reaches this (0 = never) */
} src;

static int read_src(void *ctx, char *buf, size_t cap, size_t *got)
{
	src *s = ctx;
	size_t n = s->len - s->pos;

	if (s->fail_after > 0 && s->pos >= (size_t)s->fail_after)
		return -1;
	if (n > s->chunk)
		n = s->chunk;
	if (n > cap)
		n = cap;
	memcpy(buf, s->data + s->pos, n);
	s->pos += n;
	*got = n;
	return 0;
}

typedef struct result {
	char text[8192];   /* [f1|f2][f1] ..., or a trace (trace_with) */
	int status;        /* 0 or the reader's failure */
	uint64_t line, column, offset;
	char msg[160];
} result;

/* The reader's failure, if it failed (@p rc < 0). */
static void keep_failure(const socialcap__csv *csv, int rc, result *r)
{
	if (rc < 0) {
		r->status = csv->status;
		r->line = csv->err_line;
		r->column = csv->err_column;
		r->offset = csv->err_offset;
		snprintf(r->msg, sizeof(r->msg), "%s", csv->err_msg);
	}
}

static int parse_with(const char *data, size_t len, size_t chunk, size_t max_field,
		      size_t max_record, socialcap__mem *mem, result *r)
{
	socialcap__csv csv;
	src s = {data, len, 0, chunk, 0};
	size_t i, n = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	rc = socialcap__csv_open(&csv, mem, read_src, &s, max_field, max_record);
	if (rc != 0)
		return rc;
	while ((rc = socialcap__csv_next(&csv)) == 1) {
		n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "[");
		for (i = 0; i < csv.nfields; i++)
			n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "%s%s",
					      i ? "|" : "", socialcap__csv_text(&csv, i));
		n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "]");
	}
	keep_failure(&csv, rc, r);
	socialcap__csv_close(&csv);
	return rc < 0 ? csv.status : 0;
}

static void parse(const char *data, result *r)
{
	socialcap__mem mem;

	socialcap__mem_init(&mem, NULL);
	parse_with(data, strlen(data), 1 << 20, 1 << 16, 1 << 20, &mem, r);
	assert_int_equal(mem.bytes, 0);
}

static void expect(const char *data, const char *text)
{
	result r;

	parse(data, &r);
	if (r.status != 0)
		fail_msg("unexpected error %d at %llu:%llu: %s", r.status,
			 (unsigned long long)r.line, (unsigned long long)r.column,
			 r.msg);
	assert_string_equal(r.text, text);
}

static void expect_error(const char *data, int status, unsigned line,
			 unsigned column)
{
	result r;

	parse(data, &r);
	if (r.status != status || r.line != line || r.column != column)
		fail_msg("\"%s\": got %d at %llu:%llu (%s)", data, r.status,
			 (unsigned long long)r.line, (unsigned long long)r.column,
			 r.msg);
	assert_true(r.msg[0] != '\0');
}

static void test_plain(void **state)
{
	(void)state;
	expect("a,b,c\n1,2,3\n", "[a|b|c][1|2|3]");
	expect("a,b\n1,2", "[a|b][1|2]");            /* no final newline */
	expect("a,b\r\n1,2\r\n", "[a|b][1|2]");      /* CRLF */
	expect("a,b\r\n1,2\n3,4\r\n", "[a|b][1|2][3|4]"); /* mixed */
	expect("", "");
	expect("\xef\xbb\xbf", "");
	expect("\xef\xbb\xbf" "a,b\n", "[a|b]");     /* BOM skipped */
	expect("a\xef\xbb\xbf,b\n", "[a\xef\xbb\xbf|b]"); /* not at the start: data */
	expect(" a , b \n", "[ a | b ]");            /* spaces are data */
}

static void test_quotes(void **state)
{
	(void)state;
	expect("\"a,b\",\"say \"\"hi\"\"\",\"\"\n", "[a,b|say \"hi\"|]");
	expect("\"\"\"\"\n", "[\"]");
	expect("\"line1\nline2\",x\ny,z\n", "[line1\nline2|x][y|z]");
	expect("\"a\r\nb\"\r\n", "[a\r\nb]");
	expect("\"a\",\"b\"", "[a|b]");              /* quoted field at EOF */
	expect("\"\",\n", "[|]");
}

static void test_empty_fields_and_lines(void **state)
{
	(void)state;
	expect(",,\n", "[||]");
	expect("a,\n", "[a|]");
	expect(",a\n", "[|a]");
	expect("a\n\n\r\nb\n\n", "[a][b]");          /* empty lines skipped */
	expect("\n\na\n", "[a]");
	expect("a,b\n1\n1,2,3\n", "[a|b][1][1|2|3]"); /* ragged: the caller decides */
}

static void test_positions(void **state)
{
	static const char data[] = "\xef\xbb\xbfid,\"x\ny\",z\n\n\xc3\xa9,w\n";
	socialcap__mem mem;
	socialcap__csv csv;
	src s = {data, sizeof(data) - 1, 0, 1 << 20, 0};

	(void)state;
	socialcap__mem_init(&mem, NULL);
	assert_int_equal(socialcap__csv_open(&csv, &mem, read_src, &s, 100, 100), 0);
	assert_int_equal(socialcap__csv_next(&csv), 1);
	assert_int_equal(csv.nfields, 3);
	assert_int_equal(csv.fields[0].line, 1);
	assert_int_equal(csv.fields[0].column, 1);
	assert_int_equal(csv.fields[0].offset, 3);
	assert_int_equal(csv.fields[1].column, 4);
	assert_int_equal(csv.fields[1].quoted, 1);
	assert_int_equal(csv.fields[2].line, 2);     /* after the quoted newline */
	assert_int_equal(csv.fields[2].column, 4);
	assert_int_equal(csv.rec_line, 1);
	assert_int_equal(socialcap__csv_next(&csv), 1);
	assert_int_equal(csv.rec_line, 4);
	assert_int_equal(csv.fields[1].column, 4);   /* columns count bytes */
	assert_string_equal(socialcap__csv_text(&csv, 0), "\xc3\xa9");
	assert_int_equal(socialcap__csv_next(&csv), 0);
	assert_int_equal(socialcap__csv_next(&csv), 0);
	socialcap__csv_close(&csv);
	assert_int_equal(mem.bytes, 0);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	expect_error("a,\"bc\nd", SOCIALCAP_EPARSE, 1, 3);    /* unterminated */
	expect_error("x\ny,\"", SOCIALCAP_EPARSE, 2, 3);
	expect_error("ab\"c\n", SOCIALCAP_EPARSE, 1, 3);      /* quote inside */
	expect_error("\"a\"b\n", SOCIALCAP_EPARSE, 1, 4);     /* after closing */
	expect_error("\"a\" \n", SOCIALCAP_EPARSE, 1, 4);
	expect_error("a\rb\n", SOCIALCAP_EPARSE, 1, 2);       /* bare CR */
	expect_error("a\n\rb\n", SOCIALCAP_EPARSE, 2, 1);
	expect_error("a,b\r", SOCIALCAP_EPARSE, 1, 4);
}

static void test_nul_and_limits(void **state)
{
	static const char nul[] = "ab,c\0d\n";
	socialcap__mem mem;
	result r;

	(void)state;
	socialcap__mem_init(&mem, NULL);
	parse_with(nul, sizeof(nul) - 1, 100, 100, 100, &mem, &r);
	assert_int_equal(r.status, SOCIALCAP_EPARSE);
	assert_int_equal(r.column, 5);
	assert_int_equal(r.offset, 4);
	/* A field of exactly the limit passes; one byte more fails where the
	 * field starts. */
	parse_with("abc,\"de\"\n", 9, 100, 3, 100, &mem, &r);
	assert_int_equal(r.status, 0);
	parse_with("abc,\"defg\"\n", 11, 100, 3, 100, &mem, &r);
	assert_int_equal(r.status, SOCIALCAP_ELIMIT);
	assert_int_equal(r.line, 1);
	assert_int_equal(r.column, 5);
	/* Records: raw bytes including quotes and the line end. */
	parse_with("ab,c\nabcd,e\n", 12, 100, 100, 5, &mem, &r);
	assert_int_equal(r.status, SOCIALCAP_ELIMIT);
	assert_int_equal(r.line, 2);
	assert_int_equal(r.column, 1);
	assert_string_equal(r.text, "[ab|c]");
	assert_int_equal(mem.bytes, 0);
}

/* The same input read 1, 2, ... bytes at a time gives the same records. */
static void test_chunked_input(void **state)
{
	static const char data[] =
		"\xef\xbb\xbfh1,\"h,2\"\r\n\"multi\r\nline\",\"\"\"q\"\"\"\r\n\r\n,\n"
		"last,\"x\"";
	socialcap__mem mem;
	result whole, part;
	size_t chunk;

	(void)state;
	socialcap__mem_init(&mem, NULL);
	parse_with(data, sizeof(data) - 1, 1 << 20, 100, 100, &mem, &whole);
	assert_int_equal(whole.status, 0);
	assert_string_equal(whole.text,
			    "[h1|h,2][multi\r\nline|\"q\"][|][last|x]");
	for (chunk = 1; chunk <= 9; chunk++) {
		parse_with(data, sizeof(data) - 1, chunk, 100, 100, &mem, &part);
		assert_int_equal(part.status, 0);
		assert_string_equal(part.text, whole.text);
	}
	/* An unterminated quote is found at any chunk size too. */
	for (chunk = 1; chunk <= 4; chunk++) {
		parse_with("a\n\"b", 4, chunk, 100, 100, &mem, &part);
		assert_int_equal(part.status, SOCIALCAP_EPARSE);
		assert_int_equal(part.line, 2);
		assert_int_equal(part.column, 1);
	}
	assert_int_equal(mem.bytes, 0);
}

/* Everything a reader says about one input: every field of every record
 * with its position, and the failure if any. */
static void trace_with(const char *data, size_t len, size_t chunk, size_t max_field,
		       size_t max_record, result *tr)
{
	socialcap__mem mem;
	socialcap__csv csv;
	src s = {data, len, 0, chunk, 0};
	size_t i, n = 0;
	int rc;

	memset(tr, 0, sizeof(*tr));
	socialcap__mem_init(&mem, NULL);
	assert_int_equal(socialcap__csv_open(&csv, &mem, read_src, &s, max_field,
					     max_record), 0);
	while ((rc = socialcap__csv_next(&csv)) == 1) {
		n += (size_t)snprintf(tr->text + n, sizeof(tr->text) - n, "{%llu@%llu",
				      (unsigned long long)csv.rec_line,
				      (unsigned long long)csv.rec_offset);
		for (i = 0; i < csv.nfields; i++) {
			const socialcap__csv_field *f = &csv.fields[i];

			assert_int_equal(strlen(socialcap__csv_text(&csv, i)), f->len);
			n += (size_t)snprintf(tr->text + n, sizeof(tr->text) - n,
					      " [%s] %zu %llu:%llu@%llu q%d",
					      socialcap__csv_text(&csv, i), f->len,
					      (unsigned long long)f->line,
					      (unsigned long long)f->column,
					      (unsigned long long)f->offset, f->quoted);
		}
		n += (size_t)snprintf(tr->text + n, sizeof(tr->text) - n, "}");
		assert_true(n < sizeof(tr->text));
	}
	keep_failure(&csv, rc, tr);
	socialcap__csv_close(&csv);
	assert_int_equal(mem.bytes, 0);
}

/*
 * Whole records in the buffer are split in one scan; a source that hands
 * out one byte per read never has a whole record there, so every record
 * goes byte by byte. Both must say the same about every field (text,
 * length, line, column, offset) and every failure, at every limit.
 */
static void test_whole_records_same_as_byte_by_byte(void **state)
{
	static const char *const inputs[] = {
		"a,b,c\n1,2,3\n",
		"id,kind\r\nx1,resident\r\nx2,professional\r\n",
		"\xef\xbb\xbfh1,h2\nv1,v2\n",
		",,\na,\n,b\n\n\r\nlast,one",
		"\xc3\xa9t\xc3\xa9,x\n\xe2\x82\xac,\n",
		"ab,\"q,\"\"x\"\"\",z\nplain,row\n",
		"a,b\nc\"d,e\n",                   /* quote inside: error */
		"a,b\nc\rd\n",                     /* bare CR: error */
		"a,b\nc,d\r",                       /* CR at the end: error */
		"a,b\nc\0d,e\n",                   /* NUL: error */
		"abcd,e\nabcde,f\nab,c\n",         /* field of 4, then 5 */
		"a,bcdefgh\nab,cdefgh\n",           /* record of 10, then 10 */
		"a,bcdefghi\nx\n",                  /* record of 11 */
		"a,b\r\nab,cdefg\r\n",            /* CRLF counts in the record */
		"a,b,\n,\n",
	};
	result whole, bytes;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		len = i == 9 ? 10 : strlen(inputs[i]); /* input 9 holds a NUL */
		trace_with(inputs[i], len, 1 << 20, 4, 10, &whole);
		trace_with(inputs[i], len, 1, 4, 10, &bytes);
		if (strcmp(whole.text, bytes.text) != 0 || whole.status != bytes.status ||
		    whole.line != bytes.line || whole.column != bytes.column ||
		    whole.offset != bytes.offset || strcmp(whole.msg, bytes.msg) != 0)
			fail_msg("input %zu:\n whole: %s (%d at %llu:%llu@%llu %s)\n"
				 " bytes: %s (%d at %llu:%llu@%llu %s)", i, whole.text,
				 whole.status, (unsigned long long)whole.line,
				 (unsigned long long)whole.column,
				 (unsigned long long)whole.offset, whole.msg, bytes.text,
				 bytes.status, (unsigned long long)bytes.line,
				 (unsigned long long)bytes.column,
				 (unsigned long long)bytes.offset, bytes.msg);
	}
	/* Spot values, so that both agreeing on something wrong fails too. */
	trace_with(inputs[1], strlen(inputs[1]), 1 << 20, 100, 100, &whole);
	assert_string_equal(whole.text,
			    "{1@0 [id] 2 1:1@0 q0 [kind] 4 1:4@3 q0}"
			    "{2@9 [x1] 2 2:1@9 q0 [resident] 8 2:4@12 q0}"
			    "{3@22 [x2] 2 3:1@22 q0 [professional] 12 3:4@25 q0}");
	trace_with(inputs[12], strlen(inputs[12]), 1 << 20, 100, 11, &whole);
	assert_int_equal(whole.status, 0);
	assert_string_equal(whole.text, "{1@0 [a] 1 1:1@0 q0 [bcdefghi] 8 1:3@2 q0}"
					"{2@11 [x] 1 2:1@11 q0}");
	trace_with(inputs[12], strlen(inputs[12]), 1 << 20, 100, 10, &whole);
	assert_int_equal(whole.status, SOCIALCAP_ELIMIT);
	assert_int_equal(whole.line, 1);
	assert_string_equal(whole.text, "");
}

/* Records cut by the end of the 64 KB input buffer are read byte by byte;
 * the ones around them whole. Every record must come out the same. */
static void test_records_across_the_buffer_end(void **state)
{
	const size_t rows = 9000;
	char *data = malloc(rows * 24);
	size_t i, n = 0, k;
	socialcap__mem mem;
	socialcap__csv csv;
	src s;
	char want[32];

	(void)state;
	assert_non_null(data);
	for (i = 0; i < rows; i++)
		n += (size_t)sprintf(data + n, "%zu,%zu,l%zu%s", i, i * 7 % 1000,
				     i % 3, i % 2 ? "\r\n" : "\n");
	s = (src){data, n, 0, 1 << 20, 0};
	socialcap__mem_init(&mem, NULL);
	assert_int_equal(socialcap__csv_open(&csv, &mem, read_src, &s, 100, 100), 0);
	for (i = 0, k = 0; i < rows; i++) {
		assert_int_equal(socialcap__csv_next(&csv), 1);
		assert_int_equal(csv.nfields, 3);
		assert_int_equal(csv.rec_line, i + 1);
		assert_int_equal(csv.rec_offset, k);
		sprintf(want, "%zu", i * 7 % 1000);
		assert_string_equal(socialcap__csv_text(&csv, 1), want);
		assert_int_equal(csv.fields[2].column,
				 1 + strlen(socialcap__csv_text(&csv, 0)) + 1 +
					 strlen(want) + 1);
		assert_int_equal(csv.fields[2].offset, k + csv.fields[2].column - 1);
		k += csv.fields[2].column - 1 + csv.fields[2].len + (i % 2 ? 2 : 1);
	}
	assert_int_equal(k, n);
	assert_int_equal(socialcap__csv_next(&csv), 0);
	socialcap__csv_close(&csv);
	assert_int_equal(mem.bytes, 0);
	free(data);
}

static void test_read_error(void **state)
{
	socialcap__mem mem;
	socialcap__csv csv;
	src s = {"a,b\nc,d\n", 8, 0, 4, 4};

	(void)state;
	socialcap__mem_init(&mem, NULL);
	assert_int_equal(socialcap__csv_open(&csv, &mem, read_src, &s, 100, 100), 0);
	assert_int_equal(socialcap__csv_next(&csv), 1);
	assert_int_equal(socialcap__csv_next(&csv), SOCIALCAP_EIO);
	/* A failed reader stays failed. */
	assert_int_equal(socialcap__csv_next(&csv), SOCIALCAP_EIO);
	socialcap__csv_close(&csv);
	assert_int_equal(mem.bytes, 0);
}

/* Every allocation failing in turn, for input read 7 bytes at a time (byte
 * by byte) and all at once (whole records). */
static void test_alloc_failures(void **state)
{
	static const char data[] = "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v\n"
				   "\"long field with many bytes in it\",x\n"
				   "one,two\n";
	static const size_t chunks[] = {7, 1 << 20};
	size_t c, k, failures;

	(void)state;
	for (c = 0; c < 2; c++) {
		for (k = 1, failures = 0;; k++) {
			test_alloc ta;
			socialcap__mem mem;
			result r;
			int rc;

			test_alloc_init(&ta, k, 0);
			socialcap__mem_init(&mem, &ta.allocator);
			rc = parse_with(data, sizeof(data) - 1, chunks[c], 100, 200,
					&mem, &r);
			assert_int_equal(ta.live, 0);
			assert_int_equal(mem.bytes, 0);
			if (ta.failures == 0) {
				assert_int_equal(rc, 0);
				assert_string_equal(r.text,
						    "[a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v]"
						    "[long field with many bytes in it|x][one|two]");
				break;
			}
			assert_int_equal(rc, SOCIALCAP_ENOMEM);
			failures++;
		}
		assert_true(failures >= 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_empty_fields_and_lines),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_nul_and_limits),
		cmocka_unit_test(test_chunked_input),
		cmocka_unit_test(test_whole_records_same_as_byte_by_byte),
		cmocka_unit_test(test_records_across_the_buffer_end),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_alloc_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
