#!/usr/bin/env python3
"""annotate: writes the copy of arena/arena.{h,c} that Frama-C proves: the
shipped files plus ACSL comment lines (contracts, assertions, ghost code).

usage: annotate.py SRC_DIR DST_DIR
Reads SRC_DIR/arena.h and SRC_DIR/arena.c, writes DST_DIR/arena.h and
DST_DIR/arena.c. Every insertion is whole lines of ACSL comments (plus the
three-line `#if defined(__FRAMAC__)` include of acsl.h), and before writing it
checks that deleting those lines gives back the shipped file byte for byte:
the proof is about the code that ships, never a modified copy. If arena/
changed so that an anchor below no longer matches, it says which and exits 1.
"""
import sys

ASSIGNS_BLOCK = r'''a->memory_usage, a->block_count, a->blocks,
            \at(a->blocks, Post)->next, \at(a->blocks, Post)->count,
            \at(a->blocks, Post)->entries[0 .. ARENA_CHUNK_ENTRIES - 1],
            arena_spec_allocs, arena_spec_chunks, arena_spec_chunk[arena_spec_chunks]'''
ASSIGNS_ALL = '    assigns a->alloc_ptr, a->alloc_end, ' + ASSIGNS_BLOCK + \
    ',\n            arena_spec_cur_k, arena_spec_cur_e;\n'
INV_ENSURES = r'''    ensures inv_shape: arena_shape(a);
    ensures inv_older: arena_struct_older(a);
    ensures inv_head: arena_chain_head(a);
    ensures inv_links: arena_chain_links(a);
    ensures inv_apart: arena_chain_apart(a);
    ensures inv_distinct: arena_chain_distinct(a);
    ensures inv_record: arena_cur_record(a);
    ensures inv_tail: arena_cur_tail(a);
    ensures frame: a->block_size == \old(a->block_size);
'''
COMMON_ENSURES = r'''    ensures refused: bytes == 0 || bytes > ARENA_MAX_REQUEST ==> \result == \null;
    ensures unchanged: \result == \null ==> arena_same{Pre, Post}(a);
    ensures owned: \result != \null ==> arena_owns(a, (char *)\result, bytes);
    ensures fresh: \result != \null ==> arena_fresh{Pre, Post}(a, (char *)\result, bytes);
    ensures handed: \result != \null ==> arena_handed(a, (char *)\result, bytes);
    ensures disjoint: \result != \null ==> \forall char *p, integer n;
      arena_handed{Pre}(a, p, n) ==>
        \separated(p + (0 .. n - 1), (char *)\result + (0 .. bytes - 1));
    ensures still_handed: \forall char *p, integer n;
      arena_handed{Pre}(a, p, n) ==> arena_handed(a, p, n);
    ensures forward: arena_forward{Pre, Post}(a);
    ensures usage: arena_usage_step{Pre, Post}(a);
'''
REQ = r'''/*@ requires arena_inv(a);
'''
FALLBACK_EXTRA = r'''    ensures new_block: \result != \null ==>
      arena_added{Pre, Post}(a, bytes > a->block_size / 4 ? bytes : a->block_size) &&
      (char *)\result == a->blocks->entries[a->blocks->count - 1].base;
    ensures dedicated: \result != \null && bytes > a->block_size / 4 ==>
      a->alloc_ptr == \old(a->alloc_ptr) &&
      a->alloc_end == \old(a->alloc_end);
    ensures standard: \result != \null && bytes <= a->block_size / 4 ==>
      a->alloc_ptr == (char *)\result + bytes &&
      arena_left(a) == a->block_size - bytes;
    ensures aligned: \result != \null ==> arena_aligned((char *)\result);
'''
FALLBACK_CONTRACT = REQ + ASSIGNS_ALL + INV_ENSURES + FALLBACK_EXTRA + COMMON_ENSURES + '*/\n'


def sub(s, old, new, count=1):
    """Replaces the one occurrence of old (an anchor in the shipped code)."""
    if s.count(old) != count:
        first = old.strip().splitlines()[0]
        sys.exit(f"annotate: arena/ changed: anchor `{first}` found {s.count(old)} times, "
                 f"expected {count}; update verify/proof/annotate.py")
    return s.replace(old, new)


FRAMAC_INCLUDE = [
    '#if defined(__FRAMAC__)',
    '#include "arena/acsl.h" /* the ACSL model of the proof; compilers never see it */',
    '#endif',
]


def kept(lines):
    """Indices of the lines that are not insertions: not part of a whole-line
    ACSL comment (from a line starting with /*@ to the line that closes it)
    and not the FRAMAC_INCLUDE block."""
    out, i = [], 0
    while i < len(lines):
        if lines[i:i + 3] == FRAMAC_INCLUDE:
            i += 3
            continue
        if lines[i].lstrip().startswith('/*@'):
            while '*/' not in lines[i]:
                i += 1
            i += 1
            continue
        out.append(i)
        i += 1
    return out


def strip(text):
    """The annotated text minus every inserted line."""
    lines = text.split('\n')
    return '\n'.join(lines[i] for i in kept(lines))


def write(path, annotated, shipped):
    """Writes annotated to path if it is shipped plus ACSL lines only."""
    if strip(annotated) != shipped:
        sys.exit(f"annotate: {path}: the annotated copy differs from the shipped file "
                 "outside ACSL comment lines")
    # Negative control of the check itself: a C statement changed after the
    # first annotation must make strip() differ from the shipped file.
    lines = annotated.split('\n')
    code = kept(lines)
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith('/*@'))
    target = next(i for i in code if i > first and lines[i].rstrip().endswith(';'))
    planted = lines[:target] + [lines[target] + ' /* planted */ ;'] + lines[target + 1:]
    if strip('\n'.join(planted)) == shipped:
        sys.exit(f"annotate: {path}: the check missed a planted change of line {target + 1}")
    with open(path, 'w') as f:
        f.write(annotated)


if len(sys.argv) != 3:
    sys.exit("usage: annotate.py SRC_DIR DST_DIR")
src, dst = sys.argv[1], sys.argv[2]
try:
    with open(f'{src}/arena.h') as f:
        shipped_h = f.read()
    with open(f'{src}/arena.c') as f:
        shipped_c = f.read()
except OSError as e:
    sys.exit(f"annotate: cannot read {e.filename}: {e.strerror}")
if '/*@' in shipped_h + shipped_c:
    sys.exit("annotate: arena/ already holds ACSL comments; the strip check needs it free of them")

h = shipped_h
h = sub(h, '''  size_t block_count;
} arena;
''', '''  size_t block_count;
} arena;
''' + '\n'.join(FRAMAC_INCLUDE) + '\n')
h = sub(h, '''void *arena_allocate_fallback(arena *a, size_t bytes);
void *arena_allocate_aligned_fallback(arena *a, size_t bytes);''',
        FALLBACK_CONTRACT + 'void *arena_allocate_fallback(arena *a, size_t bytes);\n' +
        FALLBACK_CONTRACT + 'void *arena_allocate_aligned_fallback(arena *a, size_t bytes);')
h = sub(h, '''static inline void *arena_allocate(arena *a, size_t bytes) {''',
        REQ + ASSIGNS_ALL + INV_ENSURES +
        r'''    ensures fast: 0 < bytes <= \old(arena_left(a)) ==>
      (char *)\result == \old(a->alloc_ptr);
''' + COMMON_ENSURES + '*/\n' + '''static inline void *arena_allocate(arena *a, size_t bytes) {''')
h = sub(h, '''static inline void *arena_allocate_aligned(arena *a, size_t bytes) {''',
        REQ + ASSIGNS_ALL + INV_ENSURES +
        r'''    ensures aligned: \result != \null ==> arena_aligned((char *)\result);
''' + COMMON_ENSURES + '*/\n' + '''static inline void *arena_allocate_aligned(arena *a, size_t bytes) {''')
WITNESS = '''    /*@ assert result != \\null && arena_in(a, arena_spec_cur_k, arena_spec_cur_e, result, bytes); */
'''
# The invariant's tail conjuncts one by one after a fast-path allocation: as
# one goal (inv_tail, inv_record) z3 needed 2-10 s; split, each is quick.
TAIL = r'''    /*@ assert tail_in: arena_in(a, arena_spec_cur_k, arena_spec_cur_e,
                                 a->alloc_ptr, arena_left(a)); */
    /*@ assert tail_valid: \valid(a->alloc_ptr + (0 .. arena_left(a) - 1)); */
    /*@ assert tail_linear: arena_linear(a->alloc_ptr, arena_left(a)); */
    /*@ assert tail_apart: arena_older(\base_addr(a->alloc_ptr)) && arena_apart(a, a->alloc_ptr); */
'''
# The bytes left, as integers: alloc_end is alloc_ptr + arena_left(a) at
# consecutive addresses (arena_linear), or both are \null.
LEFT = '''  /*@ assert left_within: a->alloc_ptr != \\null ==>
        arena_within(a->alloc_end, 0, a->alloc_ptr, arena_left(a)); */
  /*@ assert left_int: (uintptr_t)a->alloc_end == (uintptr_t)a->alloc_ptr + arena_left(a); */
'''
LEFT_IS = '''  /*@ assert left_is: left == arena_left(a); */
'''
h = sub(h, '''  size_t left = (size_t)((uintptr_t)a->alloc_end - (uintptr_t)a->alloc_ptr);
  if (ARENA_LIKELY(bytes <= left && bytes != 0)) {
    char *result = a->alloc_ptr;
    ARENA_NONNULL(result);
    a->alloc_ptr = result + bytes;
    ARENA_TRACK_HANDOUT(result, bytes);''', LEFT + '''  size_t left = (size_t)((uintptr_t)a->alloc_end - (uintptr_t)a->alloc_ptr);
''' + LEFT_IS + '''  if (ARENA_LIKELY(bytes <= left && bytes != 0)) {
    char *result = a->alloc_ptr;
''' + WITNESS + '''    ARENA_NONNULL(result);
    a->alloc_ptr = result + bytes;
''' + TAIL + '''    ARENA_TRACK_HANDOUT(result, bytes);''')
# The aligned fast path: the position rounded up to the next multiple of
# ARENA_ALIGNMENT (up - up % ARENA_ALIGNMENT) does not pass the block's end,
# which is itself a multiple; the result is taken one byte back from `step`.
# The fit check's line is in no anchor: prove.sh's control fit_wraps edits it.
h = sub(h, '''  uintptr_t ptr = (uintptr_t)a->alloc_ptr;
  uintptr_t up = ptr + (ARENA_ALIGNMENT - 1);
  size_t slop = (size_t)(up - up % ARENA_ALIGNMENT - ptr);
  size_t left = (size_t)((uintptr_t)a->alloc_end - ptr);
''', LEFT + '''  uintptr_t ptr = (uintptr_t)a->alloc_ptr;
  /*@ assert end_room: (uintptr_t)a->alloc_end <= UINTPTR_MAX - (ARENA_ALIGNMENT - 1); */
  /*@ assert ptr_room: ptr <= (uintptr_t)a->alloc_end; */
  uintptr_t up = ptr + (ARENA_ALIGNMENT - 1);
  size_t slop = (size_t)(up - up % ARENA_ALIGNMENT - ptr);
  /*@ assert slop_rounds: slop < ARENA_ALIGNMENT && (ptr + slop) % ARENA_ALIGNMENT == 0; */
  /*@ assert slop_fits: ptr + slop <= (uintptr_t)a->alloc_end; */
  size_t left = (size_t)((uintptr_t)a->alloc_end - ptr);
''' + LEFT_IS)
h = sub(h, '''    char *step = a->alloc_ptr + slop + 1;
    a->alloc_ptr = step + (bytes - 1);
    char *result = step - 1;
    ARENA_NONNULL(result);
    ARENA_TRACK_HANDOUT(result, bytes);''', '''    char *step = a->alloc_ptr + slop + 1;
    /*@ assert step_in: arena_within(step, bytes - 1, a->alloc_ptr, arena_left(a)); */
    a->alloc_ptr = step + (bytes - 1);
    char *result = step - 1;
    /*@ assert result_addr: (uintptr_t)result == ptr + slop; */
''' + WITNESS + '''    ARENA_NONNULL(result);
''' + TAIL + '''    ARENA_TRACK_HANDOUT(result, bytes);''')
write(f'{dst}/arena.h', h, shipped_h)

c = shipped_c
c = sub(c, '''static void emit(const arena *a,''', r'''/*@ requires \valid_read(a);
    requires a->on_event == \null || a->on_event == &arena_spec_event;
    assigns \nothing;
*/
static void emit(const arena *a,''')
c = sub(c, '''    a->on_event(a->event_ctx, &event);''', '''    /*@ calls arena_spec_event; */
    a->on_event(a->event_ctx, &event);''')
c = sub(c, '''static int aligned_pointer(const void *p) {''', r'''/*@ requires 0 <= (uintptr_t)p <= UINTPTR_MAX;
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> arena_aligned((char *)p);
*/
static int aligned_pointer(const void *p) {''')
c = sub(c, '''static int reserve_block_entry(arena *a) {''', REQ + r'''    assigns a->blocks, \at(a->blocks, Post)->next, \at(a->blocks, Post)->count,
            arena_spec_allocs, arena_spec_chunks, arena_spec_chunk[arena_spec_chunks];
''' + INV_ENSURES + r'''    ensures arena_same{Pre, Post}(a);
    ensures arena_chunk_step{Pre, Post};
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> a->blocks != \null && a->blocks->count < ARENA_CHUNK_ENTRIES;
*/
static int reserve_block_entry(arena *a) {''')
c = sub(c, '''  arena_block_chunk *chunk;
  chunk = a->allocator.allocate(a->allocator.ctx, sizeof(arena_block_chunk));
''', '''  arena_block_chunk *chunk;
  /*@ calls arena_spec_allocate; */
  chunk = a->allocator.allocate(a->allocator.ctx, sizeof(arena_block_chunk));
''')
c = sub(c, '''  if (!aligned_pointer(chunk)) {
    a->allocator.free(a->allocator.ctx, chunk, sizeof(arena_block_chunk));''', '''  if (!aligned_pointer(chunk)) {
    /*@ calls arena_spec_free; */
    a->allocator.free(a->allocator.ctx, chunk, sizeof(arena_block_chunk));''')
c = sub(c, '''  chunk->next = a->blocks;''', '''  /*@ assert new_chunk: \\base_addr(chunk) != \\base_addr(a) &&
        \\forall integer k; 0 <= k < arena_spec_chunks ==>
          \\base_addr(chunk) != \\base_addr(arena_spec_chunk[k]); */
  chunk->next = a->blocks;''')
c = sub(c, '''  a->blocks = chunk;
  return 1;''', '''  a->blocks = chunk;
  /*@ ghost arena_spec_chunk[arena_spec_chunks] = chunk; */
  /*@ ghost arena_spec_chunks++; */
  return 1;''')
c = sub(c, '''ARENA_STEP char *new_block(arena *a, size_t bytes, size_t request, int aligned) {''', REQ +
        r'''    requires 0 < bytes <= ARENA_MAX_REQUEST;
    assigns ''' + ASSIGNS_BLOCK + r''';
''' + INV_ENSURES + r'''    ensures arena_chunk_step{Pre, Post};
    ensures \result == \null ==> arena_same{Pre, Post}(a);
    ensures \result != \null ==>
      arena_added{Pre, Post}(a, bytes) &&
      \result == a->blocks->entries[a->blocks->count - 1].base &&
      arena_aligned(\result) && arena_linear(\result, bytes) &&
      \valid(\result + (0 .. bytes - 1)) && arena_apart(a, \result) &&
      a->alloc_ptr == \old(a->alloc_ptr) &&
      a->alloc_end == \old(a->alloc_end);
*/
ARENA_STEP char *new_block(arena *a, size_t bytes, size_t request, int aligned) {''')
c = sub(c, '''  if (reserve_block_entry(a)) {
    block = a->allocator.allocate(a->allocator.ctx, bytes);
  }
  if (block != NULL && !aligned_pointer(block)) {
    a->allocator.free(a->allocator.ctx, block, bytes);''', '''  if (reserve_block_entry(a)) {
    /*@ calls arena_spec_allocate; */
    block = a->allocator.allocate(a->allocator.ctx, bytes);
  }
  if (block != NULL && !aligned_pointer(block)) {
    /*@ calls arena_spec_free; */
    a->allocator.free(a->allocator.ctx, block, bytes);''')
c = sub(c, '''  ARENA_TRACK_RESERVE(block, bytes);
  arena_block *entry''', '''  /*@ assert aligned: arena_aligned(block); */
  /*@ assert newest: a->blocks == arena_spec_chunk[arena_spec_chunks - 1] &&
        \\valid(a->blocks) && a->blocks->count < ARENA_CHUNK_ENTRIES &&
        \\base_addr(a->blocks) != \\base_addr(a); */
  /*@ assert cur_elsewhere: a->alloc_ptr != \\null ==>
        \\separated(&arena_spec_chunk[arena_spec_cur_k]->entries[arena_spec_cur_e],
                   &a->blocks->entries[a->blocks->count], &a->blocks->count) &&
        \\separated(&arena_spec_chunk[arena_spec_cur_k]->count,
                   &a->blocks->entries[a->blocks->count]); */
  /*@ assert new_block: \\base_addr(block) != \\base_addr(a) &&
        \\base_addr(block) != \\base_addr(a->blocks) &&
        arena_older(\\base_addr(a)); */
  ARENA_TRACK_RESERVE(block, bytes);
  arena_block *entry''')
c = sub(c, '''  entry->bytes = bytes;
  a->blocks->count++;
  a->block_count++;
''', '''  entry->bytes = bytes;
  /*@ assert recorded: arena_chain_links(a) && arena_cur_record(a); */
  a->blocks->count++;
  a->block_count++;
''')
c = sub(c, '''ARENA_STEP void *fallback(arena *a, size_t bytes, int aligned) {''',
        FALLBACK_CONTRACT + '''ARENA_STEP void *fallback(arena *a, size_t bytes, int aligned) {''')
c = sub(c, '''    if (block != NULL) {
      ARENA_TRACK_HANDOUT(block, bytes);''', '''    if (block != NULL) {
      /*@ assert arena_in(a, arena_spec_chunks - 1, a->blocks->count - 1, block, bytes); */
      ARENA_TRACK_HANDOUT(block, bytes);''')
c = sub(c, '''  a->alloc_end = block + a->block_size;
  ARENA_TRACK_HANDOUT(block, bytes);''', '''  a->alloc_end = block + a->block_size;
  /*@ assert new_left: arena_left(a) == a->block_size - bytes; */
  /*@ assert new_tail: arena_aligned(a->alloc_end) &&
        arena_linear(a->alloc_ptr, arena_left(a)); */
  /*@ ghost arena_spec_cur_k = arena_spec_chunks - 1; */
  /*@ ghost arena_spec_cur_e = a->blocks->count - 1; */
  /*@ assert cur_entry: arena_spec_chunk[arena_spec_cur_k] == a->blocks &&
        a->blocks->entries[arena_spec_cur_e].base == block &&
        a->blocks->entries[arena_spec_cur_e].bytes == a->block_size; */
  /*@ assert cur_end: a->alloc_end == block + a->block_size; */
  /*@ assert arena_in(a, arena_spec_cur_k, arena_spec_cur_e, block, bytes); */
  /*@ assert tail_in: arena_in(a, arena_spec_cur_k, arena_spec_cur_e,
                               a->alloc_ptr, arena_left(a)); */
  ARENA_TRACK_HANDOUT(block, bytes);''')
write(f'{dst}/arena.c', c, shipped_c)
