/* sanitizer_defaults: the sanitizer options every harness binary (fuzz
 * targets, replays) starts with, whatever the environment says. */
#include "harness/sanitizer_defaults.h"

/* allocator_may_return_null=1: a malloc the sanitizer cannot satisfy (a
 * subject's block of PTRDIFF_MAX bytes) returns NULL, as plain malloc would,
 * instead of aborting with allocation-size-too-big; a failed block is then the
 * NULL the subject must handle. The environment (ASAN_OPTIONS, ...) is parsed
 * after these and can still override them. */
const char *__asan_default_options(void) { return HARNESS_SANITIZER_DEFAULTS; }
const char *__tsan_default_options(void) { return HARNESS_SANITIZER_DEFAULTS; }
const char *__msan_default_options(void) { return HARNESS_SANITIZER_DEFAULTS; }
