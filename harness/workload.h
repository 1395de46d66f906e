/* workload: LevelDB's ArenaTest.Simple request stream as a program, driven by
 * the seed's LCG or LevelDB's own Park-Miller Random. */
#ifndef HARNESS_WORKLOAD_H
#define HARNESS_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "harness/op.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum workload_generator { WORKLOAD_LCG, WORKLOAD_PARK_MILLER } workload_generator;

typedef struct workload_params {
  workload_generator generator;
  uint64_t seed;
  size_t iterations;       /* N; Simple uses 100000 */
  size_t block_size;       /* 0: 4096 */
  uint32_t aligned_one_in; /* OneIn(this) picks aligned; Simple: 10 */
} workload_params;

/* Simple's parameters: generator g, seed 301, N = 100000, blocks 4096, 1 in 10 aligned. */
workload_params workload_simple(workload_generator g, uint64_t seed);

/* Calls emit(ctx, aligned, size) for each of the N requests in order, exactly
 * as Simple draws them (see the reference for the RNG call order). */
void workload_generate(const workload_params *w, void (*emit)(void *ctx, int aligned, size_t size),
                       void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_WORKLOAD_H */
