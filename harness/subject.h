/* subject: the interface an arena under test implements, chosen at link time
 * (the label_flag //harness:subject). Our arena's adapter is subject_arena.c. */
#ifndef HARNESS_SUBJECT_H
#define HARNESS_SUBJECT_H

#include <stddef.h>

#include "harness/contract.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An arena instance; each implementation defines struct subject as it likes. */
typedef struct subject subject;

/* What the harness asks of a new arena. An implementation that cannot honour
 * a field says so in its contract and ignores it. */
typedef struct subject_options {
  size_t block_size; /* standard block size; 0 means the implementation's default */
  /* Block allocator (contract blocks HARNESS_*): the subject must take every
   * block (and may take its own bookkeeping) from here, so the harness can
   * inject failures. allocate returns memory aligned like malloc, or NULL.
   * An unsized subject passes 0 as free's bytes. Both NULL: the library's
   * own allocator (api_fuzzer asks for that too). */
  void *(*block_allocate)(void *ctx, size_t bytes);
  void (*block_free)(void *ctx, void *ptr, size_t bytes);
  void *ctx;
} subject_options;

/* The linked implementation's contract (harness/contract.h). Never NULL; the
 * same every call. */
const subject_contract *subject_describe(void);

/* Creates an arena; NULL if it cannot (invalid options, no memory). */
subject *subject_create(const subject_options *options);

/* Allocation calls: a non-NULL result holds `bytes` writable bytes until
 * subject_destroy. A failure, however the library shows it (the contract's
 * `failure`), comes back as NULL. Plain results are multiples of the
 * contract's plain_alignment; aligned ones of `alignment`, which is the
 * contract's `alignment` when it declares no alignment parameter, else a
 * power of two of at most max_alignment. */
void *subject_allocate(subject *s, size_t bytes);
void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment);

/* Memory usage as the contract's `usage` defines it (never called for
 * CONTRACT_USAGE_NONE; such a subject may return 0). */
size_t subject_memory_usage(const subject *s);

/* Frees everything the arena holds; NULL is a no-op. */
void subject_destroy(subject *s);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_SUBJECT_H */
