/* arena: a bump allocator that behaves byte for byte like LevelDB's util/arena,
 * but refuses (NULL, state unchanged) what LevelDB would wrap or assert on. */
#ifndef ARENA_ARENA_H
#define ARENA_ARENA_H

#include <stddef.h>
#include <stdint.h>

#include "arena/track.h"

/* C++ (C++11 to C++23, g++ and clang++) has no C11 _Atomic before C++23 and
 * then only through <stdatomic.h>'s own macro: there the usage counter is a
 * plain size_t read with the compilers' __atomic builtins, which is the same
 * object as C's _Atomic size_t on every platform this builds on (the
 * representation is checked below and by verify/cxx_test.cc). */
#ifdef __cplusplus
#define ARENA_ATOMIC_SIZE size_t
#define ARENA_LOAD_RELAXED(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define ARENA_STATIC_ASSERT(c, m) static_assert(c, m)
#else
#include <stdatomic.h>
#define ARENA_ATOMIC_SIZE _Atomic size_t
#define ARENA_LOAD_RELAXED(p) atomic_load_explicit((p), memory_order_relaxed)
#define ARENA_STATIC_ASSERT(c, m) _Static_assert(c, m)
ARENA_STATIC_ASSERT(sizeof(_Atomic size_t) == sizeof(size_t),
                    "C++ reads the usage counter as a plain size_t");
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* LevelDB's block size. Requests over ARENA_DEFAULT_BLOCK_SIZE / 4 bytes that
 * do not fit the current block get a dedicated block of their own size. */
#define ARENA_DEFAULT_BLOCK_SIZE ((size_t)4096)
/* Alignment of arena_allocate_aligned: max(sizeof(void*), 8), which is 8 on
 * every platform this builds on (checked below). */
#define ARENA_ALIGNMENT ((size_t)8)
ARENA_STATIC_ASSERT(sizeof(void *) <= ARENA_ALIGNMENT,
                    "ARENA_ALIGNMENT must be max(sizeof(void*), 8)");
/* Bounds on arena_options.block_size (which must be a multiple of ARENA_ALIGNMENT). */
#define ARENA_MIN_BLOCK_SIZE ((size_t)32)
#define ARENA_MAX_BLOCK_SIZE ((size_t)1 << 30)
/* The largest request that can succeed: no object may exceed PTRDIFF_MAX. */
#define ARENA_MAX_REQUEST ((size_t)PTRDIFF_MAX)
/* What memory usage charges per block on top of its bytes (LevelDB: sizeof(char*)). */
#define ARENA_BLOCK_OVERHEAD sizeof(char *)

#if defined(__GNUC__)
#define ARENA_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define ARENA_LIKELY(x) (x)
#endif
/* ARENA_NONNULL(p): tells the compiler that p, which the fast paths have just
 * taken from a block, is not NULL, so a caller's NULL check folds away there
 * (it stays on the slow path's result). The proof (verify/proof) shows it.
 * ARENA_ASSUME(c): the compiler may take c as true (clang: an assumption, no
 * branch for coverage to count; gcc: an unreachable else). */
#if defined(__clang__)
#define ARENA_ASSUME(c) __builtin_assume(c)
#elif defined(__GNUC__)
#define ARENA_ASSUME(c) ((c) ? (void)0 : __builtin_unreachable())
#else
#define ARENA_ASSUME(c) ((void)(c))
#endif
#define ARENA_NONNULL(p) ARENA_ASSUME((p) != NULL)

/* Where blocks come from. allocate(ctx, n) returns n bytes aligned to at least
 * ARENA_ALIGNMENT, or NULL; free(ctx, p, n) gets back exactly what allocate
 * returned with the same n. The arena's own record (the struct and its block
 * list) comes from the same callbacks. A result that is not a multiple of
 * ARENA_ALIGNMENT is never used: it is freed at once and counts as a failure
 * (arena_create_with returns NULL; an allocation returns NULL, arena unchanged).
 * Default: malloc and free. */
typedef struct arena_allocator {
  void *(*allocate)(void *ctx, size_t bytes);
  void (*free)(void *ctx, void *ptr, size_t bytes);
  void *ctx;
} arena_allocator;

/* Slow-path events, for users who log or count; never raised on the fast path. */
typedef enum arena_event_kind {
  ARENA_EVENT_NEW_BLOCK,       /* a standard block became current */
  ARENA_EVENT_DEDICATED_BLOCK, /* a large request got a block of its own */
  ARENA_EVENT_REFUSED,         /* 0 bytes or an impossible size: NULL */
  ARENA_EVENT_BLOCK_FAILED     /* the allocator returned NULL (or misaligned memory) */
} arena_event_kind;

typedef struct arena_event {
  arena_event_kind kind;
  size_t request;     /* bytes the caller asked for */
  int aligned;        /* 1 if it came from arena_allocate_aligned */
  size_t block_bytes; /* bytes of the block concerned (0 for REFUSED) */
} arena_event;

typedef void (*arena_event_fn)(void *ctx, const arena_event *event);

/* Options of arena_create_with. Zeroed options mean LevelDB's defaults. */
typedef struct arena_options {
  size_t block_size;         /* 0: ARENA_DEFAULT_BLOCK_SIZE */
  arena_allocator allocator; /* allocate == NULL: malloc/free */
  arena_event_fn on_event;   /* NULL: no events */
  void *event_ctx;
} arena_options;

typedef struct arena_block {
  char *base;
  size_t bytes;
} arena_block;

/* Block records, a fixed number to a chunk: the list grows one chunk at a time,
 * so no size arithmetic is needed to grow it. A chunk is 2 KiB (16 bytes a
 * block, 0.4% of 4 KiB blocks): above the sizes malloc keeps in per-thread
 * caches (glibc's tcache: 1032 bytes at most), so a freed chunk coalesces with
 * the freed blocks around it. At 1 KiB the chunks stayed cached where they
 * were and pinned the heap: a create/destroy loop of the mixed workload grew
 * its peak RSS 2-3x (bench/peers.sh, Table P2). */
#define ARENA_CHUNK_ENTRIES 127

typedef struct arena_block_chunk {
  struct arena_block_chunk *next; /* the older chunk */
  size_t count;                   /* entries in use */
  arena_block entries[ARENA_CHUNK_ENTRIES];
} arena_block_chunk;
ARENA_STATIC_ASSERT(sizeof(void *) != 8 || sizeof(arena_block_chunk) == 2048,
                    "a block-record chunk is 2 KiB on 64-bit platforms");

/* The arena. Public only so the fast path can be inline; treat every field as
 * private. Not thread-safe, except arena_memory_usage (see below). */
typedef struct arena {
  char *alloc_ptr; /* next free byte of the current block; NULL if none */
  char *alloc_end; /* the current block's end (a multiple of ARENA_ALIGNMENT); NULL if none */
  ARENA_ATOMIC_SIZE memory_usage;
  size_t block_size;
  arena_allocator allocator;
  arena_event_fn on_event;
  void *event_ctx;
  arena_block_chunk *blocks; /* every block ever allocated, newest chunk first */
  size_t block_count;
} arena;

/* Creates an arena with LevelDB's defaults (4096-byte blocks, malloc/free).
 * Returns NULL only if malloc fails. Free it with arena_destroy. */
arena *arena_create(void);

/* Creates an arena with the given options (NULL: defaults). Returns NULL if
 * block_size is not 0 and not a multiple of ARENA_ALIGNMENT within
 * [ARENA_MIN_BLOCK_SIZE, ARENA_MAX_BLOCK_SIZE], if allocate is set without free
 * (or free without allocate), or if the allocator fails or returns memory that
 * is not a multiple of ARENA_ALIGNMENT (then it is freed again). */
arena *arena_create_with(const arena_options *options);

/* Frees every block and the arena itself through its allocator. Every pointer
 * the arena handed out becomes invalid. NULL is a no-op. */
void arena_destroy(arena *a);

/* The slow paths of the two calls below; call those instead. */
void *arena_allocate_fallback(arena *a, size_t bytes);
void *arena_allocate_aligned_fallback(arena *a, size_t bytes);

/* Returns `bytes` uninitialised bytes that live until arena_destroy, with no
 * alignment promise; LevelDB's Arena::Allocate to the byte. Returns NULL, and
 * leaves the arena exactly as it was, if bytes is 0, if bytes exceeds
 * ARENA_MAX_REQUEST or memory usage could not count it, or if the allocator
 * fails. `a` must not be NULL. `left`, the bytes left in the current block,
 * is taken on integers: before the first block both pointers are NULL. */
static inline void *arena_allocate(arena *a, size_t bytes) {
  size_t left = (size_t)((uintptr_t)a->alloc_end - (uintptr_t)a->alloc_ptr);
  if (ARENA_LIKELY(bytes <= left && bytes != 0)) {
    char *result = a->alloc_ptr;
    ARENA_NONNULL(result);
    a->alloc_ptr = result + bytes;
    ARENA_TRACK_HANDOUT(result, bytes);
    return result;
  }
  return arena_allocate_fallback(a, bytes);
}

/* As arena_allocate, but the result is a multiple of ARENA_ALIGNMENT; the
 * padding ("slop") comes from the current block, as in LevelDB's
 * Arena::AllocateAligned. Same NULL cases as arena_allocate; unlike LevelDB,
 * bytes + slop never wraps: the current block ends on an ARENA_ALIGNMENT
 * boundary, so slop <= left and the fit check's subtraction cannot wrap
 * either, nor can rounding the position up (`up` is at most the block's end
 * plus ARENA_ALIGNMENT - 1). Written for the compilers: the aligned address,
 * up - up % ARENA_ALIGNMENT, is an add and a mask; the result is taken one
 * byte back from `step`, a pointer into the block, so they know it is not
 * NULL (an in-bounds step by a nonzero constant) and a caller's NULL check
 * folds away even for sizes they cannot see. */
static inline void *arena_allocate_aligned(arena *a, size_t bytes) {
  uintptr_t ptr = (uintptr_t)a->alloc_ptr;
  uintptr_t up = ptr + (ARENA_ALIGNMENT - 1);
  size_t slop = (size_t)(up - up % ARENA_ALIGNMENT - ptr);
  size_t left = (size_t)((uintptr_t)a->alloc_end - ptr);
  if (ARENA_LIKELY(bytes <= left - slop && bytes != 0)) {
    char *step = a->alloc_ptr + slop + 1;
    a->alloc_ptr = step + (bytes - 1);
    char *result = step - 1;
    ARENA_NONNULL(result);
    ARENA_TRACK_HANDOUT(result, bytes);
    return result;
  }
  return arena_allocate_aligned_fallback(a, bytes);
}

/* Bytes the arena holds: for every block ever allocated, its bytes plus
 * ARENA_BLOCK_OVERHEAD (wasted tails and slop count). A relaxed atomic load:
 * any thread may call it while one thread allocates; it never decreases. */
static inline size_t arena_memory_usage(const arena *a) {
  return ARENA_LOAD_RELAXED(&((arena *)(uintptr_t)a)->memory_usage);
}

#ifdef __cplusplus
}
#endif

#endif /* ARENA_ARENA_H */
