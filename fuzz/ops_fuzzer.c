/* ops_fuzzer: any bytes become a program (the text form if they are one, see
 * text_is_program; else the binary form) that the runner executes on the
 * subject and the model. It never rejects an input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness/decode.h"
#include "harness/op.h"
#include "harness/runner.h"
#include "harness/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Kept across inputs so decoding reuses its memory (freed at exit by the OS;
 * it stays reachable, so LeakSanitizer does not count it). */
static program g_program;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Text that does not parse (a fuzzer's mutation of a text seed) is read as
   * bytes: returning -1 would not keep it out of clang 14's corpus, and the
   * replay test would then reject what the fuzzer kept. */
  if (text_is_program(data, size)) {
    char err[256];
    if (!text_parse((const char *)data, size, &g_program, err, sizeof err)) {
      fprintf(stderr, "ops_fuzzer: text input: %s\n", err); /* only out of memory */
      abort();
    }
  } else if (!decode_program(data, size, &g_program)) {
    fprintf(stderr, "ops_fuzzer: out of memory decoding %zu bytes\n", size);
    abort();
  }
  runner_run_or_abort(&g_program);
  return 0;
}
