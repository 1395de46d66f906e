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

/* The binary form (no length fields anywhere, so every byte string is a program):
 *
 *   byte 0 (header): block size = decode_block_size(byte 0) (low 4 bits index a
 *     table of 16; index 0 is the default 4096, stored as block_size 0).
 *   then one control byte c per operation, from the front; any payload the
 *   operation needs is taken from the back (last byte first). Decoding stops
 *   when front and back meet or after DECODE_MAX_OPS operations; payload
 *   bytes that are not there read as 0.
 *
 *   c >> 5:  0 1 2  allocate, size class c & 31
 *            3 4    aligned,  size class c & 31
 *            5      write  index c & 31 (31: a 2-byte index from the back)
 *            6      verify index c & 31 (31: a 2-byte index from the back)
 *            7      c & 31: 0-3 usage, 4-7 align 2^(1 byte from the back
 *                   mod 21), 8-15 verify-all, 16-23 fail-next-block, 24-31 reset
 *
 * Size classes for block size b (b = 4096 for the default), so every boundary
 * is one byte change away:
 *    0:0  1:1  2:2  3:3  4:4  5:6  6:7  7:8  8:9  9:15  10:16  11:24
 *   12:b/4-1  13:b/4  14:b/4+1  15:b/2  16:b-1  17:b  18:b+1  19:2b
 *   20:SIZE_MAX  21:SIZE_MAX-1  22:SIZE_MAX-7  23:SIZE_MAX-b
 *   24:PTRDIFF_MAX  25:PTRDIFF_MAX+1
 *   26,27,28: raw, 1 byte from the back (0..255)
 *   29: raw, 2 bytes from the back (0..65535)
 *   30,31: raw, 3 bytes u from the back: (u mod 2^18) >> ((u >> 18) mod 19),
 *          below DECODE_MAX_RAW, spread evenly over the powers of two
 * Multi-byte payloads are little-endian in reading order (the first byte read,
 * i.e. the last of the input, is the lowest). */
#define DECODE_MAX_RAW ((size_t)1 << 18)
/* Decoding stops after this many operations, so one input stays one quick run. */
#define DECODE_MAX_OPS ((size_t)4096)
/* Number of size classes (the low 5 bits of an allocation's control byte). */
#define DECODE_CLASSES 32
/* Number of entries of the block size table (the header's low 4 bits). */
#define DECODE_BLOCK_SIZES 16

/* The block size (0: default) a header byte selects. Never fails. */
size_t decode_block_size(uint8_t header);

/* The size of class `cls` (< DECODE_CLASSES, not a raw class) for block size
 * `block_size` (0: default). Returns 1 and sets *size, or 0 for a raw class. */
int decode_class_size(unsigned cls, size_t block_size, size_t *size);

/* Decodes data[0..size) into `out` (which program_init must have prepared;
 * its previous contents are replaced, its memory reused).
 * Returns 1, or 0 only if memory ran out (out then holds a prefix). */
int decode_program(const uint8_t *data, size_t size, program *out);

/* Encodes a program into bytes that decode back to it exactly, if one exists
 * (block size in the table, at most DECODE_MAX_OPS operations, sizes that are
 * size classes or below DECODE_MAX_RAW, write/verify indexes at most 65535,
 * no arguments on operations that take none); used to write corpus files.
 * Returns the encoded length, or 0 if the program cannot be encoded or `cap`
 * is too small. */
size_t encode_program(const program *p, uint8_t *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_DECODE_H */
