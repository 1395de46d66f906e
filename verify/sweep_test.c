/* sweep_test: many seeds, both generators, several block sizes and aligned
 * mixes, each checked against the shadow model and by LevelDB's own checks;
 * every failure prints its seed, iteration and replay command. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "verify/replay.h"
#include "verify/simple.h"

typedef struct tally {
  size_t cases, failures, requests;
} tally;

/* Failures printed in full (each with its replay command); the rest are counted. */
#define SHOW_FAILURES 10
static size_t g_shown;

static void check(const workload_params *w, tally *t) {
  replay_case c;
  memset(&c, 0, sizeof c);
  c.w = *w;
  c.check_ratio = simple_is_leveldb(w);
  replay_result r;
  t->cases++;
  t->requests += w->iterations;
  if (!replay_run(&c, &r)) {
    t->failures++;
    if (g_shown++ < SHOW_FAILURES) replay_report(stderr, &c, &r);
  }
  simple_options o;
  memset(&o, 0, sizeof o);
  o.check_ratio = c.check_ratio;
  simple_failure f;
  t->cases++;
  if (!simple_run(w, &o, NULL, &f)) {
    t->failures++;
    if (g_shown++ < SHOW_FAILURES) simple_report(stderr, w, 0, &f);
  }
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void) {
  static const workload_generator kGenerators[] = {WORKLOAD_LCG, WORKLOAD_PARK_MILLER};
  static const size_t kBlockSizes[] = {32, 64, 256, 1024, 4096, 65536};
  /* 1: every request aligned; 2: half; 10: Simple's mix; 1000: almost none. */
  static const uint32_t kAlignedOneIn[] = {1, 2, 10, 1000};
  tally simple = {0, 0, 0}, mixed = {0, 0, 0};
  double start = now();
  /* Simple's own parameters, where LevelDB's 1.10 bound is asserted too. */
  for (size_t g = 0; g < 2; g++) {
    for (uint64_t seed = 1; seed <= 15; seed++) {
      workload_params w = workload_simple(kGenerators[g], seed);
      check(&w, &simple);
    }
  }
  double middle = now();
  for (size_t g = 0; g < 2; g++) {
    for (size_t b = 0; b < sizeof kBlockSizes / sizeof kBlockSizes[0]; b++) {
      for (size_t a = 0; a < sizeof kAlignedOneIn / sizeof kAlignedOneIn[0]; a++) {
        for (uint64_t seed = 1; seed <= 3; seed++) {
          workload_params w = workload_simple(kGenerators[g], seed * 7919);
          w.iterations = 10000;
          w.block_size = kBlockSizes[b];
          w.aligned_one_in = kAlignedOneIn[a];
          check(&w, &mixed);
        }
      }
    }
  }
  double end = now();
  fprintf(stderr,
          "sweep: Simple (N 100000, 2 generators x 15 seeds): %zu cases, %zu requests, %zu "
          "failed, %.2fs\n",
          simple.cases, simple.requests, simple.failures, middle - start);
  fprintf(stderr,
          "sweep: mixed (N 10000, 2 generators x 6 block sizes x 4 aligned mixes x 3 seeds): "
          "%zu cases, %zu requests, %zu failed, %.2fs\n",
          mixed.cases, mixed.requests, mixed.failures, end - middle);
  fprintf(stderr, "sweep: a longer one by hand: bazel run //verify:replay -- --seeds=1000\n");
  return simple.failures + mixed.failures == 0 ? 0 : 1;
}
