/* ubsan_hook: defines UBSan's report callback (clang's ubsan_monitor calls
 * __ubsan_on_report for every report) and forwards it to this thread's hook. */
#include "harness/ubsan_hook.h"

#include <stddef.h>
#include <string.h>

static _Thread_local ubsan_hook g_hook;

ubsan_hook ubsan_hook_set(ubsan_hook h) {
  ubsan_hook old = g_hook;
  g_hook = h;
  return old;
}

/* The runtime's interface (weak: absent without UBSan). */
void __ubsan_on_report(void);
void __ubsan_get_current_report_data(const char **kind, const char **message, const char **filename,
                                     unsigned *line, unsigned *col, char **address)
    __attribute__((weak));

/* In code compiled to recover, the program goes on after this returns; in our
 * own code (never recovering) UBSan stops the process right after. */
void __ubsan_on_report(void) {
  ubsan_hook h = g_hook;
  if (h.fn == NULL || __ubsan_get_current_report_data == NULL) {
    return;
  }
  const char *kind = "?", *message = "?", *file = "?";
  unsigned line = 0, col = 0;
  char *address = NULL;
  __ubsan_get_current_report_data(&kind, &message, &file, &line, &col, &address);
  const char *base = file != NULL ? strrchr(file, '/') : NULL;
  h.fn(h.ctx, kind, base != NULL ? base + 1 : (file != NULL ? file : "?"), line, message);
}
