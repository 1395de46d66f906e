/* client: a proved client of the arena: the results of four successive calls
 * (each plain or aligned, any sizes) on one arena never overlap. */
#include "arena/arena.h"

/* The ghost state of arena/acsl.h (the proof's model; Frama-C only). */
/*@ ghost size_t arena_spec_allocs; */
/*@ ghost arena_block_chunk *arena_spec_chunk[ARENA_SPEC_MAX_CHUNKS]; */
/*@ ghost size_t arena_spec_chunks; */
/*@ ghost size_t arena_spec_cur_k; */
/*@ ghost size_t arena_spec_cur_e; */

/* One allocation, plain or aligned. */
/*@ requires arena_inv(a);
    assigns a->alloc_ptr, a->alloc_end, a->memory_usage, a->block_count, a->blocks,
            \at(a->blocks, Post)->next, \at(a->blocks, Post)->count,
            \at(a->blocks, Post)->entries[0 .. ARENA_CHUNK_ENTRIES - 1],
            arena_spec_allocs, arena_spec_chunks, arena_spec_chunk[arena_spec_chunks],
            arena_spec_cur_k, arena_spec_cur_e;
    ensures arena_inv(a);
    ensures handed: \result != \null ==> arena_handed(a, (char *)\result, bytes);
    ensures disjoint: \result != \null ==> \forall char *p, integer n;
      arena_handed{Pre}(a, p, n) ==>
        \separated(p + (0 .. n - 1), (char *)\result + (0 .. bytes - 1));
    ensures still_handed: \forall char *p, integer n;
      arena_handed{Pre}(a, p, n) ==> arena_handed(a, p, n);
*/
static void *one(arena *a, int aligned, size_t bytes) {
  return aligned ? arena_allocate_aligned(a, bytes) : arena_allocate(a, bytes);
}

/* Four calls; every pair of non-NULL results is disjoint. Returns how many
 * succeeded (so that every result is read by C as well as by the proof). */
/*@ requires arena_inv(a);
    ensures 0 <= \result <= 4;
*/
int proof_client(arena *a, int k1, size_t n1, int k2, size_t n2, int k3, size_t n3, int k4,
                 size_t n4) {
  char *p1 = one(a, k1, n1);
  char *p2 = one(a, k2, n2);
  char *p3 = one(a, k3, n3);
  char *p4 = one(a, k4, n4);
  /*@ assert disjoint_12: p1 != \null && p2 != \null ==>
        \separated(p1 + (0 .. n1 - 1), p2 + (0 .. n2 - 1)); */
  /*@ assert disjoint_13: p1 != \null && p3 != \null ==>
        \separated(p1 + (0 .. n1 - 1), p3 + (0 .. n3 - 1)); */
  /*@ assert disjoint_14: p1 != \null && p4 != \null ==>
        \separated(p1 + (0 .. n1 - 1), p4 + (0 .. n4 - 1)); */
  /*@ assert disjoint_23: p2 != \null && p3 != \null ==>
        \separated(p2 + (0 .. n2 - 1), p3 + (0 .. n3 - 1)); */
  /*@ assert disjoint_24: p2 != \null && p4 != \null ==>
        \separated(p2 + (0 .. n2 - 1), p4 + (0 .. n4 - 1)); */
  /*@ assert disjoint_34: p3 != \null && p4 != \null ==>
        \separated(p3 + (0 .. n3 - 1), p4 + (0 .. n4 - 1)); */
  return (p1 != NULL) + (p2 != NULL) + (p3 != NULL) + (p4 != NULL);
}
