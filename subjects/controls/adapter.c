/* controls: negative controls of the contract checks. One small bump arena
 * (blocks from the harness allocator, any power-of-two alignment up to 4096)
 * with one planted defect chosen by CONTROL; each must be reported. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness/subject.h"

#define CONTROL_NONE 0          /* correct: must pass everything */
#define CONTROL_SHARED_BLOCK 1  /* every arena's first block is one static block */
#define CONTROL_ZERO_GIVEN 2    /* 0 bytes returns memory; the contract says NULL */
#define CONTROL_ALIGN_IGNORED 3 /* the alignment parameter is ignored above 16 */
#define CONTROL_USAGE_PADDED 4  /* requested usage counts 8 bytes too many per call */
#define CONTROL_UB 5            /* signed overflow in the adapter: UBSan's finding */
#define CONTROL_UB_KNOWN 6      /* the same, listed as a known finding: must pass */
#define CONTROL_HUGE_GIVEN 7    /* a size above max_request wraps into a small one */
#define CONTROL_LEAK 8          /* destroy keeps the first block */
#define CONTROL_TWO 9           /* ZERO_GIVEN and USAGE_PADDED: two distinct findings */

#ifndef CONTROL
#define CONTROL CONTROL_NONE /* the lint's compile; BUILD always sets it */
#endif

#define BLOCK ((size_t)65536)

static const subject_contract kContract = {
    .name = "control",
    .library = "subjects/controls/adapter.c, a planted defect",
    .zero = CONTRACT_ZERO_NULL,
    .max_request = (size_t)1 << 40,
    .plain_alignment = 1,
    .alignment = 1,
    .max_alignment = 4096,
    .usage = CONTRACT_USAGE_REQUESTED,
    .failure = CONTRACT_FAIL_NULL,
    .unchanged_after_failure = 1,
    .blocks = CONTRACT_BLOCKS_HARNESS_SIZED,
    .known = {CONTROL == CONTROL_UB_KNOWN ? "undefined-behaviour signed-integer-overflow" : NULL},
};

const subject_contract *subject_describe(void) { return &kContract; }

/* A block: the next one, its size, and its bytes after the header. */
typedef struct block {
  struct block *next;
  size_t bytes;
} block;

struct subject {
  subject_options o;
  block *blocks;
  unsigned char *ptr, *end;
  size_t requested;
};

static unsigned char g_shared[BLOCK] __attribute__((aligned(4096)));

static void *block_get(subject *s, size_t bytes) {
  if (s->o.block_allocate == NULL) {
    return malloc(bytes);
  }
  return s->o.block_allocate(s->o.ctx, bytes);
}

static void block_put(subject *s, void *p, size_t bytes) {
  if (s->o.block_free == NULL) {
    free(p);
  } else {
    s->o.block_free(s->o.ctx, p, bytes);
  }
}

subject *subject_create(const subject_options *options) {
  subject *s = calloc(1, sizeof *s);
  if (s != NULL && options != NULL) {
    s->o = *options;
  }
  return s;
}

void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment) {
  if (CONTROL == CONTROL_ALIGN_IGNORED && alignment > 16) {
    alignment = 16;
  }
  if (CONTROL == CONTROL_HUGE_GIVEN && bytes > kContract.max_request) {
    bytes &= 0xff;
  }
  if (bytes == 0 && CONTROL != CONTROL_ZERO_GIVEN && CONTROL != CONTROL_TWO) {
    return NULL;
  }
  if (bytes > kContract.max_request) {
    return NULL;
  }
  uintptr_t at = ((uintptr_t)s->ptr + alignment - 1) & ~(uintptr_t)(alignment - 1);
  if (s->ptr == NULL || at > (uintptr_t)s->end || bytes > (uintptr_t)s->end - at) {
    size_t need = sizeof(block) + alignment + bytes;
    size_t size = need > BLOCK ? need : BLOCK;
    block *b = block_get(s, size);
    if (b == NULL) {
      return NULL;
    }
    b->next = s->blocks;
    b->bytes = size;
    s->blocks = b;
    s->ptr = (unsigned char *)(b + 1);
    s->end = (unsigned char *)b + size;
    if (CONTROL == CONTROL_SHARED_BLOCK && b->next == NULL && size == BLOCK) {
      s->ptr = g_shared; /* the defect: every arena starts at the same bytes */
      s->end = g_shared + BLOCK;
    }
    at = ((uintptr_t)s->ptr + alignment - 1) & ~(uintptr_t)(alignment - 1);
  }
  if (CONTROL == CONTROL_UB || CONTROL == CONTROL_UB_KNOWN) {
    volatile int big = INT_MAX;
    volatile int past = big + 1; /* UBSan (clang and gcc): signed integer overflow */
    (void)past;
  }
  s->ptr = (unsigned char *)at + bytes;
  s->requested += bytes + (CONTROL == CONTROL_USAGE_PADDED || CONTROL == CONTROL_TWO ? 8 : 0);
  return (void *)at;
}

void *subject_allocate(subject *s, size_t bytes) { return subject_allocate_aligned(s, bytes, 1); }

size_t subject_memory_usage(const subject *s) { return s->requested; }

void subject_destroy(subject *s) {
  if (s == NULL) {
    return;
  }
  for (block *b = s->blocks; b != NULL;) {
    block *next = b->next;
    if (!(CONTROL == CONTROL_LEAK && next == NULL)) {
      block_put(s, b, b->bytes);
    }
    b = next;
  }
  free(s);
}
