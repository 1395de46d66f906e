/* adapter: APR 1.7 pools (apr_pools.h) as a subject: one unmanaged pool with its
 * own allocator per arena, failure as NULL after the pool's abort function. */
#include <apr_general.h>
#include <apr_pools.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness/subject.h"

static const subject_contract kContract = {
    .name = "apr",
    .library = "APR 1.7.2 pools (libapr1 1.7.2-3+deb12u1)",
    .leveldb_parity = 0, /* a different policy: 8 KiB nodes from apr_allocator_t */
    /* apr_palloc(p, 0) rounds 0 up to 0: the next object's address. */
    .zero = CONTRACT_ZERO_ANY,
    /* Sizes go to malloc (apr_allocator_alloc), which refuses more than PTRDIFF_MAX. */
    .max_request = (size_t)PTRDIFF_MAX,
    /* Every size is rounded up with APR_ALIGN_DEFAULT (8) in 8-aligned nodes. */
    .plain_alignment = 8,
    .alignment = 8,
    /* apr_pool_num_bytes exists only in APR_POOL_DEBUG builds (Debian's is not). */
    .usage = CONTRACT_USAGE_NONE,
    /* apr_palloc calls the pool's abort_fn and returns NULL if it returns. */
    .failure = CONTRACT_FAIL_NULL,
    /* A node that cannot be had changes nothing (checked on the live bytes). */
    .unchanged_after_failure = 1,
    /* apr_allocator_t calls malloc and free: APR has no hook for them. */
    .blocks = CONTRACT_BLOCKS_OWN,
    /* Node sizes are fixed (8 KiB minimum, 4 KiB steps); no block size parameter. */
    .honours_block_size = 0,
    .known = {NULL},
    .blind_spots =
        "APR's blocks come from malloc: no faults injected, no leak ledger; no ASan "
        "poisoning inside nodes; libapr is not instrumented (no UBSan, no coverage)",
};

const subject_contract *subject_describe(void) { return &kContract; }

/* Failures seen by abort functions (apr_palloc returns NULL after it). */
static atomic_size_t g_aborts;

static int on_abort(int status) {
  (void)status; /* APR_ENOMEM */
  atomic_fetch_add(&g_aborts, 1);
  return 0;
}

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static apr_status_t g_init = APR_EGENERAL;

/* apr_initialize counts its calls and is not thread-safe: once per process. */
static void initialize(void) { g_init = apr_initialize(); }

subject *subject_create(const subject_options *options) {
  (void)options; /* no block size, no allocator hook */
  pthread_once(&g_once, initialize);
  if (g_init != APR_SUCCESS) {
    return NULL;
  }
  apr_pool_t *pool = NULL;
  /* NULL allocator: the pool creates its own and owns it, so apr_pool_destroy
   * frees every node (the global allocator would keep them). */
  if (apr_pool_create_unmanaged_ex(&pool, on_abort, NULL) != APR_SUCCESS) {
    return NULL;
  }
  return (subject *)(void *)pool;
}

void *subject_allocate(subject *s, size_t bytes) {
  return apr_palloc((apr_pool_t *)(void *)s, bytes);
}

/* Every result is 8-aligned, so both calls are the same. */
void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment) {
  (void)alignment; /* always 8: the contract declares no parameter */
  return apr_palloc((apr_pool_t *)(void *)s, bytes);
}

size_t subject_memory_usage(const subject *s) {
  (void)s; /* CONTRACT_USAGE_NONE: never called */
  return 0;
}

void subject_destroy(subject *s) {
  if (s != NULL) {
    apr_pool_destroy((apr_pool_t *)(void *)s);
  }
}
