/* pattern: byte i of a pattern is (a + i * s) mod 256 with s odd, so the
 * period is 256. Fill and check go 16 bytes at a time in vectors of bytes
 * (each lane adds 16 s per step and wraps mod 256 by itself), four vectors
 * a round. Under ASan the whole range is first checked against the shadow
 * once (a poisoned byte is then accessed, so ASan reports it as it would
 * have reported the fill or the check), and the loops run uninstrumented. */
#include "harness/pattern.h"

#include <assert.h>
#include <string.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PATTERN_ASAN 1
#endif
#endif
#if !defined(PATTERN_ASAN) && defined(__SANITIZE_ADDRESS__)
#define PATTERN_ASAN 1
#endif
#if defined(PATTERN_ASAN)
#include <sanitizer/asan_interface.h>
/* The range is known addressable (see addressable); the loops' per-access
 * checks would only repeat that. */
#define PATTERN_UNCHECKED __attribute__((no_sanitize("address")))
#else
#define PATTERN_UNCHECKED
#endif

#define VEC_BYTES ((size_t)16)
typedef uint8_t vec __attribute__((vector_size(VEC_BYTES)));

uint32_t pattern_seed(size_t serial, size_t generation) {
  uint32_t a = (uint32_t)((serial + (generation & 0xffff) * 97u) & 0xffu);
  uint32_t s =
      (uint32_t)((((serial >> 8) & 0xffff) * 2u + (generation & 0xffff) * 6u + 0x9bu) & 0xffu) | 1u;
  return a | (s << 8);
}

uint8_t pattern_byte(uint32_t seed, size_t i) {
  uint32_t a = seed & 0xffu, s = (seed >> 8) & 0xffu;
  return (uint8_t)((a + (uint32_t)(i & 0xffu) * s) & 0xffu);
}

/* Every lane = b. */
static vec splat(uint8_t b) {
  vec v;
  memset(&v, b, sizeof v);
  return v;
}

/* Bytes 0..15 of the pattern (a + i s, lane by lane), and in *step the
 * per-vector step (16 s). */
static vec first_vec(uint32_t seed, vec *step) {
  static const vec kIota = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  uint8_t s = (uint8_t)((seed >> 8) & 0xffu);
  *step = splat((uint8_t)((s * 16u) & 0xffu));
  return splat((uint8_t)(seed & 0xffu)) + kIota * splat(s);
}

/* Under ASan: every byte of p[0..n) must be addressable. The first one that
 * is not is accessed (a write if `write`), so ASan reports it, with the
 * allocation and free stacks, as it would have reported the loops'. */
static void addressable(const unsigned char *p, size_t n, int write) {
#if defined(PATTERN_ASAN)
  if (n == 0) {
    return;
  }
  volatile unsigned char *bad = __asan_region_is_poisoned((void *)(uintptr_t)p, n);
  if (bad != NULL) {
    if (write) {
      *bad = 0;
    } else {
      (void)*bad;
    }
  }
#else
  (void)p;
  (void)n;
  (void)write;
#endif
}

static PATTERN_UNCHECKED void store_vec(unsigned char *p, vec v) { memcpy(p, &v, sizeof v); }

static PATTERN_UNCHECKED vec load_vec(const unsigned char *p) {
  vec v;
  memcpy(&v, p, sizeof v);
  return v;
}

static int is_zero(vec v) {
  uint64_t w[2];
  memcpy(w, &v, sizeof w);
  return (w[0] | w[1]) == 0;
}

/* The loops; p[0..n) is addressable. */
static PATTERN_UNCHECKED void fill_unchecked(unsigned char *p, size_t n, uint32_t seed) {
  vec step;
  vec v = first_vec(seed, &step);
  const vec step2 = step + step, step3 = step2 + step, step4 = step2 + step2;
  size_t i = 0;
  for (; n - i >= 4 * VEC_BYTES; i += 4 * VEC_BYTES) {
    store_vec(p + i, v);
    store_vec(p + i + VEC_BYTES, v + step);
    store_vec(p + i + 2 * VEC_BYTES, v + step2);
    store_vec(p + i + 3 * VEC_BYTES, v + step3);
    v += step4;
  }
  for (; n - i >= VEC_BYTES; i += VEC_BYTES) {
    store_vec(p + i, v);
    v += step;
  }
  uint8_t tail[VEC_BYTES];
  memcpy(tail, &v, sizeof tail);
  for (size_t k = 0; k < n - i; k++) p[i + k] = tail[k];
}

/* Whether p[0..n) holds the pattern (1) or not (0); p[0..n) is addressable. */
static PATTERN_UNCHECKED int equal_unchecked(const unsigned char *p, size_t n, uint32_t seed) {
  vec step;
  vec v = first_vec(seed, &step);
  const vec step2 = step + step, step3 = step2 + step, step4 = step2 + step2;
  vec diff = splat(0);
  size_t i = 0;
  for (; n - i >= 4 * VEC_BYTES; i += 4 * VEC_BYTES) {
    diff |= load_vec(p + i) ^ v;
    diff |= load_vec(p + i + VEC_BYTES) ^ (v + step);
    diff |= load_vec(p + i + 2 * VEC_BYTES) ^ (v + step2);
    diff |= load_vec(p + i + 3 * VEC_BYTES) ^ (v + step3);
    v += step4;
  }
  for (; n - i >= VEC_BYTES; i += VEC_BYTES) {
    diff |= load_vec(p + i) ^ v;
    v += step;
  }
  uint8_t tail[VEC_BYTES];
  memcpy(tail, &v, sizeof tail);
  unsigned tail_diff = 0;
  for (size_t k = 0; k < n - i; k++) tail_diff |= (unsigned)(p[i + k] ^ tail[k]);
  return is_zero(diff) && tail_diff == 0;
}

void pattern_fill(unsigned char *p, size_t n, uint32_t seed) {
  assert(p != NULL || n == 0);
  addressable(p, n, 1);
  fill_unchecked(p, n, seed);
}

int pattern_check(const unsigned char *p, size_t n, uint32_t seed, size_t *first_bad) {
  assert((p != NULL || n == 0) && first_bad != NULL);
  addressable(p, n, 0);
  if (equal_unchecked(p, n, seed)) {
    return 1;
  }
  for (size_t i = 0; i < n; i++) { /* rare: find the first difference */
    if (p[i] != pattern_byte(seed, i)) {
      *first_bad = i;
      return 0;
    }
  }
  assert(0 && "the vector check and the byte check disagree");
  return 1;
}
