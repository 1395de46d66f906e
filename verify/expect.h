/* expect: the assertion macros of our C tests. A failed expectation prints
 * file:line, the expression and both values, then aborts the test binary. */
#ifndef VERIFY_EXPECT_H
#define VERIFY_EXPECT_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define EXPECT_TRUE(cond)                                                 \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                            \
    }                                                                     \
  } while (0)

#define EXPECT_EQ_U(actual, expected)                                                           \
  do {                                                                                          \
    uintmax_t expect_a_ = (uintmax_t)(actual);                                                  \
    uintmax_t expect_e_ = (uintmax_t)(expected);                                                \
    if (expect_a_ != expect_e_) {                                                               \
      fprintf(stderr, "%s:%d: %s is %" PRIuMAX ", expected %" PRIuMAX "\n", __FILE__, __LINE__, \
              #actual, expect_a_, expect_e_);                                                   \
      abort();                                                                                  \
    }                                                                                           \
  } while (0)

#define EXPECT_NULL(p) EXPECT_TRUE((p) == NULL)
#define EXPECT_NOT_NULL(p) EXPECT_TRUE((p) != NULL)

/* Runs one test function and says so, so a log shows how far it got. */
#define RUN_TEST(fn)                       \
  do {                                     \
    fprintf(stderr, "[ RUN  ] %s\n", #fn); \
    fn();                                  \
    fprintf(stderr, "[  OK  ] %s\n", #fn); \
  } while (0)

#endif /* VERIFY_EXPECT_H */
