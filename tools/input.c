/* input: one input file -> program (see input.h). Every failure is reported,
 * none is fatal: a missing file, a directory, an empty or huge file, bad text. */
#include "tools/input.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/decode.h"
#include "harness/text.h"

/* Writes "path: message" into err; returns 0. */
__attribute__((format(printf, 4, 5))) static int input_fail(const char *path, char *err,
                                                            size_t err_size, const char *fmt, ...) {
  if (err == NULL || err_size == 0) {
    return 0;
  }
  int n = snprintf(err, err_size, "%s: ", path);
  if (n >= 0 && (size_t)n < err_size) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, err_size - (size_t)n, fmt, ap);
    va_end(ap);
  }
  return 0;
}

/* Reads the whole file (already checked to be regular and small) into a new
 * buffer; returns NULL with err set. */
static unsigned char *input_read(const char *path, size_t expected, size_t *size, char *err,
                                 size_t err_size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    input_fail(path, err, err_size, "cannot open: %s", strerror(errno));
    return NULL;
  }
  unsigned char *data = malloc(expected + 1);
  if (data == NULL) {
    fclose(f);
    input_fail(path, err, err_size, "out of memory");
    return NULL;
  }
  size_t got = fread(data, 1, expected + 1, f);
  int bad = ferror(f);
  fclose(f);
  if (bad || got != expected) {
    free(data);
    input_fail(path, err, err_size, bad ? "read error" : "changed size while being read");
    return NULL;
  }
  *size = got;
  return data;
}

int input_load(const char *path, program *p, input_form *form, char *err, size_t err_size) {
  assert(path != NULL && p != NULL);
  program_clear(p);
  struct stat st;
  if (stat(path, &st) != 0) {
    return input_fail(path, err, err_size, "%s",
                      errno == ENOENT ? "no such file" : strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    return input_fail(path, err, err_size, "is a directory, expected one input file");
  }
  if (!S_ISREG(st.st_mode)) {
    return input_fail(path, err, err_size, "not a regular file");
  }
  if (st.st_size == 0) {
    return input_fail(path, err, err_size, "empty file (an empty input cannot fail)");
  }
  if ((uintmax_t)st.st_size > INPUT_MAX_BYTES) {
    return input_fail(path, err, err_size, "%jd bytes, more than the %zu-byte input limit",
                      (intmax_t)st.st_size, INPUT_MAX_BYTES);
  }
  size_t size = 0;
  unsigned char *data = input_read(path, (size_t)st.st_size, &size, err, err_size);
  if (data == NULL) {
    return 0;
  }
  int ok;
  char why[256];
  size_t len = strlen(path);
  int named_text = len >= 4 && strcmp(path + len - 4, ".txt") == 0;
  input_form got = INPUT_BINARY;
  if (text_is_program(data, size)) {
    got = INPUT_TEXT;
    ok = text_parse((const char *)data, size, p, why, sizeof why);
    if (!ok) {
      input_fail(path, err, err_size, "not a valid program in the text form: %s", why);
    }
  } else if (text_has_magic(data, size)) {
    text_check(data, size, why, sizeof why);
    if (named_text) {
      /* A hand-written program with a mistake: say where, do not guess. */
      free(data);
      return input_fail(path, err, err_size, "not a valid program in the text form: %s", why);
    }
    /* A fuzzer's mutation of a text seed: a program in the binary form, as
     * every fuzz target and replay reads it. */
    got = INPUT_BINARY_TEXTLIKE;
    ok = decode_program(data, size, p);
    if (ok) {
      input_fail(path, err, err_size,
                 "starts with '%s' but does not parse (%s): read as bytes, as the fuzzers do",
                 TEXT_MAGIC, why);
    }
  } else {
    ok = decode_program(data, size, p);
  }
  if (!ok && got != INPUT_TEXT) {
    input_fail(path, err, err_size, "out of memory while decoding");
  }
  if (form != NULL) {
    *form = got;
  }
  free(data);
  if (!ok) {
    program_clear(p);
  }
  return ok;
}

int input_check_output(const char *out, const char *in, int force, char *err, size_t err_size) {
  assert(out != NULL);
  struct stat so, si;
  if (stat(out, &so) != 0) {
    if (errno == ENOENT) {
      return 1;
    }
    return input_fail(out, err, err_size, "cannot check the output: %s", strerror(errno));
  }
  if (in != NULL && stat(in, &si) == 0 && so.st_dev == si.st_dev && so.st_ino == si.st_ino) {
    return input_fail(out, err, err_size, "is the input file; write the output elsewhere");
  }
  if (!S_ISREG(so.st_mode)) {
    return input_fail(out, err, err_size, "exists and is not a regular file");
  }
  if (!force) {
    return input_fail(out, err, err_size, "already exists (add --force to overwrite it)");
  }
  return 1;
}
