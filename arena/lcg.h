/* lcg: the seed crate's 64-bit linear congruential generator, exactly:
 * state = state * 6364136223846793005 + 1 (mod 2^64), seed stored as given. */
#ifndef ARENA_LCG_H
#define ARENA_LCG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LCG_MULTIPLIER UINT64_C(6364136223846793005)
#define LCG_INCREMENT UINT64_C(1)

typedef struct lcg {
  uint64_t state;
} lcg;

/* A generator whose state is `seed`, unchanged (LcgRandom(301) starts at 301). */
lcg lcg_make(uint64_t seed);

/* Steps the state once and returns the new state. */
uint64_t lcg_next(lcg *g);

/* Steps, then returns (state >> 32) % n, in [0, n). uniform(0) is defined here
 * (the crate divides by zero): it still steps once and returns 0. */
uint32_t lcg_uniform(lcg *g, uint32_t n);

/* lcg_uniform(g, n) == 0: true about once in n calls; one_in(0) and one_in(1)
 * are always true. Steps once. */
int lcg_one_in(lcg *g, uint32_t n);

#ifdef __cplusplus
}
#endif

#endif /* ARENA_LCG_H */
