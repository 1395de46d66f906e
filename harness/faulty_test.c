/* faulty_test: the harness allocator: the one-shot failure, the size cap,
 * outstanding counts, alignment, and frees of the wrong size; and the
 * runner's byte patterns. */
#include <stdint.h>
#include <string.h>

#include "harness/faulty.h"
#include "harness/pattern.h"
#include "verify/expect.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#if !defined(TEST_ASAN) && defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#endif
#if defined(TEST_ASAN)
#include <sanitizer/asan_interface.h>
#endif

static void fail_next_and_cap(void) {
  faulty f;
  faulty_init(&f);
  EXPECT_EQ_U(f.max_block, FAULTY_MAX_BLOCK);
  void *a = faulty_allocate(&f, 100);
  EXPECT_NOT_NULL(a);
  EXPECT_EQ_U((uintptr_t)a % FAULTY_ALIGNMENT, 0);
  memset(a, 1, 100);
  f.fail_next = 1;
  EXPECT_NULL(faulty_allocate(&f, 8));
  EXPECT_TRUE(!f.fail_next);
  EXPECT_NULL(faulty_allocate(&f, FAULTY_MAX_BLOCK + 1));
  EXPECT_NULL(faulty_allocate(&f, SIZE_MAX));
  EXPECT_NULL(faulty_allocate(&f, 0));
  void *b = faulty_allocate(&f, 8);
  EXPECT_NOT_NULL(b);
  EXPECT_EQ_U(f.calls, 6);
  EXPECT_EQ_U(f.failures, 4);
  EXPECT_EQ_U(f.outstanding, 2);
  EXPECT_EQ_U(f.outstanding_bytes, 108);
  faulty_free(&f, a, 100);
  faulty_free(&f, b, 8);
  EXPECT_EQ_U(f.outstanding, 0);
  EXPECT_EQ_U(f.outstanding_bytes, 0);
  EXPECT_EQ_U(f.bad_frees, 0);
}

static void wrong_size_free_is_counted(void) {
  faulty f;
  faulty_init(&f);
  void *a = faulty_allocate(&f, 64);
  faulty_free(&f, a, 1); /* the seed crate's 1-byte layout */
  EXPECT_EQ_U(f.bad_frees, 1);
  EXPECT_EQ_U(f.outstanding, 0);
  faulty_free(&f, NULL, 0);
  EXPECT_EQ_U(f.bad_frees, 2);
}

/* Blocks freed while recycling are reused (same class), poisoned meanwhile;
 * other frees really free; the slack behind a block is poisoned. */
static void recycling(void) {
  faulty f;
  faulty_init(&f);
  unsigned char *a = faulty_allocate(&f, 1000);
  EXPECT_NOT_NULL(a);
  memset(a, 7, 1000);
#if defined(TEST_ASAN)
  EXPECT_TRUE(__asan_address_is_poisoned(a + 1000)); /* slack up to the class size */
  EXPECT_TRUE(__asan_address_is_poisoned(a - 1));    /* the header */
#endif
  f.recycle = 1;
  faulty_free(&f, a, 1000);
  f.recycle = 0;
#if defined(TEST_ASAN)
  EXPECT_TRUE(__asan_address_is_poisoned(a)); /* cached: off limits */
#endif
  unsigned char *b = faulty_allocate(&f, 990); /* same class (1024) */
  EXPECT_TRUE(b == a);
  memset(b, 1, 990);
#if defined(TEST_ASAN)
  EXPECT_TRUE(__asan_address_is_poisoned(b + 990));
#endif
  faulty_free(&f, b, 990); /* not recycling: really freed */
  unsigned char *c = faulty_allocate(&f, 990);
  EXPECT_NOT_NULL(c);
  f.recycle = 1;
  faulty_free(&f, c, 990);
  EXPECT_EQ_U(f.outstanding, 0);
  EXPECT_EQ_U(f.bad_frees, 0);
  /* Big blocks are never cached. */
  unsigned char *big = faulty_allocate(&f, FAULTY_CACHE_MAX_BLOCK + 1);
  EXPECT_NOT_NULL(big);
  faulty_free(&f, big, FAULTY_CACHE_MAX_BLOCK + 1);
  unsigned char *again = faulty_allocate(&f, FAULTY_CACHE_MAX_BLOCK + 1);
  EXPECT_NOT_NULL(again);
  faulty_free(&f, again, FAULTY_CACHE_MAX_BLOCK + 1);
}

static void patterns(void) {
  static unsigned char buf[1000];
  size_t bad = 0;
  for (size_t n = 0; n < sizeof buf; n += 37) {
    uint32_t seed = pattern_seed(n, 1);
    pattern_fill(buf, n, seed);
    for (size_t i = 0; i < n; i++) EXPECT_EQ_U(buf[i], pattern_byte(seed, i));
    EXPECT_TRUE(pattern_check(buf, n, seed, &bad));
    for (size_t k = 0; k < n; k += 41) {
      buf[k] ^= 0x10;
      EXPECT_TRUE(!pattern_check(buf, n, seed, &bad));
      EXPECT_EQ_U(bad, k);
      buf[k] ^= 0x10;
    }
  }
  /* Neighbouring allocations and rewrites get different patterns. */
  for (size_t s = 0; s < 600; s++) {
    EXPECT_TRUE(pattern_seed(s, 0) != pattern_seed(s + 1, 0));
    EXPECT_TRUE(pattern_seed(s, 0) != pattern_seed(s, 1));
  }
  /* Shifted by one byte, a pattern no longer matches (the step is odd). */
  pattern_fill(buf, 300, pattern_seed(3, 0));
  EXPECT_TRUE(!pattern_check(buf + 1, 200, pattern_seed(3, 0), &bad));
}

int main(void) {
  RUN_TEST(fail_next_and_cap);
  RUN_TEST(wrong_size_free_is_counted);
  RUN_TEST(recycling);
  RUN_TEST(patterns);
  return 0;
}
