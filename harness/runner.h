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
 * operations are skipped, deterministically): for parity subjects when the
 * model's usage after the request would pass it, for the others when the
 * current usage plus the request would (requests the harness allocator must
 * refuse anyway, above FAULTY_MAX_BLOCK, are still made to subjects that
 * honour it). */
#define RUNNER_MAX_USAGE ((size_t)64 << 20)
/* write, verify and verify-all operations stop (are skipped) once a run has
 * written or checked this many bytes with them; allocation fills, the checks
 * before a reset and the final verify-all are not limited. */
#define RUNNER_MAX_TOUCH ((size_t)256 << 20)
/* Subjects without parity must not return NULL for a request of at most this
 * many bytes unless the harness allocator failed during the call. */
#define RUNNER_MUST_SUCCEED ((size_t)1 << 20)

/* What a run did. Path counts come from the model for parity subjects; for
 * the others, refused counts NULLs for 0 or impossible sizes, failed the other
 * NULLs, and fast/new_blocks/dedicated stay 0. */
typedef struct runner_stats {
  size_t ops_run;         /* operations executed (ops_run + ops_skipped = count) */
  size_t ops_skipped;     /* allocations over RUNNER_MAX_USAGE, touches over RUNNER_MAX_TOUCH */
  size_t allocations;     /* non-NULL results */
  size_t aligned;         /* aligned requests made */
  size_t bytes_requested; /* sum of sizes of non-NULL results */
  size_t fast, new_blocks, dedicated, refused, failed;
  size_t final_usage; /* usage when the last arena was destroyed */
  double worst_ratio; /* max usage/live bytes (live bytes > 0) over the last arena's life */
} runner_stats;

typedef struct runner_failure {
  size_t op_index;   /* the failing operation (count: the final checks; SIZE_MAX: creation) */
  char message[512]; /* "op 12 (allocate 1025): usage 4104, expected 1033" */
} runner_failure;

/* Options; zero (or a NULL pointer) means the default. */
typedef struct runner_options {
  int policy_free; /* 1: check only the policy-free invariants, whatever the subject claims */
  int quiet;       /* 1: do not print the failure (the caller does) */
  /* Called after every operation that passed its checks, skipped ones
   * included (may be NULL): usage is the subject's memory usage, live_bytes
   * the bytes of live allocations of the current arena. A nonzero return
   * stops the run as a failure with the message the observer wrote into
   * `message` (message_size bytes, NUL-terminated). */
  int (*after_op)(void *ctx, size_t index, const op *o, size_t usage, size_t live_bytes,
                  char *message, size_t message_size);
  void *ctx;
} runner_options;

/* Runs p (a valid block size, see program_valid_block_size). Every allocation
 * is filled with its own pattern, every live allocation is checked again
 * before each reset and at the end, and after the last arena is destroyed the
 * subject must have given back every block it took from the harness
 * allocator. Returns 1 if every check passed, 0 at the first violation (then
 * *failure says where and what; the subject was destroyed). options, stats
 * and failure may be NULL. Running out of memory in the runner itself is
 * reported as a failure. */
int runner_run(const program *p, const runner_options *options, runner_stats *stats,
               runner_failure *failure);

/* The fuzz entry's use: runs p and aborts with the failure message (after
 * printing the program in text form to stderr, failing line marked) on a
 * violation. */
void runner_run_or_abort(const program *p);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_RUNNER_H */
