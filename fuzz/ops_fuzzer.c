/* ops_fuzzer: any bytes (or the text form, recognised by its magic line)
 * become a program that the runner executes on the subject and the model. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/replay.h"
#include "harness/decode.h"
#include "harness/op.h"
#include "harness/runner.h"
#include "harness/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Kept across inputs so decoding reuses its memory (freed at exit by the OS;
 * it stays reachable, so LeakSanitizer does not count it). */
static program g_program;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (text_is_program(data, size)) {
    char err[256];
    if (!text_parse((const char *)data, size, &g_program, err, sizeof err)) {
      if (fuzz_is_replaying()) {
        fprintf(stderr, "ops_fuzzer: text input: %s\n", err);
      }
      return -1; /* not a program: keep it out of the corpus */
    }
  } else if (!decode_program(data, size, &g_program)) {
    fprintf(stderr, "ops_fuzzer: out of memory decoding %zu bytes\n", size);
    abort();
  }
  runner_run_or_abort(&g_program);
  return 0;
}
