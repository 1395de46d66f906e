/* lcg: the seed crate's generator. Wrapping multiplication is the point here,
 * so this file is not built with the unsigned-overflow check. */
#include "arena/lcg.h"

lcg lcg_make(uint64_t seed) {
  lcg g = {seed};
  return g;
}

uint64_t lcg_next(lcg *g) {
  g->state = g->state * LCG_MULTIPLIER + LCG_INCREMENT;
  return g->state;
}

uint32_t lcg_uniform(lcg *g, uint32_t n) {
  uint64_t high = lcg_next(g) >> 32;
  return n == 0 ? 0 : (uint32_t)(high % n);
}

int lcg_one_in(lcg *g, uint32_t n) { return lcg_uniform(g, n) == 0; }
