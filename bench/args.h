/* args: the benchmark tools' "--name=value" flags and their one-line errors
 * (a bad flag, value or size ends the program with status 2). */
#ifndef BENCH_ARGS_H
#define BENCH_ARGS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Names the program in error messages; call first with argv[0]. */
void args_program(const char *argv0);

/* Prints "<program>: <message>" and a newline to stderr and exits with 2. */
__attribute__((noreturn, format(printf, 1, 2))) void args_die(const char *format, ...);

/* If arg is "--<name>=<value>", stores value in *out and returns 1; returns 0
 * for any other arg. */
int args_string(const char *arg, const char *name, const char **out);

/* If arg is "--<name>=<value>", parses value as a decimal integer in [lo, hi]
 * into *out and returns 1 (dies with a one-line error if it is not one);
 * returns 0 for any other arg. */
int args_size(const char *arg, const char *name, size_t lo, size_t hi, size_t *out);

#ifdef __cplusplus
}
#endif

#endif /* BENCH_ARGS_H */
