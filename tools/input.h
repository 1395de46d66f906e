/* input: reads one fuzzer input file (the binary or the text form) into a
 * program, the way ops_fuzzer reads it, with a one-line error for bad files. */
#ifndef TOOLS_INPUT_H
#define TOOLS_INPUT_H

#include <stddef.h>

#include "harness/op.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Files above this are refused: decoding stops long before (DECODE_MAX_OPS). */
#define INPUT_MAX_BYTES ((size_t)1 << 20)

typedef enum input_form { INPUT_BINARY, INPUT_TEXT } input_form;

/* Reads `path`, which must be a regular, non-empty file of at most
 * INPUT_MAX_BYTES, into p (prepared by program_init): text form if it starts
 * with TEXT_MAGIC, else decoded from bytes. form may be NULL. Returns 1, or 0
 * with one line "PATH: what is wrong" in err (p then holds no operations). */
int input_load(const char *path, program *p, input_form *form, char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif /* TOOLS_INPUT_H */
