/* text_fuzzer: the text parser never crashes, reports every error as one
 * "line N: ..." line, and parse(print(p)) == p (and decode(encode(p)) == p
 * when p has a binary form) for everything it accepts. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/decode.h"
#include "harness/op.h"
#include "harness/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static program g_first, g_second;

static void fail(const char *what, const program *p) {
  fprintf(stderr, "text_fuzzer: %s\n", what);
  if (p != NULL) {
    text_print(stderr, p, p->count);
  }
  abort();
}

/* The error must be one line naming its line. */
static void check_error(const char *err) {
  size_t n = strlen(err);
  if (strncmp(err, "line ", 5) != 0 || n < 8 || memchr(err, '\n', n) != NULL) {
    fprintf(stderr, "text_fuzzer: malformed error message \"%s\"\n", err);
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[256];
  if (!text_parse((const char *)data, size, &g_first, err, sizeof err)) {
    check_error(err);
    return 0;
  }
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (f == NULL || !text_print(f, &g_first, g_first.count) || fclose(f) != 0) {
    fail("could not print the program", NULL);
  }
  if (!text_parse(text, len, &g_second, err, sizeof err)) {
    fprintf(stderr, "text_fuzzer: printed text does not parse: %s\n%s", err, text);
    abort();
  }
  free(text);
  if (!program_equal(&g_first, &g_second)) {
    fail("parse(print(p)) != p", &g_first);
  }
  static uint8_t encoded[1 + 4 * DECODE_MAX_OPS];
  size_t n = encode_program(&g_first, encoded, sizeof encoded);
  if (n > 0) {
    if (!decode_program(encoded, n, &g_second) || !program_equal(&g_first, &g_second)) {
      fail("decode(encode(p)) != p", &g_first);
    }
  }
  return 0;
}
