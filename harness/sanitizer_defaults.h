/* sanitizer_defaults: the sanitizer options (ASan, TSan, MSan) that harness
 * binaries link in; see sanitizer_defaults.c. */
#ifndef HARNESS_SANITIZER_DEFAULTS_H
#define HARNESS_SANITIZER_DEFAULTS_H

#ifdef __cplusplus
extern "C" {
#endif

#define HARNESS_SANITIZER_DEFAULTS "allocator_may_return_null=1"

/* Read by each sanitizer runtime at start-up (unused without one). */
const char *__asan_default_options(void);
const char *__tsan_default_options(void);
const char *__msan_default_options(void);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_SANITIZER_DEFAULTS_H */
