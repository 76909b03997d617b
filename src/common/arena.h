/* A bump allocator: many small allocations, one free. Parse results and
 * query results live in an arena so error paths never leak. Not thread-safe;
 * one owner at a time. */
#ifndef OW_ARENA_H
#define OW_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Returns owned; NULL on allocation failure. */
struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Zeroed memory that lives until arena_free; NULL on failure. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies of strings into the arena; NULL in gives NULL out. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Bytes handed out so far (for memory accounting in benchmarks). */
size_t arena_used(const struct arena *a);

#endif
