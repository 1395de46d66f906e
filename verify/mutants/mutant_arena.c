/* mutant_arena: a small second implementation of LevelDB's arena policy behind
 * harness/subject.h, with the one bug that MUTANT (mutants.h) plants. */
#include <stdint.h>
#include <stdlib.h>

#include "arena/track.h"
#include "harness/subject.h"
#include "verify/mutants/mutants.h"

#ifndef MUTANT
#error "build with -DMUTANT=MUTANT_<NAME> (see mutants.h)"
#endif

#define MUT_ALIGN (sizeof(void *) > 8 ? sizeof(void *) : (size_t)8)
#define MUT_OVERHEAD sizeof(char *)
#define MUT_DEFAULT_BLOCK ((size_t)4096)
#define MUT_MIN_BLOCK ((size_t)32)
#define MUT_MAX_BLOCK ((size_t)1 << 30)
#define MUT_MAX_REQUEST ((size_t)PTRDIFF_MAX)

typedef struct mutant_block {
  char *base; /* NULL once freed (block_freed_early) */
  size_t bytes;
} mutant_block;

struct subject {
  char *ptr;        /* next free byte of the current block; NULL if none */
  size_t remaining; /* bytes from ptr to the current block's end */
  size_t usage;
  size_t block_size;
  void *(*allocate)(void *ctx, size_t bytes);
  void (*release)(void *ctx, void *ptr, size_t bytes);
  void *ctx;
  mutant_block *blocks; /* every block, oldest first (malloc'd bookkeeping) */
  size_t count, capacity;
  size_t current; /* index of the current standard block */
  char *spare;    /* tail_not_wasted: the previous block's tail */
  size_t spare_remaining;
};

/* What each build claims: LevelDB's policy, block size, allocator, poisoning. */
#define MUT_INFO(name) CONTRACT_LEVELDB(name, "a mutant of our arena", ARENA_TRACK_POISONS)
static const subject_contract mutant_infos[] = {
    MUT_INFO("none"),
    MUT_INFO("fit_off_by_one"),
    MUT_INFO("threshold_wrong"),
    MUT_INFO("slop_lost"),
    MUT_INFO("usage_miscounted"),
    MUT_INFO("usage_counts_requests"),
    MUT_INFO("aligned_wrap"),
    MUT_INFO("end_pointer_wrap"),
    MUT_INFO("block_freed_early"),
    MUT_INFO("tail_not_wasted"),
    MUT_INFO("misaligned"),
    MUT_INFO("state_changed_before_failure"),
    MUT_INFO("usage_charged_before_failure"),
    MUT_INFO("dedicated_becomes_current"),
    MUT_INFO("zero_not_refused"),
    MUT_INFO("fallback_padded"),
    MUT_INFO("block_size_ignored"),
    MUT_INFO("new_block_overlap"),
    MUT_INFO("dedicated_leaked"),
    MUT_INFO("block_oversized"),
    MUT_INFO("none_leveldb_refusal"),
};

_Static_assert(MUTANT >= 0 && MUTANT < sizeof(mutant_infos) / sizeof(mutant_infos[0]),
               "MUTANT must be one of mutants.h");

static void *default_allocate(void *ctx, size_t bytes) {
  (void)ctx;
  return malloc(bytes);
}

static void default_release(void *ctx, void *ptr, size_t bytes) {
  (void)ctx;
  (void)bytes;
  free(ptr);
}

const subject_contract *subject_describe(void) { return &mutant_infos[MUTANT]; }

subject *subject_create(const subject_options *options) {
  size_t block_size = options != NULL ? options->block_size : 0;
  if (block_size != 0 &&
      (block_size < MUT_MIN_BLOCK || block_size > MUT_MAX_BLOCK || block_size % MUT_ALIGN != 0)) {
    return NULL;
  }
  subject *s = calloc(1, sizeof(*s));
  if (s == NULL) {
    return NULL;
  }
#if MUTANT == MUTANT_BLOCK_SIZE_IGNORED
  s->block_size = MUT_DEFAULT_BLOCK; /* BUG: the option was validated, then forgotten */
#else
  s->block_size = block_size != 0 ? block_size : MUT_DEFAULT_BLOCK;
#endif
  s->allocate = default_allocate;
  s->release = default_release;
  if (options != NULL && options->block_allocate != NULL && options->block_free != NULL) {
    s->allocate = options->block_allocate;
    s->release = options->block_free;
    s->ctx = options->ctx;
  }
  return s;
}

void subject_destroy(subject *s) {
  if (s == NULL) {
    return;
  }
  for (size_t i = 0; i < s->count; i++) {
    if (s->blocks[i].base != NULL) {
      ARENA_TRACK_RELEASE(s->blocks[i].base, s->blocks[i].bytes);
      s->release(s->ctx, s->blocks[i].base, s->blocks[i].bytes);
    }
  }
  free(s->blocks);
  free(s);
}

size_t subject_memory_usage(const subject *s) { return s->usage; }

/* Room for one more block entry; 0 (nothing changed) if malloc fails. */
static int reserve_entry(subject *s) {
  if (s->count < s->capacity) {
    return 1;
  }
  size_t capacity = s->capacity == 0 ? 8 : s->capacity * 2;
  mutant_block *grown = realloc(s->blocks, capacity * sizeof(*grown));
  if (grown == NULL) {
    return 0;
  }
  s->blocks = grown;
  s->capacity = capacity;
  return 1;
}

/* A new block of `bytes`, recorded and charged, poisoned; NULL (usage and
 * blocks unchanged) if usage cannot count it or the allocator fails. */
static char *new_block(subject *s, size_t bytes, int dedicated) {
  if (bytes > SIZE_MAX - MUT_OVERHEAD - s->usage || !reserve_entry(s)) {
    return NULL;
  }
#if MUTANT == MUTANT_USAGE_CHARGED_BEFORE_FAILURE
  s->usage += bytes + MUT_OVERHEAD; /* BUG: charged before knowing the block exists */
#endif
#if MUTANT == MUTANT_BLOCK_OVERSIZED
  /* BUG: "headroom" asked of the allocator (and freed with it) but not counted. */
  char *block = s->allocate(s->ctx, bytes + 64);
#else
  char *block = s->allocate(s->ctx, bytes);
#endif
  if (block == NULL) {
    return NULL;
  }
  ARENA_TRACK_RESERVE(block, bytes);
#if MUTANT == MUTANT_DEDICATED_LEAKED
  if (!dedicated) { /* BUG: only standard blocks are recorded, so only they are freed */
    s->blocks[s->count++] = (mutant_block){block, bytes};
  }
#elif MUTANT == MUTANT_BLOCK_OVERSIZED
  s->blocks[s->count++] = (mutant_block){block, bytes + 64};
#else
  s->blocks[s->count++] = (mutant_block){block, bytes};
#endif
#if MUTANT == MUTANT_USAGE_MISCOUNTED
  s->usage += dedicated ? bytes : bytes + MUT_OVERHEAD; /* BUG: no overhead for dedicated */
#elif MUTANT == MUTANT_USAGE_COUNTS_REQUESTS
  s->usage += MUT_OVERHEAD; /* BUG: the bytes are charged per request instead */
#elif MUTANT != MUTANT_USAGE_CHARGED_BEFORE_FAILURE
  s->usage += bytes + MUT_OVERHEAD;
#endif
  (void)dedicated;
  return block;
}

/* Hands out [p, p+bytes) (the seed crate's usage bug charges it here). */
static void *hand_out(subject *s, char *p, size_t bytes) {
  /* A wrapped request (aligned_wrap, end_pointer_wrap) is left poisoned: ASan's
   * own CHECK would end the run here, before the harness sees the result. */
  if (bytes <= MUT_MAX_REQUEST) {
    ARENA_TRACK_HANDOUT(p, bytes);
  }
#if MUTANT == MUTANT_USAGE_COUNTS_REQUESTS
  s->usage += bytes;
#else
  (void)s;
#endif
  return p;
}

/* The fast paths' fit test: 1 if `bytes` fit in `room`. */
static int fits(size_t bytes, size_t room) {
#if MUTANT == MUTANT_FIT_OFF_BY_ONE
  return bytes < room; /* BUG: an exact fit is sent to the slow path */
#else
  return bytes <= room;
#endif
}

/* LevelDB's AllocateFallback: `bytes` did not fit the current block. */
static void *fallback(subject *s, size_t bytes, int aligned) {
#if MUTANT == MUTANT_NONE_LEVELDB_REFUSAL
  /* LevelDB's policy, not a bug: an impossible size is a dedicated block the
   * allocator must fail (the usage guard may refuse it first). */
  if (bytes == 0) {
    return NULL;
  }
#else
  if (bytes == 0 || bytes > MUT_MAX_REQUEST) {
    return NULL;
  }
#endif
#if MUTANT == MUTANT_THRESHOLD_WRONG
  if (bytes >= s->block_size / 4) { /* BUG: a quarter block is already "large" */
#else
  if (bytes > s->block_size / 4) {
#endif
    char *block = new_block(s, bytes, 1);
#if MUTANT == MUTANT_DEDICATED_BECOMES_CURRENT
    if (block != NULL) { /* BUG: the old block's tail is abandoned */
      s->ptr = block + bytes;
      s->remaining = 0;
    }
#endif
    return block != NULL ? hand_out(s, block, bytes) : NULL;
  }
#if MUTANT == MUTANT_TAIL_NOT_WASTED
  if (!aligned && s->spare != NULL && bytes <= s->spare_remaining) {
    char *result = s->spare; /* BUG: "saves" memory, breaks LevelDB's layout */
    s->spare += bytes;
    s->spare_remaining -= bytes;
    return hand_out(s, result, bytes);
  }
#endif
  (void)aligned;
#if MUTANT == MUTANT_STATE_CHANGED_BEFORE_FAILURE
  s->ptr = NULL; /* BUG: the tail is dropped even if no new block comes */
  s->remaining = 0;
#endif
  char *block = new_block(s, s->block_size, 0);
  if (block == NULL) {
    return NULL;
  }
#if MUTANT == MUTANT_BLOCK_FREED_EARLY
  if (s->ptr != NULL) { /* BUG: "its tail is wasted anyway", but it holds live data */
    ARENA_TRACK_RELEASE(s->blocks[s->current].base, s->blocks[s->current].bytes);
    s->release(s->ctx, s->blocks[s->current].base, s->blocks[s->current].bytes);
    s->blocks[s->current].base = NULL;
  }
#endif
#if MUTANT == MUTANT_TAIL_NOT_WASTED
  s->spare = s->ptr;
  s->spare_remaining = s->remaining;
#endif
  s->current = s->count - 1;
#if MUTANT == MUTANT_NEW_BLOCK_OVERLAP
  s->ptr = block; /* BUG: the request itself is not stepped over */
#else
  s->ptr = block + bytes;
#endif
  s->remaining = s->block_size - bytes;
  return hand_out(s, block, bytes);
}

void *subject_allocate(subject *s, size_t bytes) {
#if MUTANT == MUTANT_END_POINTER_WRAP
  /* BUG: compares addresses; ptr + bytes wraps around for huge sizes. */
  int fast = bytes != 0 && (uintptr_t)s->ptr + bytes <= (uintptr_t)s->ptr + s->remaining;
#elif MUTANT == MUTANT_ZERO_NOT_REFUSED
  int fast = fits(bytes, s->remaining); /* BUG: LevelDB only asserts bytes > 0 */
#else
  int fast = bytes != 0 && fits(bytes, s->remaining);
#endif
  if (fast) {
    char *result = s->ptr;
    s->ptr += bytes;
    s->remaining -= bytes;
    return hand_out(s, result, bytes);
  }
  return fallback(s, bytes, 0);
}

void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment) {
  (void)alignment;
  size_t mod = (size_t)((uintptr_t)s->ptr & (MUT_ALIGN - 1));
#if MUTANT == MUTANT_MISALIGNED
  size_t slop = mod; /* BUG: pads by the remainder, not up to the boundary */
#else
  size_t slop = mod == 0 ? 0 : MUT_ALIGN - mod;
#endif
#if MUTANT == MUTANT_ALIGNED_WRAP
  size_t needed = bytes + slop; /* BUG: LevelDB's unchecked sum wraps */
  int fast = bytes != 0 && needed <= s->remaining;
#else
  int fast = bytes != 0 && slop <= s->remaining && fits(bytes, s->remaining - slop);
#endif
  if (fast) {
    char *result = s->ptr + slop;
    s->ptr = result + bytes;
#if MUTANT == MUTANT_SLOP_LOST
    s->remaining -= bytes; /* BUG: the padding is not counted as used */
#else
    s->remaining -= bytes + slop;
#endif
    return hand_out(s, result, bytes);
  }
#if MUTANT == MUTANT_FALLBACK_PADDED
  /* BUG: LevelDB passes the unpadded size. (0 and impossible sizes are passed
   * as they are, so this mutant is only the layout bug, not a refusal bug.) */
  return fallback(s, bytes == 0 || bytes > MUT_MAX_REQUEST ? bytes : bytes + slop, 1);
#else
  return fallback(s, bytes, 1);
#endif
}
