/* intervals: disjoint address ranges in a splay tree keyed by start, nodes
 * from one preallocated pool; a top-down splay finds both neighbours of a new
 * range, so an insert is amortised O(log n) and O(1) when ranges arrive in
 * address order, as a bump allocator's do. */
#include "harness/intervals.h"

#include <assert.h>
#include <stdlib.h>

#define NIL UINT32_MAX

typedef struct node {
  uintptr_t start;
  size_t len;
  uint32_t left, right;
} node;

/* nodes[capacity] is the splay's scratch node (it holds the two side trees). */
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
  t->nodes = malloc((capacity + 1) * sizeof(node));
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

static int report(const node *n, uintptr_t *other_start, size_t *other_len) {
  if (other_start != NULL) *other_start = n->start;
  if (other_len != NULL) *other_len = n->len;
  return 0;
}

int intervals_insert(intervals *t, uintptr_t start, size_t len, uintptr_t *other_start,
                     size_t *other_len) {
  assert(t != NULL && len >= 1);
  node *n = t->nodes;
  uint32_t x = t->root;
  uint32_t pred = NIL, succ = NIL; /* nearest starts below and above `start` */
  if (x != NIL) {
    /* Top-down splay (Sleator and Tarjan) at `start`: the nodes passed go to
     * a left tree (starts below) and a right tree (starts above), hung from
     * the scratch node; l is the left tree's greatest node, r the right
     * tree's least. The search ends at a node x with start's place next to
     * it, so the neighbours are x and l, or x and r. */
    const uint32_t scratch = (uint32_t)t->capacity;
    uint32_t l = scratch, r = scratch;
    n[scratch].left = NIL;
    n[scratch].right = NIL;
    for (;;) {
      if (start < n[x].start) {
        uint32_t y = n[x].left;
        if (y == NIL) break;
        if (start < n[y].start) { /* zig-zig: rotate right */
          n[x].left = n[y].right;
          n[y].right = x;
          x = y;
          if (n[x].left == NIL) break;
        }
        n[r].left = x; /* x and its right subtree go to the right tree */
        r = x;
        x = n[x].left;
      } else if (start > n[x].start) {
        uint32_t y = n[x].right;
        if (y == NIL) break;
        if (start > n[y].start) { /* zig-zig: rotate left */
          n[x].right = n[y].left;
          n[y].left = x;
          x = y;
          if (n[x].right == NIL) break;
        }
        n[l].right = x; /* x and its left subtree go to the left tree */
        l = x;
        x = n[x].right;
      } else {
        break;
      }
    }
    /* Reassemble with x at the root. */
    n[l].right = n[x].left;
    n[r].left = n[x].right;
    n[x].left = n[scratch].right;
    n[x].right = n[scratch].left;
    t->root = x;
    if (start == n[x].start) {
      return report(&n[x], other_start, other_len);
    }
    if (start > n[x].start) {
      pred = x;
      succ = r == scratch ? NIL : r;
    } else {
      pred = l == scratch ? NIL : l;
      succ = x;
    }
  }
  /* Disjoint ranges: only the neighbours by start can overlap. */
  if (pred != NIL && start - n[pred].start < n[pred].len) {
    return report(&n[pred], other_start, other_len);
  }
  if (succ != NIL && n[succ].start - start < len) {
    return report(&n[succ], other_start, other_len);
  }
  if (t->count == t->capacity) {
    if (other_start != NULL) *other_start = 0;
    if (other_len != NULL) *other_len = 0;
    return 0;
  }
  /* The new node becomes the root, x going to the side it belongs. */
  uint32_t fresh = (uint32_t)t->count++;
  node *z = &n[fresh];
  z->start = start;
  z->len = len;
  if (x == NIL) {
    z->left = NIL;
    z->right = NIL;
  } else if (start > n[x].start) {
    z->left = x;
    z->right = n[x].right;
    n[x].right = NIL;
  } else {
    z->right = x;
    z->left = n[x].left;
    n[x].left = NIL;
  }
  t->root = fresh;
  return 1;
}
