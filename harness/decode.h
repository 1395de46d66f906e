/* decode: turns any byte string into a program. Total: no input is rejected.
 * Control bytes come from the front, size payload from the back. */
#ifndef HARNESS_DECODE_H
#define HARNESS_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "harness/op.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The sizes every control byte can reach in one flip, for block size b:
 * 0 1 7 8 9 15 16, b/4-1 b/4 b/4+1, b-1 b b+1 2b, SIZE_MAX SIZE_MAX-1
 * SIZE_MAX-7 SIZE_MAX-b PTRDIFF_MAX PTRDIFF_MAX+1, and raw sizes taken from
 * the back of the input (capped at DECODE_MAX_RAW). */
#define DECODE_MAX_RAW ((size_t)1 << 18)
/* Decoding stops after this many operations, so one input stays one quick run. */
#define DECODE_MAX_OPS ((size_t)4096)

/* Decodes data[0..size) into `out` (which program_init must have prepared).
 * Returns 1, or 0 only if memory ran out (out then holds a prefix). */
int decode_program(const uint8_t *data, size_t size, program *out);

/* Encodes a program into bytes that decode back to it exactly, if one exists
 * (sizes must be size classes or raw sizes); used to write corpus files.
 * Returns the encoded length, or 0 if the program cannot be encoded or `cap`
 * is too small. */
size_t encode_program(const program *p, uint8_t *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_DECODE_H */
