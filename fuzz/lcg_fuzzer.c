/* lcg_fuzzer: bytes pick a LevelDB ArenaTest.Simple workload (generator, seed,
 * iterations, block size, aligned ratio, an optional injected block failure);
 * the runner executes it on the subject and the model. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness/decode.h"
#include "harness/op.h"
#include "harness/runner.h"
#include "harness/workload.h"

/* Input layout (missing bytes read as 0):
 *   byte 0      bit 0: generator (0 LCG, 1 Park-Miller); bits 1-4: block size,
 *               as the ops_fuzzer header (decode_block_size)
 *   bytes 1-8   seed, little-endian
 *   bytes 9-10  iterations, little-endian, modulo LCG_FUZZ_MAX_ITERATIONS + 1
 *   byte 11     aligned_one_in (0 and 1: every request aligned)
 *   bytes 12-13 if present: fail-next-block before request k (little-endian,
 *               used if k < iterations) */
#define LCG_FUZZ_MAX_ITERATIONS ((size_t)1 << 14)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static program g_program;

static uint64_t le(const uint8_t *data, size_t size, size_t at, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (at + i < size) {
      v |= (uint64_t)data[at + i] << (8 * i);
    }
  }
  return v;
}

typedef struct builder {
  program *p;
  size_t index;
  size_t fault_at; /* SIZE_MAX: none */
  int ok;
} builder;

static void emit(void *ctx, int aligned, size_t size) {
  builder *b = ctx;
  if (b->index == b->fault_at) {
    b->ok &= program_push(b->p, OP_FAIL_NEXT_BLOCK, 0);
  }
  b->ok &= program_push(b->p, aligned ? OP_ALIGNED : OP_ALLOCATE, size);
  b->index++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  workload_params w;
  uint8_t head = size > 0 ? data[0] : 0;
  w.generator = (head & 1) ? WORKLOAD_PARK_MILLER : WORKLOAD_LCG;
  w.block_size = decode_block_size((uint8_t)(head >> 1));
  w.seed = le(data, size, 1, 8);
  w.iterations = (size_t)le(data, size, 9, 2) % (LCG_FUZZ_MAX_ITERATIONS + 1);
  w.aligned_one_in = (uint32_t)le(data, size, 11, 1);
  builder b = {&g_program, 0, SIZE_MAX, 1};
  if (size >= 14) {
    b.fault_at = (size_t)le(data, size, 12, 2);
  }
  program_clear(&g_program);
  g_program.block_size = w.block_size;
  workload_generate(&w, emit, &b);
  if (!b.ok || !program_push(&g_program, OP_VERIFY_ALL, 0)) {
    fprintf(stderr, "lcg_fuzzer: out of memory\n");
    abort();
  }
  runner_run_or_abort(&g_program);
  return 0;
}
