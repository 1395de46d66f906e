/* runner_arena_test: the runner on the subject chosen by //harness:subject
 * (our arena by default): the reference's golden cases through the text
 * form, and a few thousand random byte strings through the decoder. */
#include <stdlib.h>
#include <string.h>

#include "arena/lcg.h"
#include "harness/decode.h"
#include "harness/runner.h"
#include "harness/subject.h"
#include "harness/text.h"
#include "verify/expect.h"

static void run_text(const char *text, runner_stats *st) {
  program p;
  program_init(&p);
  char err[128];
  if (!text_parse(text, strlen(text), &p, err, sizeof err)) {
    fprintf(stderr, "bad test program: %s\n", err);
    abort();
  }
  runner_run_or_abort(&p);
  EXPECT_TRUE(runner_run(&p, NULL, st, NULL));
  program_free(&p);
}

#define PROGRAM(body) TEXT_MAGIC "\n" body

static void golden_cases(void) {
  runner_stats st;
  run_text(PROGRAM("allocate 1\nallocate 1\nallocate 1\nallocate 1\nallocate 1\n"), &st);
  EXPECT_EQ_U(st.final_usage, 4104);
  EXPECT_EQ_U(st.new_blocks, 1);
  EXPECT_EQ_U(st.fast, 4);
  run_text(PROGRAM("allocate 1025\n"), &st);
  EXPECT_EQ_U(st.final_usage, 1033);
  EXPECT_EQ_U(st.dedicated, 1);
  run_text(PROGRAM("allocate 4096\nallocate 1\n"), &st);
  EXPECT_EQ_U(st.final_usage, 8208);
  run_text(PROGRAM("aligned 1\nallocate 3\naligned 8\nallocate 4080\nallocate 1\n"), &st);
  EXPECT_EQ_U(st.final_usage, 8208);
  EXPECT_EQ_U(st.fast, 3);
  run_text(PROGRAM("allocate 1\naligned SIZE_MAX\nallocate 1\nverify-all\n"), &st);
  EXPECT_EQ_U(st.refused, 1);
  EXPECT_EQ_U(st.fast, 1);
  run_text(PROGRAM("allocate 1000\naligned 1000\nallocate 1000\naligned 1000\nallocate 1000\n"
                   "aligned 1000\nallocate 1000\naligned 1000\nallocate 1000\naligned 1000\n"),
           &st);
  EXPECT_EQ_U(st.final_usage, 12312);
  run_text(PROGRAM("fail-next-block\nallocate 0\nallocate 1\nallocate 1\nfail-next-block\n"
                   "allocate 5000\nallocate 2000\nfail-next-block\nreset\nallocate 1\n"),
           &st);
  EXPECT_EQ_U(st.failed, 2);
  EXPECT_EQ_U(st.refused, 1);
  EXPECT_EQ_U(st.final_usage, 4104);
}

/* Random inputs: every one must pass on a correct subject. */
static void random_inputs_pass(void) {
  lcg g = lcg_make(2024);
  uint8_t data[512];
  program p;
  program_init(&p);
  runner_stats total;
  memset(&total, 0, sizeof total);
  for (int round = 0; round < 3000; round++) {
    size_t n = (size_t)(lcg_next(&g) % sizeof data);
    for (size_t i = 0; i < n; i++) data[i] = (uint8_t)(lcg_next(&g) >> 29);
    EXPECT_TRUE(decode_program(data, n, &p));
    runner_stats st;
    runner_failure f;
    if (!runner_run(&p, NULL, &st, &f)) {
      text_print(stderr, &p, f.op_index);
      fprintf(stderr, "%s\n", f.message);
      abort();
    }
    total.fast += st.fast;
    total.new_blocks += st.new_blocks;
    total.dedicated += st.dedicated;
    total.refused += st.refused;
    total.failed += st.failed;
  }
  /* The random stream reaches every path. */
  EXPECT_TRUE(total.fast > 0 && total.new_blocks > 0 && total.dedicated > 0);
  EXPECT_TRUE(total.refused > 0 && total.failed > 0);
  program_free(&p);
}

int main(void) {
  fprintf(stderr, "subject: %s\n", subject_describe()->name);
  RUN_TEST(golden_cases);
  RUN_TEST(random_inputs_pass);
  return 0;
}
