/* arena_test: the reference's golden cases, every NULL case (with the arena
 * proved unchanged), options, events and destroy, on the real arena. */
#include <stdint.h>
#include <string.h>

#include "arena/arena.h"
#include "verify/expect.h"

/* Counts slow-path events. */
typedef struct events {
  int count[4];
  arena_event last;
} events;

static void on_event(void *ctx, const arena_event *e) {
  events *ev = ctx;
  ev->count[e->kind]++;
  ev->last = *e;
}

static arena *make(events *ev) {
  arena_options o;
  memset(&o, 0, sizeof o);
  o.on_event = on_event;
  o.event_ctx = ev;
  memset(ev, 0, sizeof *ev);
  arena *a = arena_create_with(&o);
  EXPECT_NOT_NULL(a);
  return a;
}

/* What an allocation did: which path, and its offset from the block start. */
enum path { FAST, NEW_BLOCK, DEDICATED, REFUSED };

typedef struct step {
  char op; /* 'a' allocate, 'g' aligned */
  size_t bytes;
  enum path path;
  size_t offset;
  size_t usage;
} step;

static void run_steps(const step *steps, size_t n) {
  events ev;
  arena *a = make(&ev);
  char *block = NULL;
  for (size_t i = 0; i < n; i++) {
    int before[4];
    memcpy(before, ev.count, sizeof before);
    char *p = steps[i].op == 'g' ? arena_allocate_aligned(a, steps[i].bytes)
                                 : arena_allocate(a, steps[i].bytes);
    enum path path = FAST;
    if (ev.count[ARENA_EVENT_NEW_BLOCK] != before[ARENA_EVENT_NEW_BLOCK]) path = NEW_BLOCK;
    if (ev.count[ARENA_EVENT_DEDICATED_BLOCK] != before[ARENA_EVENT_DEDICATED_BLOCK])
      path = DEDICATED;
    if (p == NULL) path = REFUSED;
    if (path != steps[i].path) {
      fprintf(stderr, "step %zu (%c %zu): path %d, expected %d\n", i, steps[i].op, steps[i].bytes,
              (int)path, (int)steps[i].path);
      abort();
    }
    if (path == NEW_BLOCK) block = p;
    if (path == NEW_BLOCK || path == FAST) {
      EXPECT_NOT_NULL(block);
      EXPECT_EQ_U((uintptr_t)(p - block), steps[i].offset);
      memset(p, 0xA5, steps[i].bytes);
    }
    if (steps[i].op == 'g' && p != NULL) EXPECT_EQ_U((uintptr_t)p % ARENA_ALIGNMENT, 0);
    EXPECT_EQ_U(arena_memory_usage(a), steps[i].usage);
  }
  arena_destroy(a);
}

static void golden_allocate_one_five_times(void) {
  const step s[] = {{'a', 1, NEW_BLOCK, 0, 4104},
                    {'a', 1, FAST, 1, 4104},
                    {'a', 1, FAST, 2, 4104},
                    {'a', 1, FAST, 3, 4104},
                    {'a', 1, FAST, 4, 4104}};
  run_steps(s, sizeof s / sizeof s[0]);
}

static void golden_dedicated_1025(void) {
  const step s[] = {{'a', 1025, DEDICATED, 0, 1033}};
  run_steps(s, 1);
}

static void golden_1024_opens_block(void) {
  const step s[] = {
      {'a', 1024, NEW_BLOCK, 0, 4104}, {'a', 3072, FAST, 1024, 4104}, {'a', 1, NEW_BLOCK, 0, 8208}};
  run_steps(s, sizeof s / sizeof s[0]);
}

static void golden_4096_dedicated_then_new_block(void) {
  const step s[] = {{'a', 4096, DEDICATED, 0, 4104}, {'a', 1, NEW_BLOCK, 0, 8208}};
  run_steps(s, sizeof s / sizeof s[0]);
}

static void golden_aligned_slop(void) {
  /* g 1, a 3, g 8: offsets 0, 1, 8 (slop 4); then exactly 4080 bytes remain. */
  const step s[] = {{'g', 1, NEW_BLOCK, 0, 4104},
                    {'a', 3, FAST, 1, 4104},
                    {'g', 8, FAST, 8, 4104},
                    {'a', 4080, FAST, 16, 4104},
                    {'a', 1, NEW_BLOCK, 0, 8208}};
  run_steps(s, sizeof s / sizeof s[0]);
}

static void golden_thousands(int alternate) {
  step s[10];
  const size_t offsets[10] = {0, 1000, 2000, 3000, 0, 1000, 2000, 3000, 0, 1000};
  for (size_t i = 0; i < 10; i++) {
    s[i].op = (alternate && i % 2 == 1) ? 'g' : 'a';
    s[i].bytes = 1000;
    s[i].offset = offsets[i];
    s[i].path = offsets[i] == 0 ? NEW_BLOCK : FAST;
    s[i].usage = i < 4 ? 4104 : (i < 8 ? 8208 : 12312);
  }
  run_steps(s, 10);
}

static void golden_thousands_plain(void) { golden_thousands(0); }
static void golden_thousands_alternating(void) { golden_thousands(1); }

/* The observable state: usage, and where the next allocation would land. */
typedef struct snapshot {
  size_t usage;
  char *next;
  size_t remaining;
  size_t blocks;
} snapshot;

static snapshot snap(const arena *a) {
  snapshot s = {arena_memory_usage(a), a->alloc_ptr,
                (size_t)((uintptr_t)a->alloc_end - (uintptr_t)a->alloc_ptr), a->block_count};
  return s;
}

static void expect_same(snapshot x, snapshot y) {
  EXPECT_EQ_U(x.usage, y.usage);
  EXPECT_TRUE(x.next == y.next);
  EXPECT_EQ_U(x.remaining, y.remaining);
  EXPECT_EQ_U(x.blocks, y.blocks);
}

static const size_t impossible[] = {
    SIZE_MAX,         SIZE_MAX - 1,    SIZE_MAX - 7,
    SIZE_MAX - 8,     SIZE_MAX - 4096, (size_t)PTRDIFF_MAX + 1,
    SIZE_MAX / 2 + 2,
};

/* 0 and impossible sizes give NULL and change nothing, on a fresh arena, on
 * one mid-block and at every slop. */
static void null_cases_leave_arena_unchanged(void) {
  for (size_t prefix = 0; prefix < 10; prefix++) {
    events ev;
    arena *a = make(&ev);
    for (size_t i = 0; i < prefix; i++) EXPECT_NOT_NULL(arena_allocate(a, 1));
    snapshot before = snap(a);
    EXPECT_NULL(arena_allocate(a, 0));
    EXPECT_NULL(arena_allocate_aligned(a, 0));
    for (size_t i = 0; i < sizeof impossible / sizeof impossible[0]; i++) {
      EXPECT_NULL(arena_allocate(a, impossible[i]));
      expect_same(before, snap(a));
      EXPECT_NULL(arena_allocate_aligned(a, impossible[i]));
      expect_same(before, snap(a));
    }
    EXPECT_EQ_U(ev.count[ARENA_EVENT_REFUSED], 2 + 2 * (sizeof impossible / sizeof impossible[0]));
    /* The next allocation lands exactly where it would have. */
    char *p = arena_allocate(a, 1);
    if (prefix > 0) EXPECT_TRUE(p == before.next);
    arena_destroy(a);
  }
}

/* LevelDB's wrap: after Allocate(1), AllocateAligned(SIZE_MAX) must not take
 * the fast path, and the next Allocate(1) lands at offset 1. */
static void leveldb_aligned_wrap_is_refused(void) {
  events ev;
  arena *a = make(&ev);
  char *first = arena_allocate(a, 1);
  EXPECT_NOT_NULL(first);
  for (size_t k = 0; k < 16; k++) EXPECT_NULL(arena_allocate_aligned(a, SIZE_MAX - k));
  EXPECT_TRUE(arena_allocate(a, 1) == first + 1);
  EXPECT_EQ_U(arena_memory_usage(a), 4104);
  arena_destroy(a);
}

/* An allocator that fails on demand and counts what is outstanding. */
typedef struct test_allocator {
  int fail_next;
  size_t misalign_in; /* misalign the result of the n-th next call (0: none) */
  size_t misalign_by; /* ... by this many bytes (1 to 7) */
  size_t outstanding;
  size_t calls;
  size_t bad_frees; /* frees of a size other than the one allocated */
} test_allocator;

static void *t_allocate(void *ctx, size_t n) {
  test_allocator *t = ctx;
  t->calls++;
  if (t->fail_next) {
    t->fail_next = 0;
    return NULL;
  }
  /* The size is stored before the memory handed out, to check frees. */
  char *p = malloc(n + 32);
  if (p == NULL) return NULL;
  memcpy(p, &n, sizeof n);
  t->outstanding++;
  if (t->misalign_in != 0 && --t->misalign_in == 0) {
    return p + 16 + t->misalign_by; /* freed from its 16-byte boundary below */
  }
  return p + 16;
}

static void t_free(void *ctx, void *p, size_t n) {
  test_allocator *t = ctx;
  t->outstanding--;
  uintptr_t u = (uintptr_t)p;
  char *base = (char *)(u - (u % 16)) - 16;
  size_t allocated;
  memcpy(&allocated, base, sizeof allocated);
  if (allocated != n) t->bad_frees++;
  free(base);
}

static arena *make_with(test_allocator *t, events *ev, size_t block_size) {
  arena_options o;
  memset(&o, 0, sizeof o);
  memset(t, 0, sizeof *t);
  memset(ev, 0, sizeof *ev);
  o.block_size = block_size;
  o.allocator.allocate = t_allocate;
  o.allocator.free = t_free;
  o.allocator.ctx = t;
  o.on_event = on_event;
  o.event_ctx = ev;
  arena *a = arena_create_with(&o);
  EXPECT_NOT_NULL(a);
  return a;
}

/* A failed block, or one misaligned by any offset from 1 to 7, gives NULL and
 * changes nothing; the arena goes on afterwards and destroy returns every block. */
static void failed_block_leaves_arena_unchanged(void) {
  const size_t sizes[] = {1, 8, 1024, 1025, 4096, 100000};
  for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
    for (size_t misalign = 0; misalign < ARENA_ALIGNMENT; misalign++) {
      test_allocator t;
      events ev;
      arena *a = make_with(&t, &ev, 0);
      char *p = arena_allocate(a, 3000);
      EXPECT_NOT_NULL(p);
      memset(p, 7, 3000);
      snapshot before = snap(a);
      if (misalign != 0) {
        t.misalign_in = 1;
        t.misalign_by = misalign;
      } else {
        t.fail_next = 1;
      }
      size_t want = sizes[s];
      size_t outstanding = t.outstanding;
      EXPECT_NULL(want % 2 ? arena_allocate(a, want) : arena_allocate_aligned(a, want));
      expect_same(before, snap(a));
      EXPECT_EQ_U(t.outstanding, outstanding);
      EXPECT_EQ_U(ev.count[ARENA_EVENT_BLOCK_FAILED], 1);
      /* The same request now succeeds. */
      EXPECT_NOT_NULL(want % 2 ? arena_allocate(a, want) : arena_allocate_aligned(a, want));
      for (size_t i = 0; i < 3000; i++) EXPECT_EQ_U((unsigned char)p[i], 7);
      arena_destroy(a);
      EXPECT_EQ_U(t.outstanding, 0);
      EXPECT_EQ_U(t.bad_frees, 0);
    }
  }
}

/* The arena's own records come from the allocator too: a misaligned struct
 * makes arena_create_with fail (and is freed), a misaligned block-record chunk
 * fails the allocation that needed it, with the arena unchanged. */
static void misaligned_records_are_refused(void) {
  for (size_t misalign = 1; misalign < ARENA_ALIGNMENT; misalign++) {
    test_allocator t;
    memset(&t, 0, sizeof t);
    t.misalign_in = 1;
    t.misalign_by = misalign;
    arena_options o;
    memset(&o, 0, sizeof o);
    o.allocator.allocate = t_allocate;
    o.allocator.free = t_free;
    o.allocator.ctx = &t;
    EXPECT_NULL(arena_create_with(&o));
    EXPECT_EQ_U(t.calls, 1);
    EXPECT_EQ_U(t.outstanding, 0);
    EXPECT_EQ_U(t.bad_frees, 0);

    /* The first chunk: the first block's record needs it. */
    events ev;
    arena *a = make_with(&t, &ev, 0);
    snapshot before = snap(a);
    t.misalign_in = 1; /* the chunk is asked for before the block */
    t.misalign_by = misalign;
    EXPECT_NULL(misalign % 2 ? arena_allocate(a, 10) : arena_allocate_aligned(a, 10));
    expect_same(before, snap(a));
    EXPECT_EQ_U(t.outstanding, 1); /* the arena itself */
    EXPECT_EQ_U(ev.count[ARENA_EVENT_BLOCK_FAILED], 1);
    EXPECT_NOT_NULL(arena_allocate(a, 10));

    /* A later chunk: the first holds ARENA_CHUNK_ENTRIES records. */
    for (size_t i = 1; i < ARENA_CHUNK_ENTRIES; i++) EXPECT_NOT_NULL(arena_allocate(a, 2000));
    char *last = arena_allocate(a, 1);
    EXPECT_NOT_NULL(last);
    before = snap(a);
    size_t outstanding = t.outstanding;
    t.misalign_in = 1;
    t.misalign_by = misalign;
    EXPECT_NULL(arena_allocate(a, 2000));
    expect_same(before, snap(a));
    EXPECT_EQ_U(t.outstanding, outstanding);
    EXPECT_EQ_U(ev.count[ARENA_EVENT_BLOCK_FAILED], 2);
    EXPECT_TRUE(arena_allocate(a, 1) == last + 1);
    EXPECT_NOT_NULL(arena_allocate(a, 2000));
    arena_destroy(a);
    EXPECT_EQ_U(t.outstanding, 0);
    EXPECT_EQ_U(t.bad_frees, 0);
  }
}

static void custom_block_size(void) {
  test_allocator t;
  events ev;
  arena *a = make_with(&t, &ev, 64);
  EXPECT_NOT_NULL(arena_allocate(a, 16)); /* 16 <= 64/4: new block */
  EXPECT_EQ_U(arena_memory_usage(a), 72);
  EXPECT_NOT_NULL(arena_allocate(a, 17)); /* fits: 48 remain */
  EXPECT_NOT_NULL(arena_allocate(a, 40)); /* 31 remain; 40 > 16: dedicated */
  EXPECT_EQ_U(ev.count[ARENA_EVENT_DEDICATED_BLOCK], 1);
  EXPECT_EQ_U(arena_memory_usage(a), 72 + 48);
  arena_destroy(a);
  EXPECT_EQ_U(t.outstanding, 0);
}

static void invalid_options_are_refused(void) {
  arena_options o;
  const size_t bad_sizes[] = {1, 7, 12, 16, 24, 33, 4097, ARENA_MAX_BLOCK_SIZE + 8, SIZE_MAX};
  for (size_t i = 0; i < sizeof bad_sizes / sizeof bad_sizes[0]; i++) {
    memset(&o, 0, sizeof o);
    o.block_size = bad_sizes[i];
    EXPECT_NULL(arena_create_with(&o));
  }
  memset(&o, 0, sizeof o);
  o.allocator.allocate = t_allocate;
  EXPECT_NULL(arena_create_with(&o));
  memset(&o, 0, sizeof o);
  o.allocator.free = t_free;
  EXPECT_NULL(arena_create_with(&o));
  /* The creation itself may fail cleanly. */
  test_allocator t;
  memset(&t, 0, sizeof t);
  t.fail_next = 1;
  memset(&o, 0, sizeof o);
  o.allocator.allocate = t_allocate;
  o.allocator.free = t_free;
  o.allocator.ctx = &t;
  EXPECT_NULL(arena_create_with(&o));
  EXPECT_EQ_U(t.outstanding, 0);
}

static void destroy_empty_and_null(void) {
  arena_destroy(NULL);
  arena *a = arena_create();
  EXPECT_NOT_NULL(a);
  EXPECT_EQ_U(arena_memory_usage(a), 0);
  arena_destroy(a);
  arena *b = arena_create_with(NULL);
  EXPECT_NOT_NULL(b);
  EXPECT_EQ_U(b->block_size, ARENA_DEFAULT_BLOCK_SIZE);
  arena_destroy(b);
}

static void many_blocks_grow_the_block_list(void) {
  test_allocator t;
  events ev;
  arena *a = make_with(&t, &ev, 0);
  size_t expected = 0;
  for (size_t i = 0; i < 1000; i++) {
    char *p = arena_allocate(a, 2000 + i % 3);
    EXPECT_NOT_NULL(p);
    p[0] = 1;
    expected += 2000 + i % 3 + 8;
  }
  EXPECT_EQ_U(arena_memory_usage(a), expected);
  EXPECT_EQ_U(ev.count[ARENA_EVENT_DEDICATED_BLOCK], 1000);
  arena_destroy(a);
  EXPECT_EQ_U(t.outstanding, 0);
}

static void alignment_holds_for_every_size(void) {
  arena *a = arena_create();
  EXPECT_NOT_NULL(a);
  for (size_t i = 1; i < 3000; i++) {
    EXPECT_NOT_NULL(arena_allocate(a, i % 13 + 1));
    char *p = arena_allocate_aligned(a, i % 37 + 1);
    EXPECT_NOT_NULL(p);
    EXPECT_EQ_U((uintptr_t)p % ARENA_ALIGNMENT, 0);
  }
  arena_destroy(a);
}

/* The default allocator (malloc) and requests no machine can hold: each is a
 * failed block, so NULL with nothing changed, under every configuration the
 * project tests with (the sanitizers' malloc returns NULL instead of aborting
 * because .bazelrc sets allocator_may_return_null=1). 2^48 is above any
 * x86-64 user address space with 4-level paging, so malloc must fail. */
static void default_allocator_huge_requests_fail(void) {
  arena *a = arena_create();
  EXPECT_NOT_NULL(a);
  char *first = arena_allocate(a, 1);
  EXPECT_NOT_NULL(first);
  const size_t huge[] = {ARENA_MAX_REQUEST, ARENA_MAX_REQUEST - 7, (size_t)1 << 62,
                         (size_t)1 << 48};
  for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
    EXPECT_NULL(arena_allocate(a, huge[i]));
    EXPECT_NULL(arena_allocate_aligned(a, huge[i]));
    EXPECT_EQ_U(arena_memory_usage(a), 4104);
  }
  EXPECT_TRUE(arena_allocate(a, 1) == first + 1);
  arena_destroy(a);
}

int main(void) {
  RUN_TEST(golden_allocate_one_five_times);
  RUN_TEST(golden_dedicated_1025);
  RUN_TEST(golden_1024_opens_block);
  RUN_TEST(golden_4096_dedicated_then_new_block);
  RUN_TEST(golden_aligned_slop);
  RUN_TEST(golden_thousands_plain);
  RUN_TEST(golden_thousands_alternating);
  RUN_TEST(null_cases_leave_arena_unchanged);
  RUN_TEST(leveldb_aligned_wrap_is_refused);
  RUN_TEST(failed_block_leaves_arena_unchanged);
  RUN_TEST(misaligned_records_are_refused);
  RUN_TEST(custom_block_size);
  RUN_TEST(invalid_options_are_refused);
  RUN_TEST(destroy_empty_and_null);
  RUN_TEST(many_blocks_grow_the_block_list);
  RUN_TEST(alignment_holds_for_every_size);
  RUN_TEST(default_allocator_huge_requests_fail);
  return 0;
}
