/* adapter: mimalloc 2.0 (libmimalloc2.0) as a subject: the arena is a heap
 * of its own (mi_heap_new), freed all at once by mi_heap_destroy. */
#include <mimalloc.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/subject.h"

static const subject_contract kContract = {
    .name = "mimalloc",
    .library = "mimalloc 2.0.9 (libmimalloc2.0 2.0.9+ds-2), mi_heap_new / mi_heap_destroy",
    .leveldb_parity = 0, /* a general allocator, not a bump arena */
    /* mi_heap_malloc(h, 0) returns a fresh block of the smallest class. */
    .zero = CONTRACT_ZERO_UNIQUE,
    /* mi_find_page refuses more than PTRDIFF_MAX ("we don't allocate more
     * than PTRDIFF_MAX"); smaller impossible sizes fail in mmap. */
    .max_request = (size_t)PTRDIFF_MAX,
    /* Blocks are aligned to their size class; the smallest class is one word. */
    .plain_alignment = sizeof(void *),
    /* `aligned` is mi_heap_malloc_aligned: 16 (MI_MAX_ALIGN_SIZE) until an
     * `align` operation chooses another power of two. 2.0.9 has no
     * MI_ALIGNMENT_MAX (alignments above half a segment get a huge page of
     * their own; seen working up to 1 GiB); the harness asks at most 1 MiB. */
    .alignment = 16,
    .max_alignment = (size_t)1 << 20,
    /* No per-heap usage call (mi_heap_visit_blocks walks every block; the
     * statistics are process-wide). */
    .usage = CONTRACT_USAGE_NONE,
    .failure = CONTRACT_FAIL_NULL, /* NULL (errno ENOMEM when mmap fails) */
    /* A refused or failed request leaves the heap's blocks as they were. */
    .unchanged_after_failure = 1,
    /* No allocator hook: pages come from mimalloc's own segments (mmap). */
    .blocks = CONTRACT_BLOCKS_OWN,
    .honours_block_size = 0, /* a heap has no block size */
    .poisons = 0,
    /* mi_heap_malloc_aligned(h, n, a) for a power-of-two n in [a, 1024] and
     * a in 256..1024 takes mi_heap_malloc_small, whose blocks start 0x180
     * into their page (findings/alignment.txt; microsoft/mimalloc#700). */
    .known = {"alignment is not 256-aligned", "alignment is not 512-aligned",
              "alignment is not 1024-aligned", NULL},
    .blind_spots =
        "Debian's mimalloc has no ASan support (MI_TRACK_ASAN): blocks of one page are not "
        "poisoned, so an overrun into the next block is seen only by the pattern checks; "
        "mimalloc is not instrumented; without a sanitizer its malloc replaces the process's",
};

const subject_contract *subject_describe(void) { return &kContract; }

/* The subject is the heap itself; a heap has no block size to honour. */
subject *subject_create(const subject_options *options) {
  (void)options;
  return (subject *)(void *)mi_heap_new();
}

void *subject_allocate(subject *s, size_t bytes) {
  return mi_heap_malloc((mi_heap_t *)(void *)s, bytes);
}

void *subject_allocate_aligned(subject *s, size_t bytes, size_t alignment) {
  return mi_heap_malloc_aligned((mi_heap_t *)(void *)s, bytes, alignment);
}

size_t subject_memory_usage(const subject *s) {
  (void)s; /* CONTRACT_USAGE_NONE: never called */
  return 0;
}

void subject_destroy(subject *s) {
  if (s != NULL) {
    mi_heap_destroy((mi_heap_t *)(void *)s);
  }
}
