/* runner: executes a program on the linked subject and on the shadow model
 * side by side, and stops at the first operation where they disagree. */
#ifndef HARNESS_RUNNER_H
#define HARNESS_RUNNER_H

#include <stddef.h>
#include <stdio.h>

#include "harness/contract.h"
#include "harness/op.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Runs stop allocating once memory usage would pass this (those allocation
 * operations are skipped, deterministically, and counted in
 * runner_stats.skipped_allocations): for parity subjects when the model's
 * usage after the request would pass it, for the others when the current
 * usage plus the request would. Two kinds of request are never skipped,
 * because no allocator can satisfy them: requests above FAULTY_MAX_BLOCK to a
 * subject that takes its blocks from the harness allocator (which refuses
 * them), and requests of RUNNER_UNSATISFIABLE bytes or more to any subject. */
#define RUNNER_MAX_USAGE ((size_t)64 << 20)
/* No address space holds this many bytes (x86-64 user space is 2^47 bytes
 * with 4-level paging), so every allocator must fail such a request: it is
 * made to every subject, and a non-NULL result is a violation. */
#define RUNNER_UNSATISFIABLE CONTRACT_UNSATISFIABLE
/* write, verify and verify-all operations stop (are skipped) once a run has
 * written or checked this many bytes with them; allocation fills, the checks
 * before a reset and the final verify-all are not limited. */
#define RUNNER_MAX_TOUCH ((size_t)256 << 20)
/* Subjects without parity must not return NULL for a request of at most this
 * many bytes unless the harness allocator failed during the call. */
#define RUNNER_MUST_SUCCEED CONTRACT_MUST_SUCCEED

/* What a run did. Path counts come from the model for parity subjects; for
 * the others, refused counts NULLs for 0 or impossible sizes, failed the other
 * NULLs, and fast/new_blocks/dedicated stay 0. */
typedef struct runner_stats {
  size_t ops_run;             /* operations executed (ops_run + ops_skipped = count) */
  size_t ops_skipped;         /* skipped_allocations + skipped_touches */
  size_t skipped_allocations; /* allocations over RUNNER_MAX_USAGE (not made) */
  size_t skipped_touches;     /* write/verify/verify-all over RUNNER_MAX_TOUCH (not made) */
  size_t checks;              /* results, usages and bytes compared (the work the run did) */
  size_t allocations;         /* non-NULL results */
  size_t aligned;             /* aligned requests made */
  size_t bytes_requested;     /* sum of sizes of non-NULL results */
  size_t fast, new_blocks, dedicated, refused, failed;
  size_t final_usage; /* usage when the last arena was destroyed */
  double worst_ratio; /* max usage/live bytes (live bytes > 0) over the last arena's life */
} runner_stats;

/* At most this many distinct findings are kept per run. */
#define RUNNER_MAX_FINDINGS 16

/* One distinct finding: a rule of the contract the subject broke. Rules:
 * zero-size, huge-request (memory for a request above the contract's
 * max_request or of RUNNER_UNSATISFIABLE bytes or more), must-succeed,
 * alignment, wraps, overlap (memory handed out twice), corruption (a live
 * allocation's bytes changed), usage, blocks (usage below the blocks held),
 * leak, bad-free, refusal, parity, poison, create, undefined-behaviour (a
 * UBSan report from the subject's code), observer, runner. */
typedef struct runner_finding {
  const char *rule;
  size_t op_index; /* where it was first seen (as runner_failure.op_index) */
  size_t count;    /* how often it was seen in the run */
  int known;       /* 1: one of the contract's known findings */
  char message[512];
} runner_finding;

typedef struct runner_failure {
  /* The first finding that is not a known one (op_index 0 and an empty
   * message if there is none). op_index: the failing operation (count: the
   * final checks; SIZE_MAX: creation). message: "op 12 (allocate 1025): usage
   * 4104, expected 1033"; if operations were skipped before it, "(N
   * allocations and M touches skipped before)" is appended. */
  size_t op_index;
  char message[512];
  const char *rule; /* its rule; NULL if none */
  /* Every distinct finding of the run, known ones included, in the order
   * first seen (a run stops at the first unknown one unless
   * runner_options.all_findings is set). Distinct means another rule, or for
   * undefined-behaviour another report. */
  size_t count;
  runner_finding findings[RUNNER_MAX_FINDINGS];
} runner_failure;

/* Options; zero (or a NULL pointer) means the default. */
typedef struct runner_options {
  int policy_free;  /* 1: check no LevelDB parity, whatever the contract claims */
  int quiet;        /* 1: do not print the failure (the caller does) */
  int all_findings; /* 1: go on after a finding, to list every distinct one */
  /* Called after every operation that passed its checks, skipped ones
   * included (may be NULL): usage is the subject's memory usage, live_bytes
   * the bytes of live allocations of the current arena. A nonzero return
   * stops the run as a failure with the message the observer wrote into
   * `message` (message_size bytes, NUL-terminated). */
  int (*after_op)(void *ctx, size_t index, const op *o, size_t usage, size_t live_bytes,
                  char *message, size_t message_size);
  void *ctx;
} runner_options;

/* Runs p (a valid block size, see program_valid_block_size) on the linked
 * subject, checking what its contract (harness/contract.h) declares. Every
 * allocation is filled with its own pattern, every live allocation is checked
 * again before each reset and at the end, and after each arena is destroyed
 * a subject that takes blocks from the harness allocator must have given
 * back every one. A finding the contract lists as known is recorded and the
 * run goes on (the result is not used); the first other finding ends the run
 * unless options->all_findings is set (then the run goes on: results that
 * broke a rule are not used, usage is read again, and after a parity finding
 * only the contract's other rules are checked). Returns 1 if there was no
 * finding other than known ones, else 0 (*failure says where and what; the
 * subject was destroyed). options, stats and failure may be NULL. Running out
 * of memory in the runner itself is a finding (rule runner). */
int runner_run(const program *p, const runner_options *options, runner_stats *stats,
               runner_failure *failure);

/* Process-wide totals over every runner_run so far (thread-safe). */
typedef struct runner_totals {
  size_t runs, ops_run, skipped_allocations, skipped_touches, checks;
  size_t known; /* known findings recorded (repeats within a run counted once) */
} runner_totals;

void runner_get_totals(runner_totals *out);

/* Prints "arenafuzz: totals: R runs, O operations run, C checks, A allocations
 * skipped (usage budget), T touches skipped (touch budget), K known findings" to f. With the
 * environment variable ARENAFUZZ_TOTALS set (any value), the runner prints
 * this line to stderr when the process exits (a fuzzing session's count of
 * what it skipped). */
void runner_print_totals(FILE *f);

/* Prints every finding of `failure` ("arenafuzz: finding <rule>[ (known)]:
 * <message>") to f, after the contract when `contract` is 1. */
void runner_print_findings(FILE *f, const runner_failure *failure, int contract);

/* The fuzz entry's use: runs p and, on a finding that is not a known one,
 * prints the contract, the program in text form (failing line marked) and
 * the finding to stderr, and aborts. */
void runner_run_or_abort(const program *p);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_RUNNER_H */
