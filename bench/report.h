/* report: the benchmark's tables (speed and page faults per glibc setting,
 * ratios to each peer against the targets, block-size sweep). */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "bench/plan.h"
#include "bench/results.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The allocators, in the order of report_grid.main's last index. */
#define REPORT_ALLOCATORS 3
extern const char *const report_allocator_names[REPORT_ALLOCATORS];

/* glibc settings: 0 keeps freed memory mapped (like for like), 1 is glibc's default. */
#define REPORT_MODES 2
#define REPORT_TUNABLES                                  \
  "glibc.malloc.trim_threshold=4294967295:glibc.malloc." \
  "mmap_threshold=4294967295"

/* Block sizes of the sweep: 1 KiB << i for i in [0, REPORT_SWEEP_SIZES). */
#define REPORT_SWEEP_SIZES 11

/* Everything measured in one benchmark run. */
typedef struct report_grid {
  size_t processes;  /* rounds: processes per (allocator, workload, setting) */
  size_t reps;       /* timed runs per process, after one warm-up */
  size_t sweep_reps; /* timed runs of each sweep process; 0: no sweep */
  size_t scale;      /* counts are the divided by this */
  char load_before[64];
  char load_after[64];
  results_cell main[REPORT_MODES][PLAN_WORKLOADS][REPORT_ALLOCATORS];
  results_cell sweep[REPORT_SWEEP_SIZES][PLAN_WORKLOADS];
} report_grid;

/* Prints every table of g to out. g must have been filled by the driver
 * (cells without samples print as "-"). */
void report_print(const report_grid *g, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* BENCH_REPORT_H */
