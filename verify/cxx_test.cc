// cxx_test: arena/arena.h from C++ (every standard from C++11 on, built once
// per standard): the same struct as in C, and the inline calls work.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "arena/arena.h"
#include "verify/cxx_layout.h"

namespace {

int failures = 0;

void check(bool ok, const char *what, int line) {
  if (!ok) {
    std::fprintf(stderr, "cxx_test.cc:%d: FAILED: %s\n", line, what);
    failures++;
  }
}

#define CHECK(x) check((x), #x, __LINE__)

void layout_matches_c() {
  cxx_layout c;
  cxx_layout_c(&c);
  CHECK(c.size == sizeof(arena));
  CHECK(c.align == alignof(arena));
  CHECK(c.usage_offset == offsetof(arena, memory_usage));
  CHECK(c.usage_size == sizeof(static_cast<arena *>(nullptr)->memory_usage));
  CHECK(c.block_size_offset == offsetof(arena, block_size));
  CHECK(c.blocks_offset == offsetof(arena, blocks));
}

void allocates_as_in_c() {
  arena *a = arena_create();
  CHECK(a != nullptr);
  if (a == nullptr) return;
  CHECK(arena_memory_usage(a) == 0);
  char *p = static_cast<char *>(arena_allocate(a, 10));
  CHECK(p != nullptr);
  std::memset(p, 'x', 10);
  CHECK(arena_memory_usage(a) == ARENA_DEFAULT_BLOCK_SIZE + ARENA_BLOCK_OVERHEAD);
  char *q = static_cast<char *>(arena_allocate_aligned(a, 8));
  CHECK(q == p + 16);  // 6 bytes of slop after the 10
  CHECK(reinterpret_cast<std::uintptr_t>(q) % ARENA_ALIGNMENT == 0);
  CHECK(arena_allocate(a, 0) == nullptr);
  void *big = arena_allocate(a, 4080);  // does not fit, over a quarter block: dedicated
  CHECK(big != nullptr);
  CHECK(arena_memory_usage(a) == ARENA_DEFAULT_BLOCK_SIZE + 4080 + 2 * ARENA_BLOCK_OVERHEAD);
  CHECK(arena_memory_usage(a) == cxx_layout_usage_c(a));
  arena_destroy(a);
}

}  // namespace

int main() {
  layout_matches_c();
  allocates_as_in_c();
  if (failures != 0) return 1;
  std::printf("cxx_test: arena.h from C++ (__cplusplus %ld): layout and calls as in C\n",
              static_cast<long>(__cplusplus));
  return 0;
}
