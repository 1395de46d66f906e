/* ubsan_misaligned: planted bug for the UBSan control. Loads a uint64_t from
 * an arena allocation that starts at an odd address: UBSan must abort. */
#include <stdint.h>
#include <stdio.h>

#include "arena/arena.h"

int main(void) {
  arena *a = arena_create();
  if (a == NULL) return 3;
  char *first = arena_allocate(a, 1);
  char *p = arena_allocate(a, 16); /* offset 1 of an aligned block: odd address */
  if (first == NULL || p == NULL || (uintptr_t)p % 2 == 0) return 3;
  for (int i = 0; i < 16; i++) p[i] = (char)i;
  fprintf(stderr, "planted: 8-byte load from the misaligned address %p\n", (void *)p);
  volatile uint64_t v = *(const uint64_t *)(const void *)p;
  fprintf(stderr, "ubsan_misaligned: the misaligned load was not caught (%llu)\n",
          (unsigned long long)v);
  arena_destroy(a);
  return 0;
}
