/* program_min: shrinks a failing program to fewer operations that still fail
 * the same way: delta debugging over the operation list, each try in a child. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/op.h"
#include "harness/runner.h"
#include "harness/text.h"
#include "tools/input.h"

static const char kUsage[] =
    "usage: program_min [--policy-free] [--max-runs N] [--out FILE [--force]] INPUT\n"
    "  Removes operations from INPUT's program (binary or text form) while it\n"
    "  still fails the same way (same sanitizer summary, or the same runner\n"
    "  message with numbers ignored), then prints the result in the text form\n"
    "  (to FILE with --out; an existing FILE only with --force, never INPUT).\n"
    "  Each try runs in a child process.\n"
    "exit: 0 minimized, 1 INPUT does not fail, 2 bad input or usage\n";

/* Seconds one try may take before it counts as a different failure (hang). */
#define MIN_TRY_SECONDS 20u
/* Bytes of a child's stderr kept for its signature. */
#define MIN_LOG_BYTES ((size_t)1 << 16)
#define MIN_SIG_BYTES 512

static int g_policy_free;
static size_t g_runs;

/* Copies line into sig with hex addresses -> ADDR and numbers (signed) -> N. */
static void min_normalize(const char *line, size_t len, char *sig, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < len && o + 5 < cap;) {
    if (line[i] == '0' && i + 1 < len && line[i + 1] == 'x') {
      memcpy(sig + o, "ADDR", 4);
      o += 4;
      i += 2;
      while (i < len && strchr("0123456789abcdefABCDEF", line[i]) != NULL) i++;
    } else if ((line[i] >= '0' && line[i] <= '9') ||
               (line[i] == '-' && i + 1 < len && line[i + 1] >= '0' && line[i + 1] <= '9')) {
      sig[o++] = 'N';
      i++;
      while (i < len && line[i] >= '0' && line[i] <= '9') i++;
    } else {
      sig[o++] = line[i++];
    }
  }
  sig[o] = '\0';
}

/* Finds the first line of log containing key; copies it (from key on,
 * normalized or verbatim) into sig. Returns 1 if found. */
static int min_pick(const char *log, const char *key, int normalize, char *sig, size_t cap) {
  const char *at = strstr(log, key);
  if (at == NULL) {
    return 0;
  }
  const char *end = strchr(at, '\n');
  size_t len = end == NULL ? strlen(at) : (size_t)(end - at);
  if (normalize) {
    min_normalize(at, len, sig, cap);
  } else {
    snprintf(sig, cap, "%.*s", (int)len, at);
  }
  return 1;
}

/* Runs p in a child. Returns 0 if it passed; 1 if it failed, with its
 * signature in sig (cap MIN_SIG_BYTES). */
static int min_try(const program *p, char *sig) {
  g_runs++;
  int fds[2];
  if (pipe(fds) != 0) {
    perror("program_min: pipe");
    exit(2);
  }
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) {
    perror("program_min: fork");
    exit(2);
  }
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDERR_FILENO);
    close(fds[1]);
    alarm(MIN_TRY_SECONDS);
    runner_options o = {g_policy_free, 1, 0, NULL, NULL};
    runner_failure failure;
    if (runner_run(p, &o, NULL, &failure)) {
      _exit(0);
    }
    fprintf(stderr, "arenafuzz: %s\n", failure.message);
    fflush(stderr);
    _exit(1);
  }
  close(fds[1]);
  char *log = malloc(MIN_LOG_BYTES + 1);
  if (log == NULL) {
    fputs("program_min: out of memory\n", stderr);
    exit(2);
  }
  size_t used = 0;
  for (;;) {
    char chunk[4096];
    ssize_t n = read(fds[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    size_t take = (size_t)n < MIN_LOG_BYTES - used ? (size_t)n : MIN_LOG_BYTES - used;
    memcpy(log + used, chunk, take);
    used += take;
  }
  log[used] = '\0';
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  int failed = 1;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    failed = 0;
  } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
    snprintf(sig, MIN_SIG_BYTES, "hang (over %us)", MIN_TRY_SECONDS);
  } else if (!min_pick(log, "SUMMARY: ", 1, sig, MIN_SIG_BYTES) &&
             !min_pick(log, "arenafuzz: ", 1, sig, MIN_SIG_BYTES)) {
    if (WIFSIGNALED(status)) {
      snprintf(sig, MIN_SIG_BYTES, "killed by signal %d", WTERMSIG(status));
    } else {
      snprintf(sig, MIN_SIG_BYTES, "exit status %d", WEXITSTATUS(status));
    }
  }
  free(log);
  return failed;
}

/* 1 if p fails with signature want. */
static int min_same(const program *p, const char *want) {
  char sig[MIN_SIG_BYTES];
  return min_try(p, sig) && strcmp(sig, want) == 0;
}

/* cand = p without ops [from, to). */
static void min_without(const program *p, size_t from, size_t to, program *cand) {
  cand->block_size = p->block_size;
  cand->count = 0;
  for (size_t i = 0; i < p->count; i++) {
    if (i < from || i >= to) {
      cand->ops[cand->count++] = p->ops[i];
    }
  }
}

/* Delta debugging (complements only) over p's operations, in place. */
static void min_reduce(program *p, const char *want, size_t max_runs) {
  program cand = {0, NULL, 0, 0};
  cand.ops = malloc((p->count == 0 ? 1 : p->count) * sizeof(op));
  if (cand.ops == NULL) {
    fputs("program_min: out of memory\n", stderr);
    exit(2);
  }
  cand.capacity = p->count;
  size_t parts = 2;
  while (p->count >= 1 && g_runs < max_runs) {
    if (parts > p->count) {
      parts = p->count;
    }
    size_t chunk = (p->count + parts - 1) / parts;
    int reduced = 0;
    for (size_t start = 0; start < p->count && g_runs < max_runs; start += chunk) {
      size_t end = start + chunk < p->count ? start + chunk : p->count;
      min_without(p, start, end, &cand);
      if (min_same(&cand, want)) {
        memcpy(p->ops, cand.ops, cand.count * sizeof(op));
        p->count = cand.count;
        parts = parts > 2 ? parts - 1 : 2;
        reduced = 1;
        break;
      }
    }
    if (!reduced) {
      if (parts >= p->count) {
        break;
      }
      parts = parts * 2 < p->count ? parts * 2 : p->count;
    }
  }
  /* A default block size reads better, if the failure stays. */
  if (p->block_size != 0 && g_runs < max_runs) {
    size_t keep = p->block_size;
    p->block_size = 0;
    if (!min_same(p, want)) {
      p->block_size = keep;
    }
  }
  free(cand.ops);
}

int main(int argc, char **argv) {
  const char *path = NULL, *out = NULL;
  int force = 0;
  size_t max_runs = 20000;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--policy-free") == 0) {
      g_policy_free = 1;
    } else if (strcmp(a, "--out") == 0 && i + 1 < argc) {
      out = argv[++i];
    } else if (strcmp(a, "--force") == 0) {
      force = 1;
    } else if (strcmp(a, "--max-runs") == 0 && i + 1 < argc) {
      char *end = NULL;
      unsigned long long v = strtoull(argv[++i], &end, 10);
      if (end == argv[i] || *end != '\0' || v == 0 || v > 100000000ull) {
        fprintf(stderr, "program_min: error: --max-runs wants 1..100000000, got '%s'\n", argv[i]);
        return 2;
      }
      max_runs = (size_t)v;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(kUsage, stdout);
      return 0;
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "program_min: error: unknown or incomplete option '%s'\n", a);
      return 2;
    } else if (path == NULL) {
      path = a;
    } else {
      fprintf(stderr, "program_min: error: one input file at a time\n");
      return 2;
    }
  }
  if (path == NULL) {
    fputs(kUsage, stderr);
    return 2;
  }
  char err[512];
  if (out != NULL && !input_check_output(out, path, force, err, sizeof err)) {
    fprintf(stderr, "program_min: error: %s\n", err);
    return 2;
  }
  program p;
  program_init(&p);
  input_form form;
  if (!input_load(path, &p, &form, err, sizeof err)) {
    fprintf(stderr, "program_min: error: %s\n", err);
    program_free(&p);
    return 2;
  }
  if (form == INPUT_BINARY_TEXTLIKE) {
    fprintf(stderr, "program_min: note: %s\n", err);
  }
  char want[MIN_SIG_BYTES];
  if (!min_try(&p, want)) {
    fprintf(stderr, "program_min: %s passes on this subject: nothing to minimize\n", path);
    program_free(&p);
    return 1;
  }
  size_t before = p.count;
  min_reduce(&p, want, max_runs);
  FILE *f = out == NULL ? stdout : fopen(out, "w");
  if (f == NULL) {
    fprintf(stderr, "program_min: error: cannot write %s\n", out);
    program_free(&p);
    return 2;
  }
  int ok = text_print(f, &p, SIZE_MAX);
  if (f != stdout) {
    ok &= fclose(f) == 0;
  }
  fprintf(stderr, "program_min: %zu -> %zu operations in %zu runs%s; failure: %s\n", before,
          p.count, g_runs, g_runs >= max_runs ? " (stopped at --max-runs)" : "", want);
  program_free(&p);
  return ok ? 0 : 2;
}
