/* adapter: the subject adapter for our arena (arena/arena.h): LevelDB
 * parity, the harness's block size and allocator, ASan poisoning. */
#include <stddef.h>

#include "arena/arena.h"
#include "arena/track.h"
#include "harness/subject.h"

/* A subject pointer is the arena pointer itself (struct subject is never
 * defined; the pointer only travels through the harness and back). */
static arena *as_arena(subject *s) { return (arena *)(void *)s; }
static const arena *as_const_arena(const subject *s) { return (const arena *)(const void *)s; }

static const subject_contract kContract =
    CONTRACT_LEVELDB("arena", "arenafuzz's arena (arena/arena.h)", ARENA_TRACK_POISONS);

const subject_contract *subject_describe(void) { return &kContract; }

subject *subject_create(const subject_options *options) {
  arena_options o = {0, {NULL, NULL, NULL}, NULL, NULL};
  if (options != NULL) {
    o.block_size = options->block_size;
    o.allocator.allocate = options->block_allocate;
    o.allocator.free = options->block_free;
    o.allocator.ctx = options->ctx;
  }
  return (subject *)(void *)arena_create_with(&o);
}

void *subject_allocate(subject *s, size_t bytes) { return arena_allocate(as_arena(s), bytes); }

void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment) {
  (void)alignment; /* always ARENA_ALIGNMENT: the contract declares no parameter */
  return arena_allocate_aligned(as_arena(s), bytes);
}

size_t subject_memory_usage(const subject *s) { return arena_memory_usage(as_const_arena(s)); }

void subject_destroy(subject *s) { arena_destroy(as_arena(s)); }
