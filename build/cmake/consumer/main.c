/* consumer: a program built against the installed arena (not the source
 * tree), by .ci/checks/66-cmake-install.sh through pkg-config and CMake. */
#include <arena/arena.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  arena *a = arena_create();
  if (a == NULL) return 1;
  char *p = arena_allocate(a, 100);
  char *q = arena_allocate_aligned(a, 8);
  if (p == NULL || q == NULL || q < p + 100 || ((size_t)q & 7) != 0) return 1;
  memset(p, 1, 100);
  size_t usage = arena_memory_usage(a);
  arena_destroy(a);
  if (usage != ARENA_DEFAULT_BLOCK_SIZE + ARENA_BLOCK_OVERHEAD) return 1;
  printf("consumer: the installed arena works (usage %zu)\n", usage);
  return 0;
}
