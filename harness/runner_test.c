/* runner_test: the runner against a fake subject (our arena with one planted
 * bug at a time): a correct run passes with exact stats, each bug is caught
 * with its message; policy-free mode, observers, budgets, the abort path. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena/arena.h"
#include "harness/runner.h"
#include "harness/subject.h"
#include "harness/text.h"
#include "verify/expect.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#if !defined(TEST_ASAN) && defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#endif
#if defined(TEST_ASAN)
#include <sanitizer/asan_interface.h>
#endif

/* LeakSanitizer's hook, when it is linked in. */
extern void __lsan_ignore_object(const void *p) __attribute__((weak));

/* --- the fake subject --- */

typedef enum bug {
  BUG_NONE,
  BUG_USAGE_PLUS_ONE,   /* usage over-reported by one */
  BUG_OVERLAP,          /* the third allocation returns the second's pointer */
  BUG_MISALIGNED,       /* aligned requests are served unaligned */
  BUG_ZERO,             /* allocate(0) returns the current position */
  BUG_CORRUPT,          /* the third allocation call overwrites the first's byte 0 */
  BUG_NO_POISON,        /* the free part of the block is left unpoisoned */
  BUG_LEAK,             /* the first 4096-byte block is never freed */
  BUG_WRONG_FREE,       /* blocks freed with size - 1 */
  BUG_SPURIOUS_NULL,    /* the fourth allocation returns NULL */
  BUG_GAP,              /* fast requests skip a byte before the result */
  BUG_WRAP,             /* LevelDB's aligned wrap: aligned SIZE_MAX fits */
  BUG_FAULTS_IGNORED,   /* blocks come from malloc, not the given allocator */
  BUG_USAGE_ON_NULL,    /* a refused request bumps usage */
  BUG_CALLS_ON_REFUSAL, /* a 0-byte request calls the block allocator */
  BUG_NULL_NO_CALL,     /* the first request gets NULL without calling the allocator */
  BUG_USAGE_DOWN,       /* usage drops by one from the third request on */
  BUG_USAGE_TINY,       /* usage never exceeds 1 */
  BUG_USAGE_ON_READ,    /* every read of usage adds one */
  BUG_CREATE_FAILS,     /* subject_create returns NULL */
  BUG_SLOP_UNPOISONED,  /* the slop before an aligned result is left unpoisoned */
  BUG_BLOCK_OVERSIZED,  /* every allocation asks the allocator for 64 bytes more */
  /* Not a bug: LevelDB's policy, a request above PTRDIFF_MAX goes to the
   * allocator (which fails) before NULL comes back. */
  LEVELDB_IMPOSSIBLE_CALLS,
} bug;

static bug g_bug;
static subject_contract g_info = CONTRACT_LEVELDB("fake", "the runner test's fake", 1);

struct subject {
  arena *a;
  subject_options o;
  unsigned char *first, *second;
  size_t calls;
  int leaked;
  size_t extra_usage;
  size_t reads;
};

static void *fake_allocate(void *ctx, size_t n) {
  subject *s = ctx;
  return s->o.block_allocate(s->o.ctx, g_bug == BUG_BLOCK_OVERSIZED ? n + 64 : n);
}

static void fake_free(void *ctx, void *p, size_t n) {
  subject *s = ctx;
  if (g_bug == BUG_LEAK && !s->leaked && n == 4096) {
    s->leaked = 1;
    if (__lsan_ignore_object != NULL) __lsan_ignore_object(p);
    return;
  }
  s->o.block_free(s->o.ctx, p,
                  g_bug == BUG_WRONG_FREE        ? n - 1
                  : g_bug == BUG_BLOCK_OVERSIZED ? n + 64
                                                 : n);
}

const subject_contract *subject_describe(void) { return &g_info; }

subject *subject_create(const subject_options *options) {
  if (g_bug == BUG_CREATE_FAILS) return NULL;
  subject *s = calloc(1, sizeof *s);
  EXPECT_NOT_NULL(s);
  s->o = *options;
  arena_options ao = {options->block_size, {fake_allocate, fake_free, s}, NULL, NULL};
  if (g_bug == BUG_FAULTS_IGNORED) {
    ao.allocator.allocate = NULL;
    ao.allocator.free = NULL;
  }
  s->a = arena_create_with(&ao);
  EXPECT_NOT_NULL(s->a);
  return s;
}

static void unpoison(void *p, size_t n) {
#if defined(TEST_ASAN)
  ASAN_UNPOISON_MEMORY_REGION(p, n);
#else
  (void)p;
  (void)n;
#endif
}

static void unpoison_rest(subject *s) {
#if defined(TEST_ASAN)
  if (s->a->alloc_ptr != NULL) {
    ASAN_UNPOISON_MEMORY_REGION(s->a->alloc_ptr, (size_t)(s->a->alloc_end - s->a->alloc_ptr));
  }
#else
  (void)s;
#endif
}

static void *fake(subject *s, size_t n, int aligned) {
  arena *a = s->a;
  s->calls++;
  if (g_bug == BUG_SPURIOUS_NULL && s->calls == 4) return NULL;
  if (g_bug == BUG_NULL_NO_CALL && s->calls == 1) return NULL;
  if (g_bug == BUG_CALLS_ON_REFUSAL && n == 0) {
    s->o.block_free(s->o.ctx, s->o.block_allocate(s->o.ctx, 8), 8);
  }
  if (g_bug == BUG_SLOP_UNPOISONED && aligned && a->alloc_ptr != NULL) {
    size_t slop = (8 - (uintptr_t)a->alloc_ptr % 8) % 8;
    unsigned char *p = arena_allocate_aligned(a, n);
    if (p != NULL && slop > 0) unpoison(p - slop, slop);
    return p;
  }
  if (g_bug == LEVELDB_IMPOSSIBLE_CALLS && n > (size_t)PTRDIFF_MAX) {
    void *block = s->o.block_allocate(s->o.ctx, n);
    if (block != NULL) s->o.block_free(s->o.ctx, block, n);
    return NULL;
  }
  if (g_bug == BUG_OVERLAP && s->calls == 3) return s->second;
  if (g_bug == BUG_ZERO && n == 0 && a->alloc_ptr != NULL) return a->alloc_ptr;
  if (g_bug == BUG_USAGE_ON_NULL && n == 0) s->extra_usage++;
  if (g_bug == BUG_CORRUPT && s->calls == 3) s->first[0] ^= 0x40;
  if (g_bug == BUG_WRAP && aligned && n == SIZE_MAX && a->alloc_ptr != NULL) {
    return a->alloc_ptr + (8 - (uintptr_t)a->alloc_ptr % 8) % 8;
  }
  if (g_bug == BUG_GAP && !aligned && a->alloc_ptr != NULL && n > 0 &&
      n < (size_t)(a->alloc_end - a->alloc_ptr)) {
    return (char *)arena_allocate(a, n + 1) + 1;
  }
  void *p =
      aligned && g_bug != BUG_MISALIGNED ? arena_allocate_aligned(a, n) : arena_allocate(a, n);
  if (s->calls == 1) s->first = p;
  if (s->calls == 2) s->second = p;
  if (g_bug == BUG_NO_POISON) unpoison_rest(s);
  return p;
}

void *subject_allocate(subject *s, size_t n) { return fake(s, n, 0); }
void *subject_allocate_aligned(subject *s, size_t n, size_t alignment) {
  (void)alignment;
  return fake(s, n, 1);
}

size_t subject_memory_usage(const subject *s) {
  size_t u = arena_memory_usage(s->a) + s->extra_usage;
  if (g_bug == BUG_USAGE_DOWN && s->calls >= 3) u--;
  if (g_bug == BUG_USAGE_TINY && u > 1) u = 1;
  if (g_bug == BUG_USAGE_ON_READ) u += ++((subject *)(uintptr_t)s)->reads;
  return g_bug == BUG_USAGE_PLUS_ONE && u > 0 ? u + 1 : u;
}

void subject_destroy(subject *s) {
  if (s != NULL) {
    arena_destroy(s->a);
    free(s);
  }
}

/* --- helpers --- */

static program parse(const char *text) {
  program p;
  program_init(&p);
  char err[128];
  if (!text_parse(text, strlen(text), &p, err, sizeof err)) {
    fprintf(stderr, "bad test program: %s\n", err);
    abort();
  }
  return p;
}

/* Runs `text` with bug b; expects a pass (want == NULL) or a failure at
 * op_index whose message contains want. */
static void expect_run(bug b, const char *text, size_t op_index, const char *want) {
  g_bug = b;
  program p = parse(text);
  runner_options o = {0, 1, 0, NULL, NULL};
  runner_failure f;
  runner_stats st;
  int ok = runner_run(&p, &o, &st, &f);
  if (want == NULL && !ok) {
    fprintf(stderr, "bug %d: unexpected failure: %s\n", (int)b, f.message);
    abort();
  }
  if (want != NULL && (ok || strstr(f.message, want) == NULL || f.op_index != op_index)) {
    fprintf(stderr, "bug %d: %s (op %zu), expected op %zu with \"%s\"\n", (int)b,
            ok ? "passed" : f.message, f.op_index, op_index, want);
    abort();
  }
  program_free(&p);
  g_bug = BUG_NONE;
}

#define PROGRAM(body) TEXT_MAGIC "\n" body

/* A program that visits every path and operation. */
static const char *const kTour = PROGRAM(
    "allocate 1\nallocate 1\naligned 8\nallocate 1025\nallocate 0\naligned SIZE_MAX\n"
    "allocate PTRDIFF_MAX\nwrite 1\nverify 1\nusage\nfail-next-block\nallocate 3000\n"
    "allocate 5000\nallocate 4000\nverify-all\nreset\nallocate 100\nallocate 4096\n"
    "allocate 1\nverify-all\n");

/* --- tests --- */

static void correct_subject_passes_with_exact_stats(void) {
  g_bug = BUG_NONE;
  program p = parse(kTour);
  runner_stats st;
  runner_failure f;
  EXPECT_TRUE(runner_run(&p, NULL, &st, &f));
  EXPECT_EQ_U(st.ops_run, p.count);
  EXPECT_EQ_U(st.ops_skipped, 0);
  /* 1, 1, g8, 1025: new-block, fast, fast, fast (1025 fits); 0 and SIZE_MAX
   * refused; PTRDIFF_MAX failed (over the allocator's cap); 3000 fast (so the
   * armed fault waits); 5000 failed (the fault); 4000 dedicated; after the
   * reset: 100 new-block, 4096 dedicated, 1 fast. */
  EXPECT_EQ_U(st.fast, 5);
  EXPECT_EQ_U(st.new_blocks, 2);
  EXPECT_EQ_U(st.dedicated, 2);
  EXPECT_EQ_U(st.refused, 2);
  EXPECT_EQ_U(st.failed, 2);
  EXPECT_EQ_U(st.allocations, 9);
  EXPECT_EQ_U(st.aligned, 2);
  EXPECT_EQ_U(st.bytes_requested, 1 + 1 + 8 + 1025 + 3000 + 4000 + 100 + 4096 + 1);
  EXPECT_EQ_U(st.final_usage, 4104 + 4104);
  EXPECT_TRUE(st.worst_ratio >= 4104.0 / 100.0 - 1e-9);
  program_free(&p);
}

static void golden_usage_after_every_op(void) {
  expect_run(BUG_NONE, PROGRAM("allocate 1\nallocate 1\nallocate 1\nallocate 1\nallocate 1\n"), 0,
             NULL);
  expect_run(BUG_NONE, PROGRAM("aligned 1\nallocate 3\naligned 8\nallocate 4080\nallocate 1\n"), 0,
             NULL);
  expect_run(BUG_NONE, PROGRAM("block-size 32\nallocate 8\nallocate 9\nallocate 15\n"), 0, NULL);
}

static void each_planted_bug_is_caught(void) {
  const char *five = PROGRAM("allocate 1\nallocate 2\nallocate 3\nallocate 4\nallocate 5\n");
  expect_run(BUG_USAGE_PLUS_ONE, five, 0, "usage 4105, expected 4104");
  expect_run(BUG_OVERLAP, five, 2, "overlaps allocation #1");
  expect_run(BUG_MISALIGNED, PROGRAM("allocate 1\naligned 8\n"), 1, "is not 8-aligned");
  expect_run(BUG_ZERO, PROGRAM("allocate 1\nallocate 0\n"), 1, "expected NULL for 0 bytes");
  expect_run(BUG_CORRUPT, PROGRAM("allocate 10\nallocate 10\nallocate 10\nverify 0\n"), 3,
             "allocation #0 (10 bytes from op 0) byte 0 is");
  expect_run(BUG_CORRUPT, PROGRAM("allocate 10\nallocate 10\nallocate 10\n"), 3,
             "end of program: allocation #0");
  expect_run(BUG_CORRUPT, PROGRAM("allocate 10\nallocate 10\nallocate 10\nreset\nallocate 1\n"), 3,
             "op 3 (reset): allocation #0");
  expect_run(BUG_LEAK, PROGRAM("allocate 1\nallocate 2000\n"), 2, "1 allocations (4096 bytes)");
  expect_run(BUG_WRONG_FREE, PROGRAM("allocate 1\n"), 1, "frees with a size other");
  expect_run(BUG_SPURIOUS_NULL, five, 3, "returned NULL, expected fast");
  expect_run(BUG_GAP, five, 1, "result at block offset 2, expected 1 (fast)");
  expect_run(BUG_WRAP, PROGRAM("allocate 1\naligned SIZE_MAX\nallocate 1\n"), 1,
             "op 1 (aligned SIZE_MAX): returned");
  expect_run(BUG_FAULTS_IGNORED, PROGRAM("fail-next-block\nallocate 1\n"), 1,
             "expected NULL (failed)");
  expect_run(BUG_USAGE_ON_NULL, PROGRAM("allocate 1\nallocate 0\n"), 1, "usage 4105 after NULL");
  expect_run(BUG_CALLS_ON_REFUSAL, PROGRAM("allocate 1\nallocate 0\n"), 1,
             "refused request called the block allocator");
  expect_run(BUG_NULL_NO_CALL, PROGRAM("fail-next-block\nallocate 1\n"), 1,
             "returned NULL without calling the block allocator, expected failed");
  expect_run(BUG_USAGE_DOWN, five, 2, "usage went down from 4104 to 4103");
  expect_run(BUG_BLOCK_OVERSIZED, five, 0,
             "result at offset 0 of a 4160-byte allocation, expected the start of a 4096-byte "
             "block (new-block)");
  expect_run(BUG_BLOCK_OVERSIZED, PROGRAM("allocate 2000\n"), 0,
             "of a 2064-byte allocation, expected the start of a 2000-byte block (dedicated)");
  expect_run(BUG_USAGE_ON_READ, five, SIZE_MAX, "start of program: usage of a fresh arena is 1");
  expect_run(BUG_CREATE_FAILS, five, SIZE_MAX, "start of program: subject_create failed");
#if defined(TEST_ASAN)
  expect_run(BUG_NO_POISON, five, 0, "free byte at block offset 1 is not poisoned");
  expect_run(BUG_SLOP_UNPOISONED, PROGRAM("allocate 1\naligned 8\n"), 1,
             "slop byte at block offset 7 is not poisoned");
#endif
}

/* Policy-free mode ignores the layout bugs but still catches the rest. */
static void policy_free_mode(void) {
  const char *five = PROGRAM("allocate 1\nallocate 2\nallocate 3\nallocate 4\nallocate 5\n");
  runner_options o = {1, 1, 0, NULL, NULL};
  runner_failure f;
  g_bug = BUG_GAP;
  program p = parse(five);
  EXPECT_TRUE(runner_run(&p, &o, NULL, &f));
  g_bug = BUG_USAGE_PLUS_ONE;
  EXPECT_TRUE(runner_run(&p, &o, NULL, &f));
  g_bug = BUG_OVERLAP;
  EXPECT_TRUE(!runner_run(&p, &o, NULL, &f));
  EXPECT_TRUE(strstr(f.message, "overlaps") != NULL);
  g_bug = BUG_SPURIOUS_NULL;
  EXPECT_TRUE(!runner_run(&p, &o, NULL, &f));
  EXPECT_TRUE(strstr(f.message, "returned NULL without an allocator failure") != NULL);
  g_bug = BUG_USAGE_TINY;
  EXPECT_TRUE(!runner_run(&p, &o, NULL, &f));
  EXPECT_TRUE(strstr(f.message,
                     "op 0 (allocate 1): usage 1 is less than the 4096 bytes of blocks it holds") !=
              NULL);
  g_bug = BUG_BLOCK_OVERSIZED; /* usage 4104 for a 4160-byte block */
  EXPECT_TRUE(!runner_run(&p, &o, NULL, &f));
  EXPECT_TRUE(strstr(f.message, "op 0 (allocate 1): usage 4104 is less than the 4160 bytes") !=
              NULL);
  g_bug = BUG_USAGE_ON_READ;
  EXPECT_TRUE(!runner_run(&p, &o, NULL, &f));
  EXPECT_TRUE(strstr(f.message, "op 0 (allocate 1): usage changed from 4106 to 4107") != NULL);
  program_free(&p);
  /* A subject without parity: same rules, whatever options say. */
  g_info.leveldb_parity = 0;
  g_bug = BUG_GAP;
  p = parse(kTour);
  runner_stats st;
  EXPECT_TRUE(runner_run(&p, NULL, &st, &f));
  EXPECT_EQ_U(st.fast + st.new_blocks + st.dedicated, 0);
  EXPECT_EQ_U(st.refused, 3); /* 0, SIZE_MAX, and PTRDIFF_MAX (>= RUNNER_UNSATISFIABLE) */
  EXPECT_EQ_U(st.failed, 1);  /* the armed fault */
  g_bug = BUG_ZERO;
  EXPECT_TRUE(!runner_run(&p, &o, NULL, &f));
  EXPECT_EQ_U(f.op_index, 4);
  program_free(&p);
  g_info.leveldb_parity = 1;
  g_bug = BUG_NONE;
}

/* Rule "refusal": a request above PTRDIFF_MAX may reach the allocator if it
 * fails there (LevelDB's policy); one at most PTRDIFF_MAX that the model
 * refuses may not, nor may an impossible one the allocator grants. */
static void leveldb_refusal_is_accepted(void) {
  const char *impossible = PROGRAM(
      "allocate 1\nallocate SIZE_MAX\naligned PTRDIFF_MAX+1\nfail-next-block\n"
      "allocate SIZE_MAX\nallocate 5000\nallocate 1\nverify-all\n");
  expect_run(LEVELDB_IMPOSSIBLE_CALLS, impossible, 0, NULL);
  expect_run(LEVELDB_IMPOSSIBLE_CALLS, kTour, 0, NULL);
  expect_run(BUG_CALLS_ON_REFUSAL, PROGRAM("allocate 1\nallocate 0\n"), 1,
             "refused request called the block allocator");
}

/* A subject that does not take blocks from the harness allocator still gets
 * every request no allocator can satisfy (and must return NULL for it); one
 * that could succeed and pass the usage budget is skipped, counted, and named
 * in a later failure's message. */
static void unsatisfiable_requests_reach_every_subject(void) {
  g_info.leveldb_parity = 0; /* parity needs the harness's blocks */
  g_info.blocks = CONTRACT_BLOCKS_OWN;
  program p =
      parse(PROGRAM("allocate 1\nallocate PTRDIFF_MAX\naligned 281474976710656\n"
                    "allocate 2147483648\nallocate 4294967304\nallocate 1\n"));
  runner_stats st;
  runner_failure f;
  g_bug = BUG_FAULTS_IGNORED; /* blocks from malloc */
  EXPECT_TRUE(runner_run(&p, NULL, &st, &f));
  EXPECT_EQ_U(st.refused, 2); /* PTRDIFF_MAX and 2^48 bytes */
  EXPECT_EQ_U(st.failed, 0);
  EXPECT_EQ_U(st.skipped_allocations, 2);
  EXPECT_EQ_U(st.ops_skipped, 2);
  EXPECT_EQ_U(st.allocations, 2);
  g_bug = BUG_SPURIOUS_NULL; /* the fourth call, the last op, after the skips */
  EXPECT_TRUE(!runner_run(&p, NULL, &st, &f));
  EXPECT_TRUE(strstr(f.message,
                     "op 5 (allocate 1): returned NULL without an allocator failure (2 "
                     "allocations and 0 touches skipped before)") != NULL);
  EXPECT_TRUE(strcmp(f.rule, "must-succeed") == 0);
  program_free(&p);
  g_info.leveldb_parity = 1;
  g_info.blocks = CONTRACT_BLOCKS_HARNESS_SIZED;
  g_bug = BUG_NONE;
}

typedef struct observed {
  size_t calls;
  size_t stop_at;
  size_t last_usage, last_live;
} observed;

static int observer(void *ctx, size_t index, const op *o, size_t usage, size_t live_bytes,
                    char *message, size_t message_size) {
  observed *ob = ctx;
  EXPECT_EQ_U(index, ob->calls);
  EXPECT_NOT_NULL(o);
  ob->calls++;
  ob->last_usage = usage;
  ob->last_live = live_bytes;
  if (index == ob->stop_at) {
    snprintf(message, message_size, "observer stopped at %zu", index);
    return 1;
  }
  return 0;
}

static void observer_sees_every_op_and_can_stop(void) {
  program p = parse(PROGRAM("allocate 10\nallocate 20\nusage\nallocate 2000\n"));
  observed ob = {0, SIZE_MAX, 0, 0};
  runner_options o = {0, 1, 0, observer, &ob};
  runner_failure f;
  EXPECT_TRUE(runner_run(&p, &o, NULL, &f));
  EXPECT_EQ_U(ob.calls, 4);
  EXPECT_EQ_U(ob.last_usage, 4104); /* 2000 fits the first block */
  EXPECT_EQ_U(ob.last_live, 2030);
  ob.calls = 0;
  ob.stop_at = 2;
  EXPECT_TRUE(!runner_run(&p, &o, NULL, &f));
  EXPECT_EQ_U(f.op_index, 2);
  EXPECT_TRUE(strcmp(f.message, "observer stopped at 2") == 0);
  program_free(&p);
}

/* Allocations past RUNNER_MAX_USAGE and touches past RUNNER_MAX_TOUCH are
 * skipped, counted, and the run still passes. */
static void budgets_skip_deterministically(void) {
  program p;
  program_init(&p);
  for (int i = 0; i < 300; i++) EXPECT_TRUE(program_push(&p, OP_ALLOCATE, (size_t)1 << 18));
  for (int i = 0; i < 10; i++) EXPECT_TRUE(program_push(&p, OP_VERIFY_ALL, 0));
  runner_stats st;
  EXPECT_TRUE(runner_run(&p, NULL, &st, NULL));
  size_t fit = RUNNER_MAX_USAGE / (((size_t)1 << 18) + 8);
  EXPECT_EQ_U(st.allocations, fit);
  size_t touches = RUNNER_MAX_TOUCH / (fit << 18);
  EXPECT_EQ_U(st.ops_skipped, (300 - fit) + (10 - touches));
  EXPECT_EQ_U(st.skipped_allocations, 300 - fit);
  EXPECT_EQ_U(st.skipped_touches, 10 - touches);
  EXPECT_EQ_U(st.ops_run + st.ops_skipped, p.count);
  EXPECT_TRUE(st.final_usage <= RUNNER_MAX_USAGE);
  program_free(&p);
}

/* runner_run_or_abort prints the program with the failing line marked, then
 * the message, then aborts (checked in a child process). */
static void abort_path_prints_program(void) {
  program p = parse(PROGRAM("allocate 1\nallocate 2\nallocate 3\n"));
  runner_run_or_abort(&p); /* passes: returns */
  int fds[2];
  EXPECT_TRUE(pipe(fds) == 0);
  fflush(stderr);
  pid_t pid = fork();
  EXPECT_TRUE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    g_bug = BUG_USAGE_PLUS_ONE;
    runner_run_or_abort(&p);
    _exit(0);
  }
  close(fds[1]);
  char out[4096];
  size_t n = 0;
  ssize_t r;
  while (n < sizeof out - 1 && (r = read(fds[0], out + n, sizeof out - 1 - n)) > 0) n += (size_t)r;
  out[n] = '\0';
  close(fds[0]);
  int status;
  EXPECT_TRUE(waitpid(pid, &status, 0) == pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
  const char *want =
      "# arenafuzz program\nallocate 1   # <-- failed here\nallocate 2\nallocate 3\n"
      "arenafuzz: finding parity: op 0 (allocate 1): usage 4105, expected 4104 (new-block)\n"
      "arenafuzz: op 0 (allocate 1): usage 4105, expected 4104 (new-block)\n";
  if (strstr(out, want) == NULL) {
    fprintf(stderr, "child printed:\n%s\n", out);
    abort();
  }
  program_free(&p);
}

int main(void) {
  RUN_TEST(correct_subject_passes_with_exact_stats);
  RUN_TEST(golden_usage_after_every_op);
  RUN_TEST(each_planted_bug_is_caught);
  RUN_TEST(policy_free_mode);
  RUN_TEST(observer_sees_every_op_and_can_stop);
  RUN_TEST(budgets_skip_deterministically);
  RUN_TEST(leveldb_refusal_is_accepted);
  RUN_TEST(unsatisfiable_requests_reach_every_subject);
  RUN_TEST(abort_path_prints_program);
  return 0;
}
