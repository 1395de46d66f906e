/* spawn: runs one worker process with a chosen environment and collects its
 * standard output (its standard error passes through). */
#ifndef BENCH_SPAWN_H
#define BENCH_SPAWN_H

#ifdef __cplusplus
extern "C" {
#endif

/* Runs the program at path argv[0] with arguments argv (NULL-terminated) and
 * environment envp, waits for it, and stores its standard output in *out as
 * a NUL-terminated malloc'd string (the caller frees it). Returns 1 if the
 * program ran and exited with status 0; otherwise prints one line saying why
 * to stderr, frees anything collected, sets *out to NULL and returns 0. */
int spawn_capture(char *const argv[], char *const envp[], char **out);

#ifdef __cplusplus
}
#endif

#endif /* BENCH_SPAWN_H */
