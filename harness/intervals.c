/* intervals: disjoint address ranges in an AVL tree keyed by start, nodes from
 * one preallocated pool; insert finds both neighbours, so overlap is O(log n). */
#include "harness/intervals.h"

#include <assert.h>
#include <stdlib.h>

#define NIL UINT32_MAX
/* Deep enough for any AVL tree of fewer than 2^32 nodes (height < 1.45 log2 n + 2). */
#define MAX_DEPTH 64

typedef struct node {
  uintptr_t start;
  size_t len;
  uint32_t left, right;
  int height; /* of the subtree; a leaf is 1 */
} node;

struct intervals {
  node *nodes;
  size_t capacity;
  size_t count;
  uint32_t root;
};

intervals *intervals_create(size_t capacity) {
  if (capacity >= NIL) {
    return NULL;
  }
  intervals *t = malloc(sizeof *t);
  if (t == NULL) {
    return NULL;
  }
  t->nodes = malloc((capacity == 0 ? 1 : capacity) * sizeof(node));
  if (t->nodes == NULL) {
    free(t);
    return NULL;
  }
  t->capacity = capacity;
  t->count = 0;
  t->root = NIL;
  return t;
}

void intervals_clear(intervals *t) {
  assert(t != NULL);
  t->count = 0;
  t->root = NIL;
}

void intervals_destroy(intervals *t) {
  if (t != NULL) {
    free(t->nodes);
    free(t);
  }
}

size_t intervals_count(const intervals *t) {
  assert(t != NULL);
  return t->count;
}

static int height(const intervals *t, uint32_t i) { return i == NIL ? 0 : t->nodes[i].height; }

static void update(intervals *t, uint32_t i) {
  int l = height(t, t->nodes[i].left), r = height(t, t->nodes[i].right);
  t->nodes[i].height = (l > r ? l : r) + 1;
}

/* Rotations return the subtree's new root. */
static uint32_t rotate_right(intervals *t, uint32_t i) {
  uint32_t l = t->nodes[i].left;
  t->nodes[i].left = t->nodes[l].right;
  t->nodes[l].right = i;
  update(t, i);
  update(t, l);
  return l;
}

static uint32_t rotate_left(intervals *t, uint32_t i) {
  uint32_t r = t->nodes[i].right;
  t->nodes[i].right = t->nodes[r].left;
  t->nodes[r].left = i;
  update(t, i);
  update(t, r);
  return r;
}

/* Restores the AVL balance at i (children already balanced); returns the new root. */
static uint32_t rebalance(intervals *t, uint32_t i) {
  update(t, i);
  int balance = height(t, t->nodes[i].left) - height(t, t->nodes[i].right);
  if (balance > 1) {
    uint32_t l = t->nodes[i].left;
    if (height(t, t->nodes[l].left) < height(t, t->nodes[l].right)) {
      t->nodes[i].left = rotate_left(t, l);
    }
    return rotate_right(t, i);
  }
  if (balance < -1) {
    uint32_t r = t->nodes[i].right;
    if (height(t, t->nodes[r].right) < height(t, t->nodes[r].left)) {
      t->nodes[i].right = rotate_right(t, r);
    }
    return rotate_left(t, i);
  }
  return i;
}

/* Makes child the subtree of parent on the side where `key` belongs. */
static void attach(intervals *t, uint32_t parent, uintptr_t key, uint32_t child) {
  if (key < t->nodes[parent].start) {
    t->nodes[parent].left = child;
  } else {
    t->nodes[parent].right = child;
  }
}

static int report(const intervals *t, uint32_t i, uintptr_t *other_start, size_t *other_len) {
  if (other_start != NULL) *other_start = t->nodes[i].start;
  if (other_len != NULL) *other_len = t->nodes[i].len;
  return 0;
}

int intervals_insert(intervals *t, uintptr_t start, size_t len, uintptr_t *other_start,
                     size_t *other_len) {
  assert(t != NULL && len >= 1);
  uint32_t path[MAX_DEPTH];
  size_t depth = 0;
  uint32_t pred = NIL, succ = NIL; /* nearest starts below and above `start` */
  for (uint32_t cur = t->root; cur != NIL;) {
    assert(depth < MAX_DEPTH);
    path[depth++] = cur;
    const node *n = &t->nodes[cur];
    if (start < n->start) {
      succ = cur;
      cur = n->left;
    } else if (start > n->start) {
      pred = cur;
      cur = n->right;
    } else {
      return report(t, cur, other_start, other_len);
    }
  }
  /* Disjoint ranges: only the neighbours by start can overlap. */
  if (pred != NIL && start - t->nodes[pred].start < t->nodes[pred].len) {
    return report(t, pred, other_start, other_len);
  }
  if (succ != NIL && t->nodes[succ].start - start < len) {
    return report(t, succ, other_start, other_len);
  }
  if (t->count == t->capacity) {
    if (other_start != NULL) *other_start = 0;
    if (other_len != NULL) *other_len = 0;
    return 0;
  }
  uint32_t fresh = (uint32_t)t->count++;
  node *n = &t->nodes[fresh];
  n->start = start;
  n->len = len;
  n->left = NIL;
  n->right = NIL;
  n->height = 1;
  /* Back up the path: relink, rebalance, and stop as soon as a subtree's
   * height is what it was (nothing above it changes then). */
  uint32_t child = fresh;
  while (depth > 0) {
    uint32_t parent = path[--depth];
    int before = t->nodes[parent].height;
    attach(t, parent, start, child);
    child = rebalance(t, parent);
    if (t->nodes[child].height == before) {
      if (depth == 0) {
        t->root = child;
      } else {
        attach(t, path[depth - 1], start, child);
      }
      return 1;
    }
  }
  t->root = child;
  return 1;
}
