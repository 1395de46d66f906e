/* text_test: the text form: printing (symbolic sizes, the failure mark),
 * parse(print(p)) == p on random programs, and one clear error per malformed input. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdlib.h>
#include <string.h>

#include "arena/lcg.h"
#include "harness/decode.h"
#include "harness/text.h"
#include "verify/expect.h"

#define EXPECT_STR(actual, expected)                                                        \
  do {                                                                                      \
    if (strcmp((actual), (expected)) != 0) {                                                \
      fprintf(stderr, "%s:%d: got \"%s\", expected \"%s\"\n", __FILE__, __LINE__, (actual), \
              (expected));                                                                  \
      abort();                                                                              \
    }                                                                                       \
  } while (0)

/* Prints p into a malloc'd string (freed by the caller). */
static char *print_to_string(const program *p, size_t mark, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  EXPECT_NOT_NULL(f);
  EXPECT_TRUE(text_print(f, p, mark));
  EXPECT_TRUE(fclose(f) == 0);
  return buf;
}

static void sizes_print_symbolically(void) {
  char b[TEXT_MAX_OP];
  EXPECT_STR(text_format_size(b, sizeof b, 0), "0");
  EXPECT_STR(text_format_size(b, sizeof b, 1025), "1025");
  EXPECT_STR(text_format_size(b, sizeof b, SIZE_MAX), "SIZE_MAX");
  EXPECT_STR(text_format_size(b, sizeof b, SIZE_MAX - 7), "SIZE_MAX-7");
  EXPECT_STR(text_format_size(b, sizeof b, SIZE_MAX - 4096), "SIZE_MAX-4096");
  EXPECT_STR(text_format_size(b, sizeof b, (size_t)PTRDIFF_MAX), "PTRDIFF_MAX");
  EXPECT_STR(text_format_size(b, sizeof b, (size_t)PTRDIFF_MAX + 1), "PTRDIFF_MAX+1");
  EXPECT_STR(text_format_size(b, sizeof b, (size_t)PTRDIFF_MAX - 3), "PTRDIFF_MAX-3");
  EXPECT_STR(text_format_size(b, sizeof b, (size_t)1 << 40), "1099511627776");
  op o = {OP_ALIGNED, SIZE_MAX - 1};
  EXPECT_STR(text_format_op(b, sizeof b, &o), "aligned SIZE_MAX-1");
  o.kind = OP_VERIFY_ALL;
  o.arg = 0;
  EXPECT_STR(text_format_op(b, sizeof b, &o), "verify-all");
  o.kind = OP_FAIL_NEXT_BLOCK;
  EXPECT_STR(text_format_op(b, sizeof b, &o), "fail-next-block");
}

static void print_exact_form(void) {
  program p;
  program_init(&p);
  p.block_size = 256;
  EXPECT_TRUE(program_push(&p, OP_ALLOCATE, 1));
  EXPECT_TRUE(program_push(&p, OP_ALIGNED, SIZE_MAX));
  EXPECT_TRUE(program_push(&p, OP_WRITE, 3));
  EXPECT_TRUE(program_push(&p, OP_RESET, 0));
  size_t len;
  char *s = print_to_string(&p, 1, &len);
  EXPECT_STR(s,
             "# arenafuzz program\n"
             "block-size 256\n"
             "allocate 1\n"
             "aligned SIZE_MAX   # <-- failed here\n"
             "write 3\n"
             "reset\n");
  free(s);
  p.block_size = 0;
  s = print_to_string(&p, p.count, &len);
  EXPECT_TRUE(strstr(s, "block-size") == NULL);
  EXPECT_TRUE(strstr(s, "failed here") == NULL);
  free(s);
  program_free(&p);
}

/* Comments, blank lines, spaces, tabs, CRLF, symbolic and decimal sizes. */
static void parse_accepts_the_form(void) {
  const char *in =
      "# arenafuzz program   (a comment)\r\n"
      "\n"
      "  # only a comment\n"
      "block-size 4096\n"
      "allocate 1025\t# a comment after an op\r\n"
      "\taligned   SIZE_MAX-7  \n"
      "aligned PTRDIFF_MAX+1\n"
      "allocate PTRDIFF_MAX-2\n"
      "allocate 007\n"
      "usage\n"
      "write 18446744073709551615\n"
      "verify 2\n"
      "verify-all\n"
      "fail-next-block\n"
      "reset";
  program p;
  program_init(&p);
  char err[128];
  EXPECT_TRUE(text_parse(in, strlen(in), &p, err, sizeof err));
  EXPECT_EQ_U(p.block_size, 4096);
  const op want[] = {{OP_ALLOCATE, 1025},
                     {OP_ALIGNED, SIZE_MAX - 7},
                     {OP_ALIGNED, (size_t)PTRDIFF_MAX + 1},
                     {OP_ALLOCATE, (size_t)PTRDIFF_MAX - 2},
                     {OP_ALLOCATE, 7},
                     {OP_USAGE, 0},
                     {OP_WRITE, SIZE_MAX},
                     {OP_VERIFY, 2},
                     {OP_VERIFY_ALL, 0},
                     {OP_FAIL_NEXT_BLOCK, 0},
                     {OP_RESET, 0}};
  EXPECT_EQ_U(p.count, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < p.count; i++) {
    EXPECT_EQ_U(p.ops[i].kind, want[i].kind);
    EXPECT_EQ_U(p.ops[i].arg, want[i].arg);
  }
  /* Only the magic: an empty program. */
  EXPECT_TRUE(text_parse(TEXT_MAGIC, strlen(TEXT_MAGIC), &p, err, sizeof err));
  EXPECT_EQ_U(p.count, 0);
  program_free(&p);
}

/* A random op with sizes drawn to hit every printing form. */
static op random_op(lcg *g) {
  op o;
  o.kind = (op_kind)(lcg_next(g) % OP_KIND_COUNT);
  o.arg = 0;
  if (op_has_arg(o.kind)) {
    uint64_t r = lcg_next(g);
    if (o.kind == OP_ALIGN) {
      o.arg = (size_t)1 << (r % 21);
      return o;
    }
    switch (r % 6) {
      case 0:
        o.arg = (size_t)(r >> 50);
        break;
      case 1:
        o.arg = SIZE_MAX - (size_t)(r >> 40);
        break;
      case 2:
        o.arg = (size_t)PTRDIFF_MAX + (size_t)(r >> 40);
        break;
      case 3:
        o.arg = (size_t)PTRDIFF_MAX - (size_t)(r >> 40);
        break;
      case 4:
        o.arg = (size_t)lcg_next(g);
        break;
      default:
        o.arg = (size_t)(r >> 8);
        break;
    }
  }
  return o;
}

static void round_trip_random_programs(void) {
  lcg g = lcg_make(99);
  program p, q;
  program_init(&p);
  program_init(&q);
  char err[128];
  for (int round = 0; round < 500; round++) {
    program_clear(&p);
    p.block_size = round % 3 == 0 ? 0 : (size_t)(4 + lcg_next(&g) % 1000) * 8;
    size_t n = (size_t)(lcg_next(&g) % 60);
    for (size_t i = 0; i < n; i++) {
      op o = random_op(&g);
      EXPECT_TRUE(program_push(&p, o.kind, o.arg));
    }
    size_t len;
    char *s = print_to_string(&p, (size_t)(lcg_next(&g) % (n + 2)), &len);
    if (!text_parse(s, len, &q, err, sizeof err)) {
      fprintf(stderr, "%s\n%s\n", s, err);
      abort();
    }
    EXPECT_TRUE(program_equal(&p, &q));
    free(s);
  }
  program_free(&p);
  program_free(&q);
}

/* Each malformed input fails with "line N: ..." naming the right line. */
static void malformed_inputs_each_give_one_error(void) {
  static const struct {
    const char *text;
    const char *error; /* a prefix of the message */
  } cases[] = {
      {"", "line 1: expected '# arenafuzz program'"},
      {"allocate 1\n", "line 1: expected"},
      {"# arenafuzz program\nallocate\n", "line 2: 'allocate' needs a size"},
      {"# arenafuzz program\nwrite\n", "line 2: 'write' needs an index"},
      {"# arenafuzz program\nallocate -1\n", "line 2: bad number '-1'"},
      {"# arenafuzz program\nallocate 1x\n", "line 2: bad number '1x'"},
      {"# arenafuzz program\nallocate 0x10\n", "line 2: bad number"},
      {"# arenafuzz program\n\nallocate 18446744073709551616\n", "line 3: number"},
      {"# arenafuzz program\nallocate 99999999999999999999999999999999999\n", "line 2: number"},
      {"# arenafuzz program\nallocate SIZE_MAX+1\n", "line 2: bad number 'SIZE_MAX+1'"},
      {"# arenafuzz program\nallocate SIZE_MAX-18446744073709551616\n", "line 2: bad number"},
      {"# arenafuzz program\nallocate PTRDIFF_MAX+9223372036854775809\n",
       "line 2: number 'PTRDIFF_MAX+922337203685...' is outside"},
      {"# arenafuzz program\nallocate PTRDIFF_MAX-9223372036854775808\n", "line 2: number"},
      {"# arenafuzz program\nallocate SIZE_MAX-\n", "line 2: bad number"},
      {"# arenafuzz program\nallocate SIZE_MAXX\n", "line 2: bad number"},
      {"# arenafuzz program\nallocate 1 2\n", "line 2: unexpected '2' at the end"},
      {"# arenafuzz program\nusage 1\n", "line 2: 'usage' takes no argument"},
      {"# arenafuzz program\nreset now\n", "line 2: 'reset' takes no argument"},
      {"# arenafuzz program\nfree 1\n", "line 2: unknown operation 'free'"},
      {"# arenafuzz program\nAllocate 1\n", "line 2: unknown operation"},
      {"# arenafuzz program\nallocate 1\nblock-size 64\n", "line 3: block-size must come before"},
      {"# arenafuzz program\nblock-size 64\nblock-size 64\n", "line 3: block-size given twice"},
      {"# arenafuzz program\nblock-size 60\n", "line 2: block size 60 is not"},
      {"# arenafuzz program\nblock-size 16\n", "line 2: block size 16 is not"},
      {"# arenafuzz program\nblock-size 2147483648\n", "line 2: block size"},
      {"# arenafuzz program\nblock-size\n", "line 2: 'block-size' needs a size"},
      {"# arenafuzz program\nallocate 1\x01\n", "line 2: unexpected byte 0x01"},
      {"# arenafuzz program\nallocate \xc3\xa9\n", "line 2: unexpected byte 0xc3"},
  };
  program p;
  program_init(&p);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char err[160];
    memset(err, 'x', sizeof err);
    if (text_parse(cases[i].text, strlen(cases[i].text), &p, err, sizeof err)) {
      fprintf(stderr, "case %zu parsed: %s\n", i, cases[i].text);
      abort();
    }
    if (strncmp(err, cases[i].error, strlen(cases[i].error)) != 0 || strchr(err, '\n') != NULL) {
      fprintf(stderr, "case %zu: error \"%s\", expected \"%s...\"\n", i, err, cases[i].error);
      abort();
    }
    /* Not text: every reader decodes it as bytes instead (text_is_program),
     * and text_check gives text_parse's verdict and message. */
    const uint8_t *bytes = (const uint8_t *)cases[i].text;
    char checked[160];
    EXPECT_TRUE(!text_is_program(bytes, strlen(cases[i].text)));
    EXPECT_TRUE(!text_check(bytes, strlen(cases[i].text), checked, sizeof checked));
    EXPECT_STR(checked, err);
  }
  /* A NUL byte inside the data (size counts past it). */
  const char nul[] = "# arenafuzz program\nallocate 1\0\n";
  char err[64];
  EXPECT_TRUE(!text_parse(nul, sizeof nul - 1, &p, err, sizeof err));
  EXPECT_STR(err, "line 2: unexpected byte 0x00");
  /* A tiny error buffer is truncated, not overrun; none at all is fine. */
  char tiny[8];
  const char *bad = "# arenafuzz program\nfree\n";
  EXPECT_TRUE(!text_parse(bad, strlen(bad), &p, tiny, sizeof tiny));
  EXPECT_STR(tiny, "line 2:");
  EXPECT_TRUE(!text_parse(bad, strlen(bad), &p, NULL, 0));
  program_free(&p);
}

/* Every decoded program prints and parses back. */
static void decoded_programs_round_trip(void) {
  lcg g = lcg_make(5);
  uint8_t data[300];
  program p, q;
  program_init(&p);
  program_init(&q);
  char err[128];
  for (int round = 0; round < 300; round++) {
    for (size_t i = 0; i < sizeof data; i++) data[i] = (uint8_t)(lcg_next(&g) >> 33);
    EXPECT_TRUE(decode_program(data, (size_t)round, &p));
    size_t len;
    char *s = print_to_string(&p, p.count, &len);
    EXPECT_TRUE(text_is_program((const uint8_t *)s, len));
    EXPECT_TRUE(text_parse(s, len, &q, err, sizeof err));
    EXPECT_TRUE(program_equal(&p, &q));
    free(s);
  }
  program_free(&p);
  program_free(&q);
}

int main(void) {
  RUN_TEST(sizes_print_symbolically);
  RUN_TEST(print_exact_form);
  RUN_TEST(parse_accepts_the_form);
  RUN_TEST(round_trip_random_programs);
  RUN_TEST(malformed_inputs_each_give_one_error);
  RUN_TEST(decoded_programs_round_trip);
  return 0;
}
