/* arena_api_fuzzer: drives the arena's public API directly (not through the subject
 * interface): options valid or not, four block allocators, the event hook. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena/arena.h"
#include "harness/faulty.h"
#include "harness/model.h"

/* The input (no length fields: every byte string is an input; bytes past the
 * end read as 0):
 *
 *   byte 0: bits 0-1  how the arena is made: 0, 3 arena_create_with(&options),
 *                     1 arena_create_with(NULL), 2 arena_create()
 *           bits 2-3  the allocator in the options: 0 none (malloc/free),
 *                     1 faulty, 2 misaligning, 3 lying (see below)
 *           bit 4     an event hook is installed
 *           bit 5     the allocator's first call (the arena struct) fails
 *           bits 6-7  0, 1: both callbacks as the mode says; 2 allocate
 *                     without free; 3 free without allocate (creation fails)
 *   byte 1: the block size: < 0x40 kBlockSizes[byte & 15]; < 0x80 the next 2
 *           bytes (little-endian); else the next 8 bytes. Raw sizes are mostly
 *           invalid, on purpose: creation must then fail.
 *   byte 2: misaligning mode: bit k % 8 set misaligns the k-th allocator call
 *           of the input (k from 0; every call: the arena struct, block-record
 *           chunks, blocks), which the arena must free and refuse
 *   byte 3: misaligning mode: the offset, 1 to 7 (byte & 7); 0 cycles, the
 *           k-th call misaligned by k % 7 + 1
 *   then one control byte c per operation (at most API_MAX_OPS), payload after it:
 *     c >> 5: 0-2 allocate, 3-5 aligned, size class c & 31 (class_size)
 *             6   the allocator's next call fails (modes other than none)
 *             7   c & 31 < 16: arena_destroy(NULL); else reset (destroy, create
 *                 again with the same options; an armed failure fails the struct)
 * Options other than arena_create_with(&options) ignore the rest of byte 0 and
 * the block size (they mean malloc/free, 4096-byte blocks, no hook).
 *
 * Every operation is checked against the shadow model (harness/model.h): NULL
 * or not, the address (block start + the model's offset), memory usage, which
 * never decreases, the one event of a slow path (none on the fast path), and
 * the allocator's ledger (calls, outstanding blocks, frees of the right size).
 * A violation prints one line "arenafuzz: arena_api_fuzzer op N (...): ..." and aborts. */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Operations per input, so one input stays one quick run. */
#define API_MAX_OPS ((size_t)4096)
/* fuzz/arena_api_seeds.sh misaligns allocations of exactly these sizes (the arena's
 * own records); keep the seeds in step when a record changes size. */
_Static_assert(sizeof(void *) != 8 || sizeof(arena) == 88,
               "update arena_api_seeds.sh's struct seeds");
_Static_assert(sizeof(void *) != 8 || sizeof(arena_block_chunk) == 2048,
               "update arena_api_seeds.sh's chunk seeds");
/* Real block bytes one arena may hold; requests that would need more are
 * skipped (not run), so an input stays small and fast (ASan maps and poisons
 * each large block: with 32 MiB here the fuzzer ran 14 times slower). */
#define API_MAX_HELD ((size_t)2 << 20)

/* What this process ran and skipped (under API_MAX_HELD), printed at exit when
 * ARENAFUZZ_TOTALS is set, in the runner's format (tools/fuzz.sh's table). */
static size_t g_runs;
static size_t g_skipped;

static void print_totals(void) {
  fprintf(stderr,
          "arenafuzz: totals: %zu runs, %zu allocations skipped (held-memory budget), 0 touches "
          "skipped (arena_api_fuzzer touches no block memory)\n",
          g_runs, g_skipped);
}

/* The lying allocator hands out a small static buffer for every request above
 * FAULTY_MAX_BLOCK, so memory usage can approach SIZE_MAX. The arena never
 * reads or writes block memory itself, and we never touch a pretend block,
 * but in poisoning builds (ASan, Valgrind) the arena poisons every block it
 * gets and unpoisons what it hands out: on a pretend block of 2^63 bytes that
 * would write shadow memory far past the buffer. There the lying mode falls
 * back to the truthful faulty allocator (blocks above its cap fail). */
#if ARENA_TRACK_POISONS
#define API_CAN_LIE 0
#else
#define API_CAN_LIE 1
#endif

static _Alignas(16) char g_pretend[64];

typedef enum api_how { API_WITH_OPTIONS, API_WITH_NULL, API_CREATE } api_how;
typedef enum api_mode { API_DEFAULT, API_FAULTY, API_MISALIGN, API_LYING } api_mode;
typedef enum api_callbacks { API_BOTH, API_ALLOCATE_ONLY, API_FREE_ONLY } api_callbacks;

/* What byte 0..2 chose. */
typedef struct api_setup {
  api_how how;
  api_mode mode;
  int hook;
  int fail_first;
  api_callbacks callbacks;
  size_t block_size;
  uint8_t misalign_mask;
  uint8_t misalign_offset; /* 1-7; 0: cycle */
} api_setup;

/* The block allocator of every mode but API_DEFAULT: faulty, with a ledger. */
typedef struct api_alloc {
  faulty inner;
  api_mode mode;
  int lies;                /* the lying mode is live (API_CAN_LIE) */
  uint8_t misalign_mask;   /* API_MISALIGN: which calls to misalign */
  uint8_t misalign_offset; /* ... by how much (0: cycle through 1 to 7) */
  size_t calls;            /* allocate calls */
  size_t misaligned;       /* misaligned pointers handed out and not freed */
  size_t misaligned_total; /* misaligned pointers handed out */
  size_t last_bytes;       /* the size of the last successful allocate */
  size_t pretend;          /* pretend blocks handed out and not freed */
  size_t bad_frees;        /* frees that match nothing handed out */
  const char *last;        /* what the last successful allocate returned */
} api_alloc;

typedef struct api_events {
  size_t count;
  arena_event last;
} api_events;

typedef struct api_run {
  api_setup setup;
  api_alloc al;
  api_events ev;
  arena *a;
  model m;
  size_t held;      /* real (not pretend) block bytes the arena holds */
  uintptr_t base;   /* address of the current block */
  int base_pretend; /* the current block is a pretend block */
  size_t op;        /* 0: creation; i: the i-th operation */
  const char *op_name;
  size_t op_arg;
} api_run;

static void fail(const api_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One line naming the operation and what went wrong, then abort. */
static void fail(const api_run *r, const char *fmt, ...) {
  char msg[320];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "arenafuzz: arena_api_fuzzer op %zu (%s %zu): %s\n", r->op, r->op_name, r->op_arg,
          msg);
  abort();
}

/* A misaligned allocation is carved from this many more bytes, so an arena
 * that wrongly used it would still stay inside the memory behind it. */
#define API_MISALIGN_SLACK ((size_t)8)

static void *api_allocate(void *ctx, size_t bytes) {
  api_alloc *al = ctx;
  al->calls++;
  if (al->lies && bytes > FAULTY_MAX_BLOCK) {
    if (al->inner.fail_next) {
      al->inner.fail_next = 0;
      return NULL;
    }
    al->pretend++;
    al->last = g_pretend;
    al->last_bytes = bytes;
    return g_pretend;
  }
  size_t k = al->calls - 1;
  int misalign = al->mode == API_MISALIGN && ((al->misalign_mask >> (k % 8)) & 1) &&
                 !al->inner.fail_next && bytes <= al->inner.max_block - API_MISALIGN_SLACK;
  char *p = faulty_allocate(&al->inner, misalign ? bytes + API_MISALIGN_SLACK : bytes);
  if (p == NULL) {
    return NULL;
  }
  if (misalign) {
    al->misaligned++;
    al->misaligned_total++;
    p += al->misalign_offset != 0 ? al->misalign_offset : k % 7 + 1;
  }
  al->last = p;
  al->last_bytes = bytes;
  return p;
}

static void api_free(void *ctx, void *ptr, size_t bytes) {
  api_alloc *al = ctx;
  if (ptr == (void *)g_pretend) {
    if (al->pretend == 0 || bytes <= FAULTY_MAX_BLOCK) {
      al->bad_frees++;
    } else {
      al->pretend--;
    }
    return;
  }
  char *p = ptr;
  size_t off = (uintptr_t)p % FAULTY_ALIGNMENT; /* faulty's blocks are 16-aligned */
  if (off != 0) {
    if (al->misaligned == 0 || off >= ARENA_ALIGNMENT) {
      al->bad_frees++;
    } else {
      al->misaligned--;
    }
    p -= off;
    bytes += API_MISALIGN_SLACK;
  }
  faulty_free(&al->inner, p, bytes);
}

static void api_on_event(void *ctx, const arena_event *event) {
  api_events *ev = ctx;
  ev->count++;
  ev->last = *event;
}

typedef struct reader {
  const uint8_t *data;
  size_t size;
  size_t pos;
} reader;

static uint8_t next_byte(reader *in) { return in->pos < in->size ? in->data[in->pos++] : 0; }

static size_t next_le(reader *in, unsigned bytes) {
  size_t v = 0;
  for (unsigned k = 0; k < bytes; k++) v |= (size_t)next_byte(in) << (8 * k);
  return v;
}

/* Valid sizes first (0: the default), then invalid ones of every kind. */
/* clang-format off */
static const size_t kBlockSizes[16] = {
    0, 32, 40, 64, 1000, 4096, 4104, 65536, (size_t)1 << 30,
    /* invalid: */ 8, 24, 33, 4097, ((size_t)1 << 30) + 8, (size_t)1 << 31, SIZE_MAX};
/* clang-format on */

static void decode_setup(reader *in, api_setup *s) {
  uint8_t b0 = next_byte(in);
  unsigned how = b0 & 3u;
  s->how = how == 1 ? API_WITH_NULL : how == 2 ? API_CREATE : API_WITH_OPTIONS;
  s->mode = (api_mode)((b0 >> 2) & 3u);
  s->hook = (b0 >> 4) & 1;
  s->fail_first = (b0 >> 5) & 1;
  unsigned cb = (b0 >> 6) & 3u;
  s->callbacks = cb == 2 ? API_ALLOCATE_ONLY : cb == 3 ? API_FREE_ONLY : API_BOTH;
  uint8_t b1 = next_byte(in);
  if (b1 < 0x40) {
    s->block_size = kBlockSizes[b1 & 15u];
  } else if (b1 < 0x80) {
    s->block_size = next_le(in, 2);
  } else {
    s->block_size = next_le(in, 8);
  }
  s->misalign_mask = next_byte(in);
  s->misalign_offset = (uint8_t)(next_byte(in) & 7u);
  if (s->how != API_WITH_OPTIONS) {
    s->mode = API_DEFAULT;
    s->hook = 0;
    s->fail_first = 0;
    s->callbacks = API_BOTH;
    s->block_size = 0;
  }
}

/* arena_create_with's documented rule, restated. */
static int options_valid(const api_setup *s) {
  if (s->callbacks != API_BOTH) {
    return 0;
  }
  size_t n = s->block_size;
  return n == 0 ||
         (n >= ARENA_MIN_BLOCK_SIZE && n <= ARENA_MAX_BLOCK_SIZE && n % ARENA_ALIGNMENT == 0);
}

static arena *create(api_run *r) {
  const api_setup *s = &r->setup;
  if (s->how == API_CREATE) {
    return arena_create();
  }
  if (s->how == API_WITH_NULL) {
    return arena_create_with(NULL);
  }
  arena_options o;
  memset(&o, 0, sizeof o);
  o.block_size = s->block_size;
  int ours = s->mode != API_DEFAULT;
  if (s->callbacks == API_ALLOCATE_ONLY || (ours && s->callbacks == API_BOTH)) {
    o.allocator.allocate = api_allocate;
  }
  if (s->callbacks == API_FREE_ONLY || (ours && s->callbacks == API_BOTH)) {
    o.allocator.free = api_free;
  }
  o.allocator.ctx = &r->al;
  if (s->hook) {
    o.on_event = api_on_event;
    o.event_ctx = &r->ev;
  }
  return arena_create_with(&o);
}

/* The allocator got back everything (after destroy). */
static void check_released(const api_run *r) {
  const api_alloc *al = &r->al;
  if (r->setup.mode == API_DEFAULT) {
    return; /* malloc/free: LeakSanitizer checks these */
  }
  if (al->inner.outstanding != 0 || al->pretend != 0 || al->misaligned != 0) {
    fail(r, "expected every allocation freed, got %zu outstanding, %zu pretend, %zu misaligned",
         al->inner.outstanding, al->pretend, al->misaligned);
  }
}

static void check_ledger(const api_run *r) {
  const api_alloc *al = &r->al;
  if (al->bad_frees != 0 || al->inner.bad_frees != 0) {
    fail(r, "expected no bad frees, got %zu (%zu of the wrong size or pointer)",
         al->bad_frees + al->inner.bad_frees, al->inner.bad_frees);
  }
  if (al->misaligned != 0) {
    fail(r, "expected the misaligned block freed at once, got %zu still out", al->misaligned);
  }
}

/* Creates the arena and checks the outcome. Returns 1 if an arena is live. */
static int start(api_run *r) {
  const api_setup *s = &r->setup;
  int ours = s->mode != API_DEFAULT;
  int valid = options_valid(s);
  int struct_fails = ours && r->al.inner.fail_next;
  size_t calls = r->al.calls;
  size_t events = r->ev.count;
  size_t misaligned = r->al.misaligned_total;
  r->a = create(r);
  int struct_misaligned = r->al.misaligned_total != misaligned;
  if (!valid || struct_fails || struct_misaligned) {
    if (r->a != NULL) {
      fail(r, "expected NULL (%s), got an arena",
           !valid         ? "invalid options"
           : struct_fails ? "the struct allocation fails"
                          : "the struct is misaligned");
    }
    check_ledger(r);
    size_t want = valid ? 1 : 0;
    if (r->al.calls - calls != want) {
      fail(r, "expected %zu allocator call(s), got %zu", want, r->al.calls - calls);
    }
    check_released(r);
    return 0;
  }
  if (r->a == NULL) {
    fail(r, "expected an arena (block size %zu), got NULL", s->block_size);
  }
  if (ours && (r->al.calls - calls != 1 || r->al.inner.outstanding != 1)) {
    fail(r, "expected 1 allocation (the struct), got %zu call(s), %zu outstanding",
         r->al.calls - calls, r->al.inner.outstanding);
  }
  if (arena_memory_usage(r->a) != 0 || r->ev.count != events) {
    fail(r, "expected usage 0 and no event, got usage %zu and %zu event(s)",
         arena_memory_usage(r->a), r->ev.count - events);
  }
  size_t max_block = SIZE_MAX; /* malloc, and lies (API_MAX_HELD bounds what is real) */
  if (s->mode == API_FAULTY || s->mode == API_MISALIGN || (s->mode == API_LYING && !API_CAN_LIE)) {
    max_block = FAULTY_MAX_BLOCK;
  }
  model_init(&r->m, s->block_size, max_block);
  r->held = 0;
  r->base = 0;
  r->base_pretend = 0;
  return 1;
}

static const char *event_name(arena_event_kind kind) {
  switch (kind) {
    case ARENA_EVENT_NEW_BLOCK:
      return "new-block";
    case ARENA_EVENT_DEDICATED_BLOCK:
      return "dedicated";
    case ARENA_EVENT_REFUSED:
      return "refused";
    case ARENA_EVENT_BLOCK_FAILED:
      return "block-failed";
  }
  return "unknown";
}

static arena_event_kind event_of(model_path path) {
  switch (path) {
    case MODEL_NEW_BLOCK:
      return ARENA_EVENT_NEW_BLOCK;
    case MODEL_DEDICATED:
      return ARENA_EVENT_DEDICATED_BLOCK;
    case MODEL_FAILED:
      return ARENA_EVENT_BLOCK_FAILED;
    case MODEL_FAST:
    case MODEL_REFUSED:
      break;
  }
  return ARENA_EVENT_REFUSED;
}

static void check_event(const api_run *r, const model_prediction *p, size_t before, int aligned) {
  size_t want = p->path == MODEL_FAST ? 0 : 1;
  size_t got = r->ev.count - before;
  if (got != want) {
    fail(r, "expected %zu event(s) on the %s path, got %zu", want, model_path_name(p->path), got);
  }
  if (want == 0) {
    return;
  }
  const arena_event *e = &r->ev.last;
  arena_event_kind kind = event_of(p->path);
  size_t block = p->path == MODEL_REFUSED ? 0 : p->block_bytes;
  if (e->kind != kind || e->request != p->bytes || e->aligned != aligned ||
      e->block_bytes != block) {
    fail(r,
         "expected event %s request %zu aligned %d block %zu, got %s request %zu aligned %d block "
         "%zu",
         event_name(kind), p->bytes, aligned, block, event_name(e->kind), e->request, e->aligned,
         e->block_bytes);
  }
}

static void do_allocate(api_run *r, size_t bytes, int aligned) {
  api_alloc *al = &r->al;
  model_prediction p = model_predict(&r->m, bytes, aligned);
  int takes_block = p.path == MODEL_NEW_BLOCK || p.path == MODEL_DEDICATED;
  int pretend = takes_block && al->lies && p.block_bytes > FAULTY_MAX_BLOCK;
  if (takes_block && !pretend && p.block_bytes > API_MAX_HELD - r->held) {
    g_skipped++; /* too much real memory for one input: counted, not run */
    return;
  }
  size_t calls = al->calls;
  size_t misaligned = al->misaligned_total;
  size_t events = r->ev.count;
  size_t usage = arena_memory_usage(r->a);
  char *res = aligned ? arena_allocate_aligned(r->a, bytes) : arena_allocate(r->a, bytes);
  size_t after = arena_memory_usage(r->a);
  if (al->misaligned_total != misaligned) {
    /* A misaligned chunk or block: the arena must free it and fail, as for NULL. */
    if (p.path == MODEL_FAST || p.path == MODEL_REFUSED) {
      fail(r, "expected no allocator call on the %s path, got a misaligned one",
           model_path_name(p.path));
    }
    p.path = MODEL_FAILED;
    p.usage_after = r->m.usage;
  }

  int want_null = p.path == MODEL_REFUSED || p.path == MODEL_FAILED;
  if ((res == NULL) != want_null) {
    fail(r, "expected %s (%s), got %s", want_null ? "NULL" : "a pointer", model_path_name(p.path),
         res == NULL ? "NULL" : "a pointer");
  }
  if (after < usage) {
    fail(r, "memory usage went down from %zu to %zu", usage, after);
  }
  if (after != p.usage_after) {
    fail(r, "expected usage %zu (%s), got %zu", p.usage_after, model_path_name(p.path), after);
  }
  if (r->setup.hook) {
    check_event(r, &p, events, aligned);
  }
  if (r->setup.mode != API_DEFAULT) {
    int calls_allocator = p.path != MODEL_FAST && p.path != MODEL_REFUSED;
    if ((al->calls != calls) != calls_allocator) {
      fail(r, "expected %s allocator call on the %s path, got %zu", calls_allocator ? "an" : "no",
           model_path_name(p.path), al->calls - calls);
    }
    check_ledger(r);
  }
  if (res != NULL) {
    uintptr_t at = (uintptr_t)res;
    if ((aligned || p.path != MODEL_FAST) && at % ARENA_ALIGNMENT != 0) {
      fail(r, "expected an address aligned to %zu, got %#jx", (size_t)ARENA_ALIGNMENT,
           (uintmax_t)at);
    }
    if (p.path == MODEL_FAST && at != r->base + p.offset) {
      fail(r, "expected offset %zu in the current block, got %#jx with the block at %#jx", p.offset,
           (uintmax_t)at, (uintmax_t)r->base);
    }
    if (p.path != MODEL_FAST && r->setup.mode != API_DEFAULT &&
        (res != al->last || al->last_bytes != p.block_bytes)) {
      fail(r, "expected the start of the %s block of %zu bytes, got %s of %zu bytes",
           model_path_name(p.path), p.block_bytes,
           res == al->last ? "the start of an allocation" : "another address", al->last_bytes);
    }
    if (p.path == MODEL_NEW_BLOCK) {
      r->base = at;
      r->base_pretend = pretend;
    }
    if (!pretend && !(p.path == MODEL_FAST && r->base_pretend)) {
      res[0] = 0x5a; /* ASan: handed-out bytes must be addressable */
      res[bytes - 1] = (char)0xa5;
    }
  }
  if (takes_block && !pretend && p.path != MODEL_FAILED) {
    r->held += p.block_bytes;
  }
  model_apply(&r->m, &p);
}

/* Size classes, from the arena's state: boundaries one byte change apart. */
static size_t class_size(const api_run *r, unsigned cls, reader *in) {
  size_t b = r->m.block_size;
  size_t usage = r->m.usage;
  size_t room =
      usage <= SIZE_MAX - MODEL_BLOCK_OVERHEAD ? SIZE_MAX - MODEL_BLOCK_OVERHEAD - usage : 0;
  size_t rem = r->m.has_block ? r->m.remaining : 0;
  static const size_t kFixed[] = {0, 1, 7, 8, 9, 16, 24};
  if (cls < 7) {
    return kFixed[cls];
  }
  switch (cls) {
    case 7:
      return b / 4 - 1;
    case 8:
      return b / 4;
    case 9:
      return b / 4 + 1;
    case 10:
      return b - 1;
    case 11:
      return b;
    case 12:
      return b + 1;
    case 13:
      return 2 * b;
    case 14:
      return rem;
    case 15:
      return rem + 1;
    case 16:
      return FAULTY_MAX_BLOCK;
    case 17:
      return FAULTY_MAX_BLOCK + 1;
    case 18:
      return ARENA_MAX_REQUEST;
    case 19:
      return ARENA_MAX_REQUEST + 1;
    case 20:
      return SIZE_MAX;
    case 21:
      return room; /* the largest block usage can still count */
    case 22:
      return room + 1;
    case 23:
      return room == 0 ? 0 : room - 1;
    case 24:
      return next_le(in, 1);
    case 25:
      return next_le(in, 2);
    case 26:
      return next_le(in, 3);
    case 27:
      return next_le(in, 8);
    case 28:
      return 1025;
    case 29:
      return 4095;
    case 30:
      return (size_t)1 << 20;
    default:
      return SIZE_MAX - b;
  }
}

/* Runs one operation; returns 0 once no arena is live (a reset that failed). */
static int run_op(api_run *r, reader *in) {
  uint8_t c = next_byte(in);
  unsigned kind = c >> 5;
  r->op_arg = 0;
  if (kind < 6) {
    int aligned = kind >= 3;
    r->op_name = aligned ? "aligned" : "allocate";
    r->op_arg = class_size(r, c & 31u, in);
    do_allocate(r, r->op_arg, aligned);
    return 1;
  }
  if (kind == 6) {
    r->op_name = "fail-next";
    if (r->setup.mode != API_DEFAULT) {
      r->al.inner.fail_next = 1;
      model_fail_next(&r->m);
    }
    return 1;
  }
  if ((c & 31u) < 16) {
    r->op_name = "destroy-null";
    size_t calls = r->al.calls;
    size_t events = r->ev.count;
    size_t usage = arena_memory_usage(r->a);
    arena_destroy(NULL);
    if (r->al.calls != calls || r->ev.count != events || arena_memory_usage(r->a) != usage) {
      fail(r, "expected arena_destroy(NULL) to do nothing, got a call, an event or a usage change");
    }
    return 1;
  }
  r->op_name = "reset";
  arena_destroy(r->a);
  r->a = NULL;
  check_released(r);
  check_ledger(r);
  return start(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (g_runs++ == 0 && getenv("ARENAFUZZ_TOTALS") != NULL) atexit(print_totals);
  reader in = {data, size, 0};
  api_run r;
  memset(&r, 0, sizeof r);
  decode_setup(&in, &r.setup);
  faulty_init(&r.al.inner);
  r.al.mode = r.setup.mode;
  r.al.lies = API_CAN_LIE && r.setup.mode == API_LYING;
  r.al.misalign_mask = r.setup.misalign_mask;
  r.al.misalign_offset = r.setup.misalign_offset;
  r.op_name = "create";
  r.op_arg = r.setup.block_size;
  if (r.setup.fail_first && r.setup.mode != API_DEFAULT) {
    r.al.inner.fail_next = 1;
  }
  int live = start(&r);
  for (size_t i = 0; live && in.pos < in.size && i < API_MAX_OPS; i++) {
    r.op = i + 1;
    live = run_op(&r, &in);
  }
  r.op++;
  r.op_name = "destroy";
  r.op_arg = 0;
  if (r.a != NULL) {
    arena_destroy(r.a);
    check_released(&r);
    check_ledger(&r);
  }
  arena_destroy(NULL);
  return 0;
}
