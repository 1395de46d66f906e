/* workload: LevelDB's ArenaTest.Simple request stream, drawn from the seed's
 * LCG or from LevelDB's Park-Miller Random in exactly LevelDB's call order. */
#include "harness/workload.h"

#include <assert.h>

#include "arena/lcg.h"
#include "arena/park_miller.h"

workload_params workload_simple(workload_generator g, uint64_t seed) {
  workload_params w;
  w.generator = g;
  w.seed = seed;
  w.iterations = 100000;
  w.block_size = 0;
  w.aligned_one_in = 10;
  return w;
}

/* One generator of either kind behind LevelDB's Random interface. */
typedef struct source {
  workload_generator kind;
  lcg lcg;
  park_miller pm;
} source;

static uint32_t uniform(source *s, uint32_t n) {
  return s->kind == WORKLOAD_LCG ? lcg_uniform(&s->lcg, n) : park_miller_uniform(&s->pm, n);
}

static int one_in(source *s, uint32_t n) {
  return s->kind == WORKLOAD_LCG ? lcg_one_in(&s->lcg, n) : park_miller_one_in(&s->pm, n);
}

/* The workload's generator. Park-Miller takes LevelDB's 32-bit seed: the low
 * 32 bits of w->seed (Random then keeps 31 of them). */
static source make_source(const workload_params *w) {
  source s;
  s.kind = w->generator;
  s.lcg = lcg_make(w->seed);
  s.pm = park_miller_make((uint32_t)(w->seed & UINT32_MAX));
  return s;
}

/* Simple's loop body, i.e. LevelDB's
 *   s = i % (N/10) == 0 ? i
 *     : OneIn(4000) ? Uniform(6000) : (OneIn(10) ? Uniform(100) : Uniform(20));
 *   if (s == 0) s = 1;  aligned = OneIn(aligned_one_in).
 * For N < 10 (where LevelDB would divide by zero) the period is 1, so every
 * size is i (and the first is 1). */
void workload_generate(const workload_params *w, void (*emit)(void *ctx, int aligned, size_t size),
                       void *ctx) {
  assert(w != NULL && emit != NULL);
  assert(w->generator == WORKLOAD_LCG || w->generator == WORKLOAD_PARK_MILLER);
  source s = make_source(w);
  size_t period = w->iterations / 10 == 0 ? 1 : w->iterations / 10;
  for (size_t i = 0; i < w->iterations; i++) {
    size_t size;
    if (i % period == 0) {
      size = i;
    } else if (one_in(&s, 4000)) {
      size = uniform(&s, 6000);
    } else if (one_in(&s, 10)) {
      size = uniform(&s, 100);
    } else {
      size = uniform(&s, 20);
    }
    if (size == 0) {
      size = 1;
    }
    int aligned = one_in(&s, w->aligned_one_in);
    emit(ctx, aligned, size);
  }
}
