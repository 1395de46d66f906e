/* subject: the interface an arena under test implements, chosen at link time
 * (the label_flag //harness:subject). Our arena's adapter is subject_arena.c. */
#ifndef HARNESS_SUBJECT_H
#define HARNESS_SUBJECT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An arena instance; each implementation defines struct subject as it likes. */
typedef struct subject subject;

/* What the harness asks of a new arena. An implementation that cannot honour
 * a field says so in subject_info and may ignore it. */
typedef struct subject_options {
  size_t block_size; /* standard block size; 0 means the implementation's default */
  /* Block allocator: the subject must take every block (and may take its own
   * bookkeeping) from here, so the harness can inject failures. allocate
   * returns memory aligned like malloc, or NULL. */
  void *(*block_allocate)(void *ctx, size_t bytes);
  void (*block_free)(void *ctx, void *ptr, size_t bytes);
  void *ctx;
} subject_options;

/* What an implementation claims; the harness checks exactly what is claimed. */
typedef struct subject_info {
  const char *name;
  /* 1: LevelDB's policy byte for byte (paths, offsets, slop, memory usage,
   * and every block asked of the harness allocator exactly the model's).
   * A request above PTRDIFF_MAX must give NULL with nothing changed; a parity
   * subject may refuse it outright or, as LevelDB does, ask the allocator for
   * it and return NULL when that fails (the runner accepts both; an armed
   * fail-next the call used up is used up in the model too).
   * 0: only the policy-free invariants are checked (alignment, no overlap,
   * data intact, NULL for 0 and impossible sizes, usage >= live bytes and
   * monotonic, usage >= the bytes of blocks held from the harness allocator,
   * unchanged after NULL). */
  int leveldb_parity;
  int honours_block_size; /* 1: options.block_size is used */
  int honours_allocator;  /* 1: options' allocator is used (faults can be injected) */
  int poisons;            /* 1: in ASan builds the unused part of a block is poisoned */
} subject_info;

/* Describes the linked implementation. Never NULL; the same every call. */
const subject_info *subject_describe(void);

/* Creates an arena; NULL if it cannot (invalid options, no memory). */
subject *subject_create(const subject_options *options);

/* Allocation calls, with the meaning of arena_allocate / arena_allocate_aligned:
 * a non-NULL result holds `bytes` writable bytes until subject_destroy;
 * aligned results are multiples of max(sizeof(void*), 8). */
void *subject_allocate(subject *s, size_t bytes);
void *subject_allocate_aligned(subject *s, size_t bytes);

/* Bytes held by the arena (LevelDB's MemoryUsage). */
size_t subject_memory_usage(const subject *s);

/* Frees everything the arena holds; NULL is a no-op. */
void subject_destroy(subject *s);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_SUBJECT_H */
