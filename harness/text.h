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

/* Every text-form input starts with this line. An input that starts with it
 * but does not parse is NOT text: it is read as bytes (decode_program), like
 * any other input, so every byte string is a program (see text_is_program). */
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

/* 1 if data starts with TEXT_MAGIC (it may still fail to parse). */
int text_has_magic(const uint8_t *data, size_t size);

/* 1 if data is a program in the text form: it starts with TEXT_MAGIC and the
 * whole of it parses (checked without allocating). Every reader of inputs
 * decides with this: 1 -> text_parse, 0 -> decode_program. So a fuzzer's
 * mutation of a text input that no longer parses is still a program (its
 * bytes), and whatever a fuzzer keeps, every replay accepts. */
int text_is_program(const uint8_t *data, size_t size);

/* Checks data as the text form without storing anything: text_parse's verdict
 * and error line (except that it cannot run out of memory). */
int text_check(const uint8_t *data, size_t size, char *err, size_t err_size);

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
