/* replay: runs one workload case (or a sweep of seeds) by hand, exactly as the
 * tests do: against the shadow model and directly on the arena. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness/faulty.h"
#include "verify/replay.h"
#include "verify/simple.h"

static const char kUsage[] =
    "usage: replay [--generator=lcg|park-miller] [--seed=N] [--iterations=M]\n"
    "              [--block-size=B] [--aligned-one-in=K] [--check=both|model|direct]\n"
    "              [--check-ratio=auto|on|off] [--fail-block=K] [--fail-call=K]\n"
    "              [--seeds=COUNT] [--fault-sweep]\n"
    "Defaults: ArenaTest.Simple (lcg, seed 301, 100000 iterations, 4096-byte blocks,\n"
    "1 in 10 aligned). model: the runner checks the subject against the shadow model\n"
    "(--fail-block=K fails the model's K-th block allocation); direct: LevelDB's checks\n"
    "on the arena itself (--fail-call=K fails its K-th allocator call, 1 = creation).\n"
    "--seeds=COUNT runs seeds N..N+COUNT-1; --fault-sweep fails every block (model)\n"
    "and every allocator call (direct) in turn. --check-ratio=auto asserts LevelDB's\n"
    "usage <= 1.10 x bytes only for Simple's own parameters.\n"
    "--iterations is at most 2000000. A run whose options leave nothing to check\n"
    "(a fault that is never reached, every allocation failing) is an error.\n"
    "Exit status: 0 all passed, 1 a check failed, 2 bad arguments (or nothing checked).\n";

/* Memory grows with N (the program, the model's and the direct check's
 * records): about 200 bytes a request. */
static const uint64_t kMaxIterations = 2000000;

typedef struct flags {
  replay_case c;
  int model, direct;
  int ratio; /* -1 auto, 0 off, 1 on */
  size_t fail_call;
  size_t seeds;
  int fault_sweep;
} flags;

/* "replay: ARG: WHAT", the usage, exit 2. */
static void die_usage(const char *arg, const char *what) {
  fprintf(stderr, "replay: %s: %s\n%s", arg, what, kUsage);
  exit(2);
}

/* A whole decimal number in [min, max], or exit 2 naming the flag. */
static uint64_t number(const char *flag, const char *text, uint64_t min, uint64_t max) {
  char *end = NULL;
  errno = 0;
  if (text[0] < '0' || text[0] > '9') die_usage(flag, "needs a decimal number");
  unsigned long long v = strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < min || v > max) {
    fprintf(stderr, "replay: %s=%s: expected a number in [%" PRIu64 ", %" PRIu64 "]\n", flag, text,
            min, max);
    exit(2);
  }
  return (uint64_t)v;
}

static const char *value_of(const char *arg, const char *name) {
  size_t n = strlen(name);
  if (strncmp(arg, name, n) == 0 && arg[n] == '=') return arg + n + 1;
  return NULL;
}

static flags parse(int argc, char **argv) {
  flags f;
  memset(&f, 0, sizeof f);
  f.c.w = workload_simple(WORKLOAD_LCG, 301);
  f.c.w.block_size = 4096;
  f.model = f.direct = 1;
  f.ratio = -1;
  f.seeds = 1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v;
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      fputs(kUsage, stdout);
      exit(0);
    } else if ((v = value_of(a, "--generator")) != NULL) {
      if (strcmp(v, "lcg") == 0) {
        f.c.w.generator = WORKLOAD_LCG;
      } else if (strcmp(v, "park-miller") == 0 || strcmp(v, "leveldb") == 0) {
        f.c.w.generator = WORKLOAD_PARK_MILLER;
      } else {
        die_usage(a, "unknown generator (lcg or park-miller)");
      }
    } else if ((v = value_of(a, "--seed")) != NULL) {
      f.c.w.seed = number("--seed", v, 0, UINT64_MAX);
    } else if ((v = value_of(a, "--iterations")) != NULL) {
      f.c.w.iterations = (size_t)number("--iterations", v, 0, kMaxIterations);
    } else if ((v = value_of(a, "--block-size")) != NULL) {
      f.c.w.block_size = (size_t)number("--block-size", v, 1, SIZE_MAX);
      if (!program_valid_block_size(f.c.w.block_size)) {
        die_usage(a, "not a valid arena block size (a multiple of 8 in [32, 2^30])");
      }
    } else if ((v = value_of(a, "--aligned-one-in")) != NULL) {
      f.c.w.aligned_one_in = (uint32_t)number("--aligned-one-in", v, 0, UINT32_MAX);
    } else if ((v = value_of(a, "--check")) != NULL) {
      f.model = strcmp(v, "both") == 0 || strcmp(v, "model") == 0;
      f.direct = strcmp(v, "both") == 0 || strcmp(v, "direct") == 0;
      if (!f.model && !f.direct) die_usage(a, "expected both, model or direct");
    } else if ((v = value_of(a, "--check-ratio")) != NULL) {
      if (strcmp(v, "auto") == 0) {
        f.ratio = -1;
      } else if (strcmp(v, "on") == 0) {
        f.ratio = 1;
      } else if (strcmp(v, "off") == 0) {
        f.ratio = 0;
      } else {
        die_usage(a, "expected auto, on or off");
      }
    } else if ((v = value_of(a, "--fail-block")) != NULL) {
      f.c.fail_block = (size_t)number("--fail-block", v, 1, SIZE_MAX);
    } else if ((v = value_of(a, "--fail-call")) != NULL) {
      f.fail_call = (size_t)number("--fail-call", v, 1, SIZE_MAX);
    } else if ((v = value_of(a, "--seeds")) != NULL) {
      f.seeds = (size_t)number("--seeds", v, 1, SIZE_MAX);
    } else if (strcmp(a, "--fault-sweep") == 0) {
      f.fault_sweep = 1;
    } else {
      die_usage(a, "unknown argument");
    }
  }
  if (f.seeds - 1 > UINT64_MAX - f.c.w.seed) {
    die_usage("--seeds", "the seeds run past 2^64 - 1");
  }
  if (f.model && f.c.w.block_size > FAULTY_MAX_BLOCK) {
    fprintf(stderr,
            "replay: --block-size=%zu: above the harness allocator's 16 MiB cap, every "
            "model-checked allocation would fail (use --check=direct)\n",
            f.c.w.block_size);
    exit(2);
  }
  if (f.fault_sweep && (f.c.fail_block != 0 || f.fail_call != 0)) {
    die_usage("--fault-sweep", "tries every fault itself; drop --fail-block/--fail-call");
  }
  return f;
}

typedef struct tally {
  size_t cases, failures;
  size_t checks;  /* model: the runner's checks; direct: requests checked */
  size_t skipped; /* model: operations the runner skipped */
} tally;

/* "replay: WHAT", exit 2: the options made the run check nothing. */
static void die_vacuous(const char *what) {
  fprintf(stderr, "replay: %s\n", what);
  exit(2);
}

/* One model case; prints its line (or the failure with its command). */
static void model_case(const replay_case *c, int verbose, tally *t) {
  replay_result r;
  t->cases++;
  int ok = replay_run(c, &r);
  t->checks += r.stats.checks;
  t->skipped += r.stats.ops_skipped;
  if (!ok && c->fail_block > r.blocks) {
    char what[160];
    snprintf(what, sizeof what,
             "--fail-block=%zu: the workload allocates only %zu blocks: no fault was injected",
             c->fail_block, r.blocks);
    die_vacuous(what);
  }
  if (!ok) {
    t->failures++;
    replay_report(stdout, c, &r);
    return;
  }
  if (c->w.iterations > 0 && r.stats.allocations == 0) {
    die_vacuous("no request got memory (every block allocation failed): nothing was checked");
  }
  if (verbose) {
    const runner_stats *s = &r.stats;
    printf(
        "model: ok: %zu requests, %zu allocations (%zu aligned requests), bytes %zu, "
        "final usage %zu, blocks %zu (%zu standard / %zu dedicated), paths fast %zu / "
        "refused %zu / failed %zu, LevelDB ratio %.4f\n",
        c->w.iterations, s->allocations, s->aligned, s->bytes_requested, s->final_usage,
        s->new_blocks + s->dedicated, s->new_blocks, s->dedicated, s->fast, s->refused, s->failed,
        r.leveldb_ratio);
  }
}

/* One direct case (LevelDB's checks on the arena itself). */
static void direct_case(const replay_case *c, size_t fail_call, int verbose, tally *t,
                        size_t *calls) {
  simple_options o;
  memset(&o, 0, sizeof o);
  o.check_ratio = c->check_ratio;
  o.fail_call = fail_call;
  simple_totals s;
  simple_failure failure;
  t->cases++;
  if (!simple_run(&c->w, &o, &s, &failure)) {
    t->failures++;
    simple_report(stdout, &c->w, fail_call, &failure);
    return;
  }
  t->checks += s.requests;
  if (fail_call != 0 && s.allocator_calls < fail_call) {
    char what[160];
    snprintf(what, sizeof what,
             "--fail-call=%zu: the workload makes only %zu allocator calls: no fault was injected",
             fail_call, s.allocator_calls);
    die_vacuous(what);
  }
  if (calls != NULL) *calls = s.allocator_calls;
  if (verbose) {
    printf(
        "direct: ok: %zu requests, %zu NULL, bytes %zu, final usage %zu, blocks %zu "
        "(%zu standard / %zu dedicated), aligned %zu, allocator calls %zu, LevelDB ratio "
        "%.4f\n",
        s.requests, s.nulls, s.bytes, s.final_usage, s.blocks_standard + s.blocks_dedicated,
        s.blocks_standard, s.blocks_dedicated, s.aligned, s.allocator_calls, s.worst_ratio);
  }
}

static void one_seed(const flags *f, replay_case c, int verbose, tally *model, tally *direct) {
  c.check_ratio = f->ratio == -1 ? simple_is_leveldb(&c.w) : f->ratio;
  if (!f->fault_sweep) {
    if (f->model) model_case(&c, verbose, model);
    if (f->direct) direct_case(&c, f->fail_call, verbose, direct, NULL);
    return;
  }
  if (f->model) {
    program p;
    program_init(&p);
    size_t blocks = 0;
    int built = replay_build(&c, &p, &blocks);
    program_free(&p);
    if (!built) {
      fprintf(stderr, "replay: out of memory building the program\n");
      exit(1);
    }
    for (size_t k = 1; k <= blocks; k++) {
      c.fail_block = k;
      model_case(&c, 0, model);
    }
    c.fail_block = 0;
  }
  if (f->direct) {
    size_t calls = 0;
    direct_case(&c, 0, 0, direct, &calls);
    for (size_t k = 1; k <= calls; k++) direct_case(&c, k, 0, direct, NULL);
  }
}

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

int main(int argc, char **argv) {
  flags f = parse(argc, argv);
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int verbose = f.seeds == 1 && !f.fault_sweep;
  tally model = {0, 0, 0, 0}, direct = {0, 0, 0, 0};
  replay_case c = f.c;
  printf("replay: generator=%s seed=%llu iterations=%zu block-size=%zu aligned-one-in=%u%s\n",
         simple_generator_name(c.w.generator), (unsigned long long)c.w.seed, c.w.iterations,
         c.w.block_size, (unsigned)c.w.aligned_one_in,
         f.seeds > 1 ? " (first seed of the sweep)" : "");
  for (size_t s = 0; s < f.seeds; s++) {
    c.w.seed = f.c.w.seed + s;
    one_seed(&f, c, verbose, &model, &direct);
    if (!verbose && (s + 1) % 100 == 0) {
      printf("  %zu seeds, %zu cases, %zu failed, %.1fs\n", s + 1, model.cases + direct.cases,
             model.failures + direct.failures, seconds_since(&start));
      fflush(stdout);
    }
  }
  printf(
      "replay: %zu model cases (%zu failed; %zu checks, %zu operations skipped), %zu direct "
      "cases (%zu failed; %zu requests checked) in %.2fs\n",
      model.cases, model.failures, model.checks, model.skipped, direct.cases, direct.failures,
      direct.checks, seconds_since(&start));
  return model.failures + direct.failures == 0 ? 0 : 1;
}
