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

/* INPUT_BINARY_TEXTLIKE: starts with TEXT_MAGIC but does not parse, so it is
 * read as bytes, as the fuzz targets read it (see text_is_program). */
typedef enum input_form { INPUT_BINARY, INPUT_TEXT, INPUT_BINARY_TEXTLIKE } input_form;

/* Reads `path`, which must be a regular, non-empty file of at most
 * INPUT_MAX_BYTES, into p (prepared by program_init), the way ops_fuzzer reads
 * it: the text form if text_is_program, else decoded from bytes. A file named
 * *.txt that starts with TEXT_MAGIC but does not parse is refused (a
 * hand-written program with a mistake). form may be NULL. Returns 1, or 0
 * with one line "PATH: what is wrong" in err (p then holds no operations).
 * For INPUT_BINARY_TEXTLIKE it returns 1 and err holds a one-line note. */
int input_load(const char *path, program *p, input_form *form, char *err, size_t err_size);

/* Whether the tools may write `out`: never if it is the file `in` (may be
 * NULL; compared by device and inode), an existing file only with force, and
 * never something that is not a regular file. Returns 1, or 0 with one line
 * "OUT: what is wrong" in err. */
int input_check_output(const char *out, const char *in, int force, char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif /* TOOLS_INPUT_H */
