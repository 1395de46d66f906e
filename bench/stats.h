/* stats: median and spread (min, max) of a list of measurements, as the
 * benchmark reports them. */
#ifndef BENCH_STATS_H
#define BENCH_STATS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct stats_summary {
  double median; /* the middle value; the mean of the two middle ones if n is even */
  double min;
  double max;
} stats_summary;

/* Summarises values[0..n). n may be 0 (all fields are then 0). values is not
 * changed. Returns an all-zero summary if a scratch copy cannot be allocated. */
stats_summary stats_summarise(const double *values, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* BENCH_STATS_H */
