/* replay: a workload as a program run by the runner, the linked subject
 * against the shadow model, plus LevelDB's own Simple checks per iteration. */
#ifndef VERIFY_REPLAY_H
#define VERIFY_REPLAY_H

#include <stddef.h>
#include <stdio.h>

#include "harness/op.h"
#include "harness/runner.h"
#include "harness/workload.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One case: a workload and, optionally, one injected block failure. */
typedef struct replay_case {
  workload_params w;
  /* k >= 1: the model's k-th block allocation (standard or dedicated) fails:
   * a fail-next-block operation goes just before the request that makes it.
   * 0: none. */
  size_t fail_block;
  /* 1: LevelDB's usage <= 1.10 x bytes once i > N/10 (Simple's parameters). */
  int check_ratio;
} replay_case;

typedef struct replay_result {
  runner_stats stats;
  size_t blocks;        /* blocks the model says the run allocates (before any failure) */
  double leveldb_ratio; /* max usage/bytes over the iterations i > N/10 */
  size_t iteration;     /* on failure: the failing request (N: the final checks) */
  runner_failure failure;
} replay_result;

/* Builds c's program into out (prepared by program_init): one allocate or
 * aligned operation per request, the fault if asked, then verify-all.
 * Returns 1; 0 if memory ran out, or if c->fail_block exceeds the blocks the
 * workload allocates (out is then incomplete). *blocks (may be NULL) gets the
 * number of block allocations the model predicts without the fault. */
int replay_build(const replay_case *c, program *out, size_t *blocks);

/* Runs c through the runner (subject against model, patterns, no leaks) with
 * LevelDB's checks as the observer. Returns 1 if all passed; else 0 with
 * result->iteration and result->failure set. result must not be NULL. */
int replay_run(const replay_case *c, replay_result *result);

/* Prints a failure: the case (generator, seed, iteration), the message, and
 * the one command that replays exactly this case. */
void replay_report(FILE *f, const replay_case *c, const replay_result *result);

/* Prints "replay: bazel run //verify:replay -- <flags of c>". */
void replay_print_command(FILE *f, const replay_case *c);

#ifdef __cplusplus
}
#endif

#endif /* VERIFY_REPLAY_H */
