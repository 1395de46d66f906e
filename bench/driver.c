/* driver: the benchmark's entry point. Starts one worker process per
 * (allocator, workload, glibc setting) per round, alternating the order,
 * then the block-size sweep, and prints every table (bench/report.c). */
#define _GNU_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/args.h"
#include "bench/plan.h"
#include "bench/report.h"
#include "bench/results.h"
#include "bench/spawn.h"

extern char **environ;

/* The two environments: environ without GLIBC_TUNABLES, plus it for mode 0. */
typedef struct envs {
  char **env[REPORT_MODES];
} envs;

static envs make_envs(void) {
  size_t n = 0;
  while (environ[n] != NULL) n++;
  envs e;
  for (int m = 0; m < REPORT_MODES; m++) {
    char **list = calloc(n + 2, sizeof(char *));
    if (list == NULL) args_die("out of memory");
    size_t k = 0;
    if (m == 0) list[k++] = (char *)(uintptr_t)("GLIBC_TUNABLES=" REPORT_TUNABLES);
    for (size_t i = 0; i < n; i++) {
      if (strncmp(environ[i], "GLIBC_TUNABLES=", 15) != 0) list[k++] = environ[i];
    }
    e.env[m] = list;
  }
  return e;
}

static void load_average(char *buf, size_t size) {
  double load[3];
  if (getloadavg(load, 3) == 3) {
    snprintf(buf, size, "%.2f %.2f %.2f", load[0], load[1], load[2]);
  } else {
    snprintf(buf, size, "unknown");
  }
}

/* Runs the worker once and adds its samples to c; dies on any failure. */
static void run_worker(const char *worker, char **env, results_cell *c, size_t round,
                       const char *allocator, plan_workload w, size_t count, size_t reps,
                       size_t block) {
  char a[64], wl[64], n[64], r[64], b[64];
  snprintf(a, sizeof a, "--allocator=%s", allocator);
  snprintf(wl, sizeof wl, "--workload=%s", plan_name(w));
  snprintf(n, sizeof n, "--count=%zu", count);
  snprintf(r, sizeof r, "--reps=%zu", reps);
  snprintf(b, sizeof b, "--block-size=%zu", block);
  char *argv[] = {(char *)(uintptr_t)worker, a, wl, n, r, b, NULL};
  char *text;
  if (!spawn_capture(argv, env, &text)) {
    args_die("worker %s %s %s failed (see above)", a, wl, n);
  }
  if (!results_add(c, text, round)) {
    free(text);
    args_die("worker %s %s printed unexpected output (see above)", a, wl);
  }
  free(text);
}

/* The worker next to this program (bazel-bin/bench/), else in the runfiles. */
static const char *find_worker(const char *argv0) {
  static char path[4096];
  const char *slash = strrchr(argv0, '/');
  if (slash != NULL && (size_t)(slash - argv0) + 8 < sizeof path) {
    snprintf(path, sizeof path, "%.*s/worker", (int)(slash - argv0), argv0);
    if (access(path, X_OK) == 0) return path;
  }
  if (access("bench/worker", X_OK) == 0) return "bench/worker";
  args_die("cannot find the worker next to %s or at bench/worker; pass --worker=PATH", argv0);
}

static void usage(void) {
  fprintf(stdout,
          "usage: bench [--processes=P] [--reps=K] [--sweep-reps=K] [--scale=D] [--quick]\n"
          "             [--worker=PATH]\n"
          "  --processes  rounds of worker processes per cell (default 3)\n"
          "  --reps       timed runs per process after one warm-up (default 5)\n"
          "  --sweep-reps timed runs per block-size sweep process; 0 skips the sweep (default 3)\n"
          "  --scale      divide the issue's counts by D (default 1)\n"
          "  --quick      a smoke run: --scale=500 --processes=2 --reps=2 --sweep-reps=1\n");
}

int main(int argc, char **argv) {
  args_program(argv[0]);
  size_t processes = 3;
  size_t reps = 5;
  size_t sweep_reps = 3;
  size_t scale = 1;
  const char *worker = NULL;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--quick") == 0) {
      scale = 500;
      processes = 2;
      reps = 2;
      sweep_reps = 1;
      continue;
    }
    if (strcmp(arg, "--help") == 0) {
      usage();
      return 0;
    }
    if (args_size(arg, "processes", 1, 20, &processes) || args_size(arg, "reps", 1, 50, &reps) ||
        args_size(arg, "sweep-reps", 0, 50, &sweep_reps) ||
        args_size(arg, "scale", 1, 1000000, &scale) || args_string(arg, "worker", &worker)) {
      continue;
    }
    args_die("unknown argument '%s' (--help lists the flags)", arg);
  }
  if (worker == NULL) worker = find_worker(argv[0]);
  if (access(worker, X_OK) != 0) args_die("--worker=%s: not an executable file", worker);

  report_grid *g = calloc(1, sizeof *g);
  if (g == NULL) args_die("out of memory");
  g->processes = processes;
  g->reps = reps;
  g->sweep_reps = sweep_reps;
  g->scale = scale;
  load_average(g->load_before, sizeof g->load_before);
  envs e = make_envs();

  size_t count[PLAN_WORKLOADS];
  for (int w = 0; w < PLAN_WORKLOADS; w++) {
    count[w] = plan_default_count((plan_workload)w) / scale;
    if (count[w] == 0) count[w] = 1;
  }

  /* Each round visits every (setting, workload, allocator); odd rounds in reverse. */
  const size_t cells = (size_t)REPORT_MODES * PLAN_WORKLOADS * REPORT_ALLOCATORS;
  for (size_t round = 0; round < processes; round++) {
    fprintf(stderr, "bench: round %zu of %zu\n", round + 1, processes);
    for (size_t j = 0; j < cells; j++) {
      size_t at = round % 2 == 0 ? j : cells - 1 - j;
      int k = (int)(at % REPORT_ALLOCATORS);
      int w = (int)(at / REPORT_ALLOCATORS % PLAN_WORKLOADS);
      int m = (int)(at / REPORT_ALLOCATORS / PLAN_WORKLOADS);
      run_worker(worker, e.env[m], &g->main[m][w][k], round, report_allocator_names[k],
                 (plan_workload)w, count[w], reps, 4096);
    }
  }
  if (sweep_reps > 0) {
    fprintf(stderr, "bench: block size sweep\n");
    for (int i = 0; i < REPORT_SWEEP_SIZES; i++) {
      for (int j = 0; j < PLAN_WORKLOADS; j++) {
        int w = i % 2 == 0 ? j : PLAN_WORKLOADS - 1 - j;
        run_worker(worker, e.env[0], &g->sweep[i][w], 0, "arena", (plan_workload)w, count[w],
                   sweep_reps, (size_t)1024 << i);
      }
    }
  }
  load_average(g->load_after, sizeof g->load_after);
  report_print(g, stdout);
  for (int m = 0; m < REPORT_MODES; m++) free(e.env[m]);
  free(g);
  return 0;
}
