/* usage_overflow_test: memory usage near SIZE_MAX. The arena refuses every
 * block its usage counter could not count, and usage never wraps. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena/arena.h"
#include "verify/expect.h"

/* Requests above this are lies (a static buffer) when the fixture lies, or
 * fail; below it, malloc. */
#define PRETEND_ABOVE ((size_t)1 << 24)

/* A lie needs an arena that does not poison: a poisoning arena (ASan,
 * Valgrind) writes shadow memory for every block it gets, and a pretend block
 * of 2^63 bytes has none. So this test links //verify:arena_untracked, the
 * arena's own source compiled without ASan instrumentation and without
 * Valgrind requests (so it never poisons), in every configuration; the test
 * itself keeps every sanitizer. Every case runs everywhere: nothing here can
 * skip. If a poisoning arena were linked, the pretend cases would crash. */
#if ARENA_TRACK_POISONS && !defined(VERIFY_ARENA_UNTRACKED)
#error "link //verify:arena_untracked (the arena built without poisoning)"
#endif

static _Alignas(16) char g_pretend[64];

typedef struct pretender {
  int lies; /* 0: requests above PRETEND_ABOVE fail, as a truthful allocator's would */
  size_t calls;
  size_t pretend; /* pretend blocks out */
  size_t real;    /* malloc'ed allocations out */
  size_t bad_frees;
} pretender;

static void *pretend_allocate(void *ctx, size_t bytes) {
  pretender *p = ctx;
  p->calls++;
  if (bytes > PRETEND_ABOVE) {
    if (!p->lies) {
      return NULL;
    }
    p->pretend++;
    return g_pretend;
  }
  void *mem = malloc(bytes);
  if (mem != NULL) {
    p->real++;
  }
  return mem;
}

static void pretend_free(void *ctx, void *ptr, size_t bytes) {
  pretender *p = ctx;
  if (ptr == (void *)g_pretend) {
    if (p->pretend == 0 || bytes <= PRETEND_ABOVE) {
      p->bad_frees++;
    } else {
      p->pretend--;
    }
    return;
  }
  if (p->real == 0) {
    p->bad_frees++;
  } else {
    p->real--;
  }
  free(ptr);
}

typedef struct events {
  size_t count;
  arena_event last;
} events;

static void on_event(void *ctx, const arena_event *e) {
  events *ev = ctx;
  ev->count++;
  ev->last = *e;
}

typedef struct fixture {
  pretender alloc;
  events ev;
  arena *a;
} fixture;

static void setup_with(fixture *f, int lies) {
  memset(f, 0, sizeof *f);
  f->alloc.lies = lies;
  arena_options o;
  memset(&o, 0, sizeof o);
  o.allocator.allocate = pretend_allocate;
  o.allocator.free = pretend_free;
  o.allocator.ctx = &f->alloc;
  o.on_event = on_event;
  o.event_ctx = &f->ev;
  f->a = arena_create_with(&o);
  EXPECT_NOT_NULL(f->a);
}

static void setup(fixture *f) { setup_with(f, 1); }

static void teardown(fixture *f) {
  arena_destroy(f->a);
  EXPECT_EQ_U(f->alloc.pretend, 0);
  EXPECT_EQ_U(f->alloc.real, 0);
  EXPECT_EQ_U(f->alloc.bad_frees, 0);
}

/* One request that must be refused without touching anything. */
static void expect_refused(fixture *f, size_t bytes, int aligned) {
  size_t usage = arena_memory_usage(f->a);
  size_t calls = f->alloc.calls;
  size_t count = f->ev.count;
  void *p = aligned ? arena_allocate_aligned(f->a, bytes) : arena_allocate(f->a, bytes);
  EXPECT_NULL(p);
  EXPECT_EQ_U(arena_memory_usage(f->a), usage);
  EXPECT_EQ_U(f->alloc.calls, calls);
  EXPECT_EQ_U(f->ev.count, count + 1);
  EXPECT_EQ_U(f->ev.last.kind, ARENA_EVENT_REFUSED);
  EXPECT_EQ_U(f->ev.last.request, bytes);
  EXPECT_EQ_U(f->ev.last.aligned, aligned);
  EXPECT_EQ_U(f->ev.last.block_bytes, 0);
}

/* One dedicated request that must get a pretend block. */
static void expect_pretend(fixture *f, size_t bytes) {
  size_t usage = arena_memory_usage(f->a);
  void *p = arena_allocate(f->a, bytes);
  EXPECT_TRUE(p == (void *)g_pretend);
  EXPECT_EQ_U(f->ev.last.kind, ARENA_EVENT_DEDICATED_BLOCK);
  EXPECT_EQ_U(f->ev.last.block_bytes, bytes);
  EXPECT_EQ_U(arena_memory_usage(f->a), usage + bytes + ARENA_BLOCK_OVERHEAD);
}

/* The largest block usage can still count. */
static size_t room(const fixture *f) {
  return SIZE_MAX - ARENA_BLOCK_OVERHEAD - arena_memory_usage(f->a);
}

/* The largest request is granted once; the second is refused because usage
 * could not count it (2 * (PTRDIFF_MAX + 8) > SIZE_MAX), not by the allocator. */
static void test_max_request_twice(void) {
  fixture f;
  setup(&f);
  expect_pretend(&f, ARENA_MAX_REQUEST);
  EXPECT_TRUE(room(&f) < ARENA_MAX_REQUEST);
  expect_refused(&f, ARENA_MAX_REQUEST, 0);
  expect_refused(&f, ARENA_MAX_REQUEST, 1);
  expect_refused(&f, room(&f) + 1, 0);
  teardown(&f);
}

/* Usage filled to exactly SIZE_MAX: every block is refused, usage stays. */
static void test_usage_at_size_max(void) {
  fixture f;
  setup(&f);
  expect_pretend(&f, ARENA_MAX_REQUEST);
  expect_pretend(&f, room(&f));
  EXPECT_EQ_U(arena_memory_usage(f.a), SIZE_MAX);
  expect_refused(&f, 1, 0);
  expect_refused(&f, 1, 1);
  expect_refused(&f, ARENA_DEFAULT_BLOCK_SIZE, 0);
  expect_refused(&f, ARENA_MAX_REQUEST, 0);
  teardown(&f);
}

/* Usage within the overhead of SIZE_MAX (where SIZE_MAX - overhead - usage
 * would wrap): still refused, and usage never goes down. */
static void test_usage_within_overhead(void) {
  for (size_t gap = 1; gap < ARENA_BLOCK_OVERHEAD; gap++) {
    fixture f;
    setup(&f);
    expect_pretend(&f, ARENA_MAX_REQUEST);
    expect_pretend(&f, room(&f) - gap);
    EXPECT_EQ_U(arena_memory_usage(f.a), SIZE_MAX - gap);
    expect_refused(&f, 1, 0);
    expect_refused(&f, 1, 1);
    expect_refused(&f, gap, 0);
    teardown(&f);
  }
}

/* With a current block, the fast path still serves what fits once usage is
 * full; only requests that need a block are refused. */
static void test_fast_path_when_full(void) {
  fixture f;
  setup(&f);
  char *first = arena_allocate(f.a, 1);
  EXPECT_NOT_NULL(first);
  EXPECT_EQ_U(f.ev.last.kind, ARENA_EVENT_NEW_BLOCK);
  expect_pretend(&f, ARENA_MAX_REQUEST);
  expect_pretend(&f, room(&f));
  EXPECT_EQ_U(arena_memory_usage(f.a), SIZE_MAX);
  size_t count = f.ev.count;
  char *next = arena_allocate(f.a, 7);
  EXPECT_TRUE(next == first + 1);
  char *aligned = arena_allocate_aligned(f.a, 8);
  EXPECT_TRUE(aligned == first + 8);
  EXPECT_EQ_U(f.ev.count, count); /* the fast path raises no event */
  expect_refused(&f, ARENA_DEFAULT_BLOCK_SIZE - 16 + 1, 0);
  char *last = arena_allocate(f.a, ARENA_DEFAULT_BLOCK_SIZE - 16);
  EXPECT_TRUE(last == first + 16);
  expect_refused(&f, 1, 0);
  teardown(&f);
}

/* What a truthful allocator allows: the largest request fails in the
 * allocator (BLOCK_FAILED), usage unchanged. */
static void test_truthful_allocator(void) {
  fixture f;
  setup_with(&f, 0);
  void *p = arena_allocate(f.a, ARENA_MAX_REQUEST + 1);
  EXPECT_NULL(p);
  EXPECT_EQ_U(f.ev.last.kind, ARENA_EVENT_REFUSED);
  p = arena_allocate(f.a, ARENA_MAX_REQUEST);
  EXPECT_NULL(p);
  EXPECT_EQ_U(f.ev.last.kind, ARENA_EVENT_BLOCK_FAILED);
  EXPECT_EQ_U(f.ev.last.block_bytes, ARENA_MAX_REQUEST);
  EXPECT_EQ_U(arena_memory_usage(f.a), 0);
  teardown(&f);
}

/* The usage guard at its exact edge, from both sides: a block that takes
 * usage to exactly SIZE_MAX is granted, one byte more is refused. */
static void test_guard_edge(void) {
  fixture f;
  setup(&f);
  expect_pretend(&f, ARENA_MAX_REQUEST);
  expect_refused(&f, room(&f) + 1, 0);
  expect_pretend(&f, room(&f));
  EXPECT_EQ_U(arena_memory_usage(f.a), SIZE_MAX);
  teardown(&f);
}

int main(void) {
  RUN_TEST(test_truthful_allocator);
  RUN_TEST(test_guard_edge);
  RUN_TEST(test_max_request_twice);
  RUN_TEST(test_usage_at_size_max);
  RUN_TEST(test_usage_within_overhead);
  RUN_TEST(test_fast_path_when_full);
  printf("usage_overflow_test: 6 of 6 cases ran, none skipped\n");
  return 0;
}
