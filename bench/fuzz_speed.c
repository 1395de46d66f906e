/* fuzz_speed: runs a fuzz target's LLVMFuzzerTestOneInput over a fixed input
 * set in a timed in-process loop and prints executions per wall and CPU second. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "bench/args.h"
#include "bench/stats.h"
#include "fuzz/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* The build, from bench/BUILD (-DFUZZ_SPEED_SANITIZER=<the //build:sanitizer value>). */
#define FUZZ_SPEED_STR2(x) #x
#define FUZZ_SPEED_STR(x) FUZZ_SPEED_STR2(x)
#if defined(FUZZ_SPEED_SANITIZER)
static const char kSanitizer[] = FUZZ_SPEED_STR(FUZZ_SPEED_SANITIZER);
#else
static const char kSanitizer[] = "unknown";
#endif

#define FUZZ_SPEED_MAX_REPS ((size_t)1000)
#define FUZZ_SPEED_MAX_ROUNDS ((size_t)10000000)
/* Inputs are corpus files; a bigger one is a mistake on the command line. */
#define FUZZ_SPEED_MAX_FILE ((size_t)1 << 30)

/* One input, in an exactly sized buffer (reads past its end are caught by ASan). */
typedef struct input {
  uint8_t *data;
  size_t size;
  char *path;
} input;

typedef struct input_set {
  input *items;
  size_t count, cap;
  size_t bytes;
} input_set;

/* Keeps results observable (the targets return 0 or -1). */
static volatile int g_sink;

static void out_of_memory(void) { args_die("out of memory"); }

static void add_file(input_set *s, const char *path) {
  uint8_t *buf;
  size_t n;
  char err[512];
  if (!files_read(path, FUZZ_SPEED_MAX_FILE, &buf, &n, err, sizeof err)) {
    args_die("%s", err);
  }
  if (s->count == s->cap) {
    s->cap = s->cap == 0 ? 64 : 2 * s->cap;
    input *grown = realloc(s->items, s->cap * sizeof(input));
    if (grown == NULL) {
      out_of_memory();
    }
    s->items = grown;
  }
  s->items[s->count].data = buf;
  s->items[s->count].size = n;
  s->items[s->count].path = strdup(path);
  if (s->items[s->count].path == NULL) {
    out_of_memory();
  }
  s->count++;
  s->bytes += n;
}

/* Adds every regular file directly inside dir, in name order. */
static void add_dir(input_set *s, const char *dir) {
  char **paths;
  size_t n;
  char err[512];
  if (!files_list(dir, &paths, &n, err, sizeof err)) {
    args_die("%s", err);
  }
  for (size_t i = 0; i < n; i++) {
    add_file(s, paths[i]);
  }
  files_list_free(paths, n);
}

static double seconds(clockid_t clock) {
  struct timespec t;
  if (clock_gettime(clock, &t) != 0) {
    args_die("clock_gettime failed");
  }
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The 1-minute load average, or -1 if /proc/loadavg cannot be read. */
static double load_average(void) {
  FILE *f = fopen("/proc/loadavg", "r");
  double load = -1;
  char line[128];
  if (f != NULL) {
    if (fgets(line, sizeof line, f) != NULL) {
      char *end;
      load = strtod(line, &end);
      if (end == line) {
        load = -1;
      }
    }
    fclose(f);
  }
  return load;
}

/* Runs every input `rounds` times (input by input, round after round);
 * returns how many the target rejected (nonzero return). */
static size_t run_pass(const input_set *s, size_t rounds) {
  size_t rejected = 0;
  for (size_t r = 0; r < rounds; r++) {
    for (size_t i = 0; i < s->count; i++) {
      int rc = LLVMFuzzerTestOneInput(s->items[i].data, s->items[i].size);
      g_sink = rc;
      rejected += rc != 0 ? 1u : 0u;
    }
  }
  return rejected;
}

/* Times each input alone (`rounds` runs, thread CPU time) and prints one line
 * per input, the costliest first. */
typedef struct input_cost {
  double us;
  size_t index;
} input_cost;

static int by_cost(const void *a, const void *b) {
  double x = ((const input_cost *)a)->us, y = ((const input_cost *)b)->us;
  return (x < y) - (x > y);
}

static void per_input(const input_set *s, size_t rounds) {
  input_cost *costs = malloc(s->count * sizeof(input_cost));
  if (costs == NULL) {
    out_of_memory();
  }
  double total = 0;
  for (size_t i = 0; i < s->count; i++) {
    double c0 = seconds(CLOCK_THREAD_CPUTIME_ID);
    for (size_t r = 0; r < rounds; r++) {
      g_sink = LLVMFuzzerTestOneInput(s->items[i].data, s->items[i].size);
    }
    costs[i].us = (seconds(CLOCK_THREAD_CPUTIME_ID) - c0) * 1e6 / (double)rounds;
    costs[i].index = i;
    total += costs[i].us;
  }
  qsort(costs, s->count, sizeof(input_cost), by_cost);
  printf("  per input (CPU us per execution, share of one round):\n");
  for (size_t i = 0; i < s->count; i++) {
    const input *in = &s->items[costs[i].index];
    printf("  %10.2f us %5.1f%%  %s (%zu bytes)\n", costs[i].us,
           total > 0 ? 100.0 * costs[i].us / total : 0.0, in->path, in->size);
  }
  free(costs);
}

static void usage(const char *name) {
  printf(
      "usage: %s [--name=NAME] [--reps=K] [--rounds=R] [--pass-ms=M] [--per-input]\n"
      "       FILE_OR_DIR...\n"
      "Runs every input once (warm-up), then K timed passes (default 5) of R rounds\n"
      "over every input (default: enough rounds for a pass of about M ms, 300).\n"
      "--per-input: then times each input alone (R runs) and lists them by cost.\n",
      name);
}

int main(int argc, char **argv) {
  if (argc < 1) {
    return 2;
  }
  args_program(argv[0]);
  if (LLVMFuzzerInitialize != NULL) {
    LLVMFuzzerInitialize(&argc, &argv);
  }
  const char *slash = strrchr(argv[0], '/');
  const char *name = slash != NULL ? slash + 1 : argv[0];
  size_t reps = 5, rounds = 0, pass_ms = 300;
  int show_inputs = 0;
  /* Flags first (anywhere on the line), then the inputs, in order. */
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      usage(argv[0]);
      return 0;
    }
    if (strcmp(a, "--per-input") == 0) {
      show_inputs = 1;
    } else if (args_string(a, "name", &name)) {
      if (name[0] == '\0') {
        args_die("--name must not be empty");
      }
    } else if (!args_size(a, "reps", 1, FUZZ_SPEED_MAX_REPS, &reps) &&
               !args_size(a, "rounds", 1, FUZZ_SPEED_MAX_ROUNDS, &rounds) &&
               !args_size(a, "pass-ms", 1, 600000, &pass_ms) && a[0] == '-') {
      args_die("unknown flag '%s' (see --help)", a);
    }
  }
  input_set set = {NULL, 0, 0, 0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] == '-') {
      continue;
    }
    struct stat st;
    if (stat(a, &st) != 0) {
      args_die("%s: %s", a, strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
      add_dir(&set, a);
    } else {
      add_file(&set, a);
    }
  }
  if (set.count == 0) {
    args_die("no inputs: give files or non-empty directories (see --help)");
  }

  /* Warm-up: one round, which also sizes the timed passes. */
  double w0 = seconds(CLOCK_MONOTONIC);
  size_t rejected = run_pass(&set, 1);
  double warm = seconds(CLOCK_MONOTONIC) - w0;
  if (rounds == 0) {
    double want = (double)pass_ms / 1000.0;
    double r = warm > 0 ? want / warm : (double)FUZZ_SPEED_MAX_ROUNDS;
    rounds = r < 1 ? 1 : r > (double)FUZZ_SPEED_MAX_ROUNDS ? FUZZ_SPEED_MAX_ROUNDS : (size_t)r;
  }

  double *wall_rate = malloc(reps * sizeof(double));
  double *cpu_rate = malloc(reps * sizeof(double));
  double *cpu_ns = malloc(reps * sizeof(double));
  if (wall_rate == NULL || cpu_rate == NULL || cpu_ns == NULL) {
    out_of_memory();
  }
  double execs = (double)set.count * (double)rounds;
  double load_before = load_average();
  size_t slow = 0; /* passes whose wall time exceeded 1.1 x their CPU time */
  for (size_t k = 0; k < reps; k++) {
    double c0 = seconds(CLOCK_THREAD_CPUTIME_ID);
    double t0 = seconds(CLOCK_MONOTONIC);
    run_pass(&set, rounds);
    double wall = seconds(CLOCK_MONOTONIC) - t0;
    double cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - c0;
    if (wall <= 0) {
      wall = 1e-9;
    }
    if (cpu <= 0) {
      cpu = 1e-9;
    }
    wall_rate[k] = execs / wall;
    cpu_rate[k] = execs / cpu;
    cpu_ns[k] = cpu * 1e9 / execs;
    slow += wall > 1.1 * cpu ? 1u : 0u;
  }
  double load_after = load_average();
  stats_summary w = stats_summarise(wall_rate, reps);
  stats_summary c = stats_summarise(cpu_rate, reps);
  stats_summary ns = stats_summarise(cpu_ns, reps);
#if defined(__OPTIMIZE__)
  const char *optimised = "yes";
#else
  const char *optimised = "no";
#endif
#if defined(NDEBUG)
  const char *asserts = "off";
#else
  const char *asserts = "on";
#endif
  printf(
      "fuzz_speed: %s over %zu inputs (%zu bytes, %zu rejected), %zu rounds a pass, "
      "%zu passes\n",
      name, set.count, set.bytes, rejected, rounds, reps);
  printf("  exec/s wall %.0f [%.0f-%.0f], per CPU second %.0f [%.0f-%.0f], %.2f us CPU/exec\n",
         w.median, w.min, w.max, c.median, c.min, c.max, ns.median / 1000.0);
  /* One machine-readable line for bench/harness.sh. */
  printf(
      "result name=%s sanitizer=%s optimised=%s asserts=%s inputs=%zu bytes=%zu rejected=%zu "
      "rounds=%zu reps=%zu wall_med=%.0f wall_min=%.0f wall_max=%.0f cpu_med=%.0f "
      "cpu_min=%.0f cpu_max=%.0f cpu_ns_med=%.1f slow_passes=%zu load_before=%.2f "
      "load_after=%.2f\n",
      name, kSanitizer, optimised, asserts, set.count, set.bytes, rejected, rounds, reps, w.median,
      w.min, w.max, c.median, c.min, c.max, ns.median, slow, load_before, load_after);
  if (show_inputs) {
    per_input(&set, rounds);
  }
  free(wall_rate);
  free(cpu_rate);
  free(cpu_ns);
  for (size_t i = 0; i < set.count; i++) {
    free(set.items[i].data);
    free(set.items[i].path);
  }
  free(set.items);
  return 0;
}
