/* text: the readable form of a program, one operation a line, for crash
 * reports and hand-written regressions; parse(print(p)) == p. */
#ifndef HARNESS_TEXT_H
#define HARNESS_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "harness/op.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every text-form input starts with this line; it tells text from binary. */
#define TEXT_MAGIC "# arenafuzz program"

/* 1 if data looks like the text form (starts with TEXT_MAGIC). */
int text_is_program(const uint8_t *data, size_t size);

/* Prints p in the text form. If mark < p->count, that operation's line gets a
 * trailing "   # <-- failed here". Returns 0 on a write error. */
int text_print(FILE *f, const program *p, size_t mark);

/* Parses the text form into `out` (prepared by program_init). On error
 * returns 0 and writes one line "line N: what is wrong" into err. */
int text_parse(const char *data, size_t size, program *out, char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_TEXT_H */
