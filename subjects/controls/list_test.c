/* list_test: a run stops at its first finding, and in list mode
 * (runner_options.all_findings) names every distinct one, once each, with
 * how often it was seen (control "two": zero-size and usage defects). */
#include <stdio.h>
#include <string.h>

#include "harness/runner.h"
#include "harness/text.h"
#include "verify/expect.h"

static const char kProgram[] =
    "# arenafuzz program\nallocate 8\nallocate 0\nallocate 8\nallocate 0\nverify-all\n";

static int has(const runner_failure *f, const char *rule, size_t count) {
  for (size_t i = 0; i < f->count; i++) {
    if (strcmp(f->findings[i].rule, rule) == 0) {
      return f->findings[i].count == count && !f->findings[i].known;
    }
  }
  return 0;
}

static program parsed(void) {
  program p;
  program_init(&p);
  EXPECT_TRUE(text_parse(kProgram, sizeof kProgram - 1, &p, NULL, 0));
  return p;
}

static void stops_at_the_first(void) {
  program p = parsed();
  runner_options o = {0, 1, 0, NULL, NULL};
  runner_failure f;
  EXPECT_TRUE(!runner_run(&p, &o, NULL, &f));
  EXPECT_EQ_U(f.count, 1);
  EXPECT_EQ_U(f.op_index, 0);
  EXPECT_TRUE(strcmp(f.rule, "usage") == 0);
  program_free(&p);
}

static void lists_every_distinct_one(void) {
  program p = parsed();
  runner_options o = {0, 1, 1, NULL, NULL};
  runner_failure f;
  EXPECT_TRUE(!runner_run(&p, &o, NULL, &f));
  runner_print_findings(stderr, &f, 1);
  EXPECT_EQ_U(f.count, 2);
  EXPECT_TRUE(has(&f, "usage", 2));     /* each `allocate 8` (a NULL-expected result is not used) */
  EXPECT_TRUE(has(&f, "zero-size", 2)); /* both `allocate 0` */
  EXPECT_EQ_U(f.op_index, 0);           /* the first one is the failure */
  program_free(&p);
}

int main(void) {
  RUN_TEST(stops_at_the_first);
  RUN_TEST(lists_every_distinct_one);
  return 0;
}
