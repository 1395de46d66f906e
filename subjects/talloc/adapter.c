/* adapter: talloc 2.4 (libtalloc2) as a subject: the arena is a talloc pool,
 * results are its children (talloc_named_const), talloc_free(pool) ends all. */
#include <stddef.h>
#include <stdint.h>
#include <talloc.h>

#include "harness/subject.h"

/* talloc.c's MAX_TALLOC_SIZE (not exported): every request, a pool's size
 * included, of at least this many bytes gives NULL. */
#define TALLOC_ADAPTER_MAX_SIZE ((size_t)0x10000000)
/* The pool size for block size 0 (talloc has no default pool size). */
#define TALLOC_ADAPTER_DEFAULT_POOL ((size_t)4096)

static const char kChildName[] = "arenafuzz";

static const subject_contract kContract = {
    .name = "talloc",
    .library = "talloc 2.4.0 (libtalloc2 2.4.0-f2), a talloc_pool and its children",
    .leveldb_parity = 0, /* talloc's own policy */
    /* Every child has its own chunk header: 0 bytes still gives a distinct pointer. */
    .zero = CONTRACT_ZERO_UNIQUE,
    /* __talloc_with_prefix refuses size >= MAX_TALLOC_SIZE (256 MiB) before allocating. */
    .max_request = TALLOC_ADAPTER_MAX_SIZE - 1,
    /* Chunk headers are TC_HDR_SIZE (a multiple of 16) and pool chunks are
     * TC_ALIGN16-rounded; malloc'd chunks are 16-aligned like malloc. */
    .plain_alignment = 16,
    .alignment = 16, /* no alignment parameter: `aligned` is talloc_size too */
    .max_alignment = 0,
    /* talloc_total_size(pool): the sum of every descendant's requested size;
     * the pool itself counts 0 (_talloc_pool sets its size to 0). */
    .usage = CONTRACT_USAGE_REQUESTED,
    .failure = CONTRACT_FAIL_NULL, /* talloc_size returns NULL */
    /* The size check comes first, and a failed malloc changes nothing. */
    .unchanged_after_failure = 1,
    /* No allocator hook: the pool and the chunks it cannot hold are malloc'd. */
    .blocks = CONTRACT_BLOCKS_OWN,
    /* One pool of block_size bytes; once it is full every child is its own
     * malloc, never another pool of block_size: no chain of blocks. */
    .honours_block_size = 0,
    .poisons = 0,
    .known = {NULL},
    .blind_spots =
        "no ASan poisoning inside the pool: an overrun into the next child's "
        "header is seen only by the pattern checks; talloc is not instrumented",
};

const subject_contract *subject_describe(void) { return &kContract; }

/* The pool's size: the harness's block size (talloc's default is no pool, so
 * 0 takes the standard 4096), at most the largest pool talloc makes. */
static size_t pool_size(const subject_options *options) {
  size_t n = options != NULL ? options->block_size : 0;
  if (n == 0) {
    n = TALLOC_ADAPTER_DEFAULT_POOL;
  }
  return n < TALLOC_ADAPTER_MAX_SIZE ? n : TALLOC_ADAPTER_MAX_SIZE - 1;
}

/* The subject is the pool itself. */
subject *subject_create(const subject_options *options) {
  return (subject *)talloc_pool(NULL, pool_size(options));
}

void *subject_allocate(subject *s, size_t bytes) {
  return talloc_named_const(s, bytes, kChildName);
}

/* talloc takes no alignment: every result is 16-aligned (the contract). */
void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment) {
  (void)alignment;
  return talloc_named_const(s, bytes, kChildName);
}

size_t subject_memory_usage(const subject *s) { return talloc_total_size(s); }

void subject_destroy(subject *s) {
  if (s != NULL) {
    talloc_free(s);
  }
}
