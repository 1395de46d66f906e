/* mutant_replay: replays corpus files (text or binary form) against the linked
 * subject and lists every file whose run the runner reports as a violation. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/files.h"
#include "harness/decode.h"
#include "harness/op.h"
#include "harness/runner.h"
#include "harness/subject.h"
#include "harness/text.h"

/* Inputs larger than this are not corpus files. */
#define REPLAY_MAX_FILE ((size_t)1 << 20)

typedef struct tally {
  size_t replayed;
  size_t caught;
  int trace; /* print each file before running it (names the input of a sanitizer report) */
} tally;

/* Runs one file; returns 0 only if it cannot be read or parsed. */
static int replay_file(const char *path, tally *t) {
  uint8_t *data;
  size_t size;
  char read_err[512];
  if (!files_read(path, REPLAY_MAX_FILE, &data, &size, read_err, sizeof read_err)) {
    fprintf(stderr, "mutant_replay: %s\n", read_err);
    return 0;
  }
  program p;
  program_init(&p);
  char err[256];
  int ok;
  if (text_is_program(data, size)) {
    ok = text_parse((const char *)data, size, &p, err, sizeof err);
  } else {
    ok = decode_program(data, size, &p);
    snprintf(err, sizeof err, "out of memory");
  }
  free(data);
  if (!ok) {
    fprintf(stderr, "mutant_replay: %s: %s\n", path, err);
    program_free(&p);
    return 0;
  }
  if (t->trace) {
    fprintf(stderr, "replaying %s\n", path);
  }
  runner_options o = {0, 1, 0, NULL, NULL};
  runner_failure failure;
  if (!runner_run(&p, &o, NULL, &failure)) {
    printf("caught by %s: %s\n", path, failure.message);
    t->caught++;
  }
  t->replayed++;
  program_free(&p);
  return 1;
}

/* Runs every regular file of a directory in name order. */
static int replay_dir(const char *dir, tally *t) {
  char **paths;
  size_t count;
  char err[512];
  if (!files_list(dir, &paths, &count, err, sizeof err)) {
    fprintf(stderr, "mutant_replay: %s\n", err);
    return 0;
  }
  int ok = 1;
  for (size_t i = 0; i < count && ok; i++) {
    ok = replay_file(paths[i], t);
  }
  files_list_free(paths, count);
  return ok;
}

int main(int argc, char **argv) {
  tally t = {0, 0, 0};
  int first = 1;
  /* Line-buffered: a sanitizer that ends the process must not eat earlier verdicts. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc > 1 && strcmp(argv[1], "--trace") == 0) {
    t.trace = 1;
    first = 2;
  }
  if (first >= argc) {
    fprintf(stderr,
            "usage: %s [--trace] FILE_OR_DIR...\n"
            "Replays each input on subject '%s'; exit 0 if no run reports a violation,\n"
            "3 if some do (each printed as 'caught by FILE: ...'), 2 on bad input.\n",
            argv[0], subject_describe()->name);
    return 2;
  }
  for (int i = first; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "mutant_replay: %s: %s\n", argv[i], strerror(errno));
      return 2;
    }
    int ok = S_ISDIR(st.st_mode) ? replay_dir(argv[i], &t) : replay_file(argv[i], &t);
    if (!ok) {
      return 2;
    }
  }
  runner_totals totals;
  runner_get_totals(&totals);
  printf(
      "subject %s: replayed %zu inputs, %zu caught it (%zu checks, %zu allocations and %zu "
      "touches skipped)\n",
      subject_describe()->name, t.replayed, t.caught, totals.checks, totals.skipped_allocations,
      totals.skipped_touches);
  return t.caught > 0 ? 3 : 0;
}
