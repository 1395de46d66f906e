/* sanitizer_config_test: the sanitizers the build settings ask for (a define
 * chosen by select() on //build:sanitizer) are the ones compiled in. */
#include <stdio.h>
#include <string.h>

#include "verify/expect.h"

/* verify/BUILD defines VERIFY_SANITIZER by select() on //build:sanitizer; a
 * build without it (a linter's, say) gets a test that fails. */
#ifndef VERIFY_SANITIZER
#define VERIFY_SANITIZER unset
#endif
#define VERIFY_STR2(x) #x
#define VERIFY_STR(x) VERIFY_STR2(x)

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAS_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define HAS_TSAN 1
#endif
#if __has_feature(memory_sanitizer)
#define HAS_MSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(HAS_ASAN)
#define HAS_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__) && !defined(HAS_TSAN)
#define HAS_TSAN 1
#endif
#ifndef HAS_ASAN
#define HAS_ASAN 0
#endif
#ifndef HAS_TSAN
#define HAS_TSAN 0
#endif
#ifndef HAS_MSAN
#define HAS_MSAN 0
#endif

static void compiled_in_matches_config(void) {
  const char *want = VERIFY_STR(VERIFY_SANITIZER);
  EXPECT_TRUE(strcmp(want, "unset") != 0);
  int asan = strcmp(want, "asan") == 0 || strcmp(want, "asan-ubsan") == 0;
  fprintf(stderr, "  configured: %s; compiled in: asan=%d tsan=%d msan=%d\n", want, HAS_ASAN,
          HAS_TSAN, HAS_MSAN);
  EXPECT_EQ_U(HAS_ASAN, asan);
  EXPECT_EQ_U(HAS_TSAN, strcmp(want, "tsan") == 0);
  EXPECT_EQ_U(HAS_MSAN, strcmp(want, "msan") == 0);
}

int main(void) {
  RUN_TEST(compiled_in_matches_config);
  return 0;
}
