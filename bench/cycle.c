/* cycle: runs ONE allocator (bench/peer.h) on ONE workload for --cycles
 * create + serve + destroy cycles in this process, one line per cycle: time,
 * page faults, peak RSS so far; under callgrind, only cycle --measure counts. */
#define _GNU_SOURCE

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include "arena/arena.h"
#include "bench/args.h"
#include "bench/peer.h"
#include "bench/plan.h"

void bench_out_of_memory(void) { args_die("an allocation failed (out of memory?)"); }

typedef struct mark {
  uint64_t ns;
  uint64_t faults;
  uint64_t maxrss_kib;
} mark;

static mark now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  mark m = {(uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec,
            (uint64_t)r.ru_minflt + (uint64_t)r.ru_majflt, (uint64_t)r.ru_maxrss};
  return m;
}

static void usage(void) {
  printf(
      "usage: cycle --peer=NAME --workload=alloc16|aligned16|mixed|memtable [--count=N]\n"
      "             [--cycles=K] [--measure=I] [--block-size=BYTES] [--list]\n"
      "Runs K (default 30) create + serve + destroy cycles of one allocator on one\n"
      "workload; prints one line per cycle (ns, page faults, peak RSS in KiB so far).\n"
      "Under valgrind --tool=callgrind --collect-atstart=no only cycle I (default 2,\n"
      "or 1 if K is 1) is counted. --list prints the peers.\n");
}

int main(int argc, char **argv) {
  args_program(argv[0]);
  const char *peer_name = NULL, *workload_name = NULL;
  size_t count = 0, cycles = 30, measure = 0, block_size = ARENA_DEFAULT_BLOCK_SIZE;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (strcmp(arg, "--help") == 0) {
      usage();
      return 0;
    }
    if (strcmp(arg, "--list") == 0) {
      for (size_t k = 0; bench_peers[k] != NULL; k++) {
        printf("%s\t%s\n", bench_peers[k]->name, bench_peers[k]->what);
      }
      return 0;
    }
    if (args_string(arg, "peer", &peer_name) || args_string(arg, "workload", &workload_name) ||
        args_size(arg, "count", 1, SIZE_MAX, &count) ||
        args_size(arg, "cycles", 1, 1000, &cycles) ||
        args_size(arg, "measure", 1, 1000, &measure) ||
        args_size(arg, "block-size", ARENA_MIN_BLOCK_SIZE, ARENA_MAX_BLOCK_SIZE, &block_size)) {
      continue;
    }
    args_die("unknown argument '%s' (--help lists the flags)", arg);
  }
  if (peer_name == NULL || workload_name == NULL) {
    args_die("--peer and --workload are required (--help lists the flags)");
  }
  const bench_peer *peer = NULL;
  for (size_t k = 0; bench_peers[k] != NULL; k++) {
    if (strcmp(peer_name, bench_peers[k]->name) == 0) peer = bench_peers[k];
  }
  if (peer == NULL) args_die("--peer: no peer '%s' (--list names them)", peer_name);
  plan_workload w;
  if (!plan_parse(workload_name, &w)) {
    args_die("--workload: '%s' is not alloc16, aligned16, mixed or memtable", workload_name);
  }
  if (count == 0) count = plan_default_count(w);
  if (count > plan_max_count(w)) {
    args_die("--count=%zu: more than %zu for %s", count, plan_max_count(w), workload_name);
  }
  if (block_size % ARENA_ALIGNMENT != 0) {
    args_die("--block-size=%zu: not a multiple of %zu", block_size, ARENA_ALIGNMENT);
  }
  if (measure == 0) measure = cycles >= 2 ? 2 : 1;
  if (measure > cycles) args_die("--measure=%zu: only %zu cycles", measure, cycles);

  plan p;
  if (!plan_make(&p, w, count)) bench_out_of_memory();
  if (!peer->setup(&p, block_size)) args_die("%s: setup failed", peer->name);
#if defined(__OPTIMIZE__)
  const char *optimised = "yes";
#else
  const char *optimised = "no";
#endif
  printf("plan peer=%s workload=%s count=%zu allocations=%zu requested=%llu optimised=%s\n",
         peer->name, plan_name(w), p.count, p.allocations, (unsigned long long)p.requested,
         optimised);
  /* Peak RSS before any cycle: the binary, its libraries, the request list. */
  printf("baseline maxrss_kib=%llu\n", (unsigned long long)now().maxrss_kib);
  for (size_t k = 1; k <= cycles; k++) {
    size_t records = 0, blocks = 0;
    mark m0 = now();
    if (k == measure) CALLGRIND_TOGGLE_COLLECT;
    void *instance = peer->create();
    if (instance == NULL) bench_out_of_memory();
    uintptr_t sum = peer->serve(&p, instance);
    if (k == measure) CALLGRIND_TOGGLE_COLLECT;
    mark m1 = now();
    if (k == 1 && peer->bookkeeping != NULL) peer->bookkeeping(instance, &records, &blocks);
    mark m2 = now();
    if (k == measure) CALLGRIND_TOGGLE_COLLECT;
    peer->destroy(instance);
    if (k == measure) CALLGRIND_TOGGLE_COLLECT;
    mark m3 = now();
    printf("cycle %zu ns=%llu faults=%llu maxrss_kib=%llu records=%zu blocks=%zu checksum=%llx\n",
           k, (unsigned long long)(m1.ns - m0.ns + m3.ns - m2.ns),
           (unsigned long long)(m3.faults - m0.faults), (unsigned long long)m3.maxrss_kib, records,
           blocks, (unsigned long long)sum);
    fflush(stdout);
  }
  plan_free(&p);
  return 0;
}
