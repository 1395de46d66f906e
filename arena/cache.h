/* cache: a block cache to give an arena as its allocator, so that a loop of
 * arena_create_with / arena_destroy reuses its blocks instead of paying a
 * malloc and a free per block. Opt-in: arena_create() never uses one. */
#ifndef ARENA_CACHE_H
#define ARENA_CACHE_H

#include <stddef.h>

#include "arena/arena.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A cache of blocks of one size. Not thread-safe: give it to the arenas of one
 * thread at a time. Treat every field as private. */
typedef struct arena_cache {
  size_t block_bytes; /* the one size it keeps */
  size_t max_blocks;  /* it keeps at most this many */
  size_t count;       /* blocks it holds now */
  void *head;         /* the blocks it holds, linked through their first word */
} arena_cache;

/* Makes `c` an empty cache that keeps up to max_blocks freed blocks of exactly
 * block_bytes (an arena's block size: 0 means ARENA_DEFAULT_BLOCK_SIZE). Other
 * sizes (dedicated blocks, the arena's own records) go straight to malloc and
 * free. Returns 0, and leaves c unusable, if block_bytes is not a valid
 * arena_options.block_size. max_blocks 0 caches nothing. */
int arena_cache_init(arena_cache *c, size_t block_bytes, size_t max_blocks);

/* The allocator to put in arena_options.allocator; every arena using it must
 * have block_size == the cache's block_bytes (a different size is served, but
 * never cached). The cache must outlive those arenas. */
arena_allocator arena_cache_allocator(arena_cache *c);

/* Blocks the cache holds now (each block_bytes bytes). */
size_t arena_cache_count(const arena_cache *c);

/* Frees every block the cache holds; c stays usable. */
void arena_cache_trim(arena_cache *c);

#ifdef __cplusplus
}
#endif

#endif /* ARENA_CACHE_H */
