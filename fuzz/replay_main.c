/* replay_main: a standalone main for fuzz targets built without an engine:
 * `NAME [flags] FILE_OR_DIR...` runs every input once, as libFuzzer would. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Reads a whole file into an exactly sized buffer; exits 2 on error. */
static uint8_t *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    exit(2);
  }
  size_t cap = 4096, n = 0;
  uint8_t *buf = malloc(cap);
  for (;;) {
    if (buf == NULL) {
      fprintf(stderr, "replay: %s: out of memory\n", path);
      exit(2);
    }
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) {
      break;
    }
    cap *= 2;
    buf = realloc(buf, cap);
  }
  if (ferror(f)) {
    fprintf(stderr, "replay: %s: read error\n", path);
    exit(2);
  }
  fclose(f);
  /* An exact copy, so reads past the end are caught by ASan. */
  uint8_t *exact = malloc(n == 0 ? 1 : n);
  if (exact == NULL) {
    fprintf(stderr, "replay: %s: out of memory\n", path);
    exit(2);
  }
  memcpy(exact, buf, n);
  free(buf);
  *size = n;
  return exact;
}

/* Runs one file; returns 1 if the target accepted it. */
static int run_file(const char *path) {
  size_t size;
  uint8_t *data = read_file(path, &size);
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

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files directly inside dir, sorted; exits 2 on error. */
static char **list_dir(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  if (d == NULL) {
    fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
    exit(2);
  }
  size_t n = 0, cap = 64;
  char **names = malloc(cap * sizeof *names);
  struct dirent *e;
  while (names != NULL && (e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      continue;
    }
    size_t len = strlen(dir) + 1 + strlen(e->d_name) + 1;
    char *path = malloc(len);
    if (path == NULL) {
      break;
    }
    snprintf(path, len, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
      free(path);
      continue;
    }
    if (n == cap) {
      cap *= 2;
      char **grown = realloc(names, cap * sizeof *names);
      if (grown == NULL) {
        free(path);
        break;
      }
      names = grown;
    }
    names[n++] = path;
  }
  closedir(d);
  if (names == NULL || e != NULL) {
    fprintf(stderr, "replay: %s: out of memory\n", dir);
    exit(2);
  }
  qsort(names, n, sizeof *names, compare_names);
  *count = n;
  return names;
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
      size_t n;
      char **files = list_dir(argv[i], &n);
      for (size_t k = 0; k < n; k++) {
        inputs++;
        failures += !run_file(files[k]);
        free(files[k]);
      }
      free(files);
    } else {
      inputs++;
      failures += !run_file(argv[i]);
    }
  }
  fprintf(stderr, "replayed %zu inputs\n", inputs);
  return failures == 0 ? 0 : 1;
}
