/* corpus_gen: writes the seed corpora (ops, lcg, text, regressions) into a
 * directory: named scenarios in the text form, block-size sweeps in binary. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/decode.h"
#include "harness/op.h"
#include "harness/text.h"

/* A named text-form program (TEXT_MAGIC is prepended). */
typedef struct scenario {
  const char *name;
  const char *body;
} scenario;

/* Every path of the arena, each reference golden case, each NULL class, the
 * LevelDB wrap case, faults, resets, slop and exact fits. */
static const scenario kScenarios[] = {
    {"golden-allocate-1-x5",
     "# new-block 0, fast 1 2 3 4; usage 4104\n"
     "allocate 1\nallocate 1\nallocate 1\nallocate 1\nallocate 1\nusage\n"},
    {"golden-dedicated-1025",
     "# over b/4 on a fresh arena: dedicated; usage 1033\nallocate 1025\n"},
    {"golden-1024-exact-fit",
     "# new-block 0, then 3072 fits exactly, then a new block\n"
     "allocate 1024\nallocate 3072\nallocate 1\nverify-all\n"},
    {"golden-4096-no-current-block",
     "# a dedicated 4096 on a fresh arena leaves no current block\nallocate 4096\nallocate 1\n"},
    {"golden-aligned-slop",
     "# offsets 0, 1, 8 (slop 4), 16; 4080 fit exactly\n"
     "aligned 1\nallocate 3\naligned 8\nallocate 4080\nallocate 1\n"},
    {"golden-1000-x10",
     "allocate 1000\nallocate 1000\nallocate 1000\nallocate 1000\n"
     "allocate 1000\nallocate 1000\nallocate 1000\nallocate 1000\n"
     "allocate 1000\nallocate 1000\nusage\n"},
    {"golden-1000-alternating",
     "allocate 1000\naligned 1000\nallocate 1000\naligned 1000\n"
     "allocate 1000\naligned 1000\nallocate 1000\naligned 1000\n"
     "allocate 1000\naligned 1000\nusage\n"},
    {"leveldb-aligned-wrap",
     "# LevelDB's bytes + slop wraps here and returns offset 8;\n"
     "# ours must refuse, and the next 1 must land at offset 1\n"
     "allocate 1\naligned SIZE_MAX\nallocate 1\nverify-all\n"},
    {"refused-every-class",
     "# 0 and every impossible size, on a fresh arena and mid-block\n"
     "allocate 0\naligned 0\nallocate SIZE_MAX\naligned SIZE_MAX\nallocate PTRDIFF_MAX+1\n"
     "allocate 1\nallocate 0\naligned 0\nallocate SIZE_MAX\naligned SIZE_MAX\n"
     "allocate SIZE_MAX-1\naligned SIZE_MAX-1\nallocate SIZE_MAX-7\naligned SIZE_MAX-7\n"
     "allocate SIZE_MAX-4096\naligned SIZE_MAX-4096\nallocate PTRDIFF_MAX+1\n"
     "aligned PTRDIFF_MAX+1\nallocate 1\nverify-all\n"},
    {"failed-fault-new-block",
     "# the armed fault fails the first block; the next succeeds\n"
     "fail-next-block\nallocate 1\nallocate 1\nusage\n"},
    {"failed-fault-dedicated",
     "# a failed dedicated block leaves the current block as it was\n"
     "allocate 1\nfail-next-block\nallocate 5000\nallocate 1\n"
     "allocate 5000\nverify-all\n"},
    {"failed-fault-keeps-tail",
     "# a failed new block keeps the current block and its 96-byte tail\n"
     "allocate 1000\nallocate 1000\nallocate 1000\nallocate 1000\n"
     "fail-next-block\nallocate 200\nallocate 50\naligned 40\n"
     "allocate 200\nverify-all\n"},
    {"failed-fault-waits",
     "# refusals and fast requests do not consume the fault\n"
     "allocate 1\nfail-next-block\nallocate 0\naligned SIZE_MAX\n"
     "allocate 8\naligned 8\nallocate 5000\nallocate 5000\nverify-all\n"},
    {"failed-allocator-cap",
     "# blocks the harness allocator refuses (over its 16 MiB cap)\n"
     "allocate PTRDIFF_MAX\naligned PTRDIFF_MAX\nallocate 16777217\n"
     "allocate 1\naligned PTRDIFF_MAX-1\nallocate 1\n"},
    {"reset-everything",
     "allocate 1\nwrite 0\nreset\nallocate 1\nverify 0\n"
     "fail-next-block\nreset\n# the fault died with the arena\nallocate 1\n"
     "reset\nreset\naligned 8\n"},
    {"write-verify",
     "allocate 10\naligned 20\nallocate 300\nallocate 2000\nwrite 0\nwrite 1\n"
     "write 2\nwrite 3\nwrite 4\nverify 0\nverify 1\nverify 2\nverify 3\n"
     "verify 65535\nwrite 70000\nverify-all\n"},
    {"slop-every-value",
     "# slop 7 6 5 4 3 2 1 0 before an aligned request\n"
     "allocate 1\naligned 8\nreset\nallocate 2\naligned 8\nreset\n"
     "allocate 3\naligned 8\nreset\nallocate 4\naligned 8\nreset\n"
     "allocate 5\naligned 8\nreset\nallocate 6\naligned 8\nreset\n"
     "allocate 7\naligned 8\nreset\nallocate 8\naligned 8\n"},
    {"aligned-exact-fit",
     "# slop 7 then exactly the rest of the block\n"
     "allocate 1\naligned 4088\nallocate 1\n"},
    {"aligned-fallback-unpadded",
     "# fits only without its slop: dedicated with the unpadded size\n"
     "allocate 1\naligned 4089\naligned 4088\nallocate 1\n"},
    {"dedicated-keeps-current",
     "allocate 1000\nallocate 1000\nallocate 1000\n"
     "# 1096 left: 2000 gets its own block, the current one stays\n"
     "allocate 2000\nallocate 1096\nallocate 1\nverify-all\n"},
    {"new-block-wastes-tail",
     "allocate 1000\nallocate 1000\nallocate 1000\nallocate 100\n"
     "# 996 left: 1000 opens a new block, the tail is wasted\n"
     "allocate 1000\nallocate 1\nusage\n"},
    {"threshold-boundaries",
     "# b/4 - 1, b/4 and b/4 + 1 when they do not fit\n"
     "allocate 1023\nallocate 3000\nallocate 1024\nallocate 3000\n"
     "allocate 1025\naligned 1024\naligned 3000\naligned 1025\n"
     "allocate 1\n"},
    {"small-blocks-32",
     "block-size 32\nallocate 8\nallocate 9\nallocate 15\nallocate 9\n"
     "aligned 1\naligned 1\naligned 8\naligned 8\nallocate 1\nallocate 7\n"
     "fail-next-block\nallocate 8\nallocate 8\nverify-all\n"},
    {"odd-block-1000",
     "block-size 1000\nallocate 250\nallocate 251\nallocate 499\nallocate 251\n"
     "allocate 250\naligned 3\naligned 249\naligned 250\naligned 251\n"},
    {"large-blocks-65536",
     "block-size 65536\nallocate 16384\nallocate 16385\nallocate 49152\n"
     "allocate 1\nallocate 65536\nallocate 131072\naligned 7\n"},
};

/* Known defects of LevelDB and the seed crate, kept as regressions. */
static const scenario kRegressions[] = {
    {"leveldb-aligned-wrap",
     "# LevelDB: AllocateAligned(SIZE_MAX) after Allocate(1) wraps\n"
     "allocate 1\naligned SIZE_MAX\nallocate 1\nverify-all\n"},
    {"seed-crate-usage-counts-requests",
     "# the seed crate reports 13 here (requests + 8 a block); LevelDB 4104\n"
     "allocate 1\nallocate 1\nallocate 1\nallocate 1\nallocate 1\nusage\n"},
    {"seed-crate-free-size",
     "# the seed crate frees blocks with a 1-byte layout; the harness\n"
     "# allocator checks every free's size at destroy\n"
     "allocate 1\nallocate 2000\naligned 3000\nreset\nallocate 5000\n"},
};

/* Inputs the text parser must reject (each with one "line N:" error). */
static const char *const kMalformed[] = {
    "allocate 1\n",
    TEXT_MAGIC "\nallocate\n",
    TEXT_MAGIC "\nallocate 18446744073709551616\n",
    TEXT_MAGIC "\nallocate SIZE_MAX+1\n",
    TEXT_MAGIC "\nallocate PTRDIFF_MAX-9223372036854775808\n",
    TEXT_MAGIC "\nusage 1\n",
    TEXT_MAGIC "\nfree 1\n",
    TEXT_MAGIC "\nallocate 1\nblock-size 64\n",
    TEXT_MAGIC "\nblock-size 60\n",
    TEXT_MAGIC "\nallocate 1 2\n",
};

static const char *g_root;

static void die(const char *what, const char *path) {
  fprintf(stderr, "corpus_gen: %s %s: %s\n", what, path, strerror(errno));
  exit(1);
}

static void make_dir(const char *sub) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", g_root, sub);
  if (mkdir(path, 0755) != 0 && errno != EEXIST) die("cannot create", path);
}

static void write_file(const char *sub, const char *name, const void *data, size_t size) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s/%s", g_root, sub, name);
  FILE *f = fopen(path, "wb");
  if (f == NULL) die("cannot write", path);
  if (fwrite(data, 1, size, f) != size || fclose(f) != 0) die("cannot write", path);
}

/* The full text of a scenario; exits if it does not parse. */
static char *scenario_text(const scenario *s, program *p) {
  size_t n = strlen(TEXT_MAGIC) + 1 + strlen(s->body) + 1;
  char *text = malloc(n);
  if (text == NULL) exit(1);
  snprintf(text, n, "%s\n%s", TEXT_MAGIC, s->body);
  char err[256];
  if (!text_parse(text, strlen(text), p, err, sizeof err)) {
    fprintf(stderr, "corpus_gen: scenario %s: %s\n", s->name, err);
    exit(1);
  }
  return text;
}

static void write_scenarios(const char *sub, const scenario *list, size_t count, int binary_too) {
  program p;
  program_init(&p);
  for (size_t i = 0; i < count; i++) {
    char *text = scenario_text(&list[i], &p);
    char name[256];
    snprintf(name, sizeof name, "%s.txt", list[i].name);
    write_file(sub, name, text, strlen(text));
    if (binary_too) {
      uint8_t bin[4096];
      size_t n = encode_program(&p, bin, sizeof bin);
      if (n == 0) {
        fprintf(stderr, "corpus_gen: %s has no binary form\n", list[i].name);
        exit(1);
      }
      snprintf(name, sizeof name, "%s.bin", list[i].name);
      write_file(sub, name, bin, n);
    }
    free(text);
  }
  program_free(&p);
}

static void push(program *p, op_kind kind, size_t arg) {
  if (!program_push(p, kind, arg)) exit(1);
}

/* For one block size: every size class, plain and aligned, from a fresh
 * arena and mid-block, with writes, verifies, a fault and a reset. */
static void write_sweep(uint8_t header) {
  program p;
  program_init(&p);
  p.block_size = decode_block_size(header);
  for (int round = 0; round < 2; round++) {
    for (unsigned c = 0; c < DECODE_CLASSES; c++) {
      size_t v;
      if (!decode_class_size(c, p.block_size, &v)) continue;
      push(&p, OP_ALLOCATE, v);
      push(&p, OP_ALIGNED, v);
      push(&p, OP_ALLOCATE, 3);
    }
    push(&p, OP_WRITE, 1);
    push(&p, OP_VERIFY, 2);
    push(&p, OP_FAIL_NEXT_BLOCK, 0);
    push(&p, OP_ALLOCATE, program_block_size(&p));
    push(&p, OP_ALLOCATE, 1000);
    push(&p, OP_VERIFY_ALL, 0);
    push(&p, OP_USAGE, 0);
    push(&p, OP_RESET, 0);
    push(&p, OP_ALLOCATE, 1);
  }
  uint8_t bin[4096];
  size_t n = encode_program(&p, bin, sizeof bin);
  if (n == 0) {
    fprintf(stderr, "corpus_gen: sweep %u has no binary form\n", (unsigned)header);
    exit(1);
  }
  char name[64];
  snprintf(name, sizeof name, "sweep-block-%zu.bin", program_block_size(&p));
  if (p.block_size == 0) snprintf(name, sizeof name, "sweep-block-default.bin");
  write_file("ops_fuzzer", name, bin, n);
  program_free(&p);
}

/* lcg_fuzzer inputs: generator+block byte, seed, iterations, aligned, fault. */
static void write_lcg(const char *name, int park_miller, uint8_t block_index, uint64_t seed,
                      unsigned iterations, uint8_t aligned_one_in, int fault_at) {
  uint8_t in[14];
  in[0] = (uint8_t)((park_miller ? 1 : 0) | (block_index << 1));
  for (int i = 0; i < 8; i++) in[1 + i] = (uint8_t)(seed >> (8 * i));
  in[9] = (uint8_t)(iterations & 0xff);
  in[10] = (uint8_t)(iterations >> 8);
  in[11] = aligned_one_in;
  in[12] = (uint8_t)(fault_at & 0xff);
  in[13] = (uint8_t)((fault_at >> 8) & 0xff);
  write_file("lcg_fuzzer", name, in, fault_at < 0 ? 12 : 14);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: corpus_gen CORPUS_DIR   (e.g. \"$PWD/corpus\")\n");
    return 2;
  }
  g_root = argv[1];
  struct stat st;
  if (stat(g_root, &st) != 0 || !S_ISDIR(st.st_mode)) die("not a directory:", g_root);
  make_dir("ops_fuzzer");
  make_dir("lcg_fuzzer");
  make_dir("text_fuzzer");
  make_dir("regressions");
  const size_t scenarios = sizeof kScenarios / sizeof kScenarios[0];
  const size_t regressions = sizeof kRegressions / sizeof kRegressions[0];
  write_scenarios("ops_fuzzer", kScenarios, scenarios, 0);
  write_scenarios("regressions", kRegressions, regressions, 1);
  write_scenarios("text_fuzzer", kScenarios, scenarios, 0);
  for (unsigned h = 0; h < DECODE_BLOCK_SIZES; h++) write_sweep((uint8_t)h);
  /* A binary twin of some scenarios, so mutations start from both forms. */
  write_scenarios("ops_fuzzer", kRegressions, regressions, 1);
  for (size_t i = 0; i < sizeof kMalformed / sizeof kMalformed[0]; i++) {
    char name[64];
    snprintf(name, sizeof name, "malformed-%02zu.txt", i);
    write_file("text_fuzzer", name, kMalformed[i], strlen(kMalformed[i]));
  }
  write_lcg("simple-lcg-301", 0, 0, 301, 1 << 14, 10, -1);
  write_lcg("simple-park-miller-301", 1, 0, 301, 1 << 14, 10, -1);
  write_lcg("lcg-301-block-32", 0, 1, 301, 2000, 10, -1);
  write_lcg("park-miller-7-block-1000-aligned", 1, 7, 7, 3000, 1, -1);
  write_lcg("lcg-1-block-65536-fault", 0, 15, 1, 12000, 3, 1000);
  write_lcg("park-miller-301-fault-first", 1, 0, 301, 100, 10, 0);
  write_lcg("lcg-0-short", 0, 3, 0, 9, 0, -1);
  fprintf(stderr, "corpus_gen: wrote %zu scenarios, %zu regressions, %u sweeps into %s\n",
          scenarios, regressions, DECODE_BLOCK_SIZES, g_root);
  return 0;
}
