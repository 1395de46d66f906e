/* tail_overrun: planted bug for the ASan and Valgrind controls. Reads one byte
 * past the last allocation of a real arena block: the poisoned tail must be caught. */
#include <stdio.h>

#include "arena/arena.h"

int main(void) {
#if !ARENA_TRACK_POISONS
  /* Without poisoning (ASan or Valgrind client requests) the read below is
   * silent: say so, and exit 0 so the expected-death test fails. */
  fprintf(stderr, "tail_overrun: the arena was built without poisoning\n");
  return 0;
#else
  arena *a = arena_create();
  if (a == NULL) return 3;
  volatile char *p = arena_allocate(a, 100); /* the block's last allocation */
  if (p == NULL) return 3;
  p[99] = 1; /* in bounds: fine */
  fprintf(stderr, "planted: reading byte 100 of a 100-byte allocation (block tail)\n");
  char c = p[100];
  fprintf(stderr, "tail_overrun: the read of the poisoned tail was not caught (%d)\n", c);
  arena_destroy(a);
  return 0;
#endif
}
