/* results: what the driver keeps of the worker processes of one (allocator,
 * workload, glibc setting, block size) cell, parsed from their output. */
#ifndef BENCH_RESULTS_H
#define BENCH_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "bench/stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Timed runs one cell can hold (processes x runs per process). */
#define RESULTS_MAX_SAMPLES 1024

typedef struct results_cell {
  uint64_t allocations;                 /* per run, from the worker's "plan" line */
  uint64_t requested;                   /* bytes requested per run */
  uint64_t heap;                        /* glibc heap bytes in use after serving (first run) */
  uint64_t own;                         /* the allocator's own usage count (last nonzero) */
  int unoptimised;                      /* some worker said optimised=no */
  int sanitized;                        /* some worker said sanitizer=yes */
  size_t n;                             /* timed runs held */
  double alloc_ns[RESULTS_MAX_SAMPLES]; /* ns per allocation, serving only */
  double total_ns[RESULTS_MAX_SAMPLES]; /* ns per allocation, serving and freeing all */
  double cpu_ns[RESULTS_MAX_SAMPLES];   /* CPU ns per allocation (thread time), serving */
  double faults_alloc[RESULTS_MAX_SAMPLES];
  double faults_free[RESULTS_MAX_SAMPLES];
  size_t round[RESULTS_MAX_SAMPLES];         /* which round of processes each came from */
  size_t warm_n;                             /* warm-up runs held (one per process) */
  double warm_alloc_ns[RESULTS_MAX_SAMPLES]; /* the first run of a fresh process */
  double warm_faults[RESULTS_MAX_SAMPLES];
} results_cell;

/* Adds one worker's output (its "build", "plan", "warmup" and "sample" lines) to c,
 * tagging the samples with `round`. Returns 1 if there was a plan line, at
 * least one sample, every sample line parsed and c had room; otherwise
 * prints one line saying why to stderr and returns 0 (c may hold part). */
int results_add(results_cell *c, const char *text, size_t round);

/* Median, min and max over the samples of `field` (one of c's arrays),
 * restricted to `round` unless round is RESULTS_ALL_ROUNDS. */
#define RESULTS_ALL_ROUNDS ((size_t)-1)
stats_summary results_summary(const results_cell *c, const double *field, size_t round);

#ifdef __cplusplus
}
#endif

#endif /* BENCH_RESULTS_H */
