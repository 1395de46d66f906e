/* cache_test: arena/cache.c, the block cache allocator: what it keeps, what it
 * passes to malloc, that create/destroy loops reuse blocks, and (ASan) that
 * held blocks are poisoned. */
#include <stdint.h>
#include <string.h>

#include "arena/arena.h"
#include "arena/cache.h"
#include "verify/expect.h"

/* Poisoning can be seen from inside the process under ASan only (Valgrind's
 * marks need memcheck around the process: --config=valgrind builds run this
 * test natively). */
#if defined(ARENA_TRACK_ASAN)
#include <sanitizer/asan_interface.h>
#define POISONED(p) (__asan_address_is_poisoned(p) != 0)
#define SEES_POISON 1
#else
#define POISONED(p) 0
#define SEES_POISON 0
#endif

static void init_checks_sizes(void) {
  arena_cache c;
  EXPECT_TRUE(arena_cache_init(&c, 0, 4));
  EXPECT_EQ_U(c.block_bytes, ARENA_DEFAULT_BLOCK_SIZE);
  EXPECT_EQ_U(arena_cache_count(&c), 0);
  EXPECT_TRUE(arena_cache_init(&c, ARENA_MIN_BLOCK_SIZE, 4));
  EXPECT_TRUE(arena_cache_init(&c, ARENA_MAX_BLOCK_SIZE, 4));
  EXPECT_TRUE(!arena_cache_init(&c, ARENA_MIN_BLOCK_SIZE - ARENA_ALIGNMENT, 4));
  EXPECT_TRUE(!arena_cache_init(&c, ARENA_MAX_BLOCK_SIZE + ARENA_ALIGNMENT, 4));
  EXPECT_TRUE(!arena_cache_init(&c, 4100, 4));
}

/* Blocks of its size come back LIFO; other sizes and overflow go to free. */
static void keeps_one_size_up_to_its_limit(void) {
  arena_cache c;
  EXPECT_TRUE(arena_cache_init(&c, 64, 2));
  arena_allocator al = arena_cache_allocator(&c);
  EXPECT_TRUE(al.ctx == &c);
  char *b[3];
  for (int i = 0; i < 3; i++) {
    b[i] = al.allocate(al.ctx, 64);
    EXPECT_NOT_NULL(b[i]);
    memset(b[i], i, 64);
  }
  char *other = al.allocate(al.ctx, 100);
  EXPECT_NOT_NULL(other);
  al.free(al.ctx, other, 100); /* not its size: freed */
  EXPECT_EQ_U(arena_cache_count(&c), 0);
  al.free(al.ctx, b[0], 64);
  al.free(al.ctx, b[1], 64);
  EXPECT_EQ_U(arena_cache_count(&c), 2);
  EXPECT_TRUE(!POISONED(b[1])); /* the link word, for LeakSanitizer */
  EXPECT_TRUE(POISONED(b[1] + sizeof(void *)) == SEES_POISON);
  EXPECT_TRUE(POISONED(b[1] + 63) == SEES_POISON);
  al.free(al.ctx, b[2], 64); /* over the limit: freed */
  EXPECT_EQ_U(arena_cache_count(&c), 2);
  char *x = al.allocate(al.ctx, 64);
  EXPECT_TRUE(x == b[1]);
  EXPECT_TRUE(!POISONED(x) && !POISONED(x + 63));
  char *y = al.allocate(al.ctx, 64);
  EXPECT_TRUE(y == b[0]);
  EXPECT_EQ_U(arena_cache_count(&c), 0);
  al.free(al.ctx, x, 64);
  al.free(al.ctx, y, 64);
  EXPECT_EQ_U(arena_cache_count(&c), 2);
  arena_cache_trim(&c);
  EXPECT_EQ_U(arena_cache_count(&c), 0);
  arena_cache_trim(&c); /* empty: nothing to do */
  EXPECT_EQ_U(arena_cache_count(&c), 0);
}

/* max_blocks 0 is a pass-through to malloc and free. */
static void zero_limit_caches_nothing(void) {
  arena_cache c;
  EXPECT_TRUE(arena_cache_init(&c, 0, 0));
  arena_allocator al = arena_cache_allocator(&c);
  void *p = al.allocate(al.ctx, ARENA_DEFAULT_BLOCK_SIZE);
  EXPECT_NOT_NULL(p);
  al.free(al.ctx, p, ARENA_DEFAULT_BLOCK_SIZE);
  EXPECT_EQ_U(arena_cache_count(&c), 0);
}

/* A create/destroy loop through the cache: after the first cycle every
 * standard block comes from the cache, and the arena behaves as LevelDB's. */
static void arenas_reuse_blocks(void) {
  arena_cache c;
  EXPECT_TRUE(arena_cache_init(&c, 0, 64));
  arena_options o;
  memset(&o, 0, sizeof o);
  o.allocator = arena_cache_allocator(&c);
  for (int cycle = 0; cycle < 5; cycle++) {
    EXPECT_EQ_U(arena_cache_count(&c), cycle == 0 ? 0 : 25);
    arena *a = arena_create_with(&o);
    EXPECT_NOT_NULL(a);
    for (int i = 0; i < 1000; i++) {
      char *p = arena_allocate(a, 100);
      EXPECT_NOT_NULL(p);
      memset(p, 0xab, 100);
    }
    char *big = arena_allocate_aligned(a, 5000); /* dedicated: not cached */
    EXPECT_NOT_NULL(big);
    /* 1000 x 100 bytes in 4096-byte blocks: 40 per block, 25 blocks. */
    EXPECT_EQ_U(arena_memory_usage(a), 25 * (ARENA_DEFAULT_BLOCK_SIZE + 8) + 5000 + 8);
    EXPECT_EQ_U(arena_cache_count(&c), 0); /* every cached block was reused */
    arena_destroy(a);
    EXPECT_EQ_U(arena_cache_count(&c), 25);
  }
  arena_cache_trim(&c);
}

int main(void) {
  RUN_TEST(init_checks_sizes);
  RUN_TEST(keeps_one_size_up_to_its_limit);
  RUN_TEST(zero_limit_caches_nothing);
  RUN_TEST(arenas_reuse_blocks);
  return 0;
}
