// consumer (C++): the installed arena/arena.h from C++.
#include <arena/arena.h>

#include <cstdio>

int main() {
  arena *a = arena_create();
  if (a == nullptr) return 1;
  void *p = arena_allocate(a, 24);
  std::size_t usage = arena_memory_usage(a);
  arena_destroy(a);
  if (p == nullptr || usage != ARENA_DEFAULT_BLOCK_SIZE + ARENA_BLOCK_OVERHEAD) return 1;
  std::printf("consumer (C++): the installed arena works\n");
  return 0;
}
