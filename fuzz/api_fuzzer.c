/* api_fuzzer: drives any subject through harness/subject.h the way a program
 * uses an arena library: up to four arenas alive at once, interleaved. */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/contract.h"
#include "harness/faulty.h"
#include "harness/intervals.h"
#include "harness/pattern.h"
#include "harness/subject.h"
#include "harness/ubsan_hook.h"

/* The input (no length fields: every byte string is an input; bytes past the
 * end read as 0):
 *
 *   byte 0: bits 0-1  arenas alive at once, 1 to 4
 *           bit 2     create them with the library's defaults (no block
 *                     allocator in subject_options) instead of the harness's
 *           bits 3-5  the block size: kBlockSizes[bits]
 *   then one control byte c per operation (at most API_MAX_OPS), payload after:
 *     arena c & 3 (mod the count); c >> 5:
 *       0-3  allocate: a size class byte follows (api_size)
 *       4-5  aligned: an alignment byte (2^(byte mod 21), clamped to the
 *            contract's maximum; the fixed alignment without a parameter),
 *            then a size class byte
 *       6    the harness allocator's next call fails (this arena's)
 *       7    (c >> 2) & 7 < 4: destroy the arena (every byte checked, every
 *            block given back) and create it again; else verify every
 *            allocation of every arena
 * At the end every arena is destroyed, last first.
 *
 * Checked, as the contract declares (harness/contract.h), with the runner's
 * rule names: NULL only where allowed (must-succeed), memory only where
 * allowed (huge-request, zero-size), alignment, no overlap across all arenas,
 * every byte intact until its arena is destroyed (corruption), usage per arena
 * (usage), every harness block given back with its size (leak, bad-free),
 * UBSan reports from the subject's code (undefined-behaviour). A known
 * finding is counted and the run goes on (the memory is not used); any other
 * prints the contract and one line "arenafuzz: api_fuzzer op N (...): RULE:
 * ..." and aborts. */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define API_ARENAS 4
#define API_MAX_OPS ((size_t)2048)
/* Live bytes over all arenas; allocations past it are skipped (counted). */
#define API_MAX_LIVE ((size_t)8 << 20)

static const size_t kBlockSizes[8] = {0, 32, 256, 1024, 4096, 16384, 65536, (size_t)1 << 20};

typedef struct api_live {
  unsigned char *ptr;
  size_t len;
  uint32_t seed;
  unsigned arena;
} api_live;

typedef struct api_arena {
  subject *s;
  faulty f;
  size_t usage, usage0, live_bytes;
} api_arena;

typedef struct api_run {
  const subject_contract *c;
  api_arena arenas[API_ARENAS];
  unsigned count;
  int defaults;
  size_t block_size;
  api_live lives[API_MAX_OPS];
  size_t nlive, serial, live_bytes;
  intervals *iv;
  size_t op;
  char what[64];
} api_run;

static size_t g_runs, g_skipped, g_known;

static void print_totals(void) {
  fprintf(stderr,
          "arenafuzz: totals: %zu runs, %zu allocations skipped (live-bytes budget), 0 touches "
          "skipped (each allocation is written once), %zu known findings\n",
          g_runs, g_skipped, g_known);
}

/* A finding: known ones are counted (returns 0: do not use the result);
 * others end the process. */
__attribute__((format(printf, 3, 4))) static int finding(api_run *r, const char *rule,
                                                         const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (contract_known(r->c, rule, msg)) {
    g_known++;
    return 0;
  }
  contract_print(stderr, r->c);
  fprintf(stderr, "arenafuzz: api_fuzzer op %zu (%s): %s: %s\n", r->op, r->what, rule, msg);
  abort();
}

static void on_ubsan(void *ctx, const char *kind, const char *file, unsigned line,
                     const char *message) {
  finding(ctx, "undefined-behaviour", "UBSan %s at %s:%u: %s", kind, file, line, message);
}

typedef struct reader {
  const uint8_t *data;
  size_t size, pos;
} reader;

static uint8_t next_byte(reader *in) { return in->pos < in->size ? in->data[in->pos++] : 0; }

static size_t next_le(reader *in, unsigned n) {
  size_t v = 0;
  for (unsigned k = 0; k < n; k++) v |= (size_t)next_byte(in) << (8 * k);
  return v;
}

/* Size classes: the contract's boundaries and the block size's, one byte apart;
 * classes 21-23 read a raw size of 1, 2 or 3 bytes. */
static size_t api_size(const api_run *r, reader *in) {
  size_t b = r->block_size != 0 ? r->block_size : 4096;
  size_t max = r->c->max_request;
  const size_t classes[] = {0,
                            1,
                            7,
                            8,
                            16,
                            24,
                            100,
                            b - 1,
                            b,
                            b + 1,
                            1025,
                            4097,
                            CONTRACT_MUST_SUCCEED,
                            CONTRACT_MUST_SUCCEED + 1,
                            max,
                            max == SIZE_MAX ? max : max + 1,
                            SIZE_MAX,
                            SIZE_MAX - 15,
                            (size_t)PTRDIFF_MAX,
                            CONTRACT_UNSATISFIABLE,
                            (size_t)1 << 32,
                            0,
                            0,
                            0,
                            SIZE_MAX - b,
                            2 * b};
  unsigned cls = next_byte(in) % (sizeof classes / sizeof classes[0]);
  if (cls >= 21 && cls <= 23) {
    return next_le(in, cls - 20) & 0x3ffff;
  }
  return classes[cls];
}

/* Creates arena i; a failure is allowed only if its allocator failed. */
static void create(api_run *r, unsigned i) {
  api_arena *a = &r->arenas[i];
  size_t failures = a->f.failures;
  subject_options o = {r->block_size, NULL, NULL, NULL};
  if (!r->defaults || !contract_harness_blocks(r->c)) {
    o.block_allocate = faulty_allocate;
    o.block_free = faulty_free;
    o.ctx = &a->f;
  }
  a->s = subject_create(&o);
  a->f.fail_next = 0;
  if (a->s == NULL && a->f.failures == failures) {
    finding(r, "create", "subject_create failed (block size %zu) without an allocator failure",
            r->block_size);
  }
  a->live_bytes = 0;
  a->usage = a->usage0 =
      a->s != NULL && r->c->usage != CONTRACT_USAGE_NONE ? subject_memory_usage(a->s) : 0;
}

static void check_live(api_run *r, const api_live *l) {
  size_t bad;
  if (!pattern_check(l->ptr, l->len, l->seed, &bad)) {
    finding(r, "corruption", "arena %u: a %zu-byte allocation's byte %zu changed", l->arena, l->len,
            bad);
  }
}

/* Checks and forgets arena i's allocations, destroys it, checks its ledger. */
static void destroy(api_run *r, unsigned i) {
  api_arena *a = &r->arenas[i];
  size_t kept = 0;
  intervals_clear(r->iv);
  for (size_t k = 0; k < r->nlive; k++) {
    api_live *l = &r->lives[k];
    if (l->arena == i) {
      check_live(r, l);
      r->live_bytes -= l->len;
      continue;
    }
    r->lives[kept++] = *l;
    intervals_insert(r->iv, (uintptr_t)l->ptr, l->len == 0 ? 1 : l->len, NULL, NULL);
  }
  r->nlive = kept;
  if (a->s == NULL) {
    return;
  }
  size_t bad_frees = a->f.bad_frees;
  a->f.recycle = 1;
  subject_destroy(a->s);
  a->f.recycle = 0;
  a->s = NULL;
  if (contract_harness_blocks(r->c) && a->f.outstanding != 0) {
    finding(r, "leak", "arena %u: after destroy %zu allocations (%zu bytes) were not freed", i,
            a->f.outstanding, a->f.outstanding_bytes);
    faulty_forget(&a->f);
  }
  if (r->c->blocks == CONTRACT_BLOCKS_HARNESS_SIZED && a->f.bad_frees != bad_frees) {
    finding(r, "bad-free", "arena %u: %zu frees with a size other than the allocation's", i,
            a->f.bad_frees - bad_frees);
  }
}

static void check_usage(api_run *r, api_arena *a, int allocated) {
  if (r->c->usage == CONTRACT_USAGE_NONE) {
    return;
  }
  size_t u = subject_memory_usage(a->s);
  if (!allocated && u != a->usage) {
    finding(r, "usage", "usage changed from %zu to %zu without an allocation", a->usage, u);
  } else if (r->c->usage == CONTRACT_USAGE_HELD && (u < a->usage || u < a->live_bytes)) {
    finding(r, "usage", "usage %zu (was %zu) with %zu live bytes", u, a->usage, a->live_bytes);
  } else if (r->c->usage == CONTRACT_USAGE_REQUESTED && u != a->usage0 + a->live_bytes) {
    finding(r, "usage", "usage %zu, expected %zu + %zu live bytes", u, a->usage0, a->live_bytes);
  }
  a->usage = u;
}

static void do_allocate(api_run *r, unsigned i, size_t n, size_t alignment, int aligned) {
  api_arena *a = &r->arenas[i];
  snprintf(r->what, sizeof r->what, "arena %u: %s %zu", i, aligned ? "aligned" : "allocate", n);
  if (!contract_must_refuse(r->c, n) && n > API_MAX_LIVE - r->live_bytes) {
    g_skipped++;
    return;
  }
  size_t failures = a->f.failures;
  unsigned char *q =
      aligned ? subject_allocate_aligned(a->s, n, alignment) : subject_allocate(a->s, n);
  if (q == NULL) {
    if (contract_must_succeed(r->c, n) && a->f.failures == failures) {
      finding(r, "must-succeed", "returned NULL without an allocator failure");
    }
    check_usage(r, a, !r->c->unchanged_after_failure);
    return;
  }
  if (n == 0 && r->c->zero == CONTRACT_ZERO_ANY) {
    check_usage(r, a, 1);
    return;
  }
  if (n >= CONTRACT_UNSATISFIABLE || n > r->c->max_request) {
    finding(r, "huge-request", "returned %p for %zu bytes (contract: at most %zu)", (void *)q, n,
            r->c->max_request);
    return;
  }
  if (n == 0 && r->c->zero == CONTRACT_ZERO_NULL) {
    finding(r, "zero-size", "returned %p, expected NULL for 0 bytes", (void *)q);
    return;
  }
  if ((uintptr_t)q % alignment != 0) {
    finding(r, "alignment", "result %p is not %zu-aligned", (void *)q, alignment);
    return;
  }
  if ((uintptr_t)q > UINTPTR_MAX - n) {
    finding(r, "wraps", "result %p + %zu wraps the address space", (void *)q, n);
    return;
  }
  uintptr_t other = 0;
  size_t other_len = 0;
  if (!intervals_insert(r->iv, (uintptr_t)q, n == 0 ? 1 : n, &other, &other_len)) {
    finding(r, "overlap", "result [%p, +%zu) overlaps a live [%p, +%zu)", (void *)q, n,
            (void *)other, other_len);
    return;
  }
  api_live *l = &r->lives[r->nlive++];
  l->ptr = q;
  l->len = n;
  l->seed = pattern_seed(r->serial++, 0);
  l->arena = i;
  pattern_fill(q, n, l->seed);
  r->live_bytes += n;
  a->live_bytes += n;
  check_usage(r, a, 1);
}

static void run_op(api_run *r, reader *in) {
  assert(r->count >= 1 && r->count <= API_ARENAS);
  uint8_t c = next_byte(in);
  unsigned i = (c & 3u) % r->count;
  unsigned group = c >> 5;
  api_arena *a = &r->arenas[i];
  if (group < 6) {
    size_t alignment = r->c->plain_alignment;
    if (group >= 4) {
      size_t want = (size_t)1 << (next_byte(in) % 21);
      alignment = r->c->max_alignment == 0     ? r->c->alignment
                  : want < r->c->max_alignment ? want
                                               : r->c->max_alignment;
    }
    size_t n = api_size(r, in);
    if (a->s != NULL) {
      do_allocate(r, i, n, alignment, group >= 4);
    }
    return;
  }
  if (group == 6) {
    a->f.fail_next = contract_harness_blocks(r->c) && !r->defaults;
    return;
  }
  if (((c >> 2) & 7u) < 4) {
    snprintf(r->what, sizeof r->what, "arena %u: reset", i);
    destroy(r, i);
    create(r, i);
    return;
  }
  snprintf(r->what, sizeof r->what, "verify-all");
  for (size_t k = 0; k < r->nlive; k++) {
    check_live(r, &r->lives[k]);
  }
  for (unsigned k = 0; k < r->count; k++) {
    if (r->arenas[k].s != NULL) {
      check_usage(r, &r->arenas[k], 0);
    }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static api_run r; /* large; one input at a time */
  if (g_runs++ == 0 && getenv("ARENAFUZZ_TOTALS") != NULL) atexit(print_totals);
  if (r.iv == NULL) {
    r.iv = intervals_create(API_MAX_OPS);
    if (r.iv == NULL) {
      fprintf(stderr, "api_fuzzer: out of memory\n");
      abort();
    }
  }
  intervals *iv = r.iv;
  memset(&r, 0, sizeof r);
  r.iv = iv;
  intervals_clear(r.iv);
  r.c = subject_describe();
  const char *why = NULL;
  if (!contract_valid(r.c, &why)) {
    fprintf(stderr, "arenafuzz: api_fuzzer: the subject's contract is not valid: %s\n", why);
    abort();
  }
  ubsan_hook outer = ubsan_hook_set((ubsan_hook){on_ubsan, &r});
  reader in = {data, size, 0};
  uint8_t b0 = next_byte(&in);
  r.count = 1 + (b0 & 3u);
  r.defaults = (b0 >> 2) & 1;
  r.block_size = kBlockSizes[(b0 >> 3) & 7u];
  snprintf(r.what, sizeof r.what, "create");
  for (unsigned i = 0; i < r.count; i++) {
    faulty_init(&r.arenas[i].f);
    r.arenas[i].f.unsized = r.c->blocks == CONTRACT_BLOCKS_HARNESS_UNSIZED;
    create(&r, i);
  }
  for (size_t k = 0; in.pos < in.size && k < API_MAX_OPS; k++) {
    r.op = k + 1;
    run_op(&r, &in);
  }
  r.op++;
  for (unsigned i = r.count; i-- > 0;) {
    snprintf(r.what, sizeof r.what, "arena %u: destroy", i);
    destroy(&r, i);
  }
  ubsan_hook_set(outer);
  return 0;
}
