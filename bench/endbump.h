/* endbump: the bench's pointer + end bump allocator, all inline, with the
 * arena's block policy (4 KiB blocks, > 1/4 block dedicated, tail wasted,
 * aligned at 8): what the arena's fast path would cost as pointer + end
 * instead of pointer + bytes remaining. Not safe against wrap: a reference. */
#ifndef BENCH_ENDBUMP_H
#define BENCH_ENDBUMP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct endbump {
  char *ptr; /* next free byte of the current block (NULL: none) */
  char *end; /* the current block's end */
  size_t block_size;
  void **blocks; /* every block, to free them */
  size_t count, capacity;
} endbump;

/* The slow path: a new block (or a dedicated one). NULL if malloc fails. */
void *endbump_fallback(endbump *b, size_t bytes);

/* Initialises / frees every block. */
void endbump_init(endbump *b, size_t block_size);
void endbump_release(endbump *b);

static inline void *endbump_allocate(endbump *b, size_t bytes) {
  char *p = b->ptr;
  if (__builtin_expect(bytes <= (size_t)(b->end - p), 1)) {
    b->ptr = p + bytes;
    return p;
  }
  return endbump_fallback(b, bytes);
}

static inline void *endbump_allocate_aligned(endbump *b, size_t bytes) {
  char *p = (char *)(((uintptr_t)b->ptr + 7) & ~(uintptr_t)7);
  if (__builtin_expect(p <= b->end && bytes <= (size_t)(b->end - p), 1)) {
    b->ptr = p + bytes;
    return p;
  }
  return endbump_fallback(b, bytes);
}

#ifdef __cplusplus
}
#endif

#endif /* BENCH_ENDBUMP_H */
