/* stats: median, min and max of a copy of the values (sorted with qsort;
 * the lists are short). */
#include "bench/stats.h"

#include <stdlib.h>
#include <string.h>

static int compare(const void *a, const void *b) {
  double x = *(const double *)a;
  double y = *(const double *)b;
  return (x > y) - (x < y);
}

stats_summary stats_summarise(const double *values, size_t n) {
  stats_summary s = {0, 0, 0};
  if (n == 0) {
    return s;
  }
  double *sorted = malloc(n * sizeof(double));
  if (sorted == NULL) {
    return s;
  }
  memcpy(sorted, values, n * sizeof(double));
  qsort(sorted, n, sizeof(double), compare);
  s.min = sorted[0];
  s.max = sorted[n - 1];
  s.median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  free(sorted);
  return s;
}
