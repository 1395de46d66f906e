/* op: the operation language: growing, clearing and comparing programs, and
 * the names of the operations in the text form. */
#include "harness/op.h"

#include <assert.h>
#include <stdlib.h>

void program_init(program *p) {
  assert(p != NULL);
  p->block_size = 0;
  p->ops = NULL;
  p->count = 0;
  p->capacity = 0;
}

int program_push(program *p, op_kind kind, size_t arg) {
  assert(p != NULL && (unsigned)kind < (unsigned)OP_KIND_COUNT);
  assert(p->count <= p->capacity);
  if (p->count == p->capacity) {
    size_t capacity = p->capacity == 0 ? 64 : p->capacity;
    if (p->capacity != 0) {
      if (capacity > SIZE_MAX / 2 / sizeof(op)) {
        return 0;
      }
      capacity *= 2;
    }
    op *grown = realloc(p->ops, capacity * sizeof(op));
    if (grown == NULL) {
      return 0;
    }
    p->ops = grown;
    p->capacity = capacity;
  }
  p->ops[p->count].kind = kind;
  p->ops[p->count].arg = arg;
  p->count++;
  return 1;
}

void program_clear(program *p) {
  assert(p != NULL);
  p->block_size = 0;
  p->count = 0;
}

void program_free(program *p) {
  assert(p != NULL);
  free(p->ops);
  program_init(p);
}

int program_valid_block_size(size_t n) {
  return n == 0 ||
         (n >= OP_MIN_BLOCK_SIZE && n <= OP_MAX_BLOCK_SIZE && n % OP_BLOCK_ALIGNMENT == 0);
}

size_t program_block_size(const program *p) {
  assert(p != NULL);
  return p->block_size == 0 ? OP_DEFAULT_BLOCK_SIZE : p->block_size;
}

static const char *const kNames[OP_KIND_COUNT] = {
    "allocate",   "aligned",         "usage", "write", "verify",
    "verify-all", "fail-next-block", "reset", "align",
};

const char *op_name(op_kind kind) {
  if ((unsigned)kind >= (unsigned)OP_KIND_COUNT) {
    return NULL;
  }
  return kNames[kind];
}

int op_has_arg(op_kind kind) {
  return kind == OP_ALLOCATE || kind == OP_ALIGNED || kind == OP_WRITE || kind == OP_VERIFY ||
         kind == OP_ALIGN;
}

int op_valid_align(size_t n) { return n != 0 && n <= OP_MAX_ALIGN && (n & (n - 1)) == 0; }

int program_equal(const program *a, const program *b) {
  assert(a != NULL && b != NULL);
  if (a->block_size != b->block_size || a->count != b->count) {
    return 0;
  }
  for (size_t i = 0; i < a->count; i++) {
    if (a->ops[i].kind != b->ops[i].kind || a->ops[i].arg != b->ops[i].arg) {
      return 0;
    }
  }
  return 1;
}
