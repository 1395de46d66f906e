/* pattern: the bytes the runner writes into every allocation: a sequence of
 * period 256 chosen by a seed, cheap to write and to check. */
#ifndef HARNESS_PATTERN_H
#define HARNESS_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The pattern seed of allocation `serial` after `generation` rewrites; nearby
 * serials and generations get different patterns. */
uint32_t pattern_seed(size_t serial, size_t generation);

/* Byte i of the pattern with this seed. */
uint8_t pattern_byte(uint32_t seed, size_t i);

/* Writes bytes 0..n-1 of the pattern into p (n may be 0). */
void pattern_fill(unsigned char *p, size_t n, uint32_t seed);

/* Checks p[0..n) against the pattern. Returns 1 if equal; else 0 and sets
 * *first_bad to the first differing index. */
int pattern_check(const unsigned char *p, size_t n, uint32_t seed, size_t *first_bad);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_PATTERN_H */
