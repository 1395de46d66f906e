/* thread_test: one thread allocates (ArenaTest.Simple) while others read
 * memory usage all the time: every read is monotonic and the final value exact. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>

#include "verify/expect.h"
#include "verify/simple.h"

#define READERS 2
/* The allocating thread waits for every reader to read again this often,
 * so the reads really interleave with the allocations. */
#define HANDSHAKE_EVERY 512

typedef struct reader {
  pthread_t thread;
  const arena *a;
  atomic_int *stop;
  atomic_size_t reads;
  size_t last;      /* the last value read (after stop: the final read) */
  size_t backwards; /* reads smaller than the one before */
  size_t changes;   /* reads that differed from the one before */
} reader;

static void *read_usage(void *arg) {
  reader *r = arg;
  size_t prev = 0;
  for (;;) {
    int stop = atomic_load_explicit(r->stop, memory_order_acquire);
    size_t usage = arena_memory_usage(r->a);
    if (usage < prev) r->backwards++;
    if (usage != prev) r->changes++;
    prev = usage;
    atomic_fetch_add_explicit(&r->reads, 1, memory_order_release);
    if (stop) break; /* this read came after the writer's last allocation */
    sched_yield();   /* two cores: leave the writer room */
  }
  r->last = prev;
  return NULL;
}

typedef struct crowd {
  reader readers[READERS];
  atomic_int stop;
  size_t seen[READERS]; /* reads at the last handshake */
  size_t requests;
  simple_hooks hooks;
} crowd;

static void start(void *ctx, const arena *a) {
  crowd *c = ctx;
  atomic_init(&c->stop, 0);
  for (int i = 0; i < READERS; i++) {
    reader *r = &c->readers[i];
    r->a = a;
    r->stop = &c->stop;
    atomic_init(&r->reads, 0);
    r->last = r->backwards = r->changes = 0;
    c->seen[i] = 0;
    EXPECT_EQ_U(pthread_create(&r->thread, NULL, read_usage, r), 0);
  }
}

/* Waits until every reader has read at least once since the last call. */
static void handshake(crowd *c) {
  for (int i = 0; i < READERS; i++) {
    size_t now;
    while ((now = atomic_load_explicit(&c->readers[i].reads, memory_order_acquire)) == c->seen[i]) {
      sched_yield();
    }
    c->seen[i] = now;
  }
}

static void finish(void *ctx, const arena *a) {
  crowd *c = ctx;
  (void)a;
  atomic_store_explicit(&c->stop, 1, memory_order_release);
  for (int i = 0; i < READERS; i++) EXPECT_EQ_U(pthread_join(c->readers[i].thread, NULL), 0);
}

static void step(void *ctx, size_t iteration) {
  crowd *c = ctx;
  c->requests++;
  if (iteration % HANDSHAKE_EVERY == 0) handshake(c);
}

static void allocate_while_reading(workload_generator g, size_t want_usage) {
  workload_params w = workload_simple(g, 301);
  crowd c;
  memset(&c, 0, sizeof c);
  c.hooks.begin = start;
  c.hooks.step = step;
  c.hooks.end = finish;
  c.hooks.ctx = &c;
  simple_options o;
  memset(&o, 0, sizeof o);
  o.check_ratio = 1;
  o.hooks = &c.hooks;
  simple_totals t;
  simple_failure f;
  if (!simple_run(&w, &o, &t, &f)) {
    simple_report(stderr, &w, 0, &f);
    abort();
  }
  EXPECT_EQ_U(c.requests, w.iterations);
  EXPECT_EQ_U(t.final_usage, want_usage);
  size_t reads = 0, changes = 0;
  for (int i = 0; i < READERS; i++) {
    const reader *r = &c.readers[i];
    EXPECT_EQ_U(r->backwards, 0);
    EXPECT_EQ_U(r->last, want_usage);
    reads += atomic_load(&r->reads);
    changes += r->changes;
  }
  /* Each handshake needs a fresh read from every reader. */
  EXPECT_TRUE(reads >= READERS * (w.iterations / HANDSHAKE_EVERY));
  fprintf(stderr, "  %s(301): %d readers, %zu reads, %zu changes seen, final usage %zu\n",
          simple_generator_name(g), READERS, reads, changes, t.final_usage);
}

static void lcg_301(void) { allocate_while_reading(WORKLOAD_LCG, 1930262); }
static void park_miller_301(void) { allocate_while_reading(WORKLOAD_PARK_MILLER, 1922353); }

int main(void) {
  RUN_TEST(lcg_301);
  RUN_TEST(park_miller_301);
  return 0;
}
