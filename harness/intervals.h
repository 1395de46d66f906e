/* intervals: the set of live allocations as disjoint address ranges, in a
 * search tree: insert with an overlap check in amortised O(log n). */
#ifndef HARNESS_INTERVALS_H
#define HARNESS_INTERVALS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct intervals intervals;

/* An empty set that can hold up to `capacity` ranges (< 2^32 - 1), its nodes
 * allocated at once; NULL if out of memory or capacity is too large. */
intervals *intervals_create(size_t capacity);

/* Forgets every range (capacity is kept). */
void intervals_clear(intervals *t);

void intervals_destroy(intervals *t);

/* Inserts [start, start+len), len >= 1, unless it overlaps a range already
 * there (ranges that only touch, end == start, do not overlap). Returns 1 if
 * inserted; 0 on overlap (then *other_start and *other_len name one
 * overlapping range) or if full (then *other_len is 0). other_start and
 * other_len may be NULL. Amortised O(log n), O(1) for ranges arriving in
 * address order; no allocation. */
int intervals_insert(intervals *t, uintptr_t start, size_t len, uintptr_t *other_start,
                     size_t *other_len);

size_t intervals_count(const intervals *t);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_INTERVALS_H */
