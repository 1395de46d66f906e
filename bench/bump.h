/* bump: the benchmark's minimal bump allocator whose calls are never inlined,
 * with the arena's block policy, to show what the arena's inline fast path buys. */
#ifndef BENCH_BUMP_H
#define BENCH_BUMP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Alignment of bump_allocate_aligned (the arena's: 8 on 64-bit). */
#define BUMP_ALIGNMENT (sizeof(void *) > 8 ? sizeof(void *) : (size_t)8)

/* A bump allocator: blocks of block_size bytes from malloc; a request over a
 * quarter of a block gets a block of its own. Treat the fields as private. */
typedef struct bump {
  char *ptr;        /* next free byte of the current block; NULL if none */
  size_t remaining; /* bytes from ptr to the current block's end */
  size_t block_size;
  size_t usage; /* every block's bytes plus sizeof(char *), as the arena counts */
  char **blocks;
  size_t count;
  size_t capacity;
} bump;

/* Makes `b` an empty allocator. block_size must be a multiple of
 * BUMP_ALIGNMENT and at least 32. Returns 0 (and b unusable) otherwise. */
int bump_init(bump *b, size_t block_size);

/* Returns `bytes` (1 or more) uninitialised bytes, or NULL if bytes is 0 or
 * malloc fails (b is then unchanged). Never inlined. */
void *bump_allocate(bump *b, size_t bytes);

/* As bump_allocate, but the result is a multiple of BUMP_ALIGNMENT. */
void *bump_allocate_aligned(bump *b, size_t bytes);

/* Bytes held, counted as arena_memory_usage counts them. */
size_t bump_usage(const bump *b);

/* Frees every block; b is then empty and unusable until bump_init. */
void bump_release(bump *b);

#ifdef __cplusplus
}
#endif

#endif /* BENCH_BUMP_H */
