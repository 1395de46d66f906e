/* model_test: the shadow model predicts the reference's golden cases exactly
 * (paths, offsets, slop, usage), the NULL classes, faults and block sizes. */
#include <stdint.h>
#include <stdlib.h>

#include "harness/model.h"
#include "verify/expect.h"

typedef struct step {
  char op; /* 'a' allocate, 'g' aligned */
  size_t bytes;
  model_path path;
  size_t offset; /* FAST/NEW_BLOCK */
  size_t usage;
} step;

static void run_steps_with(size_t block_size, const step *s, size_t n) {
  model m;
  model_init(&m, block_size, SIZE_MAX);
  for (size_t i = 0; i < n; i++) {
    model_prediction p = model_predict(&m, s[i].bytes, s[i].op == 'g');
    if (p.path != s[i].path || p.usage_after != s[i].usage ||
        ((p.path == MODEL_FAST || p.path == MODEL_NEW_BLOCK) && p.offset != s[i].offset)) {
      fprintf(stderr, "step %zu (%c %zu): %s offset %zu usage %zu, expected %s %zu %zu\n", i,
              s[i].op, s[i].bytes, model_path_name(p.path), p.offset, p.usage_after,
              model_path_name(s[i].path), s[i].offset, s[i].usage);
      abort();
    }
    model_apply(&m, &p);
    EXPECT_EQ_U(m.usage, s[i].usage);
  }
}

static void run_steps(const step *s, size_t n) { run_steps_with(0, s, n); }

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void golden_one_five_times(void) {
  const step s[] = {{'a', 1, MODEL_NEW_BLOCK, 0, 4104},
                    {'a', 1, MODEL_FAST, 1, 4104},
                    {'a', 1, MODEL_FAST, 2, 4104},
                    {'a', 1, MODEL_FAST, 3, 4104},
                    {'a', 1, MODEL_FAST, 4, 4104}};
  run_steps(s, N(s));
}

static void golden_1025_dedicated(void) {
  const step s[] = {{'a', 1025, MODEL_DEDICATED, 0, 1033}};
  run_steps(s, N(s));
}

static void golden_1024_new_block(void) {
  const step s[] = {{'a', 1024, MODEL_NEW_BLOCK, 0, 4104},
                    {'a', 3072, MODEL_FAST, 1024, 4104},
                    {'a', 1, MODEL_NEW_BLOCK, 0, 8208}};
  run_steps(s, N(s));
}

static void golden_4096_leaves_no_block(void) {
  const step s[] = {{'a', 4096, MODEL_DEDICATED, 0, 4104}, {'a', 1, MODEL_NEW_BLOCK, 0, 8208}};
  run_steps(s, N(s));
  model m;
  model_init(&m, 0, SIZE_MAX);
  model_prediction p = model_predict(&m, 4096, 0);
  model_apply(&m, &p);
  EXPECT_TRUE(!m.has_block);
}

static void golden_aligned_slop(void) {
  const step s[] = {{'g', 1, MODEL_NEW_BLOCK, 0, 4104},
                    {'a', 3, MODEL_FAST, 1, 4104},
                    {'g', 8, MODEL_FAST, 8, 4104},
                    {'a', 4080, MODEL_FAST, 16, 4104},
                    {'a', 1, MODEL_NEW_BLOCK, 0, 8208}};
  run_steps(s, N(s));
  model m;
  model_init(&m, 0, SIZE_MAX);
  model_prediction p = model_predict(&m, 1, 1);
  model_apply(&m, &p);
  p = model_predict(&m, 3, 0);
  model_apply(&m, &p);
  p = model_predict(&m, 8, 1);
  EXPECT_EQ_U(p.slop, 4);
  EXPECT_EQ_U(p.offset, 8);
  model_apply(&m, &p);
  EXPECT_EQ_U(m.remaining, 4080);
}

static void golden_thousands(int alternate) {
  step s[10];
  const size_t offsets[10] = {0, 1000, 2000, 3000, 0, 1000, 2000, 3000, 0, 1000};
  for (size_t i = 0; i < 10; i++) {
    s[i].op = (alternate && i % 2 == 1) ? 'g' : 'a';
    s[i].bytes = 1000;
    s[i].offset = offsets[i];
    s[i].path = offsets[i] == 0 ? MODEL_NEW_BLOCK : MODEL_FAST;
    s[i].usage = i < 4 ? 4104 : (i < 8 ? 8208 : 12312);
  }
  run_steps(s, 10);
}

static void golden_thousands_plain(void) { golden_thousands(0); }
static void golden_thousands_alternating(void) { golden_thousands(1); }

/* The aligned fallback asks for the unpadded size: after a 1, an aligned 4089
 * fits the 4095 remaining bytes only without its slop of 7, so (over b/4) it
 * gets a dedicated block of exactly 4089; 4088 then fits exactly. */
static void aligned_fallback_unpadded(void) {
  const step s[] = {{'a', 1, MODEL_NEW_BLOCK, 0, 4104}, {'g', 4089, MODEL_DEDICATED, 0, 8201},
                    {'g', 4088, MODEL_FAST, 8, 8201},   {'a', 1, MODEL_NEW_BLOCK, 0, 12305},
                    {'g', 1000, MODEL_FAST, 8, 12305},  {'g', 3088, MODEL_FAST, 1008, 12305},
                    {'g', 1, MODEL_NEW_BLOCK, 0, 16409}};
  run_steps(s, N(s));
}

/* 0 and impossible sizes are refused everywhere; LevelDB's wrap case
 * (aligned SIZE_MAX after allocate 1) is refused and the next 1 lands at 1. */
static void refusals(void) {
  const size_t impossible[] = {
      0, SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 7, SIZE_MAX - 4096, (size_t)PTRDIFF_MAX + 1};
  for (size_t i = 0; i < N(impossible); i++) {
    for (int aligned = 0; aligned < 2; aligned++) {
      const step s[] = {{'a', 1, MODEL_NEW_BLOCK, 0, 4104},
                        {aligned ? 'g' : 'a', impossible[i], MODEL_REFUSED, 0, 4104},
                        {'a', 1, MODEL_FAST, 1, 4104}};
      run_steps(s, N(s));
      const step fresh[] = {{aligned ? 'g' : 'a', impossible[i], MODEL_REFUSED, 0, 0}};
      run_steps(fresh, 1);
    }
  }
  /* PTRDIFF_MAX itself is possible: a dedicated block (if the allocator allows). */
  const step big[] = {{'a', (size_t)PTRDIFF_MAX, MODEL_DEDICATED, 0, (size_t)PTRDIFF_MAX + 8}};
  run_steps(big, 1);
}

/* fail_next: consumed by the next block allocation only; refusals and fast
 * requests leave it armed; a failure changes nothing else. */
static void fail_next_block(void) {
  model m;
  model_init(&m, 0, SIZE_MAX);
  model_fail_next(&m);
  model_prediction p = model_predict(&m, 0, 0);
  EXPECT_EQ_U(p.path, MODEL_REFUSED);
  model_apply(&m, &p);
  EXPECT_TRUE(m.fail_next);
  p = model_predict(&m, 1, 0);
  EXPECT_EQ_U(p.path, MODEL_FAILED);
  EXPECT_EQ_U(p.block_bytes, 4096);
  EXPECT_EQ_U(p.usage_after, 0);
  model_apply(&m, &p);
  EXPECT_TRUE(!m.fail_next);
  EXPECT_TRUE(!m.has_block);
  p = model_predict(&m, 1, 0);
  EXPECT_EQ_U(p.path, MODEL_NEW_BLOCK);
  model_apply(&m, &p);
  model_fail_next(&m);
  p = model_predict(&m, 1, 1); /* fits: fast, fault stays armed */
  EXPECT_EQ_U(p.path, MODEL_FAST);
  EXPECT_EQ_U(p.offset, 8);
  model_apply(&m, &p);
  EXPECT_TRUE(m.fail_next);
  p = model_predict(&m, 5000, 0); /* dedicated fails, current block kept */
  EXPECT_EQ_U(p.path, MODEL_FAILED);
  EXPECT_EQ_U(p.block_bytes, 5000);
  model_apply(&m, &p);
  EXPECT_EQ_U(m.offset, 9);
  EXPECT_EQ_U(m.usage, 4104);
  EXPECT_EQ_U(m.blocks_standard, 1);
  EXPECT_EQ_U(m.blocks_dedicated, 0);
}

/* Blocks over max_block fail without a fault armed. */
static void max_block_cap(void) {
  model m;
  model_init(&m, 0, 1 << 20);
  model_prediction p = model_predict(&m, (size_t)1 << 20, 0);
  EXPECT_EQ_U(p.path, MODEL_DEDICATED);
  p = model_predict(&m, ((size_t)1 << 20) + 1, 0);
  EXPECT_EQ_U(p.path, MODEL_FAILED);
  p = model_predict(&m, (size_t)PTRDIFF_MAX, 1);
  EXPECT_EQ_U(p.path, MODEL_FAILED);
  model_init(&m, 1 << 21, 1 << 20); /* even standard blocks fail */
  p = model_predict(&m, 1, 0);
  EXPECT_EQ_U(p.path, MODEL_FAILED);
}

/* Other block sizes: the threshold is b/4 and blocks are b bytes. */
static void block_sizes(void) {
  const step s32[] = {{'a', 8, MODEL_NEW_BLOCK, 0, 40}, {'a', 9, MODEL_FAST, 8, 40},
                      {'a', 15, MODEL_FAST, 17, 40},    {'a', 9, MODEL_DEDICATED, 0, 57},
                      {'g', 1, MODEL_NEW_BLOCK, 0, 97}, {'g', 1, MODEL_FAST, 8, 97},
                      {'g', 8, MODEL_FAST, 16, 97},     {'g', 8, MODEL_FAST, 24, 97},
                      {'a', 1, MODEL_NEW_BLOCK, 0, 137}};
  run_steps_with(32, s32, N(s32));
  const step s1000[] = {{'a', 250, MODEL_NEW_BLOCK, 0, 1008},
                        {'a', 251, MODEL_FAST, 250, 1008},
                        {'a', 499, MODEL_FAST, 501, 1008},
                        {'a', 251, MODEL_DEDICATED, 0, 1267},
                        {'a', 250, MODEL_NEW_BLOCK, 0, 2275}};
  run_steps_with(1000, s1000, N(s1000));
}

static void path_names(void) {
  EXPECT_TRUE(model_path_name(MODEL_FAST)[0] == 'f');
  EXPECT_TRUE(model_path_name(MODEL_NEW_BLOCK)[0] == 'n');
  EXPECT_TRUE(model_path_name(MODEL_DEDICATED)[0] == 'd');
  EXPECT_TRUE(model_path_name(MODEL_REFUSED)[0] == 'r');
  EXPECT_TRUE(model_path_name(MODEL_FAILED)[0] == 'f');
}

int main(void) {
  RUN_TEST(golden_one_five_times);
  RUN_TEST(golden_1025_dedicated);
  RUN_TEST(golden_1024_new_block);
  RUN_TEST(golden_4096_leaves_no_block);
  RUN_TEST(golden_aligned_slop);
  RUN_TEST(golden_thousands_plain);
  RUN_TEST(golden_thousands_alternating);
  RUN_TEST(aligned_fallback_unpadded);
  RUN_TEST(refusals);
  RUN_TEST(fail_next_block);
  RUN_TEST(max_block_cap);
  RUN_TEST(block_sizes);
  RUN_TEST(path_names);
  return 0;
}
