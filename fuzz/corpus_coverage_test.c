/* corpus_coverage_test: the ops seed corpus reaches every path of the arena
 * for every block size of the binary form, and each special case the
 * reference names (slop values, exact fits, wasted tails, faults, wraps). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/decode.h"
#include "harness/faulty.h"
#include "harness/model.h"
#include "harness/op.h"
#include "harness/runner.h"
#include "harness/text.h"

enum {
  C_EXACT_FIT,
  C_SLOP1 = C_EXACT_FIT + 1, /* C_SLOP1 + k - 1 for slop k in 1..7 */
  C_NEW_BLOCK_WASTES_TAIL = C_SLOP1 + 7,
  C_DEDICATED_KEEPS_CURRENT,
  C_DEDICATED_ON_FRESH_ARENA,
  C_FAULT_NEW_BLOCK_KEEPS_TAIL,
  C_FAULT_DEDICATED_KEEPS_CURRENT,
  C_FAULT_ON_FRESH_ARENA,
  C_FAULT_WAITS_THROUGH_REFUSAL,
  C_FAULT_WAITS_THROUGH_FAST,
  C_FAULT_DISARMED_BY_RESET,
  C_FAILED_OVER_CAP,
  C_REFUSED_ZERO,
  C_REFUSED_ZERO_ALIGNED,
  C_REFUSED_SIZE_MAX,
  C_REFUSED_SIZE_MAX_MINUS_1,
  C_REFUSED_SIZE_MAX_MINUS_7,
  C_REFUSED_SIZE_MAX_MINUS_B,
  C_REFUSED_PTRDIFF_MAX_PLUS_1,
  C_REFUSED_ALIGNED_IMPOSSIBLE,
  C_LEVELDB_WRAP, /* aligned SIZE_MAX mid-block at an unaligned offset */
  C_ALIGNED_FALLBACK_UNPADDED,
  C_WRITE,
  C_VERIFY,
  C_VERIFY_ALL,
  C_USAGE,
  C_COUNT
};

static const char *const kNames[C_COUNT] = {
    "fast exact fit",
    "slop 1",
    "slop 2",
    "slop 3",
    "slop 4",
    "slop 5",
    "slop 6",
    "slop 7",
    "new block wastes a tail",
    "dedicated keeps the current block",
    "dedicated on a fresh arena",
    "fault fails a new block, tail kept",
    "fault fails a dedicated block, current kept",
    "fault on a fresh arena",
    "fault waits through a refusal",
    "fault waits through a fast request",
    "fault disarmed by reset",
    "failed over the allocator cap",
    "refused 0",
    "refused aligned 0",
    "refused SIZE_MAX",
    "refused SIZE_MAX-1",
    "refused SIZE_MAX-7",
    "refused SIZE_MAX-b",
    "refused PTRDIFF_MAX+1",
    "refused aligned impossible",
    "LevelDB wrap case",
    "aligned fallback with the unpadded size",
    "write",
    "verify",
    "verify-all",
    "usage",
};

static size_t g_seen[C_COUNT];
/* Per block-size table entry, per path. */
static size_t g_paths[DECODE_BLOCK_SIZES][5];

static int table_index(size_t block_size) {
  for (unsigned h = 0; h < DECODE_BLOCK_SIZES; h++) {
    if (decode_block_size((uint8_t)h) == block_size) return (int)h;
  }
  return -1;
}

static void simulate(const program *p) {
  model m;
  size_t b = program_block_size(p);
  int h = table_index(p->block_size);
  model_init(&m, p->block_size, FAULTY_MAX_BLOCK);
  for (size_t i = 0; i < p->count; i++) {
    const op *o = &p->ops[i];
    switch (o->kind) {
      case OP_ALLOCATE:
      case OP_ALIGNED: {
        int aligned = o->kind == OP_ALIGNED;
        size_t n = o->arg;
        model_prediction pr = model_predict(&m, n, aligned);
        if (pr.usage_after > RUNNER_MAX_USAGE) break; /* the runner skips it */
        int tail = m.has_block && m.remaining > 0;
        if (h >= 0) g_paths[h][pr.path]++;
        if (pr.path == MODEL_FAST) {
          if (pr.offset - m.offset + n == m.remaining) g_seen[C_EXACT_FIT]++;
          if (pr.slop > 0) g_seen[C_SLOP1 + pr.slop - 1]++;
          if (m.fail_next) g_seen[C_FAULT_WAITS_THROUGH_FAST]++;
        } else if (pr.path == MODEL_NEW_BLOCK) {
          if (tail) g_seen[C_NEW_BLOCK_WASTES_TAIL]++;
        } else if (pr.path == MODEL_DEDICATED) {
          if (tail) g_seen[C_DEDICATED_KEEPS_CURRENT]++;
          if (!m.has_block) g_seen[C_DEDICATED_ON_FRESH_ARENA]++;
        } else if (pr.path == MODEL_FAILED) {
          if (!m.fail_next) {
            g_seen[C_FAILED_OVER_CAP]++;
          } else if (!m.has_block) {
            g_seen[C_FAULT_ON_FRESH_ARENA]++;
          } else if (tail) {
            g_seen[pr.block_bytes == b && n <= b / 4 ? C_FAULT_NEW_BLOCK_KEEPS_TAIL
                                                     : C_FAULT_DEDICATED_KEEPS_CURRENT]++;
          }
        } else {
          if (m.fail_next) g_seen[C_FAULT_WAITS_THROUGH_REFUSAL]++;
          if (n == 0) g_seen[aligned ? C_REFUSED_ZERO_ALIGNED : C_REFUSED_ZERO]++;
          if (n == SIZE_MAX) g_seen[C_REFUSED_SIZE_MAX]++;
          if (n == SIZE_MAX - 1) g_seen[C_REFUSED_SIZE_MAX_MINUS_1]++;
          if (n == SIZE_MAX - 7) g_seen[C_REFUSED_SIZE_MAX_MINUS_7]++;
          if (n == SIZE_MAX - b) g_seen[C_REFUSED_SIZE_MAX_MINUS_B]++;
          if (n == (size_t)PTRDIFF_MAX + 1) g_seen[C_REFUSED_PTRDIFF_MAX_PLUS_1]++;
          if (aligned && n != 0) g_seen[C_REFUSED_ALIGNED_IMPOSSIBLE]++;
          if (aligned && n == SIZE_MAX && m.has_block && m.offset % MODEL_ALIGNMENT != 0) {
            g_seen[C_LEVELDB_WRAP]++;
          }
        }
        if (aligned && m.has_block && n <= m.remaining && pr.path != MODEL_FAST &&
            pr.path != MODEL_REFUSED) {
          g_seen[C_ALIGNED_FALLBACK_UNPADDED]++;
        }
        model_apply(&m, &pr);
        break;
      }
      case OP_FAIL_NEXT_BLOCK:
        model_fail_next(&m);
        break;
      case OP_RESET:
        if (m.fail_next) g_seen[C_FAULT_DISARMED_BY_RESET]++;
        model_init(&m, p->block_size, FAULTY_MAX_BLOCK);
        break;
      case OP_WRITE:
        g_seen[C_WRITE]++;
        break;
      case OP_VERIFY:
        g_seen[C_VERIFY]++;
        break;
      case OP_VERIFY_ALL:
        g_seen[C_VERIFY_ALL]++;
        break;
      case OP_USAGE:
        g_seen[C_USAGE]++;
        break;
      case OP_ALIGN: /* no effect on parity subjects */
      case OP_KIND_COUNT:
        break;
    }
  }
}

static size_t g_files, g_text, g_binary;

static void load(const char *path, program *p) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  static char data[1 << 20];
  size_t n = fread(data, 1, sizeof data, f);
  fclose(f);
  g_files++;
  if (text_is_program((const uint8_t *)data, n)) {
    char err[256];
    if (!text_parse(data, n, p, err, sizeof err)) {
      fprintf(stderr, "%s: %s\n", path, err);
      exit(1);
    }
    g_text++;
  } else {
    if (!decode_program((const uint8_t *)data, n, p)) exit(1);
    g_binary++;
  }
}

int main(int argc, char **argv) {
  program p;
  program_init(&p);
  for (int i = 1; i < argc; i++) {
    DIR *d = opendir(argv[i]);
    if (d == NULL) {
      fprintf(stderr, "cannot open directory %s\n", argv[i]);
      return 2;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue;
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
      load(path, &p);
      simulate(&p);
    }
    closedir(d);
  }
  program_free(&p);
  int missing = 0;
  for (int c = 0; c < C_COUNT; c++) {
    if (g_seen[c] == 0) {
      fprintf(stderr, "not reached: %s\n", kNames[c]);
      missing = 1;
    }
  }
  static const char *const kPath[5] = {"fast", "new-block", "dedicated", "refused", "failed"};
  for (unsigned h = 0; h < DECODE_BLOCK_SIZES; h++) {
    for (int k = 0; k < 5; k++) {
      if (g_paths[h][k] == 0) {
        fprintf(stderr, "not reached: %s with block size %zu\n", kPath[k],
                decode_block_size((uint8_t)h));
        missing = 1;
      }
    }
  }
  fprintf(stderr, "%zu files (%zu text, %zu binary)\n", g_files, g_text, g_binary);
  if (g_text == 0 || g_binary == 0) {
    fprintf(stderr, "the corpus must hold both text and binary files\n");
    missing = 1;
  }
  return missing;
}
