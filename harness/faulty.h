/* faulty: the harness's block allocator for subjects: malloc with a size cap,
 * a "fail the next call" switch, and a count of what is outstanding. */
#ifndef HARNESS_FAULTY_H
#define HARNESS_FAULTY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Blocks above this fail (as malloc could), so impossible-but-representable
 * sizes never reach the system allocator and runs stay small. */
#define FAULTY_MAX_BLOCK ((size_t)1 << 24)

typedef struct faulty {
  int fail_next;         /* the next call returns NULL (and clears this) */
  size_t max_block;      /* calls above this return NULL */
  size_t calls;          /* allocate calls so far */
  size_t failures;       /* calls that returned NULL */
  size_t outstanding;    /* allocations not yet freed */
  size_t outstanding_bytes;
} faulty;

void faulty_init(faulty *f);

/* The callbacks to put in subject_options / arena_options (ctx: a faulty*). */
void *faulty_allocate(void *ctx, size_t bytes);
void faulty_free(void *ctx, void *ptr, size_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_FAULTY_H */
