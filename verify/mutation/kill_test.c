/* kill_test: behaviour of the arena that no other test pinned down, found by
 * the mutants of verify/mutation/mutate.py that survived every other test. */
#include <stdint.h>
#include <string.h>

#include "arena/arena.h"
#include "verify/expect.h"

/* A debug allocator: counts its traffic by size and scribbles over memory as
 * it is freed, as many debug heaps do; under ASan, scribbling over memory the
 * arena left poisoned is reported. */
typedef struct scribbler {
  size_t allocations;
  size_t chunk_allocations; /* requests of sizeof(arena_block_chunk) */
  size_t outstanding;
  size_t bytes_outstanding;
} scribbler;

static void *s_allocate(void *ctx, size_t n) {
  scribbler *s = ctx;
  void *p = malloc(n);
  if (p == NULL) return NULL;
  s->allocations++;
  s->chunk_allocations += n == sizeof(arena_block_chunk);
  s->outstanding++;
  s->bytes_outstanding += n;
  return p;
}

static void s_free(void *ctx, void *p, size_t n) {
  scribbler *s = ctx;
  memset(p, 0xdd, n);
  s->outstanding--;
  s->bytes_outstanding -= n;
  free(p);
}

static arena *make(scribbler *s, size_t block_size) {
  arena_options o;
  memset(&o, 0, sizeof o);
  memset(s, 0, sizeof *s);
  o.block_size = block_size;
  o.allocator.allocate = s_allocate;
  o.allocator.free = s_free;
  o.allocator.ctx = s;
  arena *a = arena_create_with(&o);
  EXPECT_NOT_NULL(a);
  return a;
}

/* arena_destroy gives every block back fully accessible: an allocator may
 * touch all of a block's bytes as it takes it back, the unused tail and the
 * slop included (survivor: ARENA_TRACK_RELEASE deleted from arena_destroy). */
static void destroy_hands_back_accessible_blocks(void) {
  scribbler s;
  arena *a = make(&s, 0);
  EXPECT_NOT_NULL(arena_allocate(a, 1));         /* a block with a poisoned tail */
  EXPECT_NOT_NULL(arena_allocate_aligned(a, 8)); /* and slop */
  EXPECT_NOT_NULL(arena_allocate(a, 2000));      /* a dedicated block */
  arena_destroy(a);
  EXPECT_EQ_U(s.outstanding, 0);
  EXPECT_EQ_U(s.bytes_outstanding, 0);
}

/* The block records: one chunk of ARENA_CHUNK_ENTRIES (127) records, taken
 * from the allocator when the first block needs one and again every 127
 * blocks; a chunk is 8 + 8 + 127 * 16 = 2048 bytes on LP64 (above glibc's
 * tcache sizes, see arena.h). The record count a->block_count (private, but
 * the proof's invariant) counts every block. */
static void block_records_come_127_to_a_chunk(void) {
  EXPECT_EQ_U(ARENA_CHUNK_ENTRIES, 127);
  EXPECT_EQ_U(sizeof(arena_block_chunk), 2 * sizeof(void *) + 127 * sizeof(arena_block));
  scribbler s;
  arena *a = make(&s, 0);
  EXPECT_EQ_U(s.allocations, 1); /* the arena itself */
  EXPECT_EQ_U(a->block_count, 0);
  for (size_t i = 1; i <= 3 * 127 + 1; i++) {
    EXPECT_NOT_NULL(arena_allocate(a, 2000)); /* one dedicated block each */
    EXPECT_EQ_U(a->block_count, i);
    EXPECT_EQ_U(s.chunk_allocations, (i + 126) / 127);
    EXPECT_EQ_U(s.allocations, 1 + i + (i + 126) / 127);
    EXPECT_EQ_U(arena_memory_usage(a), i * (2000 + sizeof(char *)));
  }
  arena_destroy(a);
  EXPECT_EQ_U(s.outstanding, 0);
}

/* The block size bounds as numbers, not as the header's macros (a test that
 * reads ARENA_MAX_BLOCK_SIZE moves with it): multiples of 8 from 32 to 1 GiB
 * (survivors: ARENA_MAX_BLOCK_SIZE as 2 << 30 or 1 << 31). */
static void block_size_bounds_are_32_and_1_gib(void) {
  const size_t ok[] = {32,
                       40,
                       4096,
                       ((size_t)1 << 30) - 8,
                       (size_t)1 << 30,
                       ARENA_MIN_BLOCK_SIZE,
                       ARENA_MAX_BLOCK_SIZE};
  const size_t bad[] = {
      8, 16, 24, 31, 33, ((size_t)1 << 30) + 8, (size_t)1 << 31, (size_t)2 << 30, (size_t)3 << 30};
  /* The public bounds are the numbers, and are accepted (survivor:
   * ARENA_MIN_BLOCK_SIZE as 31, which no multiple of 8 tells from 32). */
  EXPECT_EQ_U(ARENA_MIN_BLOCK_SIZE, 32);
  EXPECT_EQ_U(ARENA_MAX_BLOCK_SIZE, (size_t)1 << 30);
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    arena_options o;
    memset(&o, 0, sizeof o);
    o.block_size = ok[i];
    arena *a = arena_create_with(&o);
    EXPECT_NOT_NULL(a);
    arena_destroy(a);
  }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    arena_options o;
    memset(&o, 0, sizeof o);
    o.block_size = bad[i];
    EXPECT_NULL(arena_create_with(&o));
  }
}

int main(void) {
  RUN_TEST(destroy_hands_back_accessible_blocks);
  RUN_TEST(block_records_come_127_to_a_chunk);
  RUN_TEST(block_size_bounds_are_32_and_1_gib);
  return 0;
}
