/* runner: executes a program on the linked subject and on the shadow model
 * side by side, and stops at the first operation where they disagree. */
#ifndef HARNESS_RUNNER_H
#define HARNESS_RUNNER_H

#include <stddef.h>
#include <stdio.h>

#include "harness/op.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Runs stop allocating once memory usage would pass this (those allocation
 * operations are skipped, deterministically). */
#define RUNNER_MAX_USAGE ((size_t)64 << 20)

typedef struct runner_stats {
  size_t ops_run;
  size_t ops_skipped;       /* allocations over RUNNER_MAX_USAGE */
  size_t allocations;       /* non-NULL results */
  size_t aligned;           /* aligned requests made */
  size_t bytes_requested;   /* sum of sizes of non-NULL results */
  size_t fast, new_blocks, dedicated, refused, failed;
  size_t final_usage;       /* usage when the last arena was destroyed */
  double worst_ratio;       /* max usage/bytes over the last arena's life */
} runner_stats;

typedef struct runner_failure {
  size_t op_index;     /* the failing operation (== count for the final check) */
  char message[512];   /* "op 12 (allocate 1025): usage 4104, expected 1033" */
} runner_failure;

/* Options; zero means the default. */
typedef struct runner_options {
  int policy_free; /* 1: check only the policy-free invariants, whatever the subject claims */
  int quiet;       /* 1: do not print the failure (the caller does) */
  /* Called after every operation that passed its checks (may be NULL):
   * usage is the subject's memory usage, live_bytes the bytes of live
   * allocations of the current arena. A nonzero return stops the run as a
   * failure with the message the observer wrote into `message`. */
  int (*after_op)(void *ctx, size_t index, const op *o, size_t usage, size_t live_bytes,
                  char *message, size_t message_size);
  void *ctx;
} runner_options;

/* Runs p. Returns 1 if every check passed, 0 at the first violation (then
 * *failure says where and what; the subject was destroyed). stats may be NULL. */
int runner_run(const program *p, const runner_options *options, runner_stats *stats,
               runner_failure *failure);

/* The fuzz entry's use: runs p and aborts with the failure message (after
 * printing the program in text form, failing line marked) on a violation. */
void runner_run_or_abort(const program *p);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_RUNNER_H */
