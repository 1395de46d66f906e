/* exhaustive: every sequence of up to N operations over the boundary sizes
 * (plain and aligned), each run against the shadow model; the test and the tool. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness/op.h"
#include "harness/runner.h"
#include "harness/text.h"

static const char kUsage[] =
    "usage: exhaustive [--max-ops=N] [--block-size=B] [--extended] [--case=I]\n"
    "Runs every sequence of 0..N operations (default 4) over the alphabet: allocate\n"
    "and aligned of 0 1 7 8 9, B/4-1 B/4 B/4+1, B-1 B B+1, SIZE_MAX-1 SIZE_MAX\n"
    "(B: block size, default 4096). --extended adds PTRDIFF_MAX, PTRDIFF_MAX+1 and\n"
    "fail-next-block. --case=I runs only case I and prints it. Under bazel test,\n"
    "TEST_TOTAL_SHARDS/TEST_SHARD_INDEX split the cases.\n"
    "Exit status: 0 all passed, 1 a case failed, 2 bad arguments.\n";

#define MAX_LETTERS 40
#define MAX_OPS 8

typedef struct alphabet {
  op letters[MAX_LETTERS];
  size_t count;
} alphabet;

static void add(alphabet *a, op_kind kind, size_t arg) {
  if (a->count < MAX_LETTERS) {
    a->letters[a->count].kind = kind;
    a->letters[a->count].arg = arg;
    a->count++;
  }
}

static alphabet make_alphabet(size_t b, int extended) {
  const size_t sizes[] = {
      0, 1, 7, 8, 9, b / 4 - 1, b / 4, b / 4 + 1, b - 1, b, b + 1, SIZE_MAX - 1, SIZE_MAX};
  alphabet a;
  memset(&a, 0, sizeof a);
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    add(&a, OP_ALLOCATE, sizes[i]);
    add(&a, OP_ALIGNED, sizes[i]);
  }
  if (extended) {
    add(&a, OP_ALLOCATE, (size_t)PTRDIFF_MAX);
    add(&a, OP_ALIGNED, (size_t)PTRDIFF_MAX);
    add(&a, OP_ALLOCATE, (size_t)PTRDIFF_MAX + 1);
    add(&a, OP_ALIGNED, (size_t)PTRDIFF_MAX + 1);
    add(&a, OP_FAIL_NEXT_BLOCK, 0);
  }
  return a;
}

static uint64_t parse_number(const char *flag, const char *text, uint64_t max) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = text[0] >= '0' && text[0] <= '9' ? strtoull(text, &end, 10) : 0;
  if (end == NULL || errno != 0 || *end != '\0' || v > max) {
    fprintf(stderr, "exhaustive: %s=%s: expected a number up to %llu\n%s", flag, text,
            (unsigned long long)max, kUsage);
    exit(2);
  }
  return (uint64_t)v;
}

/* Case `index` (of every length, shortest first) into p; 0 if out of range. */
static int build_case(const alphabet *a, size_t max_ops, uint64_t index, program *p) {
  uint64_t first = 0, span = 1;
  size_t length = 0;
  while (index - first >= span) {
    first += span;
    if (++length > max_ops) {
      return 0;
    }
    span *= a->count;
  }
  uint64_t rest = index - first;
  p->count = 0;
  for (size_t i = 0; i < length; i++) {
    const op *o = &a->letters[rest % a->count];
    rest /= a->count;
    if (!program_push(p, o->kind, o->arg)) {
      return 0;
    }
  }
  return 1;
}

static uint64_t total_cases(const alphabet *a, size_t max_ops) {
  uint64_t total = 0, span = 1;
  for (size_t length = 0; length <= max_ops; length++) {
    total += span;
    span *= a->count;
  }
  return total;
}

static size_t env_size(const char *name, size_t fallback) {
  const char *v = getenv(name);
  if (v == NULL || v[0] == '\0') {
    return fallback;
  }
  return (size_t)parse_number(name, v, 1000000);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  size_t max_ops = 4, block = 4096;
  int extended = 0;
  uint64_t only = UINT64_MAX;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strncmp(a, "--max-ops=", 10) == 0) {
      max_ops = (size_t)parse_number("--max-ops", a + 10, MAX_OPS);
    } else if (strncmp(a, "--block-size=", 13) == 0) {
      block = (size_t)parse_number("--block-size", a + 13, (size_t)1 << 30);
      if (!program_valid_block_size(block)) {
        fprintf(stderr, "exhaustive: --block-size=%zu is not a valid block size\n%s", block,
                kUsage);
        return 2;
      }
    } else if (strcmp(a, "--extended") == 0) {
      extended = 1;
    } else if (strncmp(a, "--case=", 7) == 0) {
      only = parse_number("--case", a + 7, UINT64_MAX - 1);
    } else if (strcmp(a, "--help") == 0) {
      fputs(kUsage, stdout);
      return 0;
    } else {
      fprintf(stderr, "exhaustive: unknown argument '%s'\n%s", a, kUsage);
      return 2;
    }
  }
  alphabet letters = make_alphabet(block, extended);
  uint64_t total = total_cases(&letters, max_ops);
  size_t shards = env_size("TEST_TOTAL_SHARDS", 1);
  size_t shard = env_size("TEST_SHARD_INDEX", 0);
  const char *status_file = getenv("TEST_SHARD_STATUS_FILE");
  if (status_file != NULL && status_file[0] != '\0') {
    FILE *touch = fopen(status_file, "w");
    if (touch != NULL) fclose(touch);
  }
  if (shard >= shards) {
    fprintf(stderr, "exhaustive: shard %zu of %zu\n", shard, shards);
    return 2;
  }
  if (only != UINT64_MAX && only >= total) {
    fprintf(stderr, "exhaustive: --case=%llu: there are %llu cases\n", (unsigned long long)only,
            (unsigned long long)total);
    return 2;
  }
  program p;
  program_init(&p);
  p.block_size = block;
  runner_options o;
  memset(&o, 0, sizeof o);
  o.quiet = 1;
  size_t run = 0, failures = 0, null_results = 0;
  size_t ops = 0;
  double start = now();
  uint64_t from = only == UINT64_MAX ? shard : only;
  uint64_t to = only == UINT64_MAX ? total : only + 1;
  uint64_t step = only == UINT64_MAX ? shards : 1;
  for (uint64_t k = from; k < to; k += step) {
    if (!build_case(&letters, max_ops, k, &p)) {
      fprintf(stderr, "exhaustive: out of memory\n");
      return 1;
    }
    runner_stats stats;
    runner_failure failure;
    run++;
    ops += p.count;
    if (only != UINT64_MAX) {
      text_print(stdout, &p, p.count);
    }
    if (!runner_run(&p, &o, &stats, &failure)) {
      failures++;
      if (failures <= 10) {
        fprintf(stderr, "FAILED: case %llu of %llu (block size %zu): %s\n", (unsigned long long)k,
                (unsigned long long)total, block, failure.message);
        text_print(stderr, &p, failure.op_index);
        fprintf(stderr,
                "replay: bazel run //verify:exhaustive -- --max-ops=%zu --block-size=%zu%s "
                "--case=%llu\n",
                max_ops, block, extended ? " --extended" : "", (unsigned long long)k);
      }
      continue;
    }
    null_results += stats.refused + stats.failed;
  }
  program_free(&p);
  printf(
      "exhaustive: %zu letters, sequences of 0..%zu ops, block size %zu%s: %zu of %llu cases "
      "(shard %zu of %zu), %zu ops, %zu NULL results, %zu failed, %.2fs\n",
      letters.count, max_ops, block, extended ? " (extended)" : "", run, (unsigned long long)total,
      shard, shards, ops, null_results, failures, now() - start);
  return failures == 0 ? 0 : 1;
}
