/* plan: the benchmark's workloads as request lists, drawn before any timing
 * so that every allocator serves exactly the same requests. */
#ifndef BENCH_PLAN_H
#define BENCH_PLAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The request size of the two constant workloads (a literal in the loops). */
#define PLAN_SMALL_SIZE 16
/* A planned request is a uint32_t: its size, and this bit if aligned. */
#define PLAN_ALIGNED ((uint32_t)1 << 31)
#define PLAN_SIZE_MASK (PLAN_ALIGNED - 1)

typedef enum plan_workload {
  PLAN_ALLOC16,   /* count x allocate(16) */
  PLAN_ALIGNED16, /* count x allocate_aligned(16) */
  PLAN_MIXED,     /* ArenaTest.Simple's stream for count iterations, LCG(301) */
  PLAN_MEMTABLE,  /* count LevelDB memtable inserts: entry, then skiplist node */
  PLAN_WORKLOADS
} plan_workload;

typedef struct plan {
  plan_workload workload;
  size_t count;       /* what the workload was asked for (iterations or entries) */
  size_t allocations; /* requests to serve */
  uint32_t *requests; /* allocations entries; NULL for the constant workloads */
  uint64_t requested; /* sum of requested bytes */
} plan;

/* The workload called `name` ("alloc16", "aligned16", "mixed", "memtable").
 * Returns 0 if there is none. */
int plan_parse(const char *name, plan_workload *out);

/* The name of w; w must be a workload. */
const char *plan_name(plan_workload w);

/* The count for w: 10M, 10M, 1M iterations, 1M entries. */
size_t plan_default_count(plan_workload w);

/* The largest count plan_make accepts for w (memory stays within a few GiB:
 * Simple's every 10000th request is i bytes). */
size_t plan_max_count(plan_workload w);

/* Draws w's requests for `count` (1..plan_max_count(w)) into p. Returns 0, with
 * p holding nothing to free, if count is out of range or memory runs out. */
int plan_make(plan *p, plan_workload w, size_t count);

/* Frees p's requests. */
void plan_free(plan *p);

#ifdef __cplusplus
}
#endif

#endif /* BENCH_PLAN_H */
