/* ops_model: the ops fuzzer's input handling and shadow model alone (no arena,
 * none of the runner's checks), so the model's share of an execution shows. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness/decode.h"
#include "harness/faulty.h"
#include "harness/model.h"
#include "harness/op.h"
#include "harness/runner.h"
#include "harness/text.h"

/* Built twice (bench/BUILD): OPS_MODEL_DECODE_ONLY=1 stops after decoding,
 * so (decode + model) - (decode) is the model's own cost. */
#if !defined(OPS_MODEL_DECODE_ONLY)
#define OPS_MODEL_DECODE_ONLY 0
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reused across inputs, as ops_fuzzer.c does. */
static program g_program;
/* Keeps the model's results observable. */
static volatile size_t g_sink;

#if !OPS_MODEL_DECODE_ONLY
/* The model's part of runner_run on a parity subject that honours the block
 * size and the allocator (our arena): a fresh model per arena, one prediction
 * per request, requests over RUNNER_MAX_USAGE skipped, the prediction applied,
 * faults armed, a new model at every reset. The runner's checks against the
 * subject are left out; the model's numbers are folded into g_sink instead. */
static void run_model(const program *p) {
  model m;
  model_init(&m, p->block_size, FAULTY_MAX_BLOCK);
  size_t sink = 0;
  for (size_t i = 0; i < p->count; i++) {
    const op *o = &p->ops[i];
    switch (o->kind) {
      case OP_ALLOCATE:
      case OP_ALIGNED: {
        model_prediction pr = model_predict(&m, o->arg, o->kind == OP_ALIGNED);
        if (pr.usage_after > RUNNER_MAX_USAGE) {
          break;
        }
        model_apply(&m, &pr);
        sink ^= pr.offset ^ (size_t)pr.path;
        break;
      }
      case OP_FAIL_NEXT_BLOCK:
        model_fail_next(&m);
        break;
      case OP_RESET:
        model_init(&m, p->block_size, FAULTY_MAX_BLOCK);
        break;
      case OP_USAGE:
      case OP_ALIGN:
      case OP_WRITE:
      case OP_VERIFY:
      case OP_VERIFY_ALL:
      case OP_KIND_COUNT:
        break;
    }
    sink ^= m.usage; /* the runner compares usage after every operation */
  }
  g_sink = sink;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (text_is_program(data, size)) {
    char err[256];
    if (!text_parse((const char *)data, size, &g_program, err, sizeof err)) {
      return -1;
    }
  } else if (!decode_program(data, size, &g_program)) {
    fprintf(stderr, "ops_model: out of memory decoding %zu bytes\n", size);
    abort();
  }
#if OPS_MODEL_DECODE_ONLY
  g_sink = g_program.count;
#else
  run_model(&g_program);
#endif
  return 0;
}
