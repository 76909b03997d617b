/* A tiny unit-test harness: CHECK macros that record failures with file and
 * line, and TEST_MAIN to run a list of test functions. Each test binary is
 * one CTest test. */
#ifndef OW_TEST_H
#define OW_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int test_failures;
static const char *test_current;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n",       \
				__FILE__, __LINE__, test_current, #cond);      \
			test_failures++;                                       \
		}                                                              \
	} while (0)

#define CHECK_INT(a, b)                                                        \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ != b_) {                                                \
			fprintf(stderr, "%s:%d: %s: %s == %lld, want %lld\n",  \
				__FILE__, __LINE__, test_current, #a, a_, b_); \
			test_failures++;                                       \
		}                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *a_ = (a), *b_ = (b);                               \
		if (!a_ || !b_ ? a_ != b_ : strcmp(a_, b_) != 0) {             \
			fprintf(stderr,                                        \
				"%s:%d: %s: %s == \"%s\", want \"%s\"\n",      \
				__FILE__, __LINE__, test_current, #a,          \
				a_ ? a_ : "(null)", b_ ? b_ : "(null)");       \
			test_failures++;                                       \
		}                                                              \
	} while (0)

#define RUN(fn)                                                                \
	do {                                                                   \
		test_current = #fn;                                            \
		fn();                                                          \
	} while (0)

#define TEST_REPORT()                                                          \
	(test_failures                                                         \
		 ? (fprintf(stderr, "%d check(s) failed\n", test_failures), 1) \
		 : 0)

#endif
