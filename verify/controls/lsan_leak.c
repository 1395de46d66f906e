/* lsan_leak: planted bug for the LeakSanitizer control. An arena with one
 * block is dropped without arena_destroy: LSan must report the leak at exit. */
#include <pthread.h>
#include <stdio.h>

#include "arena/arena.h"

/* Makes an arena, uses it and forgets it. It runs on its own thread: LSan
 * scans the main thread's stack conservatively, and a stale copy of the
 * pointer left there would hide the leak; a finished thread's stack is not
 * scanned. (The harness's exact leak checks count blocks instead.) */
static void *forget_arena(void *unused) {
  (void)unused;
  arena *a = arena_create();
  if (a == NULL || arena_allocate(a, 100) == NULL) {
    fprintf(stderr, "lsan_leak: could not allocate\n");
  }
  /* No arena_destroy: the arena, its block list and its block leak. */
  return NULL;
}

int main(void) {
  pthread_t thread;
  fprintf(stderr, "planted: an arena dropped without arena_destroy\n");
  if (pthread_create(&thread, NULL, forget_arena, NULL) != 0) return 3;
  if (pthread_join(thread, NULL) != 0) return 3;
  return 0;
}
