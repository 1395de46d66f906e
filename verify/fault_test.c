/* fault_test: for a workload whose arena makes k allocator calls, fail the
 * 1st, 2nd, ..., k-th call in turn: NULL for that request only, the arena
 * unchanged, every earlier allocation intact, the rest runs, nothing leaks. */
#include <string.h>

#include "verify/expect.h"
#include "verify/simple.h"

static size_t sweep(workload_params w) {
  simple_options o;
  memset(&o, 0, sizeof o);
  simple_totals base;
  simple_failure f;
  if (!simple_run(&w, &o, &base, &f)) {
    simple_report(stderr, &w, 0, &f);
    abort();
  }
  size_t k = base.allocator_calls;
  EXPECT_TRUE(k > base.blocks_standard + base.blocks_dedicated);
  for (size_t call = 1; call <= k; call++) {
    o.fail_call = call;
    simple_totals t;
    if (!simple_run(&w, &o, &t, &f)) {
      simple_report(stderr, &w, call, &f);
      abort();
    }
    EXPECT_EQ_U(t.requests, w.iterations);
    /* Call 1 is arena_create's: it fails cleanly and the retry succeeds. */
    EXPECT_EQ_U(t.nulls, call == 1 ? 0 : 1);
  }
  fprintf(stderr,
          "  %s seed %llu, N %zu, block %zu, 1 in %u aligned: %zu blocks, %zu allocator calls, "
          "each failed in turn\n",
          simple_generator_name(w.generator), (unsigned long long)w.seed, w.iterations,
          w.block_size, (unsigned)w.aligned_one_in, base.blocks_standard + base.blocks_dedicated,
          k);
  return k;
}

static void lcg_default_blocks(void) {
  workload_params w = workload_simple(WORKLOAD_LCG, 301);
  w.iterations = 20000;
  sweep(w);
}

static void park_miller_default_blocks(void) {
  workload_params w = workload_simple(WORKLOAD_PARK_MILLER, 301);
  w.iterations = 20000;
  sweep(w);
}

static void lcg_small_blocks_mostly_aligned(void) {
  workload_params w = workload_simple(WORKLOAD_LCG, 7);
  w.iterations = 1000;
  w.block_size = 64;
  w.aligned_one_in = 2;
  sweep(w);
}

int main(void) {
  RUN_TEST(lcg_default_blocks);
  RUN_TEST(park_miller_default_blocks);
  RUN_TEST(lcg_small_blocks_mostly_aligned);
  return 0;
}
