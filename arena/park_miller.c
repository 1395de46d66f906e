/* park_miller: LevelDB's Random. The product seed * 16807 needs 46 bits, so it
 * is formed in 64 bits and reduced exactly; nothing wraps. */
#include "arena/park_miller.h"

#define PARK_MILLER_M UINT32_C(2147483647) /* 2^31 - 1 */
#define PARK_MILLER_A UINT64_C(16807)

park_miller park_miller_make(uint32_t s) {
  park_miller r = {s & UINT32_C(0x7fffffff)};
  if (r.seed == 0 || r.seed == PARK_MILLER_M) {
    r.seed = 1;
  }
  return r;
}

uint32_t park_miller_next(park_miller *r) {
  uint64_t product = (uint64_t)r->seed * PARK_MILLER_A;
  r->seed = (uint32_t)(product % PARK_MILLER_M);
  return r->seed;
}

uint32_t park_miller_uniform(park_miller *r, uint32_t n) {
  uint32_t v = park_miller_next(r);
  return n == 0 ? 0 : v % n;
}

int park_miller_one_in(park_miller *r, uint32_t n) { return park_miller_uniform(r, n) == 0; }
