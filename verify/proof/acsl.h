/* acsl: the ACSL model of the arena for the Frama-C WP proof (verify/proof/):
 * the arena's invariant and the contracts assumed of its callbacks. Only Frama-C reads it. */
#ifndef ARENA_ACSL_H
#define ARENA_ACSL_H

#if defined(__FRAMAC__)

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Included by the annotated copy of arena.h (annotate.py) after struct arena. The proof follows one
 * arena at a time: the ghost variables below describe that arena's block list. */

/* More chunks than a 64-bit address space can hold (each is 1 KiB). */
#define ARENA_SPEC_MAX_CHUNKS ((size_t)1 << 55)

/*@ ghost
  // Allocations the block allocator has made so far.
  extern size_t arena_spec_allocs;
  // The arena's chunks, oldest first: arena_spec_chunk[arena_spec_chunks - 1]
  // is a->blocks, and each chunk's next is the one before it.
  extern arena_block_chunk *arena_spec_chunk[ARENA_SPEC_MAX_CHUNKS];
  extern size_t arena_spec_chunks;
  // Where the current block (the one alloc_ptr points into) is recorded:
  // entry arena_spec_cur_e of chunk arena_spec_cur_k.
  extern size_t arena_spec_cur_k;
  extern size_t arena_spec_cur_e;
*/

/*@ axiomatic arena_spec_model {
  // The k-th allocation the block allocator makes (k from 0). Each is a new
  // object, so no two share a base address (as in C's object model).
  logic char *arena_spec_alloc(integer k);
  axiom arena_spec_alloc_new{L}:
    \forall integer i, j; i != j ==>
      \base_addr(arena_spec_alloc(i)) != \base_addr(arena_spec_alloc(j));
  }
*/

/*@ axiomatic arena_spec_bits {
  // The one bit-level fact the proof uses, for every 64-bit value: WP's
  // provers cannot do bitwise arithmetic, so it is an axiom here, proved
  // for all 2^64 values by verify/proof/bits_lemma.py (z3, bit-vectors).
  axiom arena_mask_is_mod:
    \forall integer x; 0 <= x <= UINTPTR_MAX ==>
      (x & (ARENA_ALIGNMENT - 1)) == x % ARENA_ALIGNMENT;
  }
*/

/*@
  // The address of p is a multiple of ARENA_ALIGNMENT.
  predicate arena_aligned(char *p) = (uintptr_t)p % ARENA_ALIGNMENT == 0;

  // Bytes [p, p+n) lie within [q, q+m): the same object, no byte outside.
  predicate arena_within{L}(char *p, integer n, char *q, integer m) =
    \base_addr(p) == \base_addr(q) && q <= p && p + n <= q + m;

  // Bytes [b, b+n] are at consecutive addresses within the address space.
  predicate arena_linear{L}(char *b, integer n) =
    0 < (uintptr_t)b && (uintptr_t)b + n <= UINTPTR_MAX &&
    \forall char *p; arena_within(p, 0, b, n) ==>
      (uintptr_t)p == (uintptr_t)b + (p - b);

  // p's object is older than every allocation still to come.
  predicate arena_older{L}(char *p) =
    \forall integer k; arena_spec_allocs <= k ==>
      \base_addr(p) != \base_addr(arena_spec_alloc(k));
*/

/* The block allocator the arena is proved for (allocator.allocate): NULL, or
 * a new object of `bytes` writable bytes at consecutive addresses inside the
 * address space (alignment is not promised: the arena checks it). */
/*@ requires 0 < bytes;
    assigns arena_spec_allocs;
    exits \false;
    ensures \result == \null ==> arena_spec_allocs == \old(arena_spec_allocs);
    ensures \result != \null ==>
      (char *)\result == arena_spec_alloc(\old(arena_spec_allocs)) &&
      arena_spec_allocs == \old(arena_spec_allocs) + 1 &&
      \valid((char *)\result + (0 .. bytes - 1)) &&
      arena_linear((char *)\result, bytes);
*/
void *arena_spec_allocate(void *ctx, size_t bytes);

/* The block allocator's free (allocator.free). */
/*@ assigns \nothing;
    exits \false;
*/
void arena_spec_free(void *ctx, void *ptr, size_t bytes);

/* The event hook (on_event): reads the event, changes nothing the arena or
 * its users' proofs see, and does not call back into the arena. */
/*@ requires \valid_read(event);
    assigns \nothing;
    exits \false;
*/
void arena_spec_event(void *ctx, const arena_event *event);

/* Frama-C's <stdatomic.h> maps a load to this stub; for the arena's single
 * writer a relaxed load of a size_t returns what was last stored. */
/*@ requires obj_size == sizeof(size_t);
    requires \valid_read((size_t *)object);
    assigns \result \from *(size_t *)object;
    ensures \result == *(size_t *)object;
*/
unsigned long long __fc_atomic_load_explicit(void *object, memory_order order, size_t obj_size);

/*@ assigns \nothing; */
void __fc_atomic_store_explicit_marker(void *object, unsigned long long desired,
                                       memory_order order);

/*@
  // Bytes from alloc_ptr to alloc_end (both \null before the first block).
  logic integer arena_left{L}(arena *a) = a->alloc_end - a->alloc_ptr;

  // Bytes [p, p+n) lie in the block recorded in entry e of chunk k of a.
  predicate arena_in{L}(arena *a, integer k, integer e, char *p, integer n) =
    0 <= k < arena_spec_chunks && 0 <= e < arena_spec_chunk[k]->count &&
    arena_within(p, n, arena_spec_chunk[k]->entries[e].base,
                 arena_spec_chunk[k]->entries[e].bytes);

  // Bytes [p, p+n) lie in a block recorded in a's block list.
  predicate arena_owns{L}(arena *a, char *p, integer n) =
    \exists integer k, e; arena_in(a, k, e, p, n);

  // p's object is none of the arena's own: not the struct, not a chunk.
  predicate arena_apart{L}(arena *a, char *p) =
    \base_addr(p) != \base_addr(a) &&
    \forall integer k; 0 <= k < arena_spec_chunks ==>
      \base_addr(p) != \base_addr(arena_spec_chunk[k]);

  // The struct: valid, older than what is to come, on the callbacks above.
  predicate arena_shape{L}(arena *a) =
    \valid(a) &&
    a->allocator.allocate == &arena_spec_allocate &&
    a->allocator.free == &arena_spec_free &&
    (a->on_event == \null || a->on_event == &arena_spec_event) &&
    a->block_size % ARENA_ALIGNMENT == 0 &&
    ARENA_MIN_BLOCK_SIZE <= a->block_size <= ARENA_MAX_BLOCK_SIZE &&
    (ARENA_BLOCK_OVERHEAD + 1) * a->block_count <= a->memory_usage;

  predicate arena_struct_older{L}(arena *a) = arena_older(\base_addr(a));

  // The block list starts at the newest chunk; all chunks but the newest
  // are full.
  predicate arena_chain_head{L}(arena *a) =
    arena_spec_chunks < ARENA_SPEC_MAX_CHUNKS &&
    (arena_spec_chunks == 0 ==> a->blocks == \null) &&
    (0 < arena_spec_chunks ==>
       a->blocks == arena_spec_chunk[arena_spec_chunks - 1] &&
       a->blocks->count <= ARENA_CHUNK_ENTRIES &&
       ARENA_CHUNK_ENTRIES * (arena_spec_chunks - 1) + a->blocks->count <= a->block_count);

  // Each chunk is valid and links to the one before it.
  predicate arena_chain_links{L}(arena *a) =
    \forall integer k; 0 <= k < arena_spec_chunks ==>
      \valid(arena_spec_chunk[k]) &&
      (k == 0 ==> arena_spec_chunk[k]->next == \null) &&
      (0 < k ==> arena_spec_chunk[k]->next == arena_spec_chunk[k - 1]);

  // Each chunk is an object apart from the struct, older than what is to come.
  predicate arena_chain_apart{L}(arena *a) =
    \forall integer k; 0 <= k < arena_spec_chunks ==>
      \base_addr(arena_spec_chunk[k]) != \base_addr(a) &&
      arena_older(\base_addr(arena_spec_chunk[k]));

  // No two chunks are the same object.
  predicate arena_chain_distinct{L}(arena *a) =
    \forall integer j, k; 0 <= j < k < arena_spec_chunks ==>
      \base_addr(arena_spec_chunk[j]) != \base_addr(arena_spec_chunk[k]);

  // The unused tail [alloc_ptr, alloc_end) runs to the end of the current
  // block, recorded at (arena_spec_cur_k, arena_spec_cur_e).
  predicate arena_cur_record{L}(arena *a) =
    (a->alloc_ptr == \null ==> a->alloc_end == \null) &&
    (a->alloc_ptr != \null ==>
      arena_in(a, arena_spec_cur_k, arena_spec_cur_e, a->alloc_ptr, arena_left(a)) &&
      a->alloc_end ==
        arena_spec_chunk[arena_spec_cur_k]->entries[arena_spec_cur_e].base +
        arena_spec_chunk[arena_spec_cur_k]->entries[arena_spec_cur_e].bytes);

  // The tail is writable, ends on an ARENA_ALIGNMENT boundary, lies at
  // consecutive addresses, and is an object older than what is to come and
  // none of the arena's own.
  predicate arena_cur_tail{L}(arena *a) =
    0 <= arena_left(a) <= ARENA_MAX_BLOCK_SIZE &&
    (a->alloc_ptr != \null ==>
      \valid(a->alloc_ptr + (0 .. arena_left(a) - 1)) &&
      arena_aligned(a->alloc_end) &&
      arena_linear(a->alloc_ptr, arena_left(a)) &&
      arena_older(\base_addr(a->alloc_ptr)) && arena_apart(a, a->alloc_ptr));

  // The arena's invariant.
  predicate arena_inv{L}(arena *a) =
    arena_shape(a) && arena_struct_older(a) && arena_chain_head(a) &&
    arena_chain_links(a) && arena_chain_apart(a) && arena_chain_distinct(a) &&
    arena_cur_record(a) && arena_cur_tail(a);

  // Every block record of L1 is still there at L2, unchanged.
  predicate arena_keeps{L1, L2}(arena *a) =
    \at(arena_spec_allocs, L1) <= \at(arena_spec_allocs, L2) &&
    \at(arena_spec_chunks, L1) <= \at(arena_spec_chunks, L2) &&
    \at(a->block_count, L1) <= \at(a->block_count, L2) &&
    \forall integer k; 0 <= k < \at(arena_spec_chunks, L1) ==>
      \at(arena_spec_chunk[k], L2) == \at(arena_spec_chunk[k], L1) &&
      \at(arena_spec_chunk[k]->count, L1) <= \at(arena_spec_chunk[k]->count, L2) &&
      \forall integer e; 0 <= e < \at(arena_spec_chunk[k]->count, L1) ==>
        \at(arena_spec_chunk[k]->entries[e].base, L2) ==
          \at(arena_spec_chunk[k]->entries[e].base, L1) &&
        \at(arena_spec_chunk[k]->entries[e].bytes, L2) ==
          \at(arena_spec_chunk[k]->entries[e].bytes, L1);

  // Nothing a user can observe changed between L1 and L2.
  predicate arena_same{L1, L2}(arena *a) =
    \at(a->alloc_ptr, L2) == \at(a->alloc_ptr, L1) &&
    \at(a->alloc_end, L2) == \at(a->alloc_end, L1) &&
    \at(a->memory_usage, L2) == \at(a->memory_usage, L1) &&
    \at(a->block_count, L2) == \at(a->block_count, L1) &&
    arena_keeps{L1, L2}(a);

  // At most one chunk was added between L1 and L2: a new object.
  predicate arena_chunk_step{L1, L2} =
    \at(arena_spec_chunks, L2) == \at(arena_spec_chunks, L1) ||
    (\at(arena_spec_chunks, L2) == \at(arena_spec_chunks, L1) + 1 &&
     \at(\base_addr(arena_spec_chunk[\at(arena_spec_chunks, L1)]) ==
         \base_addr(arena_spec_alloc(\at(arena_spec_allocs, L1))), L2));

  // Exactly one block was added between L1 and L2: a new object of n bytes,
  // recorded as the newest entry; memory usage grew by n + ARENA_BLOCK_OVERHEAD.
  predicate arena_added{L1, L2}(arena *a, integer n) =
    \at(a->block_count, L2) == \at(a->block_count, L1) + 1 &&
    \at(a->memory_usage, L2) == \at(a->memory_usage, L1) + n + ARENA_BLOCK_OVERHEAD &&
    \at(a->blocks != \null && 0 < a->blocks->count, L2) &&
    \at(a->blocks->entries[a->blocks->count - 1].bytes, L2) == n &&
    \at(arena_spec_allocs, L1) < \at(arena_spec_allocs, L2) &&
    \at(a->blocks->entries[a->blocks->count - 1].base, L2) ==
      arena_spec_alloc(\at(arena_spec_allocs, L2) - 1);

  // Memory usage: unchanged with no new block, or grown by the new block's
  // bytes plus ARENA_BLOCK_OVERHEAD.
  predicate arena_usage_step{L1, L2}(arena *a) =
    (\at(a->block_count, L2) == \at(a->block_count, L1) &&
     \at(a->memory_usage, L2) == \at(a->memory_usage, L1)) ||
    arena_added{L1, L2}(a, \at(a->blocks->entries[a->blocks->count - 1].bytes, L2));

  // Bytes [p, p+n) lie in the block added between L1 and L2.
  predicate arena_in_new{L1, L2}(arena *a, char *p, integer n) =
    \at(a->block_count, L1) < \at(a->block_count, L2) &&
    arena_in{L2}(a, \at(arena_spec_chunks, L2) - 1, \at(a->blocks->count, L2) - 1, p, n);

  // The bump position only moves forward: it stays, advances in its block
  // (whose end does not move), or moves to a block added at L2.
  predicate arena_forward{L1, L2}(arena *a) =
    (\at(a->alloc_ptr, L2) == \at(a->alloc_ptr, L1) &&
     \at(a->alloc_end, L2) == \at(a->alloc_end, L1)) ||
    (arena_within{L2}(\at(a->alloc_ptr, L2), \at(arena_left(a), L2),
                      \at(a->alloc_ptr, L1), \at(arena_left(a), L1)) &&
     \at(a->alloc_end, L2) == \at(a->alloc_end, L1)) ||
    arena_in_new{L1, L2}(a, \at(a->alloc_ptr, L2), \at(arena_left(a), L2));

  // [p, p+n) was unused at L1: in the current block's tail, or in the block
  // added at L2.
  predicate arena_fresh{L1, L2}(arena *a, char *p, integer n) =
    arena_within{L2}(p, n, \at(a->alloc_ptr, L1), \at(arena_left(a), L1)) ||
    arena_in_new{L1, L2}(a, p, n);

  // [p, p+n) was handed out: it lies outside the unused tail, in an object
  // older than what is to come and none of the arena's own.
  predicate arena_handed{L}(arena *a, char *p, integer n) =
    arena_older(\base_addr(p)) && arena_apart(a, p) &&
    \separated(p + (0 .. n - 1), a->alloc_ptr + (0 .. arena_left(a) - 1));
*/

#endif /* __FRAMAC__ */

#endif /* ARENA_ACSL_H */
