/* intervals_test: overlap detection (touching ranges allowed), capacity,
 * clear, agreement with a brute-force check, and long sorted runs. */
#include <stdlib.h>

#include "arena/lcg.h"
#include "harness/intervals.h"
#include "verify/expect.h"

static void overlaps_and_touching(void) {
  intervals *t = intervals_create(16);
  EXPECT_NOT_NULL(t);
  uintptr_t os = 1;
  size_t ol = 1;
  EXPECT_TRUE(intervals_insert(t, 100, 10, &os, &ol)); /* [100, 110) */
  EXPECT_TRUE(intervals_insert(t, 110, 5, &os, &ol));  /* touches on the right */
  EXPECT_TRUE(intervals_insert(t, 90, 10, &os, &ol));  /* touches on the left */
  EXPECT_EQ_U(intervals_count(t), 3);
  /* Each overlap shape is refused and names the range it hits. */
  EXPECT_TRUE(!intervals_insert(t, 105, 1, &os, &ol)); /* inside */
  EXPECT_EQ_U(os, 100);
  EXPECT_EQ_U(ol, 10);
  EXPECT_TRUE(!intervals_insert(t, 100, 1, &os, &ol)); /* same start */
  EXPECT_EQ_U(os, 100);
  EXPECT_TRUE(!intervals_insert(t, 85, 6, &os, &ol)); /* one byte into [90, 100) */
  EXPECT_EQ_U(os, 90);
  EXPECT_TRUE(!intervals_insert(t, 114, 10, &os, &ol)); /* last byte of [110, 115) */
  EXPECT_EQ_U(os, 110);
  EXPECT_TRUE(!intervals_insert(t, 50, 1000, &os, &ol)); /* covers everything */
  EXPECT_TRUE(!intervals_insert(t, 109, 2, NULL, NULL)); /* spans two */
  EXPECT_EQ_U(intervals_count(t), 3);
  EXPECT_TRUE(intervals_insert(t, 85, 5, NULL, NULL)); /* exactly the gap before 90 */
  EXPECT_TRUE(intervals_insert(t, 115, 1, NULL, NULL));
  /* The top of the address space: no wrap in the checks. */
  EXPECT_TRUE(intervals_insert(t, UINTPTR_MAX - 9, 10, NULL, NULL));
  EXPECT_TRUE(!intervals_insert(t, UINTPTR_MAX, 1, &os, &ol));
  EXPECT_EQ_U(os, UINTPTR_MAX - 9);
  EXPECT_TRUE(intervals_insert(t, 0, 1, NULL, NULL));
  intervals_clear(t);
  EXPECT_EQ_U(intervals_count(t), 0);
  EXPECT_TRUE(intervals_insert(t, 105, 1, NULL, NULL));
  intervals_destroy(t);
  intervals_destroy(NULL);
}

static void capacity_is_a_limit(void) {
  intervals *t = intervals_create(2);
  uintptr_t os = 1;
  size_t ol = 1;
  EXPECT_TRUE(intervals_insert(t, 0, 1, &os, &ol));
  EXPECT_TRUE(intervals_insert(t, 10, 1, &os, &ol));
  EXPECT_TRUE(!intervals_insert(t, 20, 1, &os, &ol));
  EXPECT_EQ_U(ol, 0);
  EXPECT_TRUE(!intervals_insert(t, 0, 1, &os, &ol)); /* overlap still reported first */
  EXPECT_EQ_U(ol, 1);
  intervals_destroy(t);
  intervals *empty = intervals_create(0);
  EXPECT_NOT_NULL(empty);
  EXPECT_TRUE(!intervals_insert(empty, 0, 1, &os, &ol));
  EXPECT_EQ_U(ol, 0);
  intervals_destroy(empty);
  EXPECT_NULL(intervals_create(SIZE_MAX));
}

/* Random ranges in a small space: the tree agrees with a byte map. */
static void agrees_with_brute_force(void) {
  enum { SPACE = 20000, TRIES = 20000 };
  static unsigned char used[SPACE];
  lcg g = lcg_make(11);
  intervals *t = intervals_create(TRIES);
  size_t inserted = 0;
  for (int i = 0; i < TRIES; i++) {
    size_t start = (size_t)(lcg_next(&g) >> 20) % SPACE;
    size_t len = 1 + (size_t)(lcg_next(&g) >> 20) % 40;
    if (start + len > SPACE) len = SPACE - start;
    int free_range = 1;
    for (size_t k = start; k < start + len; k++) free_range &= !used[k];
    uintptr_t os;
    size_t ol;
    int ok = intervals_insert(t, start, len, &os, &ol);
    EXPECT_EQ_U(ok, free_range);
    if (ok) {
      for (size_t k = start; k < start + len; k++) used[k] = 1;
      inserted++;
    } else {
      /* The named range really overlaps. */
      EXPECT_TRUE(os < start + len && start < os + ol);
    }
  }
  EXPECT_EQ_U(intervals_count(t), inserted);
  intervals_destroy(t);
}

/* A bump allocator's addresses arrive sorted: each insert is O(1) amortised
 * (a quadratic insert would make this 10^11 steps). */
static void long_sorted_runs(void) {
  enum { COUNT = 500000 };
  intervals *t = intervals_create(COUNT);
  for (size_t i = 0; i < COUNT; i++) {
    EXPECT_TRUE(intervals_insert(t, 4096 + i * 16, 16, NULL, NULL));
  }
  EXPECT_TRUE(!intervals_insert(t, 4096 + 7, 1, NULL, NULL));
  EXPECT_TRUE(!intervals_insert(t, 4096 + (COUNT - 1) * 16 + 15, 1, NULL, NULL));
  EXPECT_TRUE(intervals_insert(t, 4095, 1, NULL, NULL) == 0); /* full */
  intervals_destroy(t);
}

/* Several bump allocators' runs interleaved (blocks at scattered addresses,
 * served in turn), then every range probed at its last byte and from before its first, and
 * every gap filled: amortised O(log n) whatever the order. */
static void interleaved_runs(void) {
  enum { RUNS = 7, EACH = 20000, SIZE = 24, GAP = 8 };
  intervals *t = intervals_create((size_t)2 * RUNS * EACH);
  const uintptr_t base[RUNS] = {900000000, 100000000, 700000000, 300000000,
                                500000000, 200000000, 800000000};
  for (size_t i = 0; i < EACH; i++) {
    for (size_t k = 0; k < RUNS; k++) {
      EXPECT_TRUE(intervals_insert(t, base[k] + i * (SIZE + GAP), SIZE, NULL, NULL));
    }
  }
  uintptr_t os;
  size_t ol;
  for (size_t i = 0; i < EACH; i += 97) {
    for (size_t k = 0; k < RUNS; k++) {
      uintptr_t s = base[k] + i * (SIZE + GAP);
      EXPECT_TRUE(!intervals_insert(t, s + SIZE - 1, 1, &os, &ol));
      EXPECT_EQ_U(os, s);
      EXPECT_EQ_U(ol, SIZE);
      EXPECT_TRUE(!intervals_insert(t, s - 1, 2, &os, &ol)); /* its first byte */
    }
  }
  for (size_t i = EACH; i-- > 0;) {
    for (size_t k = RUNS; k-- > 0;) {
      EXPECT_TRUE(intervals_insert(t, base[k] + i * (SIZE + GAP) + SIZE, GAP, NULL, NULL));
    }
  }
  EXPECT_EQ_U(intervals_count(t), (size_t)2 * RUNS * EACH);
  intervals_destroy(t);
}

int main(void) {
  RUN_TEST(overlaps_and_touching);
  RUN_TEST(capacity_is_a_limit);
  RUN_TEST(agrees_with_brute_force);
  RUN_TEST(long_sorted_runs);
  RUN_TEST(interleaved_runs);
  return 0;
}
