/* op: the operation language every input becomes: a block size and a list of
 * operations on one arena (allocate, write, verify, inject a fault, reset). */
#ifndef HARNESS_OP_H
#define HARNESS_OP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum op_kind {
  OP_ALLOCATE,        /* arg: bytes */
  OP_ALIGNED,         /* arg: bytes */
  OP_USAGE,           /* read memory usage and check it; arg unused (0) */
  OP_WRITE,           /* arg: live allocation index (mod live count): new pattern */
  OP_VERIFY,          /* arg: live allocation index (mod live count): check its bytes */
  OP_VERIFY_ALL,      /* check every live allocation; arg unused (0) */
  OP_FAIL_NEXT_BLOCK, /* the allocator's next call fails; arg unused (0) */
  OP_RESET,           /* destroy the arena, start a new one (an armed fault is
                       * disarmed); arg unused (0) */
  OP_ALIGN,           /* arg: the alignment (a power of two, at most OP_MAX_ALIGN)
                       * of the `aligned` operations after it, for subjects with
                       * an alignment parameter (clamped to the subject's
                       * maximum); no effect on the others */
  OP_KIND_COUNT
} op_kind;

typedef struct op {
  op_kind kind;
  size_t arg;
} op;

/* Block sizes a program may ask for: 0 (the default, 4096) or a multiple of
 * OP_BLOCK_ALIGNMENT in [OP_MIN_BLOCK_SIZE, OP_MAX_BLOCK_SIZE]. */
#define OP_MIN_BLOCK_SIZE ((size_t)32)
#define OP_MAX_BLOCK_SIZE ((size_t)1 << 30)
#define OP_BLOCK_ALIGNMENT ((size_t)8)
#define OP_DEFAULT_BLOCK_SIZE ((size_t)4096)

/* The largest alignment an `align` operation may ask for. */
#define OP_MAX_ALIGN ((size_t)1 << 20)

/* 1 if n is an alignment an `align` operation may ask for. */
int op_valid_align(size_t n);

/* A whole input: the arena's block size and its operations. */
typedef struct program {
  size_t block_size; /* 0: the default, 4096 */
  op *ops;
  size_t count;
  size_t capacity;
} program;

/* An empty program with block size 0. Never fails (no allocation yet). */
void program_init(program *p);

/* Appends an operation. Returns 1, or 0 (program unchanged) if memory runs out. */
int program_push(program *p, op_kind kind, size_t arg);

/* Empties p (block size 0, no operations) but keeps its memory for reuse. */
void program_clear(program *p);

/* Frees the operations; the program is empty afterwards. */
void program_free(program *p);

/* 1 if n is a block size a program may ask for (see OP_MIN_BLOCK_SIZE). */
int program_valid_block_size(size_t n);

/* The block size p's arena uses: p->block_size, or OP_DEFAULT_BLOCK_SIZE for 0. */
size_t program_block_size(const program *p);

/* The name of an op kind in the text form ("allocate", "aligned", ...);
 * NULL for an out-of-range kind. */
const char *op_name(op_kind kind);

/* 1 if this kind takes an argument in the text form. */
int op_has_arg(op_kind kind);

/* 1 if both programs have the same block size and the same operations. */
int program_equal(const program *a, const program *b);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_OP_H */
