/* report: formats the driver's measurements as plain-text tables: per glibc
 * setting, ns per allocation with spread, page faults and heap use; ratios
 * to malloc and to the bump peer against the targets; the sweep. */
#include "bench/report.h"

#include <stdint.h>

const char *const report_allocator_names[REPORT_ALLOCATORS] = {"arena", "bump", "malloc"};

enum { ARENA = 0, BUMP = 1, MALLOC = 2 };

/* LevelDB's C++ Arena on this kind of machine (reference), and the issue's
 * targets: arena/malloc at most 90% of LevelDB/malloc; memtable has none. */
static const double kLevelDbRatio[PLAN_WORKLOADS] = {0.34, 0.47, 0.18, 0};
static const double kTarget[PLAN_WORKLOADS] = {0.31, 0.42, 0.16, 0};

static void print_spread(FILE *out, stats_summary s, int width) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.2f [%.2f-%.2f]", s.median, s.min, s.max);
  fprintf(out, "%-*s", width, buf);
}

/* Which figure a ratio compares. */
typedef enum measure { SERVE, SERVE_FREE, SERVE_CPU } measure;

static const double *figure(const results_cell *c, measure m) {
  return m == SERVE ? c->alloc_ns : m == SERVE_FREE ? c->total_ns : c->cpu_ns;
}

/* For each round r, (median of a's runs in r) / (median of b's runs in r);
 * returns the median, min and max of those per-round ratios. */
static stats_summary round_ratios(const report_grid *g, const results_cell *a,
                                  const results_cell *b, measure m) {
  double ratios[RESULTS_MAX_SAMPLES];
  size_t n = 0;
  for (size_t r = 0; r < g->processes && n < RESULTS_MAX_SAMPLES; r++) {
    stats_summary x = results_summary(a, figure(a, m), r);
    stats_summary y = results_summary(b, figure(b, m), r);
    if (x.median > 0 && y.median > 0) {
      ratios[n++] = x.median / y.median;
    }
  }
  return stats_summarise(ratios, n);
}

static void print_ratio(FILE *out, const report_grid *g, const results_cell *a,
                        const results_cell *b, measure m, int width) {
  stats_summary r = round_ratios(g, a, b, m);
  char buf[64];
  if (r.median <= 0) {
    snprintf(buf, sizeof buf, "-");
  } else if (m == SERVE_CPU) {
    snprintf(buf, sizeof buf, "%.2f", r.median);
  } else {
    snprintf(buf, sizeof buf, "%.2f [%.2f-%.2f]", r.median, r.min, r.max);
  }
  fprintf(out, "%-*s", width, buf);
}

/* Runs of one glibc setting whose wall time exceeds 1.1 x their CPU time:
 * another process held the CPU for part of the run. */
static void count_preempted(const report_grid *g, int mode, size_t *preempted, size_t *total) {
  *preempted = 0;
  *total = 0;
  for (int w = 0; w < PLAN_WORKLOADS; w++) {
    for (int k = 0; k < REPORT_ALLOCATORS; k++) {
      const results_cell *c = &g->main[mode][w][k];
      for (size_t i = 0; i < c->n; i++) {
        *preempted += c->alloc_ns[i] > 1.1 * c->cpu_ns[i];
      }
      *total += c->n;
    }
  }
}

static void print_speed_table(FILE *out, const report_grid *g, int mode) {
  fprintf(out, "%-10s %-7s %10s  %-21s %-21s %-17s %s\n", "workload", "alloc", "allocs/run",
          "serve ns/alloc", "serve+free ns/alloc", "faults serve+free", "heap/requested");
  for (int w = 0; w < PLAN_WORKLOADS; w++) {
    for (int k = 0; k < REPORT_ALLOCATORS; k++) {
      const results_cell *c = &g->main[mode][w][k];
      fprintf(out, "%-10s %-7s ", k == 0 ? plan_name((plan_workload)w) : "",
              report_allocator_names[k]);
      if (c->n == 0) {
        fprintf(out, "%10s  (no runs)\n", "-");
        continue;
      }
      fprintf(out, "%10llu  ", (unsigned long long)c->allocations);
      print_spread(out, results_summary(c, c->alloc_ns, RESULTS_ALL_ROUNDS), 21);
      fputc(' ', out);
      print_spread(out, results_summary(c, c->total_ns, RESULTS_ALL_ROUNDS), 21);
      fputc(' ', out);
      char faults[64];
      snprintf(faults, sizeof faults, "%.0f + %.0f",
               results_summary(c, c->faults_alloc, RESULTS_ALL_ROUNDS).median,
               results_summary(c, c->faults_free, RESULTS_ALL_ROUNDS).median);
      fprintf(out, "%-17s ", faults);
      if (c->heap > 0 && c->requested > 0) {
        fprintf(out, "%.3f\n", (double)c->heap / (double)c->requested);
      } else {
        fprintf(out, "-\n");
      }
    }
  }
}

static void print_ratio_table(FILE *out, const report_grid *g, int mode) {
  size_t preempted, total;
  count_preempted(g, mode, &preempted, &total);
  fprintf(out,
          "Ratios of medians, per round of processes: median [min-max] over rounds; 'cpu' is\n"
          "arena/malloc by thread CPU time, blind to time other processes held the CPU\n"
          "(%zu of these %zu runs had wall time > 1.1 x CPU time).%s\n",
          preempted, total,
          mode == 0 ? " verdict: arena/malloc\n(serve; the reference did not time malloc's frees), "
                      "by wall and by CPU time, vs target."
                    : "");
  fprintf(out, "%-10s %-19s %-19s %-5s %-19s %-19s %-8s %-7s %s\n", "workload", "arena/malloc",
          "arena/malloc +free", "cpu", "arena/bump", "arena/bump +free", "LevelDB", "target",
          mode == 0 ? "verdict" : "");
  for (int w = 0; w < PLAN_WORKLOADS; w++) {
    const results_cell *a = &g->main[mode][w][ARENA];
    const results_cell *b = &g->main[mode][w][BUMP];
    const results_cell *m = &g->main[mode][w][MALLOC];
    fprintf(out, "%-10s ", plan_name((plan_workload)w));
    print_ratio(out, g, a, m, SERVE, 20);
    print_ratio(out, g, a, m, SERVE_FREE, 20);
    print_ratio(out, g, a, m, SERVE_CPU, 6);
    print_ratio(out, g, a, b, SERVE, 20);
    print_ratio(out, g, a, b, SERVE_FREE, 20);
    if (kTarget[w] <= 0) {
      fprintf(out, "%-8s %-7s %s\n", "-", "-", mode == 0 ? "(no reference)" : "");
      continue;
    }
    double wall = round_ratios(g, a, m, SERVE).median;
    double cpu = round_ratios(g, a, m, SERVE_CPU).median;
    const char *verdict = "";
    if (mode == 0 && g->scale != 1) verdict = "(smoke run)";
    if (mode == 0 && g->scale == 1) {
      int wall_ok = wall <= kTarget[w];
      int cpu_ok = cpu <= kTarget[w];
      verdict = wall <= 0 || cpu <= 0 ? "-"
                : wall_ok && cpu_ok   ? "met"
                : !wall_ok && !cpu_ok ? "MISSED"
                                      : "unclear (wall and cpu disagree)";
    }
    fprintf(out, "%-8.2f <=%-5.2f %s\n", kLevelDbRatio[w], kTarget[w], verdict);
  }
}

/* The warm-up runs: a fresh process, so a fresh heap and no free before. */
static void print_first_runs(FILE *out, const report_grid *g, int mode) {
  fprintf(out,
          "First run of each process (its warm-up: fresh heap, nothing freed yet), same\n"
          "glibc setting: median serve ns/alloc (page faults per run).\n");
  fprintf(out, "%-10s", "workload");
  for (int k = 0; k < REPORT_ALLOCATORS; k++) fprintf(out, " %-22s", report_allocator_names[k]);
  fputc('\n', out);
  for (int w = 0; w < PLAN_WORKLOADS; w++) {
    fprintf(out, "%-10s", plan_name((plan_workload)w));
    for (int k = 0; k < REPORT_ALLOCATORS; k++) {
      const results_cell *c = &g->main[mode][w][k];
      char buf[64];
      if (c->warm_n == 0) {
        snprintf(buf, sizeof buf, "-");
      } else {
        snprintf(buf, sizeof buf, "%.2f (%.0f)",
                 stats_summarise(c->warm_alloc_ns, c->warm_n).median,
                 stats_summarise(c->warm_faults, c->warm_n).median);
      }
      fprintf(out, " %-22s", buf);
    }
    fputc('\n', out);
  }
}

static void print_sweep(FILE *out, const report_grid *g) {
  fprintf(out,
          "\nTable 3. Block size sweep: the arena with --block-size=B, glibc as in Table 1, one\n"
          "process per cell, %zu timed runs after a warm-up. over = arena_memory_usage /\n"
          "requested bytes - 1 (blocks' bytes + 8 per block; wasted tails, slop and dedicated\n"
          "blocks included); ns = median ns per allocation, serving only.\n",
          g->sweep_reps);
  fprintf(out, "%-8s", "block");
  for (int w = 0; w < PLAN_WORKLOADS; w++) fprintf(out, " %-18s", plan_name((plan_workload)w));
  fprintf(out, "\n%-8s", "");
  for (int w = 0; w < PLAN_WORKLOADS; w++) fprintf(out, " %8s %9s", "over", "ns");
  fputc('\n', out);
  for (int i = 0; i < REPORT_SWEEP_SIZES; i++) {
    size_t kib = (size_t)1 << i;
    char label[32];
    if (kib >= 1024) {
      snprintf(label, sizeof label, "%zu MiB", kib / 1024);
    } else {
      snprintf(label, sizeof label, "%zu KiB", kib);
    }
    fprintf(out, "%-8s", label);
    for (int w = 0; w < PLAN_WORKLOADS; w++) {
      const results_cell *c = &g->sweep[i][w];
      if (c->n == 0 || c->requested == 0) {
        fprintf(out, " %8s %9s", "-", "-");
        continue;
      }
      double over = 100.0 * ((double)c->own / (double)c->requested - 1.0);
      fprintf(out, " %7.2f%% %9.2f", over,
              results_summary(c, c->alloc_ns, RESULTS_ALL_ROUNDS).median);
    }
    fputc('\n', out);
  }
}

static int any_flag(const report_grid *g, int sanitized) {
  for (int m = 0; m < REPORT_MODES; m++) {
    for (int w = 0; w < PLAN_WORKLOADS; w++) {
      for (int k = 0; k < REPORT_ALLOCATORS; k++) {
        const results_cell *c = &g->main[m][w][k];
        if (sanitized ? c->sanitized : c->unoptimised) return 1;
      }
    }
  }
  return 0;
}

void report_print(const report_grid *g, FILE *out) {
  fprintf(out,
          "arenafuzz bench: the arena vs glibc malloc (all freed at the end) vs an\n"
          "out-of-line bump allocator with the arena's block policy ('bump').\n");
  if (any_flag(g, 1) || any_flag(g, 0)) {
    fprintf(out,
            "WARNING: the worker is %s%s: these figures mean nothing; run\n"
            "  bazel run --config=bench //bench\n",
            any_flag(g, 0) ? "not optimised " : "", any_flag(g, 1) ? "sanitized" : "");
  }
  if (g->scale != 1) {
    fprintf(out, "NOTE: counts are the issue's divided by %zu (a smoke run, not a measurement).\n",
            g->scale);
  }
  fprintf(out,
          "Method: each (allocator, workload, glibc setting) runs in its own process: one\n"
          "warm-up run, then %zu timed runs (CLOCK_MONOTONIC around the loop; requests drawn\n"
          "before timing; one byte written to each allocation). %zu rounds of processes, the\n"
          "order reversed every other round. Figures: median [min-max] over all %zu runs.\n"
          "'serve' times the allocations only; 'serve+free' adds arena_destroy / freeing\n"
          "every block / free() of every pointer. faults = page faults per run (getrusage).\n"
          "heap/requested = glibc heap bytes in use after serving (mallinfo2, headers\n"
          "included) / requested bytes. Timed runs follow the previous run's free of\n"
          "everything, so they measure each allocator's steady state; the warm-up (first\n"
          "run of a fresh process) is shown after each table.\n"
          "Load average before: %s; after: %s (2 CPUs shared: expect noise).\n",
          g->reps, g->processes, g->reps * g->processes, g->load_before, g->load_after);
  for (int mode = 0; mode < REPORT_MODES; mode++) {
    if (mode == 0) {
      fprintf(out,
              "\nTable 1. Like for like: GLIBC_TUNABLES=%s\n"
              "(freed memory stays mapped: every run reuses pages the warm-up touched).\n",
              REPORT_TUNABLES);
    } else {
      fprintf(out,
              "\nTable 2. glibc's default trimming and mmap threshold (GLIBC_TUNABLES unset).\n"
              "After a free leaves more than 128 KiB free at the top of the heap, glibc gives\n"
              "it back to the kernel, so the next run's fresh blocks page-fault again (one\n"
              "fault per 4 KiB page first touched). malloc's fragmented heap keeps its pages.\n");
    }
    print_speed_table(out, g, mode);
    print_ratio_table(out, g, mode);
    print_first_runs(out, g, mode);
  }
  fprintf(out,
          "LevelDB = LevelDB's C++ Arena / malloc measured in one session on this kind of\n"
          "machine (g++ -O2, tunables as Table 1); target = 90%% of it. memtable has none.\n");
  if (g->sweep_reps > 0) {
    print_sweep(out, g);
  }
}
