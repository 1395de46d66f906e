/* ubsan_hook: hands UBSan's reports from code that recovers (subject
 * adapters, which compile a library's macros and inline functions) to the
 * checker running on this thread, which records them as findings. */
#ifndef HARNESS_UBSAN_HOOK_H
#define HARNESS_UBSAN_HOOK_H

#ifdef __cplusplus
extern "C" {
#endif

/* Called once per UBSan report: the check ("pointer-overflow"), the source
 * file's base name and line, and UBSan's message. */
typedef struct ubsan_hook {
  void (*fn)(void *ctx, const char *kind, const char *file, unsigned line, const char *message);
  void *ctx;
} ubsan_hook;

/* Makes h this thread's hook ({NULL, NULL}: none) and returns the previous
 * one. Without UBSan (or with a runtime lacking report data) the hook is
 * never called. UBSan reports each source location once per process. */
ubsan_hook ubsan_hook_set(ubsan_hook h);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_UBSAN_HOOK_H */
