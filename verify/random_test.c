/* random_test: the known answers of the seed's LCG and of LevelDB's
 * Park-Miller Random, from the reference, plus the defined n == 0 cases. */
#include "arena/lcg.h"
#include "arena/park_miller.h"
#include "verify/expect.h"

static void lcg_states_from_301(void) {
  const uint64_t want[] = {UINT64_C(15590363785800878058), UINT64_C(1204830174982765091),
                           UINT64_C(13033854557935260968), UINT64_C(5009185694542974985),
                           UINT64_C(13573117970054187158)};
  lcg g = lcg_make(301);
  EXPECT_EQ_U(g.state, 301);
  for (int i = 0; i < 5; i++) EXPECT_EQ_U(lcg_next(&g), want[i]);
}

static void lcg_states_from_0(void) {
  lcg g = lcg_make(0);
  EXPECT_EQ_U(lcg_next(&g), 1);
  EXPECT_EQ_U(lcg_next(&g), UINT64_C(6364136223846793006));
  EXPECT_EQ_U(lcg_next(&g), UINT64_C(13885033948157127959));
}

static void lcg_uniform_1000_from_301(void) {
  const uint32_t want[] = {435, 385, 746, 929, 793, 256, 860, 573, 821, 688};
  lcg g = lcg_make(301);
  for (int i = 0; i < 10; i++) EXPECT_EQ_U(lcg_uniform(&g, 1000), want[i]);
}

static void lcg_zero_and_one(void) {
  lcg g = lcg_make(301);
  lcg h = lcg_make(301);
  EXPECT_EQ_U(lcg_uniform(&g, 0), 0);
  lcg_next(&h);
  EXPECT_EQ_U(g.state, h.state); /* uniform(0) still steps once */
  EXPECT_TRUE(lcg_one_in(&g, 0));
  EXPECT_TRUE(lcg_one_in(&g, 1));
  /* one_in(n) is uniform(n) == 0 on the same stream. */
  lcg x = lcg_make(7), y = lcg_make(7);
  for (int i = 0; i < 1000; i++) EXPECT_EQ_U(lcg_one_in(&x, 10), lcg_uniform(&y, 10) == 0);
}

static void park_miller_from_301(void) {
  const uint32_t want[] = {5058907, 1273187716, 938884104, 115297772, 779404410};
  park_miller r = park_miller_make(301);
  for (int i = 0; i < 5; i++) EXPECT_EQ_U(park_miller_next(&r), want[i]);
}

static void park_miller_seeds(void) {
  EXPECT_EQ_U(park_miller_make(0).seed, 1);
  EXPECT_EQ_U(park_miller_make(2147483647u).seed, 1);
  EXPECT_EQ_U(park_miller_make(0x80000000u | 301u).seed, 301);
  park_miller r = park_miller_make(301);
  EXPECT_EQ_U(park_miller_uniform(&r, 0), 0);
  EXPECT_EQ_U(r.seed, 5058907);
  park_miller s = park_miller_make(301);
  EXPECT_EQ_U(park_miller_uniform(&s, 1000), 5058907 % 1000);
  EXPECT_EQ_U(park_miller_one_in(&s, 1), 1);
}

int main(void) {
  RUN_TEST(lcg_states_from_301);
  RUN_TEST(lcg_states_from_0);
  RUN_TEST(lcg_uniform_1000_from_301);
  RUN_TEST(lcg_zero_and_one);
  RUN_TEST(park_miller_from_301);
  RUN_TEST(park_miller_seeds);
  return 0;
}
