/* replay_test: ArenaTest.Empty and ArenaTest.Simple through the runner (the
 * subject against the shadow model after every operation) with the reference's
 * golden totals, and the model-checked block-failure sweep. */
#include <math.h>
#include <string.h>

#include "verify/expect.h"
#include "verify/replay.h"

static replay_result run_or_die(const replay_case *c) {
  replay_result r;
  if (!replay_run(c, &r)) {
    replay_report(stderr, c, &r);
    abort();
  }
  return r;
}

/* ArenaTest.Empty: no operations at all, then destroy; nothing leaks. */
static void empty(void) {
  replay_case c;
  memset(&c, 0, sizeof c);
  c.w = workload_simple(WORKLOAD_LCG, 301);
  c.w.iterations = 0;
  replay_result r = run_or_die(&c);
  EXPECT_EQ_U(r.stats.allocations, 0);
  EXPECT_EQ_U(r.stats.final_usage, 0);
  EXPECT_EQ_U(r.blocks, 0);
}

typedef struct golden {
  workload_generator generator;
  size_t bytes, final_usage, dedicated, standard, aligned;
  double worst_ratio;
} golden;

static void check_golden(const golden *g) {
  replay_case c;
  memset(&c, 0, sizeof c);
  c.w = workload_simple(g->generator, 301);
  c.check_ratio = 1;
  replay_result r = run_or_die(&c);
  const runner_stats *s = &r.stats;
  fprintf(stderr,
          "  %s(301) vs model: %zu ops, bytes %zu, usage %zu, blocks %zu (%zu dedicated / %zu "
          "standard), aligned %zu, fast %zu, worst ratio %.4f\n",
          g->generator == WORKLOAD_LCG ? "lcg" : "park-miller", s->ops_run, s->bytes_requested,
          s->final_usage, s->dedicated + s->new_blocks, s->dedicated, s->new_blocks, s->aligned,
          s->fast, r.leveldb_ratio);
  EXPECT_EQ_U(s->ops_run, 100001); /* the requests and the final verify-all */
  EXPECT_EQ_U(s->ops_skipped, 0);
  EXPECT_EQ_U(s->allocations, 100000);
  EXPECT_EQ_U(s->refused + s->failed, 0);
  EXPECT_EQ_U(s->bytes_requested, g->bytes);
  EXPECT_EQ_U(s->final_usage, g->final_usage);
  EXPECT_EQ_U(s->dedicated, g->dedicated);
  EXPECT_EQ_U(s->new_blocks, g->standard);
  EXPECT_EQ_U(r.blocks, g->dedicated + g->standard);
  EXPECT_EQ_U(s->fast + s->new_blocks + s->dedicated, 100000);
  EXPECT_EQ_U(s->aligned, g->aligned);
  EXPECT_EQ_U(lround(r.leveldb_ratio * 10000.0), lround(g->worst_ratio * 10000.0));
}

static void simple_park_miller_301(void) {
  const golden g = {WORKLOAD_PARK_MILLER, 1874602, 1922353, 25, 344, 10152, 1.0528};
  check_golden(&g);
}

static void simple_lcg_301(void) {
  const golden g = {WORKLOAD_LCG, 1886346, 1930262, 27, 343, 9889, 1.0530};
  check_golden(&g);
}

/* Fail the model's 1st, 2nd, ..., k-th block allocation in turn: that request
 * gets NULL, usage is unchanged (checked after every op), every allocation
 * keeps its pattern, the run continues and destroy returns every block. */
static void block_failure_sweep(workload_generator g, size_t iterations, size_t block_size) {
  replay_case c;
  memset(&c, 0, sizeof c);
  c.w = workload_simple(g, 301);
  c.w.iterations = iterations;
  c.w.block_size = block_size;
  replay_result base = run_or_die(&c);
  EXPECT_TRUE(base.blocks > 0);
  for (size_t k = 1; k <= base.blocks; k++) {
    c.fail_block = k;
    replay_result r = run_or_die(&c);
    EXPECT_EQ_U(r.stats.failed, 1);
    EXPECT_EQ_U(r.stats.refused, 0);
    EXPECT_EQ_U(r.stats.allocations, iterations - 1);
  }
  /* One past the last block is a bad case, not a silent pass. */
  c.fail_block = base.blocks + 1;
  replay_result r;
  EXPECT_TRUE(!replay_run(&c, &r));
  fprintf(stderr, "  %s(301), N %zu, block %zu: %zu block allocations failed in turn\n",
          g == WORKLOAD_LCG ? "lcg" : "park-miller", iterations, block_size, base.blocks);
}

static void block_failures_lcg(void) { block_failure_sweep(WORKLOAD_LCG, 10000, 4096); }
static void block_failures_park_miller(void) {
  block_failure_sweep(WORKLOAD_PARK_MILLER, 10000, 4096);
}
static void block_failures_small_blocks(void) { block_failure_sweep(WORKLOAD_LCG, 1000, 64); }

int main(void) {
  RUN_TEST(empty);
  RUN_TEST(simple_park_miller_301);
  RUN_TEST(simple_lcg_301);
  RUN_TEST(block_failures_lcg);
  RUN_TEST(block_failures_park_miller);
  RUN_TEST(block_failures_small_blocks);
  return 0;
}
