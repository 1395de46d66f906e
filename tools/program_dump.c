/* program_dump: prints an input file (binary or text form) as a program in the
 * text form; with --run, runs it and marks the operation that failed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/decode.h"
#include "harness/op.h"
#include "harness/runner.h"
#include "harness/subject.h"
#include "harness/text.h"
#include "tools/input.h"

/* A sanitizer runtime to call back when the process dies: any of clang's or
 * gcc's (ASan also turns aborts into reports, see __asan_default_options). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DUMP_ASAN 1
#endif
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define DUMP_SANITIZER 1
#endif
#endif
#if !defined(DUMP_ASAN) && defined(__SANITIZE_ADDRESS__)
#define DUMP_ASAN 1
#endif
#if !defined(DUMP_SANITIZER) && (defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__))
#define DUMP_SANITIZER 1
#endif
#if defined(DUMP_SANITIZER)
#include <sanitizer/common_interface_defs.h>
#endif

static const char kUsage[] =
    "usage: program_dump [--run] [--policy-free] [--text OUT] [--binary OUT] [--force] FILE\n"
    "  Prints FILE (binary or text form) as a program in the text form.\n"
    "  --run          also run it on the linked subject and the model; a failing\n"
    "                 operation is marked and the message says expected vs actual\n"
    "  --policy-free  check only the policy-free invariants\n"
    "  --text OUT     write the text form to OUT instead of printing it\n"
    "  --binary OUT   write the binary form to OUT (fails if it has none)\n"
    "  --force        overwrite an existing OUT (never FILE itself)\n"
    "exit: 0 printed (and passed), 1 the run failed, 2 bad input or usage,\n"
    "      3 the program has no binary form\n";

/* The program being run and the last operation that passed, for the death
 * callback (a sanitizer report or an abort ends the process mid-operation). */
static const program *g_running;
static size_t g_passed; /* operations that passed so far */

static int dump_after_op(void *ctx, size_t index, const op *o, size_t usage, size_t live_bytes,
                         char *message, size_t message_size) {
  (void)ctx;
  (void)o;
  (void)usage;
  (void)live_bytes;
  (void)message;
  (void)message_size;
  g_passed = index + 1;
  return 0;
}

#if defined(DUMP_SANITIZER)
/* The sanitizer's death callback: prints the program with the operation in
 * progress marked (the process is dying: stdio only, no allocation). */
static void dump_dying(void) {
  if (g_running == NULL) {
    return;
  }
  const program *p = g_running;
  g_running = NULL;
  fflush(stderr);
  printf("\n--- the program, marked where it died ---\n");
  text_print(stdout, p, g_passed);
  if (g_passed < p->count) {
    char text[TEXT_MAX_OP];
    printf("DIED in op %zu (%s): the sanitizer report says why\n", g_passed,
           text_format_op(text, sizeof text, &p->ops[g_passed]));
  } else {
    printf("DIED in the end-of-program checks: the sanitizer report says why\n");
  }
  fflush(stdout);
}
#endif

#if defined(DUMP_ASAN)
/* An abort (a failed assert in the subject) also ends in a report and the
 * death callback, not a bare SIGABRT. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "handle_abort=1"; }
#endif

/* Runs p; prints the verdict. Returns the exit status (0 passed, 1 failed). */
static int dump_run(const program *p, int policy_free) {
  const subject_contract *info = subject_describe();
  runner_options options = {policy_free, 1, 1, dump_after_op, NULL};
  runner_stats stats;
  runner_failure failure;
  fflush(stdout);
  g_running = p;
  g_passed = 0;
#if defined(DUMP_SANITIZER)
  __sanitizer_set_death_callback(dump_dying);
#endif
  contract_print(stdout, info);
  fflush(stdout);
  int ok = runner_run(p, &options, &stats, &failure);
  g_running = NULL;
  if (ok) {
    text_print(stdout, p, SIZE_MAX);
    runner_print_findings(stdout, &failure, 0);
    printf("PASSED: %zu operations on subject '%s'%s (%zu allocations, %zu skipped)\n", p->count,
           info->name, policy_free || !info->leveldb_parity ? ", policy-free checks" : "",
           stats.allocations, stats.ops_skipped);
    return 0;
  }
  text_print(stdout, p, failure.op_index);
  runner_print_findings(stdout, &failure, 0);
  printf("FAILED on subject '%s': %s: %s\n", info->name, failure.rule, failure.message);
  return 1;
}

static int dump_write_text(const char *out, const program *p) {
  FILE *f = fopen(out, "w");
  if (f == NULL) {
    fprintf(stderr, "program_dump: error: cannot write %s\n", out);
    return 0;
  }
  int ok = text_print(f, p, SIZE_MAX);
  ok &= fclose(f) == 0;
  if (!ok) {
    fprintf(stderr, "program_dump: error: write to %s failed\n", out);
  }
  return ok;
}

/* Writes the binary form; returns 0 written, 3 no binary form, 2 error. */
static int dump_write_binary(const char *out, const program *p) {
  size_t cap = 16 + p->count * 8;
  uint8_t *buf = malloc(cap);
  if (buf == NULL) {
    fprintf(stderr, "program_dump: error: out of memory\n");
    return 2;
  }
  size_t n = encode_program(p, buf, cap);
  if (n == 0) {
    free(buf);
    fprintf(stderr, "program_dump: the program has no binary form (a size is not encodable)\n");
    return 3;
  }
  FILE *f = fopen(out, "wb");
  int ok = f != NULL && fwrite(buf, 1, n, f) == n;
  if (f != NULL) {
    ok &= fclose(f) == 0;
  }
  free(buf);
  if (!ok) {
    fprintf(stderr, "program_dump: error: cannot write %s\n", out);
    return 2;
  }
  return 0;
}

int main(int argc, char **argv) {
  int run = 0, policy_free = 0, force = 0;
  const char *text_out = NULL, *binary_out = NULL, *path = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--run") == 0) {
      run = 1;
    } else if (strcmp(a, "--policy-free") == 0) {
      policy_free = 1;
    } else if (strcmp(a, "--force") == 0) {
      force = 1;
    } else if ((strcmp(a, "--text") == 0 || strcmp(a, "--binary") == 0) && i + 1 < argc) {
      *(a[2] == 't' ? &text_out : &binary_out) = argv[++i];
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(kUsage, stdout);
      return 0;
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "program_dump: error: unknown or incomplete option '%s'\n", a);
      return 2;
    } else if (path == NULL) {
      path = a;
    } else {
      fprintf(stderr, "program_dump: error: one input file at a time ('%s' and '%s')\n", path, a);
      return 2;
    }
  }
  if (path == NULL) {
    fputs(kUsage, stderr);
    return 2;
  }
  char err[512];
  if (text_out != NULL && binary_out != NULL && strcmp(text_out, binary_out) == 0) {
    fprintf(stderr, "program_dump: error: --text and --binary both name %s\n", text_out);
    return 2;
  }
  const char *outs[2] = {text_out, binary_out};
  for (int i = 0; i < 2; i++) {
    if (outs[i] != NULL && !input_check_output(outs[i], path, force, err, sizeof err)) {
      fprintf(stderr, "program_dump: error: %s\n", err);
      return 2;
    }
  }
  program p;
  program_init(&p);
  input_form form;
  if (!input_load(path, &p, &form, err, sizeof err)) {
    fprintf(stderr, "program_dump: error: %s\n", err);
    program_free(&p);
    return 2;
  }
  if (form == INPUT_BINARY_TEXTLIKE) {
    fprintf(stderr, "program_dump: note: %s\n", err);
  }
  int status = 0;
  if (text_out != NULL && !dump_write_text(text_out, &p)) {
    status = 2;
  }
  if (status == 0 && binary_out != NULL) {
    status = dump_write_binary(binary_out, &p);
  }
  if (status == 0 && run) {
    status = dump_run(&p, policy_free);
  } else if (status == 0 && text_out == NULL && binary_out == NULL) {
    status = text_print(stdout, &p, SIZE_MAX) ? 0 : 2;
  }
  program_free(&p);
  return status;
}
