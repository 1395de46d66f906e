/* plan: draws the mixed (ArenaTest.Simple) and memtable request streams from
 * the seed's LCG; the constant workloads need no list. */
#include "bench/plan.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "arena/lcg.h"

static const char *const kNames[PLAN_WORKLOADS] = {"alloc16", "aligned16", "mixed", "memtable"};

int plan_parse(const char *name, plan_workload *out) {
  for (int w = 0; w < PLAN_WORKLOADS; w++) {
    if (strcmp(name, kNames[w]) == 0) {
      *out = (plan_workload)w;
      return 1;
    }
  }
  return 0;
}

const char *plan_name(plan_workload w) {
  assert(w < PLAN_WORKLOADS);
  return kNames[w];
}

size_t plan_default_count(plan_workload w) {
  assert(w < PLAN_WORKLOADS);
  return w == PLAN_ALLOC16 || w == PLAN_ALIGNED16 ? 10000000 : 1000000;
}

size_t plan_max_count(plan_workload w) {
  assert(w < PLAN_WORKLOADS);
  return w == PLAN_MIXED ? 2000000 : w == PLAN_MEMTABLE ? 10000000 : 100000000;
}

/* ArenaTest.Simple's size and kind for iteration i, in its RNG call order. */
static uint32_t simple_request(lcg *g, size_t i) {
  uint32_t s;
  if (i % 10000 == 0) {
    s = (uint32_t)i;
  } else if (lcg_one_in(g, 4000)) {
    s = lcg_uniform(g, 6000);
  } else {
    s = lcg_one_in(g, 10) ? lcg_uniform(g, 100) : lcg_uniform(g, 20);
  }
  if (s == 0) {
    s = 1;
  }
  return lcg_one_in(g, 10) ? (s | PLAN_ALIGNED) : s;
}

/* Bytes of a LevelDB varint32 holding v. */
static uint32_t varint_length(uint32_t v) {
  uint32_t n = 1;
  while (v >= 128) {
    v >>= 7;
    n++;
  }
  return n;
}

/* One MemTable::Add: the entry (varint internal key length, user key, 8-byte
 * sequence/type tag, varint value length, value) in one allocate, then
 * SkipList::NewNode's allocate_aligned of 8 + 8 * height bytes, height drawn
 * as LevelDB's RandomHeight (1 in 4 to grow, at most 12). Keys and values are
 * 16..200 bytes, uniformly. */
static void memtable_entry(lcg *g, uint32_t *out) {
  uint32_t key = 16 + lcg_uniform(g, 185);
  uint32_t value = 16 + lcg_uniform(g, 185);
  uint32_t internal_key = key + 8;
  out[0] = varint_length(internal_key) + internal_key + varint_length(value) + value;
  uint32_t height = 1;
  while (height < 12 && lcg_one_in(g, 4)) {
    height++;
  }
  out[1] = (8 + 8 * height) | PLAN_ALIGNED;
}

int plan_make(plan *p, plan_workload w, size_t count) {
  assert(w < PLAN_WORKLOADS);
  memset(p, 0, sizeof *p);
  if (count == 0 || count > plan_max_count(w)) {
    return 0;
  }
  p->workload = w;
  p->count = count;
  if (w == PLAN_ALLOC16 || w == PLAN_ALIGNED16) {
    p->allocations = count;
    p->requested = (uint64_t)count * PLAN_SMALL_SIZE;
    return 1;
  }
  p->allocations = w == PLAN_MEMTABLE ? 2 * count : count;
  p->requests = malloc(p->allocations * sizeof(uint32_t));
  if (p->requests == NULL) {
    memset(p, 0, sizeof *p);
    return 0;
  }
  lcg g = lcg_make(301);
  for (size_t i = 0; i < count; i++) {
    if (w == PLAN_MIXED) {
      p->requests[i] = simple_request(&g, i);
    } else {
      memtable_entry(&g, &p->requests[2 * i]);
    }
  }
  for (size_t i = 0; i < p->allocations; i++) {
    p->requested += p->requests[i] & PLAN_SIZE_MASK;
  }
  return 1;
}

void plan_free(plan *p) {
  free(p->requests);
  memset(p, 0, sizeof *p);
}
