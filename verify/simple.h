/* simple: LevelDB's ArenaTest.Simple run directly on the real arena, with its
 * own checks, exact totals, an optional injected allocator failure and hooks. */
#ifndef VERIFY_SIMPLE_H
#define VERIFY_SIMPLE_H

#include <stddef.h>
#include <stdio.h>

#include "arena/arena.h"
#include "harness/workload.h"

#ifdef __cplusplus
extern "C" {
#endif

/* LevelDB's bound, asserted once i > N/10: usage <= bytes * SIMPLE_MAX_RATIO. */
#define SIMPLE_MAX_RATIO 1.10
/* How many leading requests simple_totals records. */
#define SIMPLE_FIRST 20

/* What a run did. */
typedef struct simple_totals {
  size_t requests;         /* requests made (N) */
  size_t nulls;            /* requests that got NULL (only with an injected failure) */
  size_t bytes;            /* sum of the sizes of non-NULL results */
  size_t null_bytes;       /* sum of the sizes of NULL results */
  size_t aligned;          /* aligned requests made */
  size_t final_usage;      /* memory usage before destroy */
  size_t blocks_standard;  /* ARENA_EVENT_NEW_BLOCK events */
  size_t blocks_dedicated; /* ARENA_EVENT_DEDICATED_BLOCK events */
  size_t dedicated_bytes;  /* bytes of the dedicated blocks */
  size_t allocator_calls;  /* calls of the block allocator, arena_create's included */
  double worst_ratio;      /* max usage/bytes over the iterations i > N/10 */
  size_t first_size[SIMPLE_FIRST];
  int first_aligned[SIMPLE_FIRST];
} simple_totals;

/* Called with the live arena just after creation (begin), after each request
 * (step; may be NULL) and just before destroy (end), e.g. to start, pace and
 * stop threads that read memory usage. */
typedef struct simple_hooks {
  void (*begin)(void *ctx, const arena *a);
  void (*step)(void *ctx, size_t iteration);
  void (*end)(void *ctx, const arena *a);
  void *ctx;
} simple_hooks;

typedef struct simple_options {
  /* 1: assert LevelDB's usage <= 1.10 x bytes once i > N/10 (true only for
   * Simple's own parameters: N = 100000, 4096-byte blocks, 1 in 10 aligned). */
  int check_ratio;
  /* k >= 1: the k-th call of the block allocator (1 = arena_create's) returns
   * NULL; the request that made it must get NULL and leave the arena unchanged.
   * 0: no failure. */
  size_t fail_call;
  const simple_hooks *hooks; /* NULL: none */
} simple_options;

typedef struct simple_failure {
  size_t iteration; /* the failing request (== N for the final checks) */
  char message[256];
} simple_failure;

/* 1 if w's parameters are Simple's own (where check_ratio holds). */
int simple_is_leveldb(const workload_params *w);

/* Runs w on a fresh arena (block size w->block_size) whose allocator is
 * malloc behind a counter. Every result is filled with i % 256 and every
 * pattern is checked again at the end; usage >= bytes after every request
 * (and the ratio bound if asked); with fail_call, exactly the failed request
 * gets NULL and changes nothing; after destroy nothing is outstanding.
 * Returns 1 if every check passed, else 0 with *failure filled (the arena
 * is destroyed either way). totals may be NULL. The workload must fit in
 * memory (N up to a few million with Simple's sizes). */
int simple_run(const workload_params *w, const simple_options *options, simple_totals *totals,
               simple_failure *failure);

/* Prints the command that replays exactly this case, as one line:
 * "replay: bazel run //verify:replay -- --generator=... --seed=... ...". */
void simple_print_replay(FILE *f, const workload_params *w, size_t fail_call);

/* Prints a failure as two lines: what failed, with the generator, seed and
 * iteration, then the replay command (as simple_print_replay). */
void simple_report(FILE *f, const workload_params *w, size_t fail_call,
                   const simple_failure *failure);

/* "lcg" or "park-miller". */
const char *simple_generator_name(workload_generator g);

#ifdef __cplusplus
}
#endif

#endif /* VERIFY_SIMPLE_H */
