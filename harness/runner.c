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
#include "harness/ubsan_hook.h"

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
  const subject_contract *c;
  int parity;         /* check LevelDB's policy byte for byte */
  int harness_blocks; /* blocks come from the harness allocator */
  int has_usage;      /* usage is held or requested */
  size_t usage0;      /* usage of the fresh arena (requested usage counts from it) */
  size_t align;       /* the alignment of the next `aligned` (set by `align`) */
  size_t unknown;     /* findings seen that are not known ones */
  size_t seen;        /* findings seen (known or not, repeats included) */
  int check_poison;   /* parity, claims poisons, ASan build */
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

/* Adds a finding (a repeat of a rule already seen only counts). */
static void record(run *r, const char *rule, const char *message) {
  runner_failure *f = r->fail;
  int known = contract_known(r->c, rule, message);
  int by_message = strcmp(rule, "undefined-behaviour") == 0;
  r->seen++;
  r->unknown += known ? 0u : 1u;
  if (!known && f->rule == NULL) {
    f->rule = rule;
    f->op_index = r->index;
    snprintf(f->message, sizeof f->message, "%s", message);
  }
  for (size_t i = 0; i < f->count; i++) {
    if (strcmp(f->findings[i].rule, rule) == 0 &&
        (!by_message || strcmp(f->findings[i].message, message) == 0)) {
      f->findings[i].count++;
      return;
    }
  }
  if (f->count < RUNNER_MAX_FINDINGS) {
    runner_finding *x = &f->findings[f->count++];
    x->rule = rule;
    x->op_index = r->index;
    x->count = 1;
    x->known = known;
    snprintf(x->message, sizeof x->message, "%s", message);
  }
}

/* Records a finding of `rule`: "op N (text): <message>", and returns 0. */
__attribute__((format(printf, 3, 4))) static int violation(run *r, const char *rule,
                                                           const char *fmt, ...) {
  char buf[sizeof r->fail->message];
  size_t cap = sizeof buf;
  int n;
  va_list ap;
  va_start(ap, fmt);
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
  record(r, rule, buf);
  return 0;
}

static size_t saturating_add(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

static size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

static int check_live(run *r, live *l) {
  size_t bad;
  r->st->checks++;
  if (!pattern_check(l->ptr, l->len, l->seed, &bad)) {
    unsigned got = l->ptr[bad];
    pattern_fill(l->ptr, l->len, l->seed); /* report each change once */
    return violation(r, "corruption",
                     "allocation #%zu (%zu bytes from op %zu) byte %zu is 0x%02x, expected 0x%02x",
                     l->serial, l->len, l->op_index, bad, got, pattern_byte(l->seed, bad));
  }
  return 1;
}

static int check_all(run *r) {
  int ok = 1;
  for (size_t i = 0; i < r->nlive; i++) {
    ok &= check_live(r, &r->lives[i]);
  }
  return ok;
}

/* The subject's usage, or 0 if its contract has none (never asked). */
static size_t read_usage(const run *r) { return r->has_usage ? subject_memory_usage(r->s) : 0; }

/* Starts a fresh arena (and a fresh model). */
static int start_arena(run *r) {
  assert(r->s == NULL);
  r->f.fail_next = 0;
  subject_options so = {r->p->block_size, faulty_allocate, faulty_free, &r->f};
  r->s = subject_create(&so);
  if (r->s == NULL) {
    return violation(r, "create", "subject_create failed (block size %zu)", r->p->block_size);
  }
  /* Without the harness allocator, only unsatisfiable blocks are known to fail. */
  model_init(&r->m, r->c->honours_block_size ? r->p->block_size : 0,
             r->harness_blocks ? r->f.max_block : RUNNER_UNSATISFIABLE - 1);
  r->block = NULL;
  r->nlive = 0;
  r->live_bytes = 0;
  r->held = 0;
  r->align = r->c->alignment;
  intervals_clear(r->iv);
  r->st->worst_ratio = 0;
  r->usage = read_usage(r);
  r->usage0 = r->usage;
  if (r->parity && r->usage != 0) {
    return violation(r, "parity", "usage of a fresh arena is %zu, expected 0", r->usage);
  }
  return 1;
}

/* Checks every live allocation, destroys the arena, and checks that every
 * block went back to the allocator. The arena is destroyed either way. */
static int end_arena(run *r) {
  assert(r->s != NULL);
  int ok = check_all(r);
  r->st->final_usage = read_usage(r);
  size_t bad_frees = r->f.bad_frees;
  r->f.recycle = 1;
  subject_destroy(r->s);
  r->f.recycle = 0;
  r->s = NULL;
  r->nlive = 0;
  if (r->harness_blocks) {
    if (r->f.outstanding != 0) {
      ok = violation(r, "leak", "after destroy %zu allocations (%zu bytes) were not freed",
                     r->f.outstanding, r->f.outstanding_bytes);
      faulty_forget(&r->f);
    }
    if (r->c->blocks == CONTRACT_BLOCKS_HARNESS_SIZED && r->f.bad_frees != bad_frees) {
      ok = violation(r, "bad-free", "%zu frees with a size other than the allocation's",
                     r->f.bad_frees - bad_frees);
    }
  }
  return ok;
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

static int must_refuse(const run *r, size_t n) { return contract_must_refuse(r->c, n); }

/* Rule "budget": whether the request must be skipped to stay within
 * RUNNER_MAX_USAGE. Requests the contract says must give NULL are always
 * made; so are requests above the harness allocator's limit to a subject
 * that takes its blocks from it. A library that aborts on failure is never
 * asked for more than RUNNER_MUST_SUCCEED bytes it might not have. */
static int over_budget(const run *r, size_t n, const model_prediction *pr) {
  if (n == 0 || must_refuse(r, n)) {
    return 0;
  }
  if (r->c->failure == CONTRACT_FAIL_ABORT && n > RUNNER_MUST_SUCCEED) {
    return 1;
  }
  if (r->harness_blocks && n > r->f.max_block) {
    return 0;
  }
  if (r->parity) {
    return pr->usage_after > RUNNER_MAX_USAGE;
  }
  size_t estimate = r->c->usage == CONTRACT_USAGE_HELD ? r->usage : r->live_bytes;
  return saturating_add(saturating_add(estimate, n), r->align) > RUNNER_MAX_USAGE;
}

#if defined(RUNNER_ASAN)
/* Parity subjects that poison: the free part of the current block (and the
 * slop before an aligned fast result) must be poisoned. */
static int check_poisoned(run *r, const model_prediction *pr) {
  if (!r->check_poison || !r->m.has_block) {
    return 1;
  }
  if (r->m.remaining > 0 && !__asan_address_is_poisoned(r->block + r->m.offset)) {
    return violation(r, "poison", "free byte at block offset %zu is not poisoned", r->m.offset);
  }
  if (pr->path == MODEL_FAST && pr->slop > 0 &&
      !__asan_address_is_poisoned(r->block + pr->offset - 1)) {
    return violation(r, "poison", "slop byte at block offset %zu is not poisoned", pr->offset - 1);
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
  int refused = must_refuse(r, n) || (n == 0 && r->c->zero == CONTRACT_ZERO_ANY);
  if (r->parity) {
    if (pr->path != MODEL_REFUSED && pr->path != MODEL_FAILED) {
      return violation(r, "parity", "returned NULL, expected %s", model_path_name(pr->path));
    }
    if (pr->path == MODEL_REFUSED && !refusal_calls_allowed(r, n, calls, failures)) {
      return violation(r, "refusal",
                       n > MODEL_MAX_REQUEST
                           ? "refused request called the block allocator, which did not fail"
                           : "refused request called the block allocator");
    }
    /* Only the harness allocator's calls can be seen. */
    if (pr->path == MODEL_FAILED && r->harness_blocks && r->f.calls == calls) {
      return violation(r, "parity",
                       "returned NULL without calling the block allocator, expected failed");
    }
  } else if (contract_must_succeed(r->c, n) && r->f.failures == failures) {
    return violation(r, "must-succeed", "returned NULL without an allocator failure");
  }
  if (r->has_usage && r->c->unchanged_after_failure && usage != r->usage) {
    return violation(r, "usage", "usage %zu after NULL, was %zu", usage, r->usage);
  }
  if (r->parity ? pr->path == MODEL_REFUSED : refused) {
    r->st->refused++;
  } else {
    r->st->failed++;
  }
  return 1;
}

/* A pointer came back: may it be used at all? (Nothing is touched before.) */
static int check_usable(run *r, const unsigned char *q, size_t n, const model_prediction *pr) {
  if (n >= RUNNER_UNSATISFIABLE) {
    return violation(r, "huge-request",
                     "returned %p, expected NULL: no address space holds %zu bytes",
                     (const void *)q, n);
  }
  if (n > r->c->max_request) {
    return violation(r, "huge-request",
                     "returned %p for more than the %zu bytes the contract allows", (const void *)q,
                     r->c->max_request);
  }
  if (n == 0 && r->c->zero == CONTRACT_ZERO_NULL) {
    return violation(r, "zero-size", "returned %p, expected NULL for 0 bytes", (const void *)q);
  }
  if (r->parity && (pr->path == MODEL_REFUSED || pr->path == MODEL_FAILED)) {
    return violation(r, "parity", "returned %p, expected NULL (%s)", (const void *)q,
                     model_path_name(pr->path));
  }
  if ((uintptr_t)q > UINTPTR_MAX - n) {
    return violation(r, "wraps", "result %p + %zu wraps the address space", (const void *)q, n);
  }
  return 1;
}

/* Rule "overlap": the result must not overlap a live one (a unique pointer
 * for 0 bytes counts as one byte). Returns 0 if it does (it is not recorded). */
static int check_overlap(run *r, const unsigned char *q, size_t n) {
  uintptr_t other = 0;
  size_t other_len = 0;
  if (intervals_insert(r->iv, (uintptr_t)q, n == 0 ? 1 : n, &other, &other_len)) {
    return 1;
  }
  if (other_len == 0) {
    return violation(r, "runner", "more live allocations than allocation operations");
  }
  size_t k = find_live(r, other);
  return violation(r, "overlap",
                   "result [%p, +%zu) overlaps allocation #%zu [%p, +%zu) from op %zu",
                   (const void *)q, n, k == SIZE_MAX ? 0 : r->lives[k].serial, (void *)other,
                   other_len, k == SIZE_MAX ? 0 : r->lives[k].op_index);
}

/* The checks on a recorded result: alignment, parity's placement, usage. */
static int check_result(run *r, const unsigned char *q, size_t alignment,
                        const model_prediction *pr, size_t usage) {
  int ok = 1;
  if ((uintptr_t)q % alignment != 0) {
    ok = violation(r, "alignment", "result %p is not %zu-aligned", (const void *)q, alignment);
  }
  if (r->parity) {
    if (pr->path == MODEL_FAST && q != r->block + pr->offset) {
      ok = violation(r, "parity", "result at block offset %" PRIdMAX ", expected %zu (fast)",
                     block_offset(r, q), pr->offset);
    }
    if (pr->path != MODEL_FAST && (uintptr_t)q % MODEL_ALIGNMENT != 0) {
      ok = violation(r, "parity", "%s block at %p is not %zu-aligned", model_path_name(pr->path),
                     (const void *)q, MODEL_ALIGNMENT);
    }
  }
  if (r->c->usage == CONTRACT_USAGE_HELD) {
    if (usage < r->usage) {
      ok = violation(r, "usage", "usage went down from %zu to %zu", r->usage, usage);
    }
    if (usage < r->live_bytes) {
      ok = violation(r, "usage", "usage %zu is less than the %zu live bytes", usage, r->live_bytes);
    }
  } else if (r->c->usage == CONTRACT_USAGE_REQUESTED &&
             usage != saturating_add(r->usage0, r->live_bytes)) {
    ok = violation(r, "usage", "usage %zu, expected %zu (%zu at creation + %zu live bytes)", usage,
                   saturating_add(r->usage0, r->live_bytes), r->usage0, r->live_bytes);
  }
  return ok;
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
 * is a block: memory usage (if held) must be at least the bytes of every
 * block it holds. A parity subject's new or dedicated block must moreover be
 * exactly the model's: the result is the start of an allocation of
 * block_bytes bytes. */
static int check_blocks(run *r, const unsigned char *q, const model_prediction *pr, size_t usage) {
  if (!r->harness_blocks) {
    return 1;
  }
  const faulty_call *block = logged_block(r, q);
  int log_complete = r->f.log_count <= FAULTY_LOG;
  if (r->parity && log_complete && (pr->path == MODEL_NEW_BLOCK || pr->path == MODEL_DEDICATED)) {
    if (block == NULL) {
      return violation(r, "parity",
                       "result %p is in no block taken from the allocator during the call",
                       (const void *)q);
    }
    if (block->ptr != q || block->bytes != pr->block_bytes) {
      return violation(r, "parity",
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
  if (r->c->usage == CONTRACT_USAGE_HELD && usage < r->held) {
    return violation(r, "blocks", "usage %zu is less than the %zu bytes of blocks it holds", usage,
                     r->held);
  }
  return 1;
}

/* The alignment an `aligned` operation asks for now. */
static size_t aligned_alignment(const run *r) {
  return r->c->max_alignment != 0 ? min_size(r->align, r->c->max_alignment) : r->c->alignment;
}

static int do_allocate(run *r, int aligned) {
  size_t n = r->p->ops[r->index].arg;
  size_t alignment = aligned ? aligned_alignment(r) : r->c->plain_alignment;
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
  unsigned char *q =
      aligned ? subject_allocate_aligned(r->s, n, alignment) : subject_allocate(r->s, n);
  size_t usage = read_usage(r);
  int ok = 1;
  if (q == NULL) {
    ok = check_null(r, n, &pr, calls, failures, usage);
  } else if (n == 0 && r->c->zero == CONTRACT_ZERO_ANY) {
    r->st->refused++; /* any pointer: neither used nor checked */
  } else if (!check_usable(r, q, n, &pr) || !check_overlap(r, q, n)) {
    ok = 0;
  } else {
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
    ok = check_result(r, q, alignment, &pr, usage);
    ok &= check_blocks(r, q, &pr, usage);
    if (r->parity && pr.path == MODEL_NEW_BLOCK) {
      r->block = q;
    }
  }
  if (r->parity) {
    if (ok && usage != pr.usage_after) {
      ok = violation(r, "parity", "usage %zu, expected %zu (%s)", usage, pr.usage_after,
                     model_path_name(pr.path));
    }
    model_apply(&r->m, &pr);
    r->st->fast += pr.path == MODEL_FAST ? 1u : 0u;
    r->st->new_blocks += pr.path == MODEL_NEW_BLOCK ? 1u : 0u;
    r->st->dedicated += pr.path == MODEL_DEDICATED ? 1u : 0u;
  }
  r->usage = usage;
  return ok && check_poisoned(r, &pr);
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
      if (r->harness_blocks) {
        r->f.fail_next = 1;
        model_fail_next(&r->m);
      }
      return 1;
    case OP_RESET: {
      r->st->ops_run++;
      int ok = end_arena(r);
      return start_arena(r) && ok;
    }
    case OP_ALIGN:
      r->st->ops_run++;
      if (op_valid_align(o->arg)) {
        r->align = o->arg;
      }
      return 1;
    case OP_KIND_COUNT:
      break;
  }
  return violation(r, "runner", "unknown operation kind %u", (unsigned)o->kind);
}

/* After every operation: usage is exact (parity) and unchanged unless an
 * allocation succeeded; then the observer. */
static int after_op(run *r) {
  const op *o = &r->p->ops[r->index];
  size_t usage = read_usage(r);
  r->st->checks++;
  if (usage != r->usage) {
    size_t was = r->usage;
    r->usage = usage;
    return violation(r, "usage", "usage changed from %zu to %zu with no allocation in between", was,
                     usage);
  }
  if (r->parity && usage != r->m.usage) {
    return violation(r, "parity", "usage %zu, expected %zu", usage, r->m.usage);
  }
  if (r->live_bytes > 0 && r->has_usage) {
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
      record(r, "observer", message);
      return 0;
    }
  }
  return 1;
}

/* A UBSan report from the subject's code (ubsan_hook.h): a finding of the run. */
static void on_ubsan(void *ctx, const char *kind, const char *file, unsigned line,
                     const char *message) {
  violation(ctx, "undefined-behaviour", "UBSan %s at %s:%u: %s", kind, file, line, message);
}

/* After an operation with a finding: stop (1), or go on from a consistent
 * state (0): usage read again, and parity dropped after a parity finding. */
static int stop_after_finding(run *r, size_t unknown_before) {
  if (r->unknown != unknown_before && !r->opt->all_findings) {
    return 1;
  }
  if (r->s == NULL) {
    return 1; /* creation failed: nothing to go on with */
  }
  r->usage = read_usage(r);
  if (r->parity && r->fail->count > 0) {
    for (size_t i = 0; i < r->fail->count; i++) {
      if (strcmp(r->fail->findings[i].rule, "parity") == 0) {
        r->parity = 0;
        r->check_poison = 0;
      }
    }
  }
  return 0;
}

static int execute(run *r) {
  r->index = SIZE_MAX; /* "start of program" */
  if (!start_arena(r)) {
    return 0;
  }
  for (r->index = 0; r->index < r->p->count; r->index++) {
    size_t seen = r->seen, unknown = r->unknown;
    int ok = do_op(r) && after_op(r);
    if ((!ok || r->seen != seen) && stop_after_finding(r, unknown)) {
      return 0;
    }
  }
  end_arena(r);
  return r->unknown == 0;
}

/* Process-wide totals (runner_get_totals). */
static atomic_size_t g_runs, g_ops_run, g_skipped_allocations, g_skipped_touches, g_checks, g_known;
static atomic_flag g_totals_at_exit = ATOMIC_FLAG_INIT;

void runner_get_totals(runner_totals *out) {
  out->runs = atomic_load(&g_runs);
  out->ops_run = atomic_load(&g_ops_run);
  out->skipped_allocations = atomic_load(&g_skipped_allocations);
  out->skipped_touches = atomic_load(&g_skipped_touches);
  out->checks = atomic_load(&g_checks);
  out->known = atomic_load(&g_known);
}

void runner_print_totals(FILE *f) {
  runner_totals t;
  runner_get_totals(&t);
  fprintf(f,
          "arenafuzz: totals: %zu runs, %zu operations run, %zu checks, %zu allocations skipped "
          "(usage budget), %zu touches skipped (touch budget), %zu known findings\n",
          t.runs, t.ops_run, t.checks, t.skipped_allocations, t.skipped_touches, t.known);
}

static void print_totals_at_exit(void) { runner_print_totals(stderr); }

static void add_totals(const runner_stats *st, const runner_failure *f) {
  for (size_t i = 0; i < f->count; i++) {
    atomic_fetch_add(&g_known, f->findings[i].known ? 1u : 0u);
  }
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
  static const runner_options kDefaults = {0, 0, 0, NULL, NULL};
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
  r.fail->rule = NULL;
  r.fail->count = 0;
  r.c = subject_describe();
  r.index = SIZE_MAX;
  const char *why = NULL;
  if (!contract_valid(r.c, &why)) {
    violation(&r, "runner", "the subject's contract is not valid: %s", why);
    if (!r.opt->quiet) {
      fprintf(stderr, "%s\n", r.fail->message);
    }
    return 0;
  }
  r.parity = r.c->leveldb_parity && !r.opt->policy_free;
  r.harness_blocks = contract_harness_blocks(r.c);
  r.has_usage = r.c->usage != CONTRACT_USAGE_NONE;
#if defined(RUNNER_ASAN)
  r.check_poison = r.parity && r.c->poisons;
#endif
  faulty_init(&r.f);
  r.f.unsized = r.c->blocks == CONTRACT_BLOCKS_HARNESS_UNSIZED;
  for (size_t i = 0; i < p->count; i++) {
    r.cap += p->ops[i].kind == OP_ALLOCATE || p->ops[i].kind == OP_ALIGNED;
  }
  workspace local = {NULL, 0, NULL, 0};
  workspace *ws = atomic_flag_test_and_set(&g_shared_busy) ? &local : &g_shared;
  int ok;
  if (!reserve(ws, r.cap)) {
    ok = violation(&r, "runner", "the runner ran out of memory");
  } else {
    r.lives = ws->lives;
    r.iv = ws->iv;
    intervals_clear(r.iv);
    ubsan_hook outer = ubsan_hook_set((ubsan_hook){on_ubsan, &r});
    ok = execute(&r);
    ubsan_hook_set(outer);
  }
  if (r.s != NULL) {
    r.f.recycle = 1;
    subject_destroy(r.s);
  }
  if (r.harness_blocks && r.f.outstanding != 0) {
    faulty_forget(&r.f); /* a leak already reported, or a run that stopped early */
  }
  if (ws == &g_shared) {
    atomic_flag_clear(&g_shared_busy);
  } else {
    intervals_destroy(local.iv);
    free(local.lives);
  }
  add_totals(r.st, r.fail);
  if (!ok && !r.opt->quiet) {
    fprintf(stderr, "%s\n", r.fail->message);
  }
  return ok;
}

void runner_print_findings(FILE *f, const runner_failure *failure, int contract) {
  if (contract) {
    contract_print(f, subject_describe());
  }
  for (size_t i = 0; i < failure->count; i++) {
    const runner_finding *x = &failure->findings[i];
    fprintf(f, "arenafuzz: finding %s%s: %s", x->rule, x->known ? " (known)" : "", x->message);
    if (x->count > 1) {
      fprintf(f, " [seen %zu times]", x->count);
    }
    fputc('\n', f);
  }
}

void runner_run_or_abort(const program *p) {
  runner_options o = {0, 1, 0, NULL, NULL};
  runner_failure failure;
  if (runner_run(p, &o, NULL, &failure)) {
    return;
  }
  fflush(stdout);
  contract_print(stderr, subject_describe());
  text_print(stderr, p, failure.op_index);
  runner_print_findings(stderr, &failure, 0);
  fprintf(stderr, "arenafuzz: %s\n", failure.message);
  fflush(stderr);
  abort();
}
