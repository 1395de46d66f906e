/* bump: a minimal out-of-line bump allocator (the benchmark's second peer);
 * the same block policy as the arena, but every call is a real call. */
#include "bench/bump.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

int bump_init(bump *b, size_t block_size) {
  assert(b != NULL);
  b->ptr = NULL;
  b->remaining = 0;
  b->block_size = block_size;
  b->usage = 0;
  b->blocks = NULL;
  b->count = 0;
  b->capacity = 0;
  return block_size >= 32 && block_size % BUMP_ALIGNMENT == 0;
}

/* Mallocs and records a block of `bytes`; NULL if malloc fails. */
static char *new_block(bump *b, size_t bytes) {
  if (b->count == b->capacity) {
    size_t capacity = b->capacity == 0 ? 8 : b->capacity * 2;
    char **grown = realloc(b->blocks, capacity * sizeof(char *));
    if (grown == NULL) {
      return NULL;
    }
    b->blocks = grown;
    b->capacity = capacity;
  }
  char *block = malloc(bytes);
  if (block == NULL) {
    return NULL;
  }
  b->blocks[b->count++] = block;
  b->usage += bytes + sizeof(char *);
  return block;
}

/* The request did not fit the current block. */
static void *slow(bump *b, size_t bytes) {
  if (bytes == 0 || bytes > PTRDIFF_MAX) {
    return NULL;
  }
  if (bytes > b->block_size / 4) {
    return new_block(b, bytes);
  }
  char *block = new_block(b, b->block_size);
  if (block == NULL) {
    return NULL;
  }
  b->ptr = block + bytes;
  b->remaining = b->block_size - bytes;
  return block;
}

__attribute__((noinline)) void *bump_allocate(bump *b, size_t bytes) {
  if (bytes <= b->remaining && bytes != 0) {
    char *result = b->ptr;
    b->ptr += bytes;
    b->remaining -= bytes;
    return result;
  }
  return slow(b, bytes);
}

__attribute__((noinline)) void *bump_allocate_aligned(bump *b, size_t bytes) {
  size_t mod = (size_t)((uintptr_t)b->ptr & (BUMP_ALIGNMENT - 1));
  size_t slop = (BUMP_ALIGNMENT - mod) & (BUMP_ALIGNMENT - 1);
  /* Blocks end on an alignment boundary, so slop <= remaining. */
  if (bytes <= b->remaining - slop && bytes != 0) {
    char *result = b->ptr + slop;
    b->ptr = result + bytes;
    b->remaining -= bytes + slop;
    return result;
  }
  return slow(b, bytes);
}

size_t bump_usage(const bump *b) { return b->usage; }

void bump_release(bump *b) {
  for (size_t i = 0; i < b->count; i++) {
    free(b->blocks[i]);
  }
  free(b->blocks);
  b->blocks = NULL;
  b->ptr = NULL;
  b->remaining = 0;
  b->count = 0;
  b->capacity = 0;
}
