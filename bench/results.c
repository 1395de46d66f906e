/* results: parses the worker's line protocol ("build", "plan", "sample"
 * lines of key=value words) and summarises samples per cell or round. */
#include "bench/results.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Finds " key=" in line and parses the number after it (base 10 or 16, up
 * to the next space or the end). Returns 0 if it is missing or malformed. */
static int field(const char *line, const char *key, int base, unsigned long long *out) {
  char pattern[32];
  snprintf(pattern, sizeof pattern, " %s=", key);
  const char *at = strstr(line, pattern);
  if (at == NULL) {
    return 0;
  }
  at += strlen(pattern);
  if (!isxdigit((unsigned char)*at)) {
    return 0;
  }
  char *end;
  errno = 0;
  *out = strtoull(at, &end, base);
  return errno == 0 && (*end == ' ' || *end == '\0');
}

/* Parses one "sample" or "warmup" line into c's next slot of that kind. */
static int add_sample(results_cell *c, const char *line, size_t round) {
  unsigned long long alloc_ns, alloc_cpu_ns, free_ns, faults_alloc, faults_free, heap, own,
      checksum;
  int ok = field(line, "alloc_ns", 10, &alloc_ns) &&
           field(line, "alloc_cpu_ns", 10, &alloc_cpu_ns) && field(line, "free_ns", 10, &free_ns) &&
           field(line, "faults_alloc", 10, &faults_alloc) &&
           field(line, "faults_free", 10, &faults_free) && field(line, "heap", 10, &heap) &&
           field(line, "own", 10, &own) && field(line, "checksum", 16, &checksum);
  if (!ok || c->allocations == 0) {
    fprintf(stderr, "results: bad line: %s\n", line);
    return 0;
  }
  size_t *n = strncmp(line, "warmup ", 7) == 0 ? &c->warm_n : &c->n;
  if (*n == RESULTS_MAX_SAMPLES) {
    fprintf(stderr, "results: more than %d runs in one cell\n", RESULTS_MAX_SAMPLES);
    return 0;
  }
  double allocations = (double)c->allocations;
  if (heap != 0) c->heap = heap;
  if (n == &c->warm_n) {
    c->warm_alloc_ns[*n] = (double)alloc_ns / allocations;
    c->warm_faults[*n] = (double)faults_alloc;
    (*n)++;
    return 1;
  }
  c->alloc_ns[*n] = (double)alloc_ns / allocations;
  c->cpu_ns[*n] = (double)alloc_cpu_ns / allocations;
  c->total_ns[*n] = (double)(alloc_ns + free_ns) / allocations;
  c->faults_alloc[*n] = (double)faults_alloc;
  c->faults_free[*n] = (double)faults_free;
  c->round[*n] = round;
  (*n)++;
  if (own != 0) c->own = own;
  return 1;
}

int results_add(results_cell *c, const char *text, size_t round) {
  int plans = 0;
  int samples = 0;
  const char *line = text;
  while (*line != '\0') {
    const char *end = strchr(line, '\n');
    size_t length = end != NULL ? (size_t)(end - line) : strlen(line);
    char buf[512];
    if (length >= sizeof buf) {
      fprintf(stderr, "results: worker line too long\n");
      return 0;
    }
    memcpy(buf, line, length);
    buf[length] = '\0';
    if (strncmp(buf, "build ", 6) == 0) {
      c->unoptimised |= strstr(buf, "optimised=no") != NULL;
      c->sanitized |= strstr(buf, "sanitizer=yes") != NULL;
    } else if (strncmp(buf, "plan ", 5) == 0) {
      unsigned long long allocations, requested;
      if (!field(buf, "allocations", 10, &allocations) ||
          !field(buf, "requested", 10, &requested) || allocations == 0) {
        fprintf(stderr, "results: bad plan line: %s\n", buf);
        return 0;
      }
      c->allocations = allocations;
      c->requested = requested;
      plans++;
    } else if (strncmp(buf, "sample ", 7) == 0 || strncmp(buf, "warmup ", 7) == 0) {
      if (!add_sample(c, buf, round)) {
        return 0;
      }
      samples += buf[0] == 's';
    }
    line += length + (end != NULL ? 1 : 0);
  }
  if (plans != 1 || samples == 0) {
    fprintf(stderr, "results: worker printed %d plan and %d sample lines\n", plans, samples);
    return 0;
  }
  return 1;
}

stats_summary results_summary(const results_cell *c, const double *field, size_t round) {
  double picked[RESULTS_MAX_SAMPLES];
  size_t n = 0;
  for (size_t i = 0; i < c->n; i++) {
    if (round == RESULTS_ALL_ROUNDS || c->round[i] == round) {
      picked[n++] = field[i];
    }
  }
  return stats_summarise(picked, n);
}
