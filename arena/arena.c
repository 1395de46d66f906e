/* arena: creation, destruction and the slow paths (new blocks, dedicated
 * blocks, refusals) of the LevelDB-compatible bump allocator. */
#include "arena/arena.h"

#include <assert.h>
#include <stdlib.h>

/* The slow path's steps (fallback, new_block) are inlined into its two entry
 * points: one call per new block instead of three (bench/peers.sh: about one
 * instruction per allocation less on memtable through a block cache). */
#if defined(__GNUC__)
#define ARENA_STEP static inline __attribute__((always_inline))
#else
#define ARENA_STEP static inline
#endif

static void *default_allocate(void *ctx, size_t bytes) {
  (void)ctx;
  return malloc(bytes);
}

static void default_free(void *ctx, void *ptr, size_t bytes) {
  (void)ctx;
  (void)bytes;
  free(ptr);
}

static void emit(const arena *a, arena_event_kind kind, size_t request, int aligned,
                 size_t block_bytes) {
  if (a->on_event != NULL) {
    arena_event event = {kind, request, aligned, block_bytes};
    a->on_event(a->event_ctx, &event);
  }
}

/* 1 if p is a multiple of ARENA_ALIGNMENT: everything the allocator returns
 * must be, whatever it is used for (a block, the arena, a block record). */
static int aligned_pointer(const void *p) { return ((uintptr_t)p & (ARENA_ALIGNMENT - 1)) == 0; }

static int valid_block_size(size_t n) {
  return n >= ARENA_MIN_BLOCK_SIZE && n <= ARENA_MAX_BLOCK_SIZE && n % ARENA_ALIGNMENT == 0;
}

arena *arena_create(void) { return arena_create_with(NULL); }

arena *arena_create_with(const arena_options *options) {
  arena_options o = {0, {default_allocate, default_free, NULL}, NULL, NULL};
  if (options != NULL) {
    if ((options->allocator.allocate == NULL) != (options->allocator.free == NULL)) {
      return NULL;
    }
    if (options->block_size != 0 && !valid_block_size(options->block_size)) {
      return NULL;
    }
    if (options->block_size != 0) {
      o.block_size = options->block_size;
    }
    if (options->allocator.allocate != NULL) {
      o.allocator = options->allocator;
    }
    o.on_event = options->on_event;
    o.event_ctx = options->event_ctx;
  }
  if (o.block_size == 0) {
    o.block_size = ARENA_DEFAULT_BLOCK_SIZE;
  }
  arena *a = o.allocator.allocate(o.allocator.ctx, sizeof(arena));
  if (a == NULL) {
    return NULL;
  }
  if (!aligned_pointer(a)) {
    o.allocator.free(o.allocator.ctx, a, sizeof(arena));
    return NULL;
  }
  a->alloc_ptr = NULL;
  a->alloc_end = NULL;
  atomic_init(&a->memory_usage, 0);
  a->block_size = o.block_size;
  a->allocator = o.allocator;
  a->on_event = o.on_event;
  a->event_ctx = o.event_ctx;
  a->blocks = NULL;
  a->block_count = 0;
  return a;
}

void arena_destroy(arena *a) {
  if (a == NULL) {
    return;
  }
  arena_block_chunk *chunk = a->blocks;
  while (chunk != NULL) {
    for (size_t i = 0; i < chunk->count; i++) {
      ARENA_TRACK_RELEASE(chunk->entries[i].base, chunk->entries[i].bytes);
      a->allocator.free(a->allocator.ctx, chunk->entries[i].base, chunk->entries[i].bytes);
    }
    arena_block_chunk *next = chunk->next;
    a->allocator.free(a->allocator.ctx, chunk, sizeof(arena_block_chunk));
    chunk = next;
  }
  arena_allocator allocator = a->allocator;
  allocator.free(allocator.ctx, a, sizeof(arena));
}

/* Makes room for one more block record. The arena's observable state does not
 * change: on failure nothing happened; on success at most an empty chunk was
 * linked in (it is used by the next block). Returns 0 on failure. */
static int reserve_block_entry(arena *a) {
  if (a->blocks != NULL && a->blocks->count < ARENA_CHUNK_ENTRIES) {
    return 1;
  }
  arena_block_chunk *chunk;
  chunk = a->allocator.allocate(a->allocator.ctx, sizeof(arena_block_chunk));
  if (chunk == NULL) {
    return 0;
  }
  if (!aligned_pointer(chunk)) {
    a->allocator.free(a->allocator.ctx, chunk, sizeof(arena_block_chunk));
    return 0;
  }
  chunk->next = a->blocks;
  chunk->count = 0;
  a->blocks = chunk;
  return 1;
}

/* Allocates a block of `bytes` and records it; the whole block starts
 * poisoned. Returns NULL, with the arena's observable state unchanged, if the
 * usage counter cannot count it or the allocator fails. */
ARENA_STEP char *new_block(arena *a, size_t bytes, size_t request, int aligned) {
  size_t usage = atomic_load_explicit(&a->memory_usage, memory_order_relaxed);
  assert(bytes != 0 && bytes <= ARENA_MAX_REQUEST);
  /* usage + bytes + overhead must fit. Neither side wraps (bytes <=
   * ARENA_MAX_REQUEST), even once usage is within the overhead of SIZE_MAX. */
  if (bytes + ARENA_BLOCK_OVERHEAD > SIZE_MAX - usage) {
    emit(a, ARENA_EVENT_REFUSED, request, aligned, 0);
    return NULL;
  }
  char *block = NULL;
  if (reserve_block_entry(a)) {
    block = a->allocator.allocate(a->allocator.ctx, bytes);
  }
  if (block != NULL && !aligned_pointer(block)) {
    a->allocator.free(a->allocator.ctx, block, bytes);
    block = NULL;
  }
  if (block == NULL) {
    emit(a, ARENA_EVENT_BLOCK_FAILED, request, aligned, bytes);
    return NULL;
  }
  ARENA_TRACK_RESERVE(block, bytes);
  arena_block *entry = &a->blocks->entries[a->blocks->count];
  entry->base = block;
  entry->bytes = bytes;
  a->blocks->count++;
  a->block_count++;
  atomic_store_explicit(&a->memory_usage, usage + bytes + ARENA_BLOCK_OVERHEAD,
                        memory_order_relaxed);
  return block;
}

/* LevelDB's AllocateFallback: `bytes` did not fit the current block. */
ARENA_STEP void *fallback(arena *a, size_t bytes, int aligned) {
  if (bytes == 0 || bytes > ARENA_MAX_REQUEST) {
    emit(a, ARENA_EVENT_REFUSED, bytes, aligned, 0);
    return NULL;
  }
  if (bytes > a->block_size / 4) {
    /* A dedicated block; the current block keeps its remaining bytes. */
    char *block = new_block(a, bytes, bytes, aligned);
    if (block != NULL) {
      ARENA_TRACK_HANDOUT(block, bytes);
      emit(a, ARENA_EVENT_DEDICATED_BLOCK, bytes, aligned, bytes);
    }
    return block;
  }
  /* A new standard block becomes current; the old one's tail is wasted. */
  char *block = new_block(a, a->block_size, bytes, aligned);
  if (block == NULL) {
    return NULL;
  }
  a->alloc_ptr = block + bytes;
  a->alloc_end = block + a->block_size;
  ARENA_TRACK_HANDOUT(block, bytes);
  emit(a, ARENA_EVENT_NEW_BLOCK, bytes, aligned, a->block_size);
  return block;
}

void *arena_allocate_fallback(arena *a, size_t bytes) {
  assert(a != NULL);
  return fallback(a, bytes, 0);
}

void *arena_allocate_aligned_fallback(arena *a, size_t bytes) {
  assert(a != NULL);
  /* New blocks come aligned from the allocator, so no slop is needed. */
  return fallback(a, bytes, 1);
}
