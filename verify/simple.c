/* simple: ArenaTest.Simple on the real arena, checked as LevelDB checks it,
 * plus exact totals, unchanged-on-NULL under an injected allocator failure. */
#include "verify/simple.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* malloc behind a counter that can fail one chosen call. */
typedef struct counter {
  size_t calls;
  size_t fail_call; /* 0: never */
  int failed;       /* the chosen call has happened */
  size_t outstanding;
} counter;

static void *counter_allocate(void *ctx, size_t bytes) {
  counter *c = ctx;
  c->calls++;
  if (c->calls == c->fail_call) {
    c->failed = 1;
    return NULL;
  }
  void *p = malloc(bytes);
  if (p != NULL) {
    c->outstanding++;
  }
  return p;
}

static void counter_free(void *ctx, void *ptr, size_t bytes) {
  counter *c = ctx;
  (void)bytes;
  assert(c->outstanding > 0);
  c->outstanding--;
  free(ptr);
}

typedef struct allocation {
  const unsigned char *p;
  size_t size;
  size_t iteration;
} allocation;

/* Everything one run needs; emit() works on it. */
typedef struct run {
  const workload_params *w;
  const simple_options *o;
  arena *a;
  counter c;
  simple_totals t;
  allocation *live;
  size_t live_count;
  size_t live_capacity;
  size_t i; /* the next request's iteration */
  size_t last_usage;
  int failed;
  simple_failure *failure;
} run;

/* Records the first failure (printf-style message at iteration `at_`); later
 * ones are dropped, so the report names the first. (A macro, not a variadic
 * function: clang-analyzer's va_list check misfires on those here.) */
#define SIMPLE_FAIL(run_, at_, ...)                                                            \
  do {                                                                                         \
    if (!(run_)->failed) {                                                                     \
      (run_)->failed = 1;                                                                      \
      (run_)->failure->iteration = (at_);                                                      \
      (void)snprintf((run_)->failure->message, sizeof((run_)->failure->message), __VA_ARGS__); \
    }                                                                                          \
  } while (0)

static void on_event(void *ctx, const arena_event *e) {
  run *r = ctx;
  if (e->kind == ARENA_EVENT_NEW_BLOCK) {
    r->t.blocks_standard++;
  } else if (e->kind == ARENA_EVENT_DEDICATED_BLOCK) {
    r->t.blocks_dedicated++;
    r->t.dedicated_bytes += e->block_bytes;
  }
}

/* The arena's observable state: usage and where the next request lands. */
typedef struct snapshot {
  size_t usage;
  const char *next;
  size_t remaining;
  size_t blocks;
} snapshot;

static snapshot snap(const arena *a) {
  snapshot s = {arena_memory_usage(a), a->alloc_ptr,
                (size_t)((uintptr_t)a->alloc_end - (uintptr_t)a->alloc_ptr), a->block_count};
  return s;
}

static int same(snapshot x, snapshot y) {
  return x.usage == y.usage && x.next == y.next && x.remaining == y.remaining &&
         x.blocks == y.blocks;
}

static int remember(run *r, const void *p, size_t size) {
  if (r->live_count == r->live_capacity) {
    size_t capacity = r->live_capacity == 0 ? 1024 : r->live_capacity * 2;
    allocation *grown = realloc(r->live, capacity * sizeof *grown);
    if (grown == NULL) {
      return 0;
    }
    r->live = grown;
    r->live_capacity = capacity;
  }
  allocation *slot = &r->live[r->live_count++];
  slot->p = p;
  slot->size = size;
  slot->iteration = r->i;
  return 1;
}

static void verify_patterns(run *r, size_t iteration);

/* The caller's per-request hook, if any. */
static void step(const run *r, size_t i) {
  if (r->o->hooks != NULL && r->o->hooks->step != NULL) {
    r->o->hooks->step(r->o->hooks->ctx, i);
  }
}

/* One request of the workload, with LevelDB's per-iteration checks. */
static void emit(void *ctx, int aligned, size_t size) {
  run *r = ctx;
  size_t i = r->i;
  if (r->failed) {
    r->i++;
    return;
  }
  if (i < SIMPLE_FIRST) {
    r->t.first_size[i] = size;
    r->t.first_aligned[i] = aligned;
  }
  r->t.requests++;
  r->t.aligned += aligned ? 1U : 0U;
  int failed_before = r->c.failed;
  snapshot before = snap(r->a);
  unsigned char *p = aligned ? arena_allocate_aligned(r->a, size) : arena_allocate(r->a, size);
  if (r->c.failed && !failed_before) {
    /* This request met the injected failure: NULL, and nothing changed. */
    if (p != NULL) {
      SIMPLE_FAIL(r, i, "allocator call %zu failed but the request got memory", r->c.fail_call);
    } else if (!same(before, snap(r->a))) {
      SIMPLE_FAIL(r, i, "a NULL result changed the arena (usage %zu -> %zu)", before.usage,
                  arena_memory_usage(r->a));
    }
    r->t.nulls++;
    r->t.null_bytes += size;
    verify_patterns(r, i); /* every earlier allocation kept its bytes */
    step(r, i);
    r->i++;
    return;
  }
  if (p == NULL) {
    SIMPLE_FAIL(r, i, "%s %zu returned NULL", aligned ? "aligned" : "allocate", size);
    r->i++;
    return;
  }
  if (aligned && (uintptr_t)p % ARENA_ALIGNMENT != 0) {
    SIMPLE_FAIL(r, i, "aligned %zu returned %p, not a multiple of %zu", size, (void *)p,
                (size_t)ARENA_ALIGNMENT);
  }
  memset(p, (int)(i % 256), size);
  if (!remember(r, p, size)) {
    SIMPLE_FAIL(r, i, "out of memory recording allocations");
  }
  r->t.bytes += size;
  size_t usage = arena_memory_usage(r->a);
  if (usage < r->t.bytes) {
    SIMPLE_FAIL(r, i, "usage %zu < bytes %zu", usage, r->t.bytes);
  }
  if (usage < r->last_usage) {
    SIMPLE_FAIL(r, i, "usage went down: %zu -> %zu", r->last_usage, usage);
  }
  r->last_usage = usage;
  step(r, i);
  if (i > r->w->iterations / 10) {
    double ratio = (double)usage / (double)r->t.bytes;
    if (ratio > r->t.worst_ratio) {
      r->t.worst_ratio = ratio;
    }
    if (r->o->check_ratio && (double)usage > (double)r->t.bytes * SIMPLE_MAX_RATIO) {
      SIMPLE_FAIL(r, i, "usage %zu > 1.10 x bytes %zu", usage, r->t.bytes);
    }
  }
  r->i++;
}

/* Every allocation so far still holds its pattern; a mismatch is reported
 * at `iteration`. */
static void verify_patterns(run *r, size_t iteration) {
  for (size_t k = 0; k < r->live_count && !r->failed; k++) {
    const allocation *x = &r->live[k];
    unsigned char want = (unsigned char)(x->iteration % 256);
    for (size_t b = 0; b < x->size; b++) {
      if (x->p[b] != want) {
        SIMPLE_FAIL(r, iteration, "allocation of iteration %zu, byte %zu: %u, expected %u",
                    x->iteration, b, (unsigned)x->p[b], (unsigned)want);
        break;
      }
    }
  }
}

int simple_is_leveldb(const workload_params *w) {
  return w->iterations == 100000 && (w->block_size == 0 || w->block_size == 4096) &&
         w->aligned_one_in == 10;
}

int simple_run(const workload_params *w, const simple_options *options, simple_totals *totals,
               simple_failure *failure) {
  assert(w != NULL && failure != NULL);
  static const simple_options defaults = {0, 0, NULL};
  run r;
  memset(&r, 0, sizeof r);
  memset(failure, 0, sizeof *failure);
  r.w = w;
  r.o = options != NULL ? options : &defaults;
  r.failure = failure;
  r.c.fail_call = r.o->fail_call;
  arena_options ao;
  memset(&ao, 0, sizeof ao);
  ao.block_size = w->block_size;
  ao.allocator.allocate = counter_allocate;
  ao.allocator.free = counter_free;
  ao.allocator.ctx = &r.c;
  ao.on_event = on_event;
  ao.event_ctx = &r;
  r.a = arena_create_with(&ao);
  if (r.a == NULL && r.c.failed && r.c.outstanding == 0) {
    /* arena_create's own call was the one to fail: cleanly; try again. */
    r.a = arena_create_with(&ao);
  }
  if (r.a == NULL) {
    SIMPLE_FAIL(&r, 0, "arena_create_with failed (block size %zu)", w->block_size);
    free(r.live);
    return 0;
  }
  const simple_hooks *hooks = r.o->hooks;
  if (hooks != NULL && hooks->begin != NULL) {
    hooks->begin(hooks->ctx, r.a);
  }
  workload_generate(w, emit, &r);
  verify_patterns(&r, w->iterations);
  r.t.final_usage = arena_memory_usage(r.a);
  if (hooks != NULL && hooks->end != NULL) {
    hooks->end(hooks->ctx, r.a);
  }
  arena_destroy(r.a);
  r.t.allocator_calls = r.c.calls;
  if (r.c.outstanding != 0) {
    SIMPLE_FAIL(&r, w->iterations, "%zu allocator blocks still outstanding after destroy",
                r.c.outstanding);
  }
  free(r.live);
  if (totals != NULL) {
    *totals = r.t;
  }
  return !r.failed;
}

const char *simple_generator_name(workload_generator g) {
  return g == WORKLOAD_PARK_MILLER ? "park-miller" : "lcg";
}

void simple_print_replay(FILE *f, const workload_params *w, size_t fail_call) {
  (void)fprintf(f,
                "replay: bazel run //verify:replay -- --generator=%s --seed=%llu "
                "--iterations=%zu --block-size=%zu --aligned-one-in=%u",
                simple_generator_name(w->generator), (unsigned long long)w->seed, w->iterations,
                w->block_size == 0 ? ARENA_DEFAULT_BLOCK_SIZE : w->block_size,
                (unsigned)w->aligned_one_in);
  if (fail_call != 0) {
    (void)fprintf(f, " --fail-call=%zu", fail_call);
  }
  (void)fprintf(f, "\n");
}

void simple_report(FILE *f, const workload_params *w, size_t fail_call,
                   const simple_failure *failure) {
  (void)fprintf(f, "FAILED: generator=%s seed=%llu iteration=%zu: %s\n",
                simple_generator_name(w->generator), (unsigned long long)w->seed,
                failure->iteration, failure->message);
  simple_print_replay(f, w, fail_call);
}
