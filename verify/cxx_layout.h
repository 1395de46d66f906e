/* cxx_layout: the arena struct's layout as compiled by C (cxx_layout.c), so a
 * C++ test can check that arena/arena.h describes the same object in C++. */
#ifndef VERIFY_CXX_LAYOUT_H
#define VERIFY_CXX_LAYOUT_H

#include <stddef.h>

#include "arena/arena.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cxx_layout {
  size_t size, align, usage_offset, usage_size, block_size_offset, blocks_offset;
} cxx_layout;

/* Fills *out with C's sizeof/alignof/offsetof of struct arena. */
void cxx_layout_c(cxx_layout *out);

/* arena_memory_usage(a) as compiled by C (the C11 atomic load). */
size_t cxx_layout_usage_c(const arena *a);

#ifdef __cplusplus
}
#endif

#endif /* VERIFY_CXX_LAYOUT_H */
