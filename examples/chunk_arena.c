/* chunk_arena: a linked list of malloc'd chunks, each with a small header; a
 * request that does not fit opens the next (doubling) chunk or its own one. */
#include "examples/chunk_arena.h"

#include <stdint.h>
#include <stdlib.h>

#define CHUNK_FIRST ((size_t)256)
#define CHUNK_LAST ((size_t)1 << 16)

typedef struct chunk {
  struct chunk *prev;
  size_t bytes; /* whole chunk, header included */
  _Alignas(16) unsigned char data[];
} chunk;

struct chunk_arena {
  chunk *head;      /* newest chunk, where small requests go */
  size_t used;      /* bytes used in head's data */
  size_t next_size; /* size of the next standard chunk */
  size_t footprint;
};

chunk_arena *chunk_arena_create(void) {
  chunk_arena *a = malloc(sizeof *a);
  if (a == NULL) return NULL;
  a->head = NULL;
  a->used = 0;
  a->next_size = CHUNK_FIRST;
  a->footprint = 0;
  return a;
}

static size_t round_up(size_t n) {
  return (n + CHUNK_ARENA_ALIGNMENT - 1) & ~(CHUNK_ARENA_ALIGNMENT - 1);
}

void *chunk_arena_alloc(chunk_arena *a, size_t bytes) {
  const size_t header = offsetof(chunk, data);
  if (bytes == 0 || bytes > (size_t)PTRDIFF_MAX - header - CHUNK_ARENA_ALIGNMENT) return NULL;
  size_t padded = round_up(bytes);
  if (a->head != NULL && padded <= a->head->bytes - header - a->used) {
    void *p = a->head->data + a->used;
    a->used += padded;
    return p;
  }
  /* A chunk of its own for big requests; the next standard chunk otherwise. */
  size_t size = padded > a->next_size / 4 ? header + padded : a->next_size;
  if (size > SIZE_MAX - a->footprint) return NULL;
  chunk *c = malloc(size);
  if (c == NULL) return NULL;
  c->bytes = size;
  a->footprint += size;
  if (size == a->next_size || a->head == NULL) {
    c->prev = a->head;
    a->head = c;
    a->used = padded;
    if (a->next_size < CHUNK_LAST) a->next_size *= 2;
  } else {
    /* Keep the current chunk current: link the big one behind it. */
    c->prev = a->head->prev;
    a->head->prev = c;
  }
  return c->data;
}

size_t chunk_arena_footprint(const chunk_arena *a) { return a->footprint; }

void chunk_arena_destroy(chunk_arena *a) {
  if (a == NULL) return;
  chunk *c = a->head;
  while (c != NULL) {
    chunk *prev = c->prev;
    free(c);
    c = prev;
  }
  free(a);
}
