/* faulty: the harness's block allocator for subjects: malloc with a size cap,
 * a "fail the next call" switch, a count of what is outstanding, and a cache
 * of blocks freed by destroyed arenas (so runs do not fault in fresh pages). */
#ifndef HARNESS_FAULTY_H
#define HARNESS_FAULTY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Blocks above this fail (as malloc could), so impossible-but-representable
 * sizes never reach the system allocator and runs stay small. */
#define FAULTY_MAX_BLOCK ((size_t)1 << 24)
/* Every allocation is aligned to this (like malloc on x86-64). */
#define FAULTY_ALIGNMENT ((size_t)16)

/* The calls kept in a faulty's log (see log_count). */
#define FAULTY_LOG 8

/* One allocate call: its result (NULL if it failed) and the size asked for. */
typedef struct faulty_call {
  void *ptr;
  size_t bytes;
} faulty_call;

typedef struct faulty {
  int fail_next;      /* the next call returns NULL (and clears this) */
  size_t max_block;   /* calls above this return NULL */
  size_t calls;       /* allocate calls so far */
  size_t failures;    /* calls that returned NULL */
  size_t outstanding; /* allocations not yet freed */
  size_t outstanding_bytes;
  size_t bad_frees; /* frees whose size differs from the allocation's (unless
                     * unsized), or of NULL, or of a damaged header */
  int unsized;      /* 1: free's size is not checked (a library that frees without one) */
  /* 1: frees go to the process-wide cache instead of free(); the runner sets
   * it only while destroying an arena, so a block a live arena frees early
   * really is freed (and ASan reports any later use as use-after-free). */
  int recycle;
  /* Allocate calls since the owner last set log_count to 0 (the runner does
   * before every operation); the first FAULTY_LOG of them are in log. */
  size_t log_count;
  faulty_call log[FAULTY_LOG];
} faulty;

/* The cache holds at most this many bytes of blocks of at most FAULTY_CACHE_MAX_BLOCK. */
#define FAULTY_CACHE_BYTES ((size_t)16 << 20)
#define FAULTY_CACHE_MAX_BLOCK ((size_t)1 << 20)

/* Zero counters, fail_next off, max_block = FAULTY_MAX_BLOCK. */
void faulty_init(faulty *f);

/* Forgets what is outstanding (blocks a subject leaked stay allocated), so
 * the next arena's ledger starts from zero. */
void faulty_forget(faulty *f);

/* The callbacks to put in subject_options / arena_options (ctx: a faulty*).
 * allocate: counts the call; if fail_next is set it clears it and returns
 * NULL; returns NULL for 0 bytes, for bytes > max_block, or if malloc fails;
 * else FAULTY_ALIGNMENT-aligned memory with unspecified contents (a cached
 * block of the same size, or fresh malloc memory). Each allocation carries a
 * hidden header (poisoned under ASan) recording its size, so free can check it.
 * free: ptr must come from faulty_allocate (on any faulty); a size that
 * differs from the allocation's (or a NULL ptr) counts in bad_frees (the
 * memory is still released). With recycle set the block is poisoned and
 * cached (if it fits the cache), else freed. Both are thread-safe; the cache
 * is disabled under Valgrind. */
void *faulty_allocate(void *ctx, size_t bytes);
void faulty_free(void *ctx, void *ptr, size_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_FAULTY_H */
