/* peer: one allocator the cycle benchmark (cycle.c) compares: how to create
 * it, serve a plan's requests with it, and destroy it. C and C++ peers alike. */
#ifndef BENCH_PEER_H
#define BENCH_PEER_H

#include <stddef.h>
#include <stdint.h>

#include "bench/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_peer {
  const char *name;
  const char *what; /* one line for the tables' legend */
  /* Once per process, before any timing (keep arrays, library init). 0: failed. */
  int (*setup)(const plan *p, size_t block_size);
  void *(*create)(void);                             /* NULL: out of memory */
  uintptr_t (*serve)(const plan *p, void *instance); /* every request; 0 sum if one failed */
  void (*destroy)(void *instance);
  /* The allocator's own records (not its blocks), and its block bytes, while
   * `instance` is full; NULL where the bench cannot see them. */
  void (*bookkeeping)(void *instance, size_t *records, size_t *blocks);
} bench_peer;

/* The peers of this binary, in table order; NULL-terminated (peers_table.c,
 * or peers_mimalloc.c). */
extern const bench_peer *const bench_peers[];

/* The C peers (peers_c.c) and the C++ peers (peers_cxx.cc). */
extern const bench_peer bench_peer_arena, bench_peer_arena_cache, bench_peer_bump,
    bench_peer_endbump, bench_peer_malloc, bench_peer_obstack, bench_peer_apr, bench_peer_talloc;
extern const bench_peer bench_peer_pmr;
extern const bench_peer bench_peer_llvm;

/* Reports a failed allocation (exits). */
__attribute__((noreturn)) void bench_out_of_memory(void);

#ifdef __cplusplus
}
#endif

/* BENCH_SERVE(name, T, PLAIN, ALIGNED, KEEP): a function `name(const plan *,
 * void *)` that serves every request of a plan with direct calls
 * PLAIN(ctx, n) and ALIGNED(ctx, n) on `T ctx`, so inline fast paths are
 * inlined into its loops (16 is a literal in the constant workloads). Each
 * result gets one byte written and its address summed; KEEP(i, q) keeps it. */
#define BENCH_SERVE_ONE(expr, KEEP)       \
  do {                                    \
    char *q = (char *)(expr);             \
    if (q == NULL) bench_out_of_memory(); \
    *q = (char)i;                         \
    sum += (uintptr_t)q;                  \
    KEEP(i, q);                           \
  } while (0)

#define BENCH_NO_KEEP(i, q) ((void)0)

#define BENCH_SERVE(name, T, PLAIN, ALIGNED, KEEP)                                            \
  static uintptr_t name(const plan *p, void *instance) {                                      \
    T ctx = (T)instance;                                                                      \
    uintptr_t sum = 0;                                                                        \
    size_t n = p->allocations;                                                                \
    if (p->workload == PLAN_ALLOC16) {                                                        \
      for (size_t i = 0; i < n; i++) BENCH_SERVE_ONE(PLAIN(ctx, PLAN_SMALL_SIZE), KEEP);      \
    } else if (p->workload == PLAN_ALIGNED16) {                                               \
      for (size_t i = 0; i < n; i++) BENCH_SERVE_ONE(ALIGNED(ctx, PLAN_SMALL_SIZE), KEEP);    \
    } else {                                                                                  \
      const uint32_t *r = p->requests;                                                        \
      for (size_t i = 0; i < n; i++) {                                                        \
        size_t bytes = r[i] & PLAN_SIZE_MASK;                                                 \
        BENCH_SERVE_ONE((r[i] & PLAN_ALIGNED) != 0 ? ALIGNED(ctx, bytes) : PLAIN(ctx, bytes), \
                        KEEP);                                                                \
      }                                                                                       \
    }                                                                                         \
    return sum;                                                                               \
  }

#endif /* BENCH_PEER_H */
