/* tsan_race: planted bug for the TSan control. Two threads increment a plain
 * (non-atomic) counter: ThreadSanitizer must report the data race. */
#include <pthread.h>
#include <stdio.h>

static long counter; /* deliberately not atomic, no lock */

static void *bump(void *arg) {
  (void)arg;
  for (int i = 0; i < 100000; i++) counter++;
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  fprintf(stderr, "planted: two threads increment a plain counter\n");
  if (pthread_create(&t1, NULL, bump, NULL) != 0) return 3;
  if (pthread_create(&t2, NULL, bump, NULL) != 0) return 3;
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  fprintf(stderr, "tsan_race: counter %ld; the race was not reported\n", counter);
  return 0;
}
