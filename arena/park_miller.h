/* park_miller: LevelDB's util/random.h generator (Park-Miller minimal standard,
 * seed * 16807 mod 2^31 - 1), so LevelDB's own test workloads replay exactly. */
#ifndef ARENA_PARK_MILLER_H
#define ARENA_PARK_MILLER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct park_miller {
  uint32_t seed;
} park_miller;

/* LevelDB's Random(s): seed = s & 0x7fffffff; 0 and 2^31 - 1 become 1. */
park_miller park_miller_make(uint32_t s);

/* The next value in [1, 2^31 - 2]; it is also the new seed. */
uint32_t park_miller_next(park_miller *r);

/* next() % n. n == 0 (undefined in LevelDB) steps once and returns 0. */
uint32_t park_miller_uniform(park_miller *r, uint32_t n);

/* next() % n == 0. Steps once; n == 0 is always true. */
int park_miller_one_in(park_miller *r, uint32_t n);

#ifdef __cplusplus
}
#endif

#endif /* ARENA_PARK_MILLER_H */
