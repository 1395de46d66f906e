/* cxx_layout: the arena struct's layout as the C compiler sees it, for
 * cxx_test.cc to compare with the C++ compiler's view of arena/arena.h. */
#include "verify/cxx_layout.h"

#include <stddef.h>

#include "arena/arena.h"

void cxx_layout_c(cxx_layout *out) {
  out->size = sizeof(arena);
  out->align = _Alignof(arena);
  out->usage_offset = offsetof(arena, memory_usage);
  out->usage_size = sizeof(((arena *)0)->memory_usage);
  out->block_size_offset = offsetof(arena, block_size);
  out->blocks_offset = offsetof(arena, blocks);
}

size_t cxx_layout_usage_c(const arena *a) { return arena_memory_usage(a); }
