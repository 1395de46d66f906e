/* golden_test: LevelDB's ArenaTest.Empty and ArenaTest.Simple on the real
 * arena, with LevelDB's Random(301) and the seed's LCG(301): exact totals. */
#include <math.h>
#include <string.h>

#include "verify/expect.h"
#include "verify/simple.h"

/* One row of the reference's golden table. */
typedef struct golden {
  workload_generator generator;
  size_t bytes, final_usage, dedicated, standard, aligned;
  double worst_ratio; /* to 4 decimals */
} golden;

static simple_totals run_or_die(const workload_params *w, int check_ratio) {
  simple_options o;
  memset(&o, 0, sizeof o);
  o.check_ratio = check_ratio;
  simple_totals t;
  simple_failure f;
  if (!simple_run(w, &o, &t, &f)) {
    simple_report(stderr, w, 0, &f);
    abort();
  }
  return t;
}

/* ArenaTest.Empty: an arena that never allocates holds nothing, and destroy
 * gives back its one allocation (the arena record). */
static void empty(void) {
  workload_params w = workload_simple(WORKLOAD_LCG, 301);
  w.iterations = 0;
  simple_totals t = run_or_die(&w, 0);
  EXPECT_EQ_U(t.requests, 0);
  EXPECT_EQ_U(t.final_usage, 0);
  EXPECT_EQ_U(t.allocator_calls, 1);
  arena *a = arena_create();
  EXPECT_NOT_NULL(a);
  EXPECT_EQ_U(arena_memory_usage(a), 0);
  arena_destroy(a);
}

static simple_totals check_golden(const golden *g) {
  workload_params w = workload_simple(g->generator, 301);
  EXPECT_TRUE(simple_is_leveldb(&w));
  simple_totals t = run_or_die(&w, 1);
  fprintf(stderr,
          "  %s(301): bytes %zu, usage %zu, blocks %zu (%zu dedicated / %zu standard), "
          "aligned %zu, worst ratio %.4f\n",
          simple_generator_name(g->generator), t.bytes, t.final_usage,
          t.blocks_dedicated + t.blocks_standard, t.blocks_dedicated, t.blocks_standard, t.aligned,
          t.worst_ratio);
  EXPECT_EQ_U(t.requests, 100000);
  EXPECT_EQ_U(t.nulls, 0);
  EXPECT_EQ_U(t.bytes, g->bytes);
  EXPECT_EQ_U(t.final_usage, g->final_usage);
  EXPECT_EQ_U(t.blocks_dedicated, g->dedicated);
  EXPECT_EQ_U(t.blocks_standard, g->standard);
  EXPECT_EQ_U(t.aligned, g->aligned);
  EXPECT_EQ_U(lround(t.worst_ratio * 10000.0), lround(g->worst_ratio * 10000.0));
  /* Usage is exactly the blocks' bytes plus 8 each. */
  EXPECT_EQ_U(t.final_usage,
              t.blocks_standard * (4096 + 8) + t.dedicated_bytes + t.blocks_dedicated * 8);
  /* Allocator calls: the arena record, every block, and the block list's growth. */
  EXPECT_TRUE(t.allocator_calls > t.blocks_dedicated + t.blocks_standard);
  return t;
}

/* With the reference's first 20 sizes of Random(301) (g = aligned):
 * 1 12g 10 13 10 12 97 66 3 7 18 14 9g 12 1 17 12 19 16 1. */
static void simple_park_miller_301(void) {
  const golden g = {WORKLOAD_PARK_MILLER, 1874602, 1922353, 25, 344, 10152, 1.0528};
  simple_totals t = check_golden(&g);
  const size_t size[SIMPLE_FIRST] = {1,  12, 10, 13, 10, 12, 97, 66, 3,  7,
                                     18, 14, 9,  12, 1,  17, 12, 19, 16, 1};
  for (size_t i = 0; i < SIMPLE_FIRST; i++) {
    EXPECT_EQ_U(t.first_size[i], size[i]);
    EXPECT_EQ_U(t.first_aligned[i], i == 1 || i == 12);
  }
}

static void simple_lcg_301(void) {
  const golden g = {WORKLOAD_LCG, 1886346, 1930262, 27, 343, 9889, 1.0530};
  check_golden(&g);
}

int main(void) {
  RUN_TEST(empty);
  RUN_TEST(simple_park_miller_301);
  RUN_TEST(simple_lcg_301);
  return 0;
}
