/* endbump: the pointer + end reference bump allocator's slow path. */
#include "bench/endbump.h"

#include <stdlib.h>

void endbump_init(endbump *b, size_t block_size) {
  b->ptr = NULL;
  b->end = NULL;
  b->block_size = block_size;
  b->blocks = NULL;
  b->count = 0;
  b->capacity = 0;
}

static char *new_block(endbump *b, size_t bytes) {
  if (b->count == b->capacity) {
    size_t cap = b->capacity == 0 ? 64 : 2 * b->capacity;
    void **grown = realloc(b->blocks, cap * sizeof *grown);
    if (grown == NULL) return NULL;
    b->blocks = grown;
    b->capacity = cap;
  }
  char *block = malloc(bytes);
  if (block != NULL) b->blocks[b->count++] = block;
  return block;
}

void *endbump_fallback(endbump *b, size_t bytes) {
  if (bytes == 0) return NULL;
  if (bytes > b->block_size / 4) return new_block(b, bytes);
  char *block = new_block(b, b->block_size);
  if (block == NULL) return NULL;
  b->ptr = block + bytes;
  b->end = block + b->block_size;
  return block;
}

void endbump_release(endbump *b) {
  for (size_t i = 0; i < b->count; i++) free(b->blocks[i]);
  free(b->blocks);
  endbump_init(b, b->block_size);
}
