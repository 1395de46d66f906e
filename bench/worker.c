/* worker: runs ONE allocator on ONE workload in this process (a warm-up run,
 * then --reps timed runs) and prints one "warmup" or "sample" line per run. */
#define _GNU_SOURCE

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "arena/arena.h"
#include "bench/args.h"
#include "bench/bump.h"
#include "bench/plan.h"

typedef enum allocator { ALLOC_ARENA, ALLOC_BUMP, ALLOC_MALLOC } allocator;

static const char *const kAllocators[] = {"arena", "bump", "malloc"};

/* A point in time, this thread's CPU time and the page faults so far. */
typedef struct mark {
  uint64_t ns;
  uint64_t cpu_ns;
  uint64_t faults;
} mark;

/* One timed run. */
typedef struct sample {
  uint64_t alloc_ns, free_ns;         /* serving every request; freeing all */
  uint64_t alloc_cpu_ns;              /* this thread's CPU time while serving */
  uint64_t faults_alloc, faults_free; /* page faults during each */
  uint64_t heap; /* glibc heap bytes in use after serving, less before (first run only) */
  uint64_t own;  /* the allocator's own usage count (malloc: heap) */
  uintptr_t checksum;
} sample;

static uint64_t nanoseconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static mark now(void) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  mark m = {nanoseconds(CLOCK_MONOTONIC), nanoseconds(CLOCK_THREAD_CPUTIME_ID),
            (uint64_t)r.ru_minflt + (uint64_t)r.ru_majflt};
  return m;
}

/* Fills s's times and faults from the marks around serving (m0, m1) and
 * freeing (m2, m3). */
static void finish(sample *s, mark m0, mark m1, mark m2, mark m3) {
  s->alloc_ns = m1.ns - m0.ns;
  s->alloc_cpu_ns = m1.cpu_ns - m0.cpu_ns;
  s->free_ns = m3.ns - m2.ns;
  s->faults_alloc = m1.faults - m0.faults;
  s->faults_free = m3.faults - m2.faults;
}

/* Bytes glibc's malloc has handed out (heap and mmapped chunks, headers
 * included); 0 where mallinfo2 is missing or replaced (sanitizers). */
static uint64_t heap_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
  struct mallinfo2 m = mallinfo2();
  return (uint64_t)m.uordblks + (uint64_t)m.hblkhd;
#else
  return 0;
#endif
}

/* mallinfo2 walks every free chunk (seconds after millions of frees), so
 * only a process's first run measures the heap: heap_in_use() at start, then
 * heap_growth() after serving. Later runs get 0 from both, untouched. */
static int measure_heap;

/* Growth of heap_in_use since `before`; 0 if it shrank (sanitizer runtimes)
 * or if this run does not measure the heap. */
static uint64_t heap_growth(uint64_t before) {
  uint64_t after = measure_heap ? heap_in_use() : 0;
  return after > before ? after - before : 0;
}

__attribute__((noreturn, cold, noinline)) static void out_of_memory(void) {
  args_die("an allocation failed (out of memory?)");
}

/* SERVE_ONE: one request; writes one byte to the result and sums the
 * addresses, so no allocation can be optimised away; keeps the result in
 * keep[i] when KEEP is 1. */
#define SERVE_ONE(expr, KEEP)       \
  do {                              \
    char *q = (expr);               \
    if (q == NULL) out_of_memory(); \
    *q = (char)i;                   \
    sum += (uintptr_t)q;            \
    if (KEEP) keep[i] = q;          \
  } while (0)

/* DEFINE_SERVE: a function `name` that serves every request of a plan with
 * direct calls PLAIN(ctx, n) and ALIGNED(ctx, n), so the arena's inline fast
 * path is inlined into its loops and the other allocators pay one call each
 * (16 is a literal in the constant workloads' loops, as in allocate(16)). */
#define DEFINE_SERVE(name, PLAIN, ALIGNED, KEEP)                                               \
  static uintptr_t name(const plan *p, void *ctx, void **keep) {                               \
    uintptr_t sum = 0;                                                                         \
    size_t n = p->allocations;                                                                 \
    (void)ctx;                                                                                 \
    (void)keep;                                                                                \
    if (p->workload == PLAN_ALLOC16) {                                                         \
      for (size_t i = 0; i < n; i++) SERVE_ONE(PLAIN(ctx, PLAN_SMALL_SIZE), KEEP);             \
    } else if (p->workload == PLAN_ALIGNED16) {                                                \
      for (size_t i = 0; i < n; i++) SERVE_ONE(ALIGNED(ctx, PLAN_SMALL_SIZE), KEEP);           \
    } else {                                                                                   \
      const uint32_t *r = p->requests;                                                         \
      for (size_t i = 0; i < n; i++) {                                                         \
        size_t bytes = r[i] & PLAN_SIZE_MASK;                                                  \
        SERVE_ONE((r[i] & PLAN_ALIGNED) != 0 ? ALIGNED(ctx, bytes) : PLAIN(ctx, bytes), KEEP); \
      }                                                                                        \
    }                                                                                          \
    return sum;                                                                                \
  }

#define ARENA_PLAIN(ctx, bytes) arena_allocate((arena *)(ctx), (bytes))
#define ARENA_ALIGNED(ctx, bytes) arena_allocate_aligned((arena *)(ctx), (bytes))
#define BUMP_PLAIN(ctx, bytes) bump_allocate((bump *)(ctx), (bytes))
#define BUMP_ALIGNED(ctx, bytes) bump_allocate_aligned((bump *)(ctx), (bytes))
/* malloc has no context and no aligned call (its results are 16-aligned). */
#define MALLOC_CALL(ctx, bytes) malloc(bytes)

DEFINE_SERVE(serve_arena, ARENA_PLAIN, ARENA_ALIGNED, 0)
DEFINE_SERVE(serve_bump, BUMP_PLAIN, BUMP_ALIGNED, 0)
/* Both kinds of request are the same malloc call. */
DEFINE_SERVE(serve_malloc, MALLOC_CALL, MALLOC_CALL, 1)  // NOLINT(bugprone-branch-clone)

static void run_arena(const plan *p, size_t block_size, sample *s) {
  arena_options o;
  memset(&o, 0, sizeof o);
  o.block_size = block_size;
  uint64_t heap0 = measure_heap ? heap_in_use() : 0;
  arena *a = arena_create_with(&o);
  if (a == NULL) out_of_memory();
  mark m0 = now();
  s->checksum = serve_arena(p, a, NULL);
  mark m1 = now();
  s->own = arena_memory_usage(a);
  s->heap = heap_growth(heap0);
  mark m2 = now();
  arena_destroy(a);
  mark m3 = now();
  finish(s, m0, m1, m2, m3);
}

static void run_bump(const plan *p, size_t block_size, sample *s) {
  bump b;
  uint64_t heap0 = measure_heap ? heap_in_use() : 0;
  if (!bump_init(&b, block_size))
    args_die("--block-size=%zu: not a multiple of 8 >= 32", block_size);
  mark m0 = now();
  s->checksum = serve_bump(p, &b, NULL);
  mark m1 = now();
  s->own = bump_usage(&b);
  s->heap = heap_growth(heap0);
  mark m2 = now();
  bump_release(&b);
  mark m3 = now();
  finish(s, m0, m1, m2, m3);
}

static void run_malloc(const plan *p, void **keep, sample *s) {
  uint64_t heap0 = measure_heap ? heap_in_use() : 0;
  mark m0 = now();
  s->checksum = serve_malloc(p, NULL, keep);
  mark m1 = now();
  s->heap = heap_growth(heap0);
  s->own = s->heap; /* only the first run's is meaningful */
  mark m2 = now();
  for (size_t i = 0; i < p->allocations; i++) free(keep[i]);
  mark m3 = now();
  finish(s, m0, m1, m2, m3);
}

static void usage(void) {
  fprintf(
      stdout,
      "usage: worker --allocator=arena|bump|malloc --workload=alloc16|aligned16|mixed|memtable\n"
      "              [--count=N] [--reps=K] [--warmup=0|1] [--block-size=BYTES]\n");
}

int main(int argc, char **argv) {
  args_program(argv[0]);
  const char *allocator_name = NULL;
  const char *workload_name = NULL;
  size_t count = 0;
  size_t reps = 5;
  size_t warmup = 1;
  size_t block_size = ARENA_DEFAULT_BLOCK_SIZE;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--help") == 0) {
      usage();
      return 0;
    }
    if (args_string(arg, "allocator", &allocator_name) ||
        args_string(arg, "workload", &workload_name) ||
        args_size(arg, "count", 1, SIZE_MAX, &count) || args_size(arg, "reps", 1, 1000, &reps) ||
        args_size(arg, "warmup", 0, 1, &warmup) ||
        args_size(arg, "block-size", ARENA_MIN_BLOCK_SIZE, ARENA_MAX_BLOCK_SIZE, &block_size)) {
      continue;
    }
    args_die("unknown argument '%s' (--help lists the flags)", arg);
  }
  if (allocator_name == NULL || workload_name == NULL) {
    args_die("--allocator and --workload are required (--help lists the flags)");
  }
  int which = -1;
  for (int k = 0; k < 3; k++) {
    if (strcmp(allocator_name, kAllocators[k]) == 0) which = k;
  }
  if (which < 0) args_die("--allocator: '%s' is not arena, bump or malloc", allocator_name);
  plan_workload w;
  if (!plan_parse(workload_name, &w)) {
    args_die("--workload: '%s' is not alloc16, aligned16, mixed or memtable", workload_name);
  }
  if (count == 0) count = plan_default_count(w);
  if (count > plan_max_count(w)) {
    args_die("--count=%zu: more than %zu for %s", count, plan_max_count(w), workload_name);
  }
  if (block_size % ARENA_ALIGNMENT != 0) {
    args_die("--block-size=%zu: not a multiple of %zu", block_size, ARENA_ALIGNMENT);
  }

  plan p;
  if (!plan_make(&p, w, count)) out_of_memory();
  void **keep = NULL;
  if (which == ALLOC_MALLOC) {
    keep = malloc(p.allocations * sizeof(void *));
    if (keep == NULL) out_of_memory();
    memset(keep, 0, p.allocations * sizeof(void *)); /* touch it before timing */
  }

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define WORKER_SANITIZED 1
#endif
#endif
#if !defined(WORKER_SANITIZED) && defined(__SANITIZE_ADDRESS__)
#define WORKER_SANITIZED 1
#endif
#if defined(WORKER_SANITIZED)
  const char *sanitizer = "yes";
#else
  const char *sanitizer = "no";
#endif
#if defined(__OPTIMIZE__)
  const char *optimised = "yes";
#else
  const char *optimised = "no";
#endif
  printf("build optimised=%s sanitizer=%s\n", optimised, sanitizer);
  printf("plan allocator=%s workload=%s count=%zu allocations=%zu requested=%llu block=%zu\n",
         kAllocators[which], plan_name(w), p.count, p.allocations, (unsigned long long)p.requested,
         block_size);
  fflush(stdout);

  for (size_t rep = 0; rep < warmup + reps; rep++) {
    sample s;
    memset(&s, 0, sizeof s);
    measure_heap = rep == 0;
    if (which == ALLOC_ARENA) {
      run_arena(&p, block_size, &s);
    } else if (which == ALLOC_BUMP) {
      run_bump(&p, block_size, &s);
    } else {
      run_malloc(&p, keep, &s);
    }
    printf(
        "%s alloc_ns=%llu alloc_cpu_ns=%llu free_ns=%llu faults_alloc=%llu faults_free=%llu "
        "heap=%llu own=%llu checksum=%llx\n",
        rep < warmup ? "warmup" : "sample", (unsigned long long)s.alloc_ns,
        (unsigned long long)s.alloc_cpu_ns, (unsigned long long)s.free_ns,
        (unsigned long long)s.faults_alloc, (unsigned long long)s.faults_free,
        (unsigned long long)s.heap, (unsigned long long)s.own, (unsigned long long)s.checksum);
    fflush(stdout);
  }
  free(keep);
  plan_free(&p);
  return 0;
}
