/* msan_uninit: planted bug for the MSan control. Branches on a byte of a
 * fresh arena allocation (blocks are not zero-filled): MSan must report it. */
#include <stdio.h>

#include "arena/arena.h"

int main(void) {
  arena *a = arena_create();
  if (a == NULL) return 3;
  const volatile unsigned char *p = arena_allocate(a, 16);
  if (p == NULL) return 3;
  fprintf(stderr, "planted: branching on an uninitialised arena byte\n");
  if (p[3] == 42) {
    fprintf(stderr, "(42)\n");
  }
  fprintf(stderr, "msan_uninit: the uninitialised read was not reported\n");
  arena_destroy(a);
  return 0;
}
