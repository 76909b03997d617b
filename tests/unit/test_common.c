/* Unit tests for src/common: bounded buffers, the arena, string helpers. */
#include "common/arena.h"
#include "common/buf.h"
#include "common/ow_error.h"
#include "common/str.h"

#include "test.h"

#include <stdlib.h>

static void test_buf(void)
{
	struct buf b;
	buf_init(&b, 16);
	char *p = buf_detach(&b, NULL); /* empty: still a C string */
	CHECK(p != NULL);
	CHECK_STR(p, "");
	free(p);
	buf_init(&b, 8);
	CHECK_INT(buf_puts(&b, "12345"), 0);
	CHECK_INT(buf_printf(&b, "%d", 678), 0);
	CHECK_STR(b.p, "12345678");
	CHECK_INT(buf_putc(&b, 'x'), OW_ETOOBIG); /* past the bound */
	CHECK_INT(buf_puts(&b, "y"), OW_ETOOBIG); /* the error sticks */
	CHECK_STR(b.p, "12345678");
	buf_reset(&b);
	CHECK_INT(b.len, 0);
	CHECK_INT(buf_puts(&b, "ok"), 0);
	CHECK_STR(b.p, "ok");
	buf_free(&b);
}

static void test_arena(void)
{
	struct arena *a = arena_new();
	char *s = arena_printf(a, "%s-%d", "x", 42);
	CHECK_STR(s, "x-42");
	CHECK(arena_strdup(a, NULL) == NULL);
	void *big = arena_alloc(a, 100000); /* a chunk of its own */
	CHECK(big != NULL);
	CHECK(((char *)big)[99999] == 0); /* zeroed */
	CHECK(arena_used(a) >= 100000);
	arena_free(a);
}

static void test_str(void)
{
	int64_t v;
	CHECK(str_parse_i64("-42", &v) && v == -42);
	CHECK(str_parse_i64("9223372036854775807", &v));
	CHECK(!str_parse_i64("9223372036854775808", &v));
	CHECK(!str_parse_i64("12a", &v));
	CHECK(!str_parse_i64("", &v));
	CHECK(!str_parse_i64(NULL, &v));
	CHECK(str_eq_ci("Flash", "FLASH"));
	CHECK_INT(str_find_ci("abcDEF", 6, "def"), 3);
	CHECK_INT(str_find_ci("abc", 3, "x"), -1);
	const char *s = "  hi \n";
	size_t n = strlen(s);
	str_trim(&s, &n);
	CHECK_INT(n, 2);
	CHECK(str_is_blank(" \t\r\n", 4));
}

static void test_err(void)
{
	struct ow_err e;
	CHECK_INT(ow_err_at(&e, OW_EPARSE, "a\nb\nc", 4, "bad %s", "thing"),
		  OW_EPARSE);
	CHECK_INT(e.line, 3);
	CHECK_STR(e.msg, "line 3 (byte 4): bad thing");
	CHECK_STR(ow_strerror(OW_ETOOBIG), "too large");
}

int main(void)
{
	RUN(test_buf);
	RUN(test_arena);
	RUN(test_str);
	RUN(test_err);
	return TEST_REPORT();
}
