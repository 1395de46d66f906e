/* adapter: glibc's obstack (obstack.h; the functions are in libc) as a subject:
 * chunks from the harness allocator, failure through a handler that jumps back. */
#include <limits.h>
#include <obstack.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness/subject.h"

struct subject {
  struct obstack stack;
  struct obstack *self; /* &stack: _obstack_memory_used takes no const pointer */
  subject_options options;
};

static const subject_contract kContract = {
    .name = "obstack",
    .library = "glibc 2.36 obstack (libc6 2.36-9+deb12u14)",
    .leveldb_parity = 0, /* a different policy: chunks of chunk_size, objects aligned */
    /* obstack_alloc(h, 0) finishes an empty object: the next object's address. */
    .zero = CONTRACT_ZERO_ANY,
    /* obstack.h takes lengths as int (obstack_blank: `int __len = (length)`). */
    .max_request = INT_MAX,
    /* obstack_finish rounds next_free up to alignment_mask + 1: the default
     * (alignof of a union of uintmax_t, long double and void *) is 16. */
    .plain_alignment = 16,
    .alignment = 16,
    /* _obstack_memory_used: the bytes of every chunk held. */
    .usage = CONTRACT_USAGE_HELD,
    /* A NULL chunk calls obstack_alloc_failed_handler, which must not return. */
    .failure = CONTRACT_FAIL_HANDLER,
    /* _obstack_newchunk calls the handler before it changes anything. */
    .unchanged_after_failure = 1,
    /* obstack_specify_allocation_with_arg: chunkfun(arg, size), freefun(arg, chunk). */
    .blocks = CONTRACT_BLOCKS_HARNESS_UNSIZED,
    /* The size argument of obstack_begin is the size of every ordinary chunk. */
    .honours_block_size = 1,
    .known =
        {
            /* __PTR_ALIGN adds the address to (char *) 0 (findings/undefined-behaviour.txt). */
            "undefined-behaviour nullptr-with-nonzero-offset at adapter.c",
            /* `int __len = (length)`: 2^32 + 8 bytes become 8, PTRDIFF_MAX+1 becomes 0
             * (findings/huge-request.txt). The runner and api_fuzzer word it differently:
             * the rule alone. */
            "huge-request",
        },
    .blind_spots =
        "no ASan poisoning inside chunks (an overrun into the next object is seen only "
        "by the pattern checks); libc is not instrumented",
};

const subject_contract *subject_describe(void) { return &kContract; }

/* The jump back from the failure handler to the call in progress on this
 * thread (NULL outside a call). */
static _Thread_local jmp_buf *g_jump;

static void jump_back(void) {
  if (g_jump == NULL) {
    fputs("obstack adapter: obstack_alloc_failed_handler called outside a call\n", stderr);
    abort();
  }
  longjmp(*g_jump, 1);
}

static pthread_once_t g_handler_once = PTHREAD_ONCE_INIT;

/* The handler is one global of libc: installed once, for every thread. */
static void install_handler(void) { obstack_alloc_failed_handler = jump_back; }

static void *chunk_allocate(void *arg, long bytes) {
  const subject *s = arg;
  return bytes <= 0 ? NULL : s->options.block_allocate(s->options.ctx, (size_t)bytes);
}

static void chunk_free(void *arg, void *chunk) {
  const subject *s = arg;
  s->options.block_free(s->options.ctx, chunk, 0); /* obstack knows no size */
}

static void *malloc_block(void *ctx, size_t bytes) {
  (void)ctx;
  return malloc(bytes);
}

static void free_block(void *ctx, void *ptr, size_t bytes) {
  (void)ctx;
  (void)bytes;
  free(ptr);
}

subject *subject_create(const subject_options *options) {
  pthread_once(&g_handler_once, install_handler);
  if (options != NULL && options->block_size > INT_MAX) {
    return NULL; /* obstack's chunk size is an int */
  }
  subject *s = calloc(1, sizeof *s);
  if (s == NULL) {
    return NULL;
  }
  if (options != NULL) {
    s->options = *options;
  }
  if (s->options.block_allocate == NULL || s->options.block_free == NULL) {
    s->options.block_allocate = malloc_block; /* no harness allocator: malloc, as obstack_init */
    s->options.block_free = free_block;
  }
  s->self = &s->stack;
  jmp_buf here;
  jmp_buf *outer = g_jump;
  g_jump = &here;
  int begun = 0;
  if (setjmp(here) == 0) {
    /* The first chunk is allocated now; 0 as the size means obstack's default. */
    begun = obstack_specify_allocation_with_arg(&s->stack, (int)s->options.block_size, 0,
                                                chunk_allocate, chunk_free, s);
  }
  g_jump = outer;
  if (!begun) {
    free(s);
    return NULL;
  }
  return s;
}

/* 1 if obstack_alloc(h, bytes) would shrink the current object.
 * obstack_blank keeps the length as an int (`int __len = (length)`): a size_t
 * that is negative as an int is obstack_blank's documented shrink, which moves
 * the free pointer back over live objects. The next requests then get their
 * memory again, or memory before the chunk, and _obstack_newchunk frees the
 * "empty" chunk under them: results the runner would write or read before any
 * rule could see them (README.md). Refused here; NULL is allowed above INT_MAX. */
static int shrinks(size_t bytes) { return (int)bytes < 0; /* the conversion obstack_blank makes */ }

void *subject_allocate(subject *s, size_t bytes) {
  if (shrinks(bytes)) {
    return NULL;
  }
  jmp_buf here;
  jmp_buf *outer = g_jump;
  g_jump = &here;
  void *volatile result = NULL;
  if (setjmp(here) == 0) {
    result = obstack_alloc(&s->stack, bytes); /* bytes as obstack takes it: an int */
  }
  g_jump = outer;
  return result;
}

/* Every object is aligned alike, so both calls are the same. */
void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment) {
  (void)alignment; /* always alignment_mask + 1: the contract declares no parameter */
  return subject_allocate(s, bytes);
}

size_t subject_memory_usage(const subject *s) { return (size_t)_obstack_memory_used(s->self); }

void subject_destroy(subject *s) {
  if (s != NULL) {
    obstack_free(&s->stack, NULL);
    free(s);
  }
}
