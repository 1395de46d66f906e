/* decode_test: the binary form: totality on random bytes, the layout pinned
 * byte by byte, every size class reachable, encode/decode round trips. */
#include <stdlib.h>
#include <string.h>

#include "arena/lcg.h"
#include "harness/decode.h"
#include "verify/expect.h"

static uint8_t rnd_byte(lcg *g) { return (uint8_t)(lcg_next(g) >> 40); }

/* Every op of a decoded program is well formed. */
static void expect_valid(const program *p) {
  EXPECT_TRUE(program_valid_block_size(p->block_size));
  EXPECT_TRUE(p->count <= DECODE_MAX_OPS);
  for (size_t i = 0; i < p->count; i++) {
    EXPECT_TRUE((unsigned)p->ops[i].kind < (unsigned)OP_KIND_COUNT);
    if (!op_has_arg(p->ops[i].kind)) EXPECT_EQ_U(p->ops[i].arg, 0);
    if (p->ops[i].kind == OP_WRITE || p->ops[i].kind == OP_VERIFY) {
      EXPECT_TRUE(p->ops[i].arg <= 0xffff);
    }
  }
}

/* Random inputs of every length up to 600 (and a few long ones) decode, the
 * result re-encodes, and the encoding decodes to the same program. */
static void random_bytes_decode_and_round_trip(void) {
  lcg g = lcg_make(7);
  static uint8_t data[20000];
  static uint8_t enc[20000 * 4];
  program p, q;
  program_init(&p);
  program_init(&q);
  for (size_t round = 0; round < 1000; round++) {
    size_t n = round < 900 ? round : (size_t)(lcg_next(&g) % sizeof data);
    for (size_t i = 0; i < n; i++) data[i] = rnd_byte(&g);
    EXPECT_TRUE(decode_program(data, n, &p));
    expect_valid(&p);
    size_t len = encode_program(&p, enc, sizeof enc);
    EXPECT_TRUE(len > 0 || n == 0);
    if (n == 0) {
      EXPECT_EQ_U(p.count, 0);
      continue;
    }
    EXPECT_TRUE(decode_program(enc, len, &q));
    EXPECT_TRUE(program_equal(&p, &q));
  }
  program_free(&p);
  program_free(&q);
}

/* Long inputs stop at DECODE_MAX_OPS. */
static void op_count_is_capped(void) {
  static uint8_t data[3 * DECODE_MAX_OPS];
  memset(data, 0x01, sizeof data); /* allocate 1, no payload */
  program p;
  program_init(&p);
  EXPECT_TRUE(decode_program(data, sizeof data, &p));
  EXPECT_EQ_U(p.count, DECODE_MAX_OPS);
  program_free(&p);
}

/* The layout, byte by byte: corpus files depend on it. */
static void layout_is_pinned(void) {
  /* header 0x08 (1024-byte blocks); allocate class 13 (b/4 = 256); aligned
   * class 22 (SIZE_MAX-7); write 5; verify with an index from the back; usage;
   * verify-all; fail-next-block; reset; allocate raw2. Payload, read from the
   * back: the verify index 0x0102 (low byte last), then raw2 = 0x0304. */
  const uint8_t in[] = {0x08, 0x0d, 0x76, 0xa5, 0xdf, 0xe0, 0xe8,
                        0xf0, 0xf8, 0x1d, 0x03, 0x04, 0x01, 0x02};
  program p;
  program_init(&p);
  EXPECT_TRUE(decode_program(in, sizeof in, &p));
  EXPECT_EQ_U(p.block_size, 1024);
  EXPECT_EQ_U(p.count, 9);
  const op want[] = {{OP_ALLOCATE, 256},      {OP_ALIGNED, SIZE_MAX - 7},
                     {OP_WRITE, 5},           {OP_VERIFY, 0x0102},
                     {OP_USAGE, 0},           {OP_VERIFY_ALL, 0},
                     {OP_FAIL_NEXT_BLOCK, 0}, {OP_RESET, 0},
                     {OP_ALLOCATE, 0x0304}};
  for (size_t i = 0; i < 9; i++) {
    EXPECT_EQ_U(p.ops[i].kind, want[i].kind);
    EXPECT_EQ_U(p.ops[i].arg, want[i].arg);
  }
  uint8_t enc[64];
  EXPECT_EQ_U(encode_program(&p, enc, sizeof enc), sizeof in);
  EXPECT_TRUE(memcmp(enc, in, sizeof in) == 0);
  program_free(&p);
}

/* Missing payload reads as 0; the header alone is an empty program. */
static void short_inputs(void) {
  program p;
  program_init(&p);
  const uint8_t only_header[] = {0x0f};
  EXPECT_TRUE(decode_program(only_header, 1, &p));
  EXPECT_EQ_U(p.block_size, 65536);
  EXPECT_EQ_U(p.count, 0);
  const uint8_t raw_without_payload[] = {0x00, 0x1f}; /* allocate raw3, nothing left */
  EXPECT_TRUE(decode_program(raw_without_payload, 2, &p));
  EXPECT_EQ_U(p.count, 1);
  EXPECT_EQ_U(p.ops[0].arg, 0);
  const uint8_t raw3_capped[] = {0x00, 0x1f, 0xff, 0xff, 0xff};
  EXPECT_TRUE(decode_program(raw3_capped, sizeof raw3_capped, &p));
  EXPECT_EQ_U(p.count, 1);
  EXPECT_EQ_U(p.ops[0].arg, (size_t)0x3ffff >> (0x3f % 19));
  EXPECT_TRUE(decode_program(NULL, 0, &p));
  EXPECT_EQ_U(p.count, 0);
  EXPECT_EQ_U(p.block_size, 0);
  program_free(&p);
}

/* For every block size, each boundary of the reference is one control byte
 * away (a single byte changed from any allocation gives every class). */
static void every_boundary_is_a_class(void) {
  for (unsigned h = 0; h < DECODE_BLOCK_SIZES; h++) {
    size_t bs = decode_block_size((uint8_t)h);
    EXPECT_TRUE(program_valid_block_size(bs));
    size_t b = bs == 0 ? 4096 : bs;
    const size_t want[] = {0,
                           1,
                           7,
                           8,
                           9,
                           15,
                           16,
                           b / 4 - 1,
                           b / 4,
                           b / 4 + 1,
                           b - 1,
                           b,
                           b + 1,
                           2 * b,
                           SIZE_MAX,
                           SIZE_MAX - 1,
                           SIZE_MAX - 7,
                           SIZE_MAX - b,
                           (size_t)PTRDIFF_MAX,
                           (size_t)PTRDIFF_MAX + 1};
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
      int found = 0;
      for (unsigned c = 0; c < DECODE_CLASSES; c++) {
        size_t v;
        if (decode_class_size(c, bs, &v) && v == want[w]) found = 1;
      }
      if (!found) {
        fprintf(stderr, "block %zu: size %zu has no class\n", b, want[w]);
        abort();
      }
    }
  }
  /* 4096 has an explicit entry besides the default. */
  int explicit4096 = 0;
  for (unsigned h = 0; h < DECODE_BLOCK_SIZES; h++)
    explicit4096 |= decode_block_size((uint8_t)h) == 4096;
  EXPECT_TRUE(explicit4096);
}

/* What cannot be encoded is refused, and a short buffer is refused. */
static void encode_refusals(void) {
  program p;
  program_init(&p);
  uint8_t out[16];
  EXPECT_TRUE(program_push(&p, OP_ALLOCATE, DECODE_MAX_RAW));
  EXPECT_EQ_U(encode_program(&p, out, sizeof out), 0);
  program_clear(&p);
  EXPECT_TRUE(program_push(&p, OP_WRITE, 0x10000));
  EXPECT_EQ_U(encode_program(&p, out, sizeof out), 0);
  program_clear(&p);
  EXPECT_TRUE(program_push(&p, OP_USAGE, 1));
  EXPECT_EQ_U(encode_program(&p, out, sizeof out), 0);
  program_clear(&p);
  p.block_size = 4000; /* not in the table */
  EXPECT_EQ_U(encode_program(&p, out, sizeof out), 0);
  program_clear(&p);
  EXPECT_TRUE(program_push(&p, OP_ALLOCATE, DECODE_MAX_RAW - 1));
  EXPECT_EQ_U(encode_program(&p, out, 4), 0);
  EXPECT_EQ_U(encode_program(&p, out, 5), 5);
  program *q = &p;
  program r;
  program_init(&r);
  EXPECT_TRUE(decode_program(out, 5, &r));
  EXPECT_TRUE(program_equal(q, &r));
  program_free(&r);
  program_free(&p);
}

int main(void) {
  RUN_TEST(random_bytes_decode_and_round_trip);
  RUN_TEST(op_count_is_capped);
  RUN_TEST(layout_is_pinned);
  RUN_TEST(short_inputs);
  RUN_TEST(every_boundary_is_a_class);
  RUN_TEST(encode_refusals);
  return 0;
}
