/* chunk_subject: the adapter that lets arenafuzz check chunk_arena: it claims
 * no LevelDB parity, so only the policy-free invariants are checked. */
#include "examples/chunk_arena.h"
#include "harness/subject.h"

static const subject_contract kContract = {
    .name = "chunk_arena",
    .library = "examples/chunk_arena.c (a 60-line example)",
    .leveldb_parity = 0,                /* a different policy */
    .zero = CONTRACT_ZERO_NULL,         /* 0 bytes: NULL */
    .max_request = (size_t)PTRDIFF_MAX, /* larger requests give NULL */
    .plain_alignment = 16,
    .alignment = 16,
    .usage = CONTRACT_USAGE_HELD, /* chunk_arena_footprint: bytes of chunks held */
    .failure = CONTRACT_FAIL_NULL,
    .unchanged_after_failure = 1,
    .blocks = CONTRACT_BLOCKS_OWN, /* it calls malloc */
    .blind_spots =
        "no ASan poisoning inside chunks: an overrun into the next result is seen "
        "only by the pattern checks",
};

const subject_contract *subject_describe(void) { return &kContract; }

subject *subject_create(const subject_options *options) {
  (void)options;
  return (subject *)(void *)chunk_arena_create();
}

void *subject_allocate(subject *s, size_t bytes) {
  return chunk_arena_alloc((chunk_arena *)(void *)s, bytes);
}

/* Every result is 16-byte aligned, so both calls are the same. */
void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment) {
  (void)alignment; /* always 16: the contract declares no parameter */
  return chunk_arena_alloc((chunk_arena *)(void *)s, bytes);
}

size_t subject_memory_usage(const subject *s) {
  return chunk_arena_footprint((const chunk_arena *)(const void *)s);
}

void subject_destroy(subject *s) { chunk_arena_destroy((chunk_arena *)(void *)s); }
