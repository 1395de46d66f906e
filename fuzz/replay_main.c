/* replay_main: a standalone main for fuzz targets built without an engine:
 * `NAME [flags] FILE_OR_DIR...` runs every input once; it never writes a file
 * and never fuzzes (unlike libFuzzer's main given a directory). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/files.h"
#include "fuzz/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
/* The sanitizers' hook for "about to die with a report" (absent without them). */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

int fuzz_replaying = 1;

/* The input being run, for the crash line. */
static const char *g_current = NULL;

static void say_crashed(void) {
  if (g_current != NULL) {
    /* Only async-signal-safe calls here. */
    static const char head[] = "replay: crashed on ";
    const char *name = g_current;
    g_current = NULL;
    if (write(2, head, sizeof head - 1) < 0 || write(2, name, strlen(name)) < 0) {
      return;
    }
    if (write(2, "\n", 1) < 0) {
      return;
    }
  }
}

static void on_abort(int sig) {
  say_crashed();
  signal(sig, SIG_DFL);
  raise(sig);
}

/* libFuzzer takes any file; this cap only turns a mistaken huge path into a
 * one-line error instead of an out-of-memory death. */
#define REPLAY_MAX_FILE ((size_t)1 << 30)

/* Runs one file; returns 1 if the target accepted it. */
static int run_file(const char *path) {
  uint8_t *data;
  size_t size;
  char err[512];
  if (!files_read(path, REPLAY_MAX_FILE, &data, &size, err, sizeof err)) {
    fprintf(stderr, "replay: %s\n", err);
    exit(2);
  }
  g_current = path;
  int rc = LLVMFuzzerTestOneInput(data, size);
  g_current = NULL;
  free(data);
  if (rc != 0) {
    fprintf(stderr, "replay: %s: rejected by the fuzz target (returned %d)\n", path, rc);
    return 0;
  }
  return 1;
}

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize != NULL) {
    LLVMFuzzerInitialize(&argc, &argv);
  }
  const char *name = argc > 0 ? argv[0] : "replay";
  int paths = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "replay: ignoring libFuzzer flag %s\n", argv[i]);
      continue;
    }
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
      return 2;
    }
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
      fprintf(stderr, "replay: %s: not a regular file or directory\n", argv[i]);
      return 2;
    }
    paths++;
  }
  if (paths == 0) {
    fprintf(stderr, "usage: %s [-flag=value ...] FILE_OR_DIR...\n", name);
    return 2;
  }
  signal(SIGABRT, on_abort);
  if (__sanitizer_set_death_callback != NULL) {
    __sanitizer_set_death_callback(say_crashed);
  }
  size_t inputs = 0, failures = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1] != '\0') {
      continue;
    }
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
      return 2;
    }
    if (S_ISDIR(st.st_mode)) {
      char **files;
      size_t n;
      char err[512];
      if (!files_list(argv[i], &files, &n, err, sizeof err)) {
        fprintf(stderr, "replay: %s\n", err);
        return 2;
      }
      if (n == 0) {
        fprintf(stderr, "replay: %s: no inputs (no files in the directory)\n", argv[i]);
        files_list_free(files, n);
        return 2;
      }
      for (size_t k = 0; k < n; k++) {
        inputs++;
        failures += !run_file(files[k]);
      }
      files_list_free(files, n);
    } else {
      inputs++;
      failures += !run_file(argv[i]);
    }
  }
  fprintf(stderr, "replayed %zu inputs\n", inputs);
  return failures == 0 ? 0 : 1;
}
