/* cache: the block cache allocator (see cache.h): a LIFO list of freed blocks
 * of one size, linked through their first word, poisoned while held except
 * that word (LeakSanitizer ignores pointers in poisoned memory: the list would
 * look leaked). */
#include "arena/cache.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "arena/track.h"

int arena_cache_init(arena_cache *c, size_t block_bytes, size_t max_blocks) {
  assert(c != NULL);
  if (block_bytes == 0) {
    block_bytes = ARENA_DEFAULT_BLOCK_SIZE;
  }
  if (block_bytes < ARENA_MIN_BLOCK_SIZE || block_bytes > ARENA_MAX_BLOCK_SIZE ||
      block_bytes % ARENA_ALIGNMENT != 0) {
    return 0;
  }
  c->block_bytes = block_bytes;
  c->max_blocks = max_blocks;
  c->count = 0;
  c->head = NULL;
  return 1;
}

/* The link of a held block: its first word (blocks are ARENA_ALIGNMENT-aligned
 * and at least ARENA_MIN_BLOCK_SIZE bytes). memcpy: the block has no type. */
static void *next_of(void *block) {
  void *next;
  memcpy(&next, block, sizeof next);
  return next;
}

static void *cache_allocate(void *ctx, size_t bytes) {
  arena_cache *c = ctx;
  if (bytes == c->block_bytes && c->head != NULL) {
    void *block = c->head;
    c->head = next_of(block);
    c->count--;
    /* The arena poisons the whole block again when it takes it. */
    ARENA_TRACK_RELEASE(block, bytes);
    return block;
  }
  return malloc(bytes);
}

static void cache_free(void *ctx, void *ptr, size_t bytes) {
  arena_cache *c = ctx;
  if (bytes == c->block_bytes && c->count < c->max_blocks) {
    memcpy(ptr, &c->head, sizeof c->head);
    ARENA_TRACK_RESERVE((char *)ptr + sizeof c->head, bytes - sizeof c->head);
    c->head = ptr;
    c->count++;
    return;
  }
  free(ptr);
}

arena_allocator arena_cache_allocator(arena_cache *c) {
  assert(c != NULL);
  arena_allocator a = {cache_allocate, cache_free, c};
  return a;
}

size_t arena_cache_count(const arena_cache *c) { return c->count; }

void arena_cache_trim(arena_cache *c) {
  while (c->head != NULL) {
    void *block = c->head;
    c->head = next_of(block);
    ARENA_TRACK_RELEASE(block, c->block_bytes);
    free(block);
  }
  c->count = 0;
}
