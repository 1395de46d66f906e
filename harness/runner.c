/* runner: runs a program on the linked subject and the shadow model side by
 * side, checking every result, every byte and the usage after every operation. */
#include "harness/runner.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness/faulty.h"
#include "harness/intervals.h"
#include "harness/model.h"
#include "harness/pattern.h"
#include "harness/subject.h"
#include "harness/text.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RUNNER_ASAN 1
#endif
#endif
#if !defined(RUNNER_ASAN) && defined(__SANITIZE_ADDRESS__)
#define RUNNER_ASAN 1
#endif
#if defined(RUNNER_ASAN)
#include <sanitizer/asan_interface.h>
#endif

/* One live allocation of the current arena. */
typedef struct live {
  unsigned char *ptr;
  size_t len;
  size_t op_index;   /* the operation that made it */
  size_t serial;     /* its number in the run */
  size_t generation; /* rewrites so far */
  uint32_t seed;     /* its current pattern */
} live;

/* Everything one run needs. */
typedef struct run {
  const program *p;
  const runner_options *opt;
  runner_stats *st;
  runner_failure *fail;
  const subject_info *info;
  int parity;       /* check LevelDB's policy byte for byte */
  int check_poison; /* parity, claims poisons, ASan build */
  subject *s;
  faulty f;
  model m;
  live *lives;
  size_t nlive, cap;
  intervals *iv;
  unsigned char *block; /* parity: start of the current block (NULL: none yet) */
  size_t live_bytes;
  size_t held;   /* bytes of harness-allocator allocations known to hold results */
  size_t usage;  /* the subject's usage after the last operation */
  size_t serial; /* allocations made in the run */
  size_t touched;
  size_t index; /* the operation being run (count: the final checks; SIZE_MAX: start) */
} run;

/* The live list and interval set, kept between runs so a run allocates
 * nothing in the common case (one shared workspace; a concurrent or nested
 * run gets its own). */
typedef struct workspace {
  live *lives;
  size_t cap;
  intervals *iv;
  size_t iv_cap;
} workspace;

static workspace g_shared;
static atomic_flag g_shared_busy = ATOMIC_FLAG_INIT;

/* Room for `cap` live allocations; 0 if out of memory (ws keeps what it had). */
static int reserve(workspace *ws, size_t cap) {
  if (cap == 0) {
    cap = 1;
  }
  if (ws->cap < cap) {
    live *grown = realloc(ws->lives, cap * sizeof(live));
    if (grown == NULL) {
      return 0;
    }
    ws->lives = grown;
    ws->cap = cap;
  }
  if (ws->iv == NULL || ws->iv_cap < cap) {
    intervals *t = intervals_create(cap);
    if (t == NULL) {
      return 0;
    }
    intervals_destroy(ws->iv);
    ws->iv = t;
    ws->iv_cap = cap;
  }
  return 1;
}

/* Records a violation "op N (text): <message>" and returns 0. */
__attribute__((format(printf, 2, 3))) static int violation(run *r, const char *fmt, ...) {
  char *buf = r->fail->message;
  size_t cap = sizeof r->fail->message;
  int n;
  va_list ap;
  va_start(ap, fmt);
  r->fail->op_index = r->index;
  if (r->index < r->p->count) {
    char text[TEXT_MAX_OP];
    n = snprintf(buf, cap, "op %zu (%s): ", r->index,
                 text_format_op(text, sizeof text, &r->p->ops[r->index]));
  } else if (r->index == r->p->count) {
    n = snprintf(buf, cap, "end of program: ");
  } else {
    n = snprintf(buf, cap, "start of program: ");
  }
  if (n >= 0 && (size_t)n < cap) {
    vsnprintf(buf + n, cap - (size_t)n, fmt, ap);
  }
  va_end(ap);
  if (r->st->ops_skipped > 0) {
    size_t used = strlen(buf);
    snprintf(buf + used, cap - used, " (%zu allocations and %zu touches skipped before)",
             r->st->skipped_allocations, r->st->skipped_touches);
  }
  return 0;
}

static size_t saturating_add(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

static int check_live(run *r, const live *l) {
  size_t bad;
  r->st->checks++;
  if (!pattern_check(l->ptr, l->len, l->seed, &bad)) {
    return violation(r,
                     "allocation #%zu (%zu bytes from op %zu) byte %zu is 0x%02x, expected 0x%02x",
                     l->serial, l->len, l->op_index, bad, l->ptr[bad], pattern_byte(l->seed, bad));
  }
  return 1;
}

static int check_all(run *r) {
  for (size_t i = 0; i < r->nlive; i++) {
    if (!check_live(r, &r->lives[i])) {
      return 0;
    }
  }
  return 1;
}

/* Starts a fresh arena (and a fresh model). */
static int start_arena(run *r) {
  assert(r->s == NULL);
  r->f.fail_next = 0;
  subject_options so = {r->p->block_size, faulty_allocate, faulty_free, &r->f};
  r->s = subject_create(&so);
  if (r->s == NULL) {
    return violation(r, "subject_create failed (block size %zu)", r->p->block_size);
  }
  /* Without the harness allocator, only unsatisfiable blocks are known to fail. */
  model_init(&r->m, r->info->honours_block_size ? r->p->block_size : 0,
             r->info->honours_allocator ? r->f.max_block : RUNNER_UNSATISFIABLE - 1);
  r->block = NULL;
  r->nlive = 0;
  r->live_bytes = 0;
  r->held = 0;
  intervals_clear(r->iv);
  r->st->worst_ratio = 0;
  r->usage = subject_memory_usage(r->s);
  if (r->parity && r->usage != 0) {
    return violation(r, "usage of a fresh arena is %zu, expected 0", r->usage);
  }
  return 1;
}

/* Checks every live allocation, destroys the arena, and checks that every
 * block went back to the allocator. */
static int end_arena(run *r) {
  assert(r->s != NULL);
  if (!check_all(r)) {
    return 0;
  }
  r->st->final_usage = subject_memory_usage(r->s);
  r->f.recycle = 1;
  subject_destroy(r->s);
  r->f.recycle = 0;
  r->s = NULL;
  r->nlive = 0;
  if (r->info->honours_allocator) {
    if (r->f.outstanding != 0) {
      return violation(r, "after destroy %zu allocations (%zu bytes) were not freed",
                       r->f.outstanding, r->f.outstanding_bytes);
    }
    if (r->f.bad_frees != 0) {
      return violation(r, "%zu frees with a size other than the allocation's", r->f.bad_frees);
    }
  }
  return 1;
}

/* Offset of q from the current block's start, signed, for messages. */
static intmax_t block_offset(const run *r, const unsigned char *q) {
  uintptr_t a = (uintptr_t)q, b = (uintptr_t)r->block; /* q may lie before the block */
  return a >= b ? (intmax_t)(a - b) : -(intmax_t)(b - a);
}

/* The allocation that contains `start` (for messages); SIZE_MAX if none. */
static size_t find_live(const run *r, uintptr_t start) {
  for (size_t i = 0; i < r->nlive; i++) {
    if ((uintptr_t)r->lives[i].ptr == start) {
      return i;
    }
  }
  return SIZE_MAX;
}

/* Rule "budget": whether the request must be skipped to stay within
 * RUNNER_MAX_USAGE. Requests no allocator can satisfy are always made. */
static int over_budget(const run *r, size_t n, const model_prediction *pr) {
  if (n == 0 || n > MODEL_MAX_REQUEST || n >= RUNNER_UNSATISFIABLE) {
    return 0;
  }
  if (r->info->honours_allocator && n > r->f.max_block) {
    return 0;
  }
  if (r->parity) {
    return pr->usage_after > RUNNER_MAX_USAGE;
  }
  return saturating_add(r->usage, n) > RUNNER_MAX_USAGE;
}

#if defined(RUNNER_ASAN)
/* Parity subjects that poison: the free part of the current block (and the
 * slop before an aligned fast result) must be poisoned. */
static int check_poisoned(run *r, const model_prediction *pr) {
  if (!r->check_poison || !r->m.has_block) {
    return 1;
  }
  if (r->m.remaining > 0 && !__asan_address_is_poisoned(r->block + r->m.offset)) {
    return violation(r, "free byte at block offset %zu is not poisoned", r->m.offset);
  }
  if (pr->path == MODEL_FAST && pr->slop > 0 &&
      !__asan_address_is_poisoned(r->block + pr->offset - 1)) {
    return violation(r, "slop byte at block offset %zu is not poisoned", pr->offset - 1);
  }
  return 1;
}
#else
static int check_poisoned(run *r, const model_prediction *pr) {
  (void)r;
  (void)pr;
  return 1;
}
#endif

/* Rule "refusal": a parity subject refuses 0 and the sizes the model
 * refuses without calling the block allocator, except that a request above
 * MODEL_MAX_REQUEST may instead go to the allocator (LevelDB's policy does)
 * provided the allocator failed during the call. Either way the result is NULL
 * and nothing changes; a "fail the next call" the allocator consumed is then
 * consumed in the model too. Returns 1 if the calls made are allowed. */
static int refusal_calls_allowed(run *r, size_t n, size_t calls, size_t failures) {
  if (r->f.calls == calls) {
    return 1;
  }
  if (n <= MODEL_MAX_REQUEST || r->f.failures == failures) {
    return 0;
  }
  r->m.fail_next = r->f.fail_next;
  return 1;
}

/* NULL came back: was that allowed, and did nothing change? */
static int check_null(run *r, size_t n, const model_prediction *pr, size_t calls, size_t failures,
                      size_t usage) {
  int impossible = n == 0 || n > MODEL_MAX_REQUEST;
  if (r->parity) {
    if (pr->path != MODEL_REFUSED && pr->path != MODEL_FAILED) {
      return violation(r, "returned NULL, expected %s", model_path_name(pr->path));
    }
    if (pr->path == MODEL_REFUSED && !refusal_calls_allowed(r, n, calls, failures)) {
      return violation(r, n > MODEL_MAX_REQUEST
                              ? "refused request called the block allocator, which did not fail"
                              : "refused request called the block allocator");
    }
    /* Only the harness allocator's calls can be seen. */
    if (pr->path == MODEL_FAILED && r->info->honours_allocator && r->f.calls == calls) {
      return violation(r, "returned NULL without calling the block allocator, expected failed");
    }
  } else if (!impossible && n <= RUNNER_MUST_SUCCEED && r->f.failures == failures) {
    return violation(r, "returned NULL without an allocator failure");
  }
  if (usage != r->usage) {
    return violation(r, "usage %zu after NULL, was %zu", usage, r->usage);
  }
  if (r->parity ? pr->path == MODEL_REFUSED : impossible) {
    r->st->refused++;
  } else {
    r->st->failed++;
  }
  return 1;
}

/* A pointer came back: every check before its bytes are touched. */
static int check_result(run *r, const unsigned char *q, size_t n, int aligned,
                        const model_prediction *pr, size_t usage) {
  if (n == 0 || n > MODEL_MAX_REQUEST) {
    return violation(r, "returned %p, expected NULL for an impossible size", (const void *)q);
  }
  if (n >= RUNNER_UNSATISFIABLE) {
    return violation(r, "returned %p, expected NULL: no address space holds %zu bytes",
                     (const void *)q, n);
  }
  if (r->parity && (pr->path == MODEL_REFUSED || pr->path == MODEL_FAILED)) {
    return violation(r, "returned %p, expected NULL (%s)", (const void *)q,
                     model_path_name(pr->path));
  }
  if (aligned && (uintptr_t)q % MODEL_ALIGNMENT != 0) {
    return violation(r, "result %p is not %zu-aligned", (const void *)q, MODEL_ALIGNMENT);
  }
  if ((uintptr_t)q > UINTPTR_MAX - n) {
    return violation(r, "result %p + %zu wraps the address space", (const void *)q, n);
  }
  uintptr_t other = 0;
  size_t other_len = 0;
  if (!intervals_insert(r->iv, (uintptr_t)q, n, &other, &other_len)) {
    if (other_len == 0) {
      return violation(r, "more live allocations than allocation operations");
    }
    size_t k = find_live(r, other);
    return violation(r, "result [%p, +%zu) overlaps allocation #%zu [%p, +%zu) from op %zu",
                     (const void *)q, n, k == SIZE_MAX ? 0 : r->lives[k].serial, (void *)other,
                     other_len, k == SIZE_MAX ? 0 : r->lives[k].op_index);
  }
  if (r->parity) {
    if (pr->path == MODEL_FAST && q != r->block + pr->offset) {
      return violation(r, "result at block offset %" PRIdMAX ", expected %zu (fast)",
                       block_offset(r, q), pr->offset);
    }
    if (pr->path != MODEL_FAST && (uintptr_t)q % MODEL_ALIGNMENT != 0) {
      return violation(r, "%s block at %p is not %zu-aligned", model_path_name(pr->path),
                       (const void *)q, MODEL_ALIGNMENT);
    }
  }
  if (usage < r->usage) {
    return violation(r, "usage went down from %zu to %zu", r->usage, usage);
  }
  if (usage < saturating_add(r->live_bytes, n)) {
    return violation(r, "usage %zu is less than the %zu live bytes", usage,
                     saturating_add(r->live_bytes, n));
  }
  return 1;
}

/* The allocation of the harness allocator's log (this operation's calls)
 * that contains q; NULL if none. */
static const faulty_call *logged_block(const run *r, const unsigned char *q) {
  size_t count = r->f.log_count < FAULTY_LOG ? r->f.log_count : FAULTY_LOG;
  for (size_t i = 0; i < count; i++) {
    const unsigned char *start = r->f.log[i].ptr;
    if (start != NULL && q >= start && (size_t)(q - start) < r->f.log[i].bytes) {
      return &r->f.log[i];
    }
  }
  return NULL;
}

/* Rule "blocks": for a subject that takes its blocks from the harness
 * allocator, an allocation made during this operation that holds its result
 * is a block: memory usage must be at least the bytes of every block it holds.
 * A parity subject's new or dedicated block must moreover be exactly the
 * model's: the result is the start of an allocation of block_bytes bytes. */
static int check_blocks(run *r, const unsigned char *q, const model_prediction *pr, size_t usage) {
  if (!r->info->honours_allocator) {
    return 1;
  }
  const faulty_call *block = logged_block(r, q);
  int log_complete = r->f.log_count <= FAULTY_LOG;
  if (r->parity && log_complete && (pr->path == MODEL_NEW_BLOCK || pr->path == MODEL_DEDICATED)) {
    if (block == NULL) {
      return violation(r, "result %p is in no block taken from the allocator during the call",
                       (const void *)q);
    }
    if (block->ptr != q || block->bytes != pr->block_bytes) {
      return violation(r,
                       "result at offset %zu of a %zu-byte allocation, expected the start of a "
                       "%zu-byte block (%s)",
                       (size_t)(q - (const unsigned char *)block->ptr), block->bytes,
                       pr->block_bytes, model_path_name(pr->path));
    }
  }
  if (block != NULL) {
    r->held = saturating_add(r->held, block->bytes);
  }
  r->st->checks++;
  if (usage < r->held) {
    return violation(r, "usage %zu is less than the %zu bytes of blocks it holds", usage, r->held);
  }
  return 1;
}

static int do_allocate(run *r, int aligned) {
  size_t n = r->p->ops[r->index].arg;
  model_prediction pr = model_predict(&r->m, n, aligned);
  if (over_budget(r, n, &pr)) {
    r->st->ops_skipped++;
    r->st->skipped_allocations++;
    return 1;
  }
  r->st->ops_run++;
  r->st->aligned += aligned ? 1u : 0u;
  r->st->checks += 2; /* the result and the usage */
  r->f.log_count = 0;
  size_t calls = r->f.calls, failures = r->f.failures;
  unsigned char *q = aligned ? subject_allocate_aligned(r->s, n) : subject_allocate(r->s, n);
  size_t usage = subject_memory_usage(r->s);
  if (q == NULL) {
    if (!check_null(r, n, &pr, calls, failures, usage)) {
      return 0;
    }
  } else {
    if (!check_result(r, q, n, aligned, &pr, usage) || !check_blocks(r, q, &pr, usage)) {
      return 0;
    }
    assert(r->nlive < r->cap);
    live *l = &r->lives[r->nlive++];
    l->ptr = q;
    l->len = n;
    l->op_index = r->index;
    l->serial = r->serial++;
    l->generation = 0;
    l->seed = pattern_seed(l->serial, 0);
    pattern_fill(q, n, l->seed);
    r->live_bytes += n;
    r->st->allocations++;
    r->st->bytes_requested = saturating_add(r->st->bytes_requested, n);
    if (r->parity && pr.path == MODEL_NEW_BLOCK) {
      r->block = q;
    }
  }
  if (r->parity) {
    if (usage != pr.usage_after) {
      return violation(r, "usage %zu, expected %zu (%s)", usage, pr.usage_after,
                       model_path_name(pr.path));
    }
    model_apply(&r->m, &pr);
    r->st->fast += pr.path == MODEL_FAST ? 1u : 0u;
    r->st->new_blocks += pr.path == MODEL_NEW_BLOCK ? 1u : 0u;
    r->st->dedicated += pr.path == MODEL_DEDICATED ? 1u : 0u;
  }
  r->usage = usage;
  return check_poisoned(r, &pr);
}

/* write/verify/verify-all within RUNNER_MAX_TOUCH; returns 0 if skipped. */
static int may_touch(run *r, size_t bytes) {
  if (bytes > RUNNER_MAX_TOUCH - r->touched) {
    r->st->ops_skipped++;
    r->st->skipped_touches++;
    return 0;
  }
  r->touched += bytes;
  r->st->ops_run++;
  r->st->checks++;
  return 1;
}

static int do_op(run *r) {
  const op *o = &r->p->ops[r->index];
  switch (o->kind) {
    case OP_ALLOCATE:
    case OP_ALIGNED:
      return do_allocate(r, o->kind == OP_ALIGNED);
    case OP_WRITE:
    case OP_VERIFY: {
      if (r->nlive == 0) {
        r->st->ops_run++;
        return 1;
      }
      live *l = &r->lives[o->arg % r->nlive];
      if (!may_touch(r, l->len)) {
        return 1;
      }
      if (o->kind == OP_VERIFY) {
        return check_live(r, l);
      }
      l->generation++;
      l->seed = pattern_seed(l->serial, l->generation);
      pattern_fill(l->ptr, l->len, l->seed);
      return 1;
    }
    case OP_VERIFY_ALL:
      return may_touch(r, r->live_bytes) ? check_all(r) : 1;
    case OP_USAGE:
      r->st->ops_run++;
      return 1; /* the usage check after every operation does the work */
    case OP_FAIL_NEXT_BLOCK:
      r->st->ops_run++;
      if (r->info->honours_allocator) {
        r->f.fail_next = 1;
        model_fail_next(&r->m);
      }
      return 1;
    case OP_RESET:
      r->st->ops_run++;
      return end_arena(r) && start_arena(r);
    case OP_KIND_COUNT:
      break;
  }
  return violation(r, "unknown operation kind %u", (unsigned)o->kind);
}

/* After every operation: usage is exact (parity) and unchanged unless an
 * allocation succeeded; then the observer. */
static int after_op(run *r) {
  const op *o = &r->p->ops[r->index];
  size_t usage = subject_memory_usage(r->s);
  r->st->checks++;
  if (usage != r->usage) {
    return violation(r, "usage changed from %zu to %zu with no allocation in between", r->usage,
                     usage);
  }
  if (r->parity && usage != r->m.usage) {
    return violation(r, "usage %zu, expected %zu", usage, r->m.usage);
  }
  if (r->live_bytes > 0) {
    double ratio = (double)usage / (double)r->live_bytes;
    if (ratio > r->st->worst_ratio) {
      r->st->worst_ratio = ratio;
    }
  }
  if (r->opt->after_op != NULL) {
    char message[sizeof r->fail->message];
    message[0] = '\0';
    if (r->opt->after_op(r->opt->ctx, r->index, o, usage, r->live_bytes, message, sizeof message) !=
        0) {
      r->fail->op_index = r->index;
      memcpy(r->fail->message, message, sizeof message);
      r->fail->message[sizeof r->fail->message - 1] = '\0';
      return 0;
    }
  }
  return 1;
}

static int execute(run *r) {
  r->index = SIZE_MAX; /* "start of program" */
  if (!start_arena(r)) {
    return 0;
  }
  for (r->index = 0; r->index < r->p->count; r->index++) {
    if (!do_op(r) || !after_op(r)) {
      return 0;
    }
  }
  return end_arena(r);
}

/* Process-wide totals (runner_get_totals). */
static atomic_size_t g_runs, g_ops_run, g_skipped_allocations, g_skipped_touches, g_checks;
static atomic_flag g_totals_at_exit = ATOMIC_FLAG_INIT;

void runner_get_totals(runner_totals *out) {
  out->runs = atomic_load(&g_runs);
  out->ops_run = atomic_load(&g_ops_run);
  out->skipped_allocations = atomic_load(&g_skipped_allocations);
  out->skipped_touches = atomic_load(&g_skipped_touches);
  out->checks = atomic_load(&g_checks);
}

void runner_print_totals(FILE *f) {
  runner_totals t;
  runner_get_totals(&t);
  fprintf(f,
          "arenafuzz: totals: %zu runs, %zu operations run, %zu checks, %zu allocations skipped "
          "(usage budget), %zu touches skipped (touch budget)\n",
          t.runs, t.ops_run, t.checks, t.skipped_allocations, t.skipped_touches);
}

static void print_totals_at_exit(void) { runner_print_totals(stderr); }

static void add_totals(const runner_stats *st) {
  atomic_fetch_add(&g_runs, 1);
  atomic_fetch_add(&g_ops_run, st->ops_run);
  atomic_fetch_add(&g_skipped_allocations, st->skipped_allocations);
  atomic_fetch_add(&g_skipped_touches, st->skipped_touches);
  atomic_fetch_add(&g_checks, st->checks);
  if (!atomic_flag_test_and_set(&g_totals_at_exit) && getenv("ARENAFUZZ_TOTALS") != NULL) {
    atexit(print_totals_at_exit);
  }
}

int runner_run(const program *p, const runner_options *options, runner_stats *stats,
               runner_failure *failure) {
  assert(p != NULL);
  static const runner_options kDefaults = {0, 0, NULL, NULL};
  runner_stats local_stats;
  runner_failure local_failure;
  run r;
  memset(&r, 0, sizeof r);
  r.p = p;
  r.opt = options != NULL ? options : &kDefaults;
  r.st = stats != NULL ? stats : &local_stats;
  r.fail = failure != NULL ? failure : &local_failure;
  memset(r.st, 0, sizeof *r.st);
  r.fail->op_index = 0;
  r.fail->message[0] = '\0';
  r.info = subject_describe();
  r.parity = r.info->leveldb_parity && !r.opt->policy_free;
#if defined(RUNNER_ASAN)
  r.check_poison = r.parity && r.info->poisons;
#endif
  faulty_init(&r.f);
  for (size_t i = 0; i < p->count; i++) {
    r.cap += p->ops[i].kind == OP_ALLOCATE || p->ops[i].kind == OP_ALIGNED;
  }
  workspace local = {NULL, 0, NULL, 0};
  workspace *ws = atomic_flag_test_and_set(&g_shared_busy) ? &local : &g_shared;
  int ok;
  if (!reserve(ws, r.cap)) {
    ok = violation(&r, "the runner ran out of memory");
  } else {
    r.lives = ws->lives;
    r.iv = ws->iv;
    intervals_clear(r.iv);
    ok = execute(&r);
  }
  if (r.s != NULL) {
    r.f.recycle = 1;
    subject_destroy(r.s);
  }
  if (ws == &g_shared) {
    atomic_flag_clear(&g_shared_busy);
  } else {
    intervals_destroy(local.iv);
    free(local.lives);
  }
  add_totals(r.st);
  if (!ok && !r.opt->quiet) {
    fprintf(stderr, "%s\n", r.fail->message);
  }
  return ok;
}

void runner_run_or_abort(const program *p) {
  runner_options o = {0, 1, NULL, NULL};
  runner_failure failure;
  if (runner_run(p, &o, NULL, &failure)) {
    return;
  }
  fflush(stdout);
  text_print(stderr, p, failure.op_index);
  fprintf(stderr, "arenafuzz: %s\n", failure.message);
  fflush(stderr);
  abort();
}
