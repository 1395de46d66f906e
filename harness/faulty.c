/* faulty: malloc behind a size cap and a one-shot failure switch, with a
 * size header on every allocation so frees of the wrong size are counted,
 * and a small cache of recycled blocks so runs reuse warm pages. */
#include "harness/faulty.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FAULTY_ASAN 1
#endif
#if __has_feature(memory_sanitizer)
#define FAULTY_MSAN 1
#endif
#endif
#if !defined(FAULTY_ASAN) && defined(__SANITIZE_ADDRESS__)
#define FAULTY_ASAN 1
#endif
#if defined(FAULTY_ASAN)
#include <sanitizer/asan_interface.h>
#define FAULTY_HIDE(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define FAULTY_SHOW(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define FAULTY_HIDE(p, n) ((void)(p), (void)(n))
#define FAULTY_SHOW(p, n) ((void)(p), (void)(n))
#endif
#if defined(FAULTY_MSAN)
#include <sanitizer/msan_interface.h>
/* A reused block's bytes are uninitialised again, as malloc's would be. */
#define FAULTY_FRESH(p, n) __msan_poison((p), (n))
#else
#define FAULTY_FRESH(p, n) ((void)(p), (void)(n))
#endif
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define FAULTY_ON_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#if !defined(FAULTY_ON_VALGRIND)
#define FAULTY_ON_VALGRIND() 0
#endif

/* The hidden header before each allocation: the size asked for, the size
 * of the memory behind it (its cache class) and a check word. */
#define FAULTY_HEADER (2 * FAULTY_ALIGNMENT)
#define FAULTY_MAGIC ((size_t)0x5afe5afe)
enum { H_BYTES, H_CAPACITY, H_CHECK, H_WORDS };
_Static_assert(H_WORDS * sizeof(size_t) <= FAULTY_HEADER, "the header holds three words");

/* Cached blocks, a stack per capacity class (bucket_of). The stacks live here, not in the
 * (poisoned) blocks, so LeakSanitizer sees every cached block as reachable.
 * A class holds up to FAULTY_DEPTH blocks: a program with a small block size
 * takes a block for nearly every operation (up to DECODE_MAX_OPS of them);
 * FAULTY_CACHE_BYTES still bounds the whole cache. */
#define FAULTY_BUCKETS 64
_Static_assert(FAULTY_CACHE_MAX_BLOCK == (size_t)1 << 20, "bucket_of: 57 classes up to 1 MiB");
#define FAULTY_DEPTH 1024
typedef struct bucket {
  size_t capacity;
  size_t count;
  char *raw[FAULTY_DEPTH]; /* blocks, header included */
} bucket;

static bucket g_buckets[FAULTY_BUCKETS];
static size_t g_cached_bytes;
static atomic_flag g_lock = ATOMIC_FLAG_INIT;

static void lock(void) {
  while (atomic_flag_test_and_set_explicit(&g_lock, memory_order_acquire)) {
  }
}

static void unlock(void) { atomic_flag_clear_explicit(&g_lock, memory_order_release); }

/* The memory behind a request: cacheable sizes round up to one of four steps
 * per power of two (at most 25% slack, which is poisoned); others are exact. */
static size_t capacity_of(size_t bytes) {
  if (bytes > FAULTY_CACHE_MAX_BLOCK) {
    return bytes;
  }
  if (bytes <= 64) {
    return 64;
  }
  unsigned log2 = 0;
  while (((size_t)1 << (log2 + 1)) <= bytes) log2++;
  size_t step = (size_t)1 << (log2 - 2);
  return (bytes + step - 1) / step * step;
}

static void read_header(const char *raw, size_t h[H_WORDS]) {
  memcpy(h, raw, H_WORDS * sizeof h[0]);
}

static void write_header(char *raw, const size_t h[H_WORDS]) {
  memcpy(raw, h, H_WORDS * sizeof h[0]);
}

/* The bucket of a cacheable capacity (a value of capacity_of at most
 * FAULTY_CACHE_MAX_BLOCK): 64 is 0, then four per power of two, so every
 * class has its own bucket and finding it is O(1). */
static size_t bucket_of(size_t capacity) {
  assert(capacity >= 64 && capacity <= FAULTY_CACHE_MAX_BLOCK);
  unsigned log2 = 6;
  while (((size_t)1 << (log2 + 1)) <= capacity) log2++;
  size_t quarter = (capacity >> (log2 - 2)) & 3u;
  size_t i = (size_t)(log2 - 6) * 4u + quarter;
  assert(i < FAULTY_BUCKETS);
  return i;
}

/* A cached block of this capacity, all of it unpoisoned; NULL if none. */
static char *cache_take(size_t capacity) {
  if (capacity > FAULTY_CACHE_MAX_BLOCK) {
    return NULL;
  }
  char *raw = NULL;
  bucket *b = &g_buckets[bucket_of(capacity)];
  lock();
  if (b->count > 0) {
    assert(b->capacity == capacity);
    raw = b->raw[--b->count];
    b->raw[b->count] = NULL;
    g_cached_bytes -= capacity;
  }
  unlock();
  if (raw != NULL) {
    FAULTY_SHOW(raw, FAULTY_HEADER + capacity);
  }
  return raw;
}

/* Caches a raw block; 0 if it does not fit (the caller frees it). */
static int cache_put(char *raw, size_t capacity) {
  if (capacity > FAULTY_CACHE_MAX_BLOCK || FAULTY_ON_VALGRIND()) {
    return 0;
  }
  int done = 0;
  FAULTY_HIDE(raw, FAULTY_HEADER + capacity);
  bucket *home = &g_buckets[bucket_of(capacity)];
  lock();
  if (g_cached_bytes <= FAULTY_CACHE_BYTES - capacity && home->count < FAULTY_DEPTH) {
    home->capacity = capacity;
    home->raw[home->count++] = raw;
    g_cached_bytes += capacity;
    done = 1;
  }
  unlock();
  if (!done) {
    FAULTY_SHOW(raw, FAULTY_HEADER + capacity);
  }
  return done;
}

void faulty_init(faulty *f) {
  assert(f != NULL);
  memset(f, 0, sizeof *f);
  f->max_block = FAULTY_MAX_BLOCK;
}

void faulty_forget(faulty *f) {
  assert(f != NULL);
  f->outstanding = 0;
  f->outstanding_bytes = 0;
}

void *faulty_allocate(void *ctx, size_t bytes) {
  faulty *f = ctx;
  assert(f != NULL);
  f->calls++;
  char *raw = NULL;
  size_t capacity = 0;
  if (f->fail_next) {
    f->fail_next = 0;
  } else if (bytes != 0 && bytes <= f->max_block && bytes <= SIZE_MAX - FAULTY_HEADER) {
    capacity = capacity_of(bytes);
    raw = cache_take(capacity);
    if (raw != NULL) {
      FAULTY_FRESH(raw + FAULTY_HEADER, capacity);
    } else {
      raw = malloc(FAULTY_HEADER + capacity);
    }
  }
  if (f->log_count < FAULTY_LOG) {
    f->log[f->log_count].ptr = raw == NULL ? NULL : raw + FAULTY_HEADER;
    f->log[f->log_count].bytes = bytes;
  }
  f->log_count++;
  if (raw == NULL) {
    f->failures++;
    return NULL;
  }
  assert((uintptr_t)raw % FAULTY_ALIGNMENT == 0);
  size_t h[H_WORDS] = {bytes, capacity, FAULTY_MAGIC ^ bytes ^ capacity};
  write_header(raw, h);
  FAULTY_HIDE(raw, FAULTY_HEADER);
  /* The slack behind the block is off limits, like malloc's redzone. */
  FAULTY_HIDE(raw + FAULTY_HEADER + bytes, capacity - bytes);
  f->outstanding++;
  f->outstanding_bytes += bytes;
  return raw + FAULTY_HEADER;
}

void faulty_free(void *ctx, void *ptr, size_t bytes) {
  faulty *f = ctx;
  assert(f != NULL);
  if (ptr == NULL) {
    f->bad_frees++;
    return;
  }
  char *raw = (char *)ptr - FAULTY_HEADER;
  FAULTY_SHOW(raw, FAULTY_HEADER);
  size_t h[H_WORDS];
  read_header(raw, h);
  int intact = h[H_CHECK] == (FAULTY_MAGIC ^ h[H_BYTES] ^ h[H_CAPACITY]);
  if (!intact || (!f->unsized && h[H_BYTES] != bytes)) {
    f->bad_frees++;
  }
  assert(f->outstanding > 0);
  f->outstanding--;
  f->outstanding_bytes -= h[H_BYTES] <= f->outstanding_bytes ? h[H_BYTES] : f->outstanding_bytes;
  if (!(f->recycle && intact && cache_put(raw, h[H_CAPACITY]))) {
    free(raw);
  }
}
