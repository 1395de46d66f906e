/* pattern: byte i of a pattern is (a + i * s) mod 256 with s odd, so the
 * period is 256. The first 256 bytes go eight at a time (bytewise adds in a
 * 64-bit word); the rest are copied from, or compared with, the part already
 * done, doubling each time (log n memcpy/memcmp calls). */
#include "harness/pattern.h"

#include <assert.h>
#include <string.h>

#define PATTERN_PERIOD ((size_t)256)
#define LANES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

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

/* Adds y to x in each byte lane, without carries between lanes. */
static uint64_t add_lanes(uint64_t x, uint64_t y) {
  return ((x & ~HIGH) + (y & ~HIGH)) ^ ((x ^ y) & HIGH);
}

/* Bytes 0..7 of the pattern as a little-endian word, and the per-word step. */
static uint64_t first_word(uint32_t seed, uint64_t *step) {
  uint64_t w = 0;
  for (unsigned i = 0; i < 8; i++) {
    w |= (uint64_t)pattern_byte(seed, i) << (8 * i);
  }
  *step = ((uint64_t)((seed >> 8) * 8u & 0xffu)) * LANES;
  return w;
}

/* The word as it sits in memory (the pattern is defined byte by byte). */
static void store_word(unsigned char *p, uint64_t w) {
  unsigned char b[8];
  for (unsigned i = 0; i < 8; i++) b[i] = (unsigned char)((w >> (8 * i)) & 0xffu);
  memcpy(p, b, 8);
}

static int equal_word(const unsigned char *p, uint64_t w) {
  unsigned char b[8];
  for (unsigned i = 0; i < 8; i++) b[i] = (unsigned char)((w >> (8 * i)) & 0xffu);
  return memcmp(p, b, 8) == 0;
}

void pattern_fill(unsigned char *p, size_t n, uint32_t seed) {
  assert(p != NULL || n == 0);
  size_t head = n < PATTERN_PERIOD ? n : PATTERN_PERIOD;
  uint64_t step;
  uint64_t w = first_word(seed, &step);
  size_t i = 0;
  for (; i + 8 <= head; i += 8) {
    store_word(p + i, w);
    w = add_lanes(w, step);
  }
  for (; i < head; i++) p[i] = pattern_byte(seed, i);
  /* done is a multiple of the period, so p[0..done) continues the pattern. */
  for (size_t done = head; done < n;) {
    size_t chunk = n - done < done ? n - done : done;
    memcpy(p + done, p, chunk);
    done += chunk;
  }
}

int pattern_check(const unsigned char *p, size_t n, uint32_t seed, size_t *first_bad) {
  assert((p != NULL || n == 0) && first_bad != NULL);
  size_t head = n < PATTERN_PERIOD ? n : PATTERN_PERIOD;
  uint64_t step;
  uint64_t w = first_word(seed, &step);
  size_t i = 0;
  for (; i + 8 <= head; i += 8) {
    if (!equal_word(p + i, w)) break;
    w = add_lanes(w, step);
  }
  for (; i < head; i++) {
    if (p[i] != pattern_byte(seed, i)) {
      *first_bad = i;
      return 0;
    }
  }
  for (size_t done = head; done < n;) {
    size_t chunk = n - done < done ? n - done : done;
    if (memcmp(p + done, p, chunk) != 0) {
      for (size_t k = 0; k < chunk; k++) {
        if (p[done + k] != p[k]) {
          *first_bad = done + k;
          return 0;
        }
      }
    }
    done += chunk;
  }
  return 1;
}
