/* peers_mimalloc: mimalloc heaps, the one peer of //bench:cycle_mimalloc.
 * Debian's libmimalloc.so replaces malloc, free and operator new for the
 * whole process, so no other peer may share a binary with it. */
#include <mimalloc.h>

#include "bench/peer.h"

static int mimalloc_setup(const plan *p, size_t block_size) {
  (void)p;
  (void)block_size;
  return 1;
}

static void *mimalloc_peer_create(void) { return mi_heap_new(); }

#define MI_CALL(heap, n) mi_heap_malloc((heap), (n))
// Both kinds of request are the same call.
// NOLINTNEXTLINE(bugprone-branch-clone)
BENCH_SERVE(mimalloc_serve, mi_heap_t *, MI_CALL, MI_CALL, BENCH_NO_KEEP)

static void mimalloc_peer_destroy(void *instance) { mi_heap_destroy((mi_heap_t *)instance); }

static const bench_peer peer_mimalloc = {
    "mimalloc",
    "mimalloc 2.0 mi_heap_new / mi_heap_malloc / mi_heap_destroy",
    mimalloc_setup,
    mimalloc_peer_create,
    mimalloc_serve,
    mimalloc_peer_destroy,
    NULL};

const bench_peer *const bench_peers[] = {&peer_mimalloc, NULL};
