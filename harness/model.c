/* model: the shadow model of LevelDB's arena policy: numbers only (offsets,
 * remaining bytes, usage), one O(1) prediction per request. */
#include "harness/model.h"

#include <assert.h>

void model_init(model *m, size_t block_size, size_t max_block) {
  assert(m != NULL);
  m->block_size = block_size == 0 ? (size_t)4096 : block_size;
  assert(m->block_size % MODEL_ALIGNMENT == 0);
  m->usage = 0;
  m->has_block = 0;
  m->offset = 0;
  m->remaining = 0;
  m->fail_next = 0;
  m->max_block = max_block;
  m->blocks_standard = 0;
  m->blocks_dedicated = 0;
}

model_prediction model_predict(const model *m, size_t bytes, int aligned) {
  assert(m != NULL);
  model_prediction p = {MODEL_REFUSED, bytes, 0, 0, 0, m->usage};
  if (bytes == 0 || bytes > MODEL_MAX_REQUEST) {
    return p;
  }
  if (m->has_block) {
    size_t slop = aligned ? (MODEL_ALIGNMENT - m->offset % MODEL_ALIGNMENT) % MODEL_ALIGNMENT : 0;
    assert(slop <= m->remaining);
    if (bytes <= m->remaining - slop) {
      p.path = MODEL_FAST;
      p.offset = m->offset + slop;
      p.slop = slop;
      return p;
    }
  }
  int dedicated = bytes > m->block_size / 4;
  p.block_bytes = dedicated ? bytes : m->block_size;
  /* usage + block + overhead must fit; neither side wraps (block_bytes is at
   * most MODEL_MAX_REQUEST), even with usage within the overhead of SIZE_MAX. */
  if (p.block_bytes + MODEL_BLOCK_OVERHEAD > SIZE_MAX - m->usage) {
    p.block_bytes = 0;
    return p; /* REFUSED: usage could not count the block */
  }
  if (m->fail_next || p.block_bytes > m->max_block) {
    p.path = MODEL_FAILED;
    return p;
  }
  p.path = dedicated ? MODEL_DEDICATED : MODEL_NEW_BLOCK;
  p.usage_after = m->usage + p.block_bytes + MODEL_BLOCK_OVERHEAD;
  return p;
}

void model_apply(model *m, const model_prediction *p) {
  assert(m != NULL && p != NULL);
  switch (p->path) {
    case MODEL_FAST:
      assert(m->has_block && p->offset >= m->offset);
      assert(p->bytes <= m->remaining - (p->offset - m->offset));
      m->remaining -= p->offset - m->offset + p->bytes;
      m->offset = p->offset + p->bytes;
      break;
    case MODEL_NEW_BLOCK:
      assert(p->bytes <= m->block_size);
      m->blocks_standard++;
      m->has_block = 1;
      m->offset = p->bytes;
      m->remaining = m->block_size - p->bytes;
      break;
    case MODEL_DEDICATED:
      m->blocks_dedicated++;
      break;
    case MODEL_FAILED:
      m->fail_next = 0;
      break;
    case MODEL_REFUSED:
      break;
  }
  m->usage = p->usage_after;
}

void model_fail_next(model *m) {
  assert(m != NULL);
  m->fail_next = 1;
}

const char *model_path_name(model_path path) {
  switch (path) {
    case MODEL_FAST:
      return "fast";
    case MODEL_NEW_BLOCK:
      return "new-block";
    case MODEL_DEDICATED:
      return "dedicated";
    case MODEL_REFUSED:
      return "refused";
    case MODEL_FAILED:
      return "failed";
  }
  return "unknown";
}
