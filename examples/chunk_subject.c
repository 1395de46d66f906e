/* chunk_subject: the adapter that lets arenafuzz check chunk_arena: it claims
 * no LevelDB parity, so only the policy-free invariants are checked. */
#include "examples/chunk_arena.h"
#include "harness/subject.h"

static const subject_info kInfo = {
    "chunk_arena", /* name */
    0,             /* leveldb_parity: a different policy */
    0,             /* honours_block_size: chunks grow on their own */
    0,             /* honours_allocator: it calls malloc */
    0,             /* poisons: no ASan annotations */
};

const subject_info *subject_describe(void) { return &kInfo; }

subject *subject_create(const subject_options *options) {
  (void)options;
  return (subject *)(void *)chunk_arena_create();
}

void *subject_allocate(subject *s, size_t bytes) {
  return chunk_arena_alloc((chunk_arena *)(void *)s, bytes);
}

/* Every result is 16-byte aligned, so both calls are the same. */
void *subject_allocate_aligned(subject *s, size_t bytes) {
  return chunk_arena_alloc((chunk_arena *)(void *)s, bytes);
}

size_t subject_memory_usage(const subject *s) {
  return chunk_arena_footprint((const chunk_arena *)(const void *)s);
}

void subject_destroy(subject *s) { chunk_arena_destroy((chunk_arena *)(void *)s); }
