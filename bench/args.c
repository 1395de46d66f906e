/* args: flag matching and strict decimal parsing for the benchmark's worker
 * and driver; every error is one line on stderr and exit status 2. */
#include "bench/args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *program = "bench";

void args_program(const char *argv0) {
  const char *slash = strrchr(argv0, '/');
  program = slash != NULL ? slash + 1 : argv0;
}

void args_die(const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  fprintf(stderr, "%s: ", program);
  vfprintf(stderr, format, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

int args_string(const char *arg, const char *name, const char **out) {
  size_t n = strlen(name);
  if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, name, n) != 0 || arg[2 + n] != '=') {
    return 0;
  }
  *out = arg + 3 + n;
  return 1;
}

int args_size(const char *arg, const char *name, size_t lo, size_t hi, size_t *out) {
  const char *value;
  if (!args_string(arg, name, &value)) {
    return 0;
  }
  if (value[0] < '0' || value[0] > '9') {
    args_die("--%s: '%s' is not a decimal number", name, value);
  }
  char *end;
  errno = 0;
  unsigned long long v = strtoull(value, &end, 10);
  if (*end != '\0' || errno != 0) {
    args_die("--%s: '%s' is not a decimal number", name, value);
  }
  if (v < lo || v > hi) {
    args_die("--%s: %s is out of range [%zu, %zu]", name, value, lo, hi);
  }
  *out = (size_t)v;
  return 1;
}
