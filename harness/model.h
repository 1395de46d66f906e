/* model: the shadow model. Predicts, for LevelDB's policy, what a correct
 * arena does on every request: NULL or not, path, offset and slop, usage. */
#ifndef HARNESS_MODEL_H
#define HARNESS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The alignment of aligned requests: max(sizeof(void*), 8). */
#define MODEL_ALIGNMENT (sizeof(void *) > 8 ? sizeof(void *) : (size_t)8)
/* Requests above this are impossible (no object exceeds PTRDIFF_MAX). */
#define MODEL_MAX_REQUEST ((size_t)PTRDIFF_MAX)
/* Per-block overhead counted in memory usage: sizeof(char*). */
#define MODEL_BLOCK_OVERHEAD sizeof(char *)

typedef enum model_path {
  MODEL_FAST,      /* served from the current block */
  MODEL_NEW_BLOCK, /* a new standard block became current; result at its start */
  MODEL_DEDICATED, /* a block of exactly the request's size; current block kept */
  MODEL_REFUSED,   /* 0 or impossible: NULL, nothing changes, no allocator call */
  MODEL_FAILED     /* the block allocation fails: NULL, nothing changes */
} model_path;

/* The model's state: only numbers, never the arena's addresses. */
typedef struct model {
  size_t block_size; /* standard block size */
  size_t usage;      /* memory usage so far */
  int has_block;     /* a current block exists */
  size_t offset;     /* next free offset in the current block */
  size_t remaining;  /* bytes left in the current block */
  int fail_next;     /* the allocator's next call will fail */
  size_t max_block;  /* block allocations above this fail (the harness allocator's cap) */
  size_t blocks_standard, blocks_dedicated;
} model;

/* What one request must do. */
typedef struct model_prediction {
  model_path path;
  size_t bytes;       /* the request */
  size_t offset;      /* FAST/NEW_BLOCK: offset of the result in the current block
                       * (slop included; 0 for NEW_BLOCK) */
  size_t slop;        /* FAST aligned: padding taken before the result */
  size_t block_bytes; /* NEW_BLOCK/DEDICATED/FAILED: size of the block asked for */
  size_t usage_after; /* memory usage after the request */
} model_prediction;

/* The policy, for block size b:
 * - REFUSED: bytes == 0, bytes > MODEL_MAX_REQUEST, or a block the usage
 *   counter could not count; no allocator call, fail_next stays armed.
 * - FAST: a current block exists and bytes (plus, if aligned, the slop that
 *   pads the current offset to MODEL_ALIGNMENT) fit in its remaining bytes.
 * - otherwise a block is asked for: bytes itself if bytes > b/4 (DEDICATED,
 *   the current block stays), else b (NEW_BLOCK, becomes current, result at
 *   its start; aligned requests ask for the unpadded size). It FAILS if
 *   fail_next is armed (which disarms it) or if the block exceeds max_block.
 * A fresh model has no current block. Every operation is O(1). */

/* A fresh arena with this block size (0: 4096) whose allocator refuses blocks
 * larger than max_block. */
void model_init(model *m, size_t block_size, size_t max_block);

/* Predicts a request of `bytes` (aligned or not) without changing the model. */
model_prediction model_predict(const model *m, size_t bytes, int aligned);

/* Applies a prediction made by model_predict on the same state. */
void model_apply(model *m, const model_prediction *p);

/* The allocator's next call will fail (consumed by the next FAILED path). */
void model_fail_next(model *m);

/* Name of a path, for messages ("fast", "new-block", ...). */
const char *model_path_name(model_path path);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_MODEL_H */
