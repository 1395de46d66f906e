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

/* The text form:
 *   # arenafuzz program        (first line; a comment, as is anything after #)
 *   block-size 4096            (optional, before any operation; 0 or a valid
 *                               block size, see program_valid_block_size)
 *   allocate 1025 / aligned 8  (sizes: decimal, or SIZE_MAX, SIZE_MAX-K,
 *                               PTRDIFF_MAX, PTRDIFF_MAX+K, PTRDIFF_MAX-K)
 *   write 3 / verify 2         (decimal index, taken modulo the live count)
 *   usage / verify-all / fail-next-block / reset
 * One operation a line; blank lines and surrounding spaces or tabs are ignored;
 * lines may end in \r\n. Sizes within 2^32 of SIZE_MAX or PTRDIFF_MAX are
 * printed in the symbolic form, all others in decimal. */

/* Longest text of one operation or size made by the formatters below (with NUL). */
#define TEXT_MAX_OP 48

/* 1 if data looks like the text form (starts with TEXT_MAGIC). */
int text_is_program(const uint8_t *data, size_t size);

/* Prints p in the text form. If mark < p->count, that operation's line gets a
 * trailing "   # <-- failed here". Returns 0 on a write error. */
int text_print(FILE *f, const program *p, size_t mark);

/* Writes a size as the text form prints it ("1025", "SIZE_MAX-7") into buf
 * (cap >= TEXT_MAX_OP is always enough). Returns buf. */
char *text_format_size(char *buf, size_t cap, size_t size);

/* Writes an operation as its text line without newline ("allocate SIZE_MAX",
 * "verify-all") into buf (cap >= TEXT_MAX_OP is always enough). Returns buf. */
char *text_format_op(char *buf, size_t cap, const op *o);

/* Parses the text form into `out` (prepared by program_init; its previous
 * contents are replaced). Returns 1 on success. On error returns 0 and writes
 * one line "line N: what is wrong" (no newline) into err (if err_size > 0);
 * out then holds a prefix. Running out of memory is reported the same way. */
int text_parse(const char *data, size_t size, program *out, char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_TEXT_H */
