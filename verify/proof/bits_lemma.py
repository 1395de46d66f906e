#!/usr/bin/python3
"""bits_lemma: proves, with z3 over all 64-bit values, the bit-level facts the
WP proof of arena/ takes as given (axiom arena_mask_is_mod in arena/acsl.h).

WP's provers reason about & on unbounded integers poorly, so the ACSL model
states one axiom: for every integer x in [0, UINTPTR_MAX],
    (x & (ARENA_ALIGNMENT - 1)) == x % ARENA_ALIGNMENT.
z3 proves it here for every 64-bit word, as bit-vectors and again as
integers, for ARENA_ALIGNMENT = 8 (LP64; bit-vectors also for 16).
It also re-checks, on 64-bit words, the aligned fast path's arithmetic in
arena_allocate_aligned: slop never exceeds the bytes left in a block that ends
on an alignment boundary, and the result is aligned.
Prints one line per fact; exits 1 if any fact fails, if the negative control
(a false variant) is not refuted, or if z3 is missing.
"""
import sys

try:
    import z3
except ImportError:
    print("bits_lemma: python3-z3 is not installed (apt-get install python3-z3)")
    sys.exit(1)

WIDTH = 64
WORD_MAX = (1 << WIDTH) - 1


def prove(name, claim):
    """Proves claim for all values of its free variables; returns success."""
    solver = z3.Solver()
    solver.add(z3.Not(claim))
    result = solver.check()
    if result == z3.unsat:
        print(f"bits_lemma: proved {name}")
        return True
    if result == z3.sat:
        print(f"bits_lemma: FAILED {name}: counterexample {solver.model()}")
    else:
        print(f"bits_lemma: FAILED {name}: z3 answered {result}")
    return False


def mask_is_mod_bv(align):
    """(x & (align - 1)) == x % align for every 64-bit word x (unsigned)."""
    x = z3.BitVec("x", WIDTH)
    return z3.ForAll([x], (x & (align - 1)) == z3.URem(x, align))


def mask_is_mod_int(align):
    """The axiom as ACSL states it, on integers 0 <= x <= UINTPTR_MAX: & is
    taken on the 64-bit encoding of x, read back as an unsigned integer."""
    x = z3.Int("x")
    masked = z3.BV2Int(z3.Int2BV(x, WIDTH) & (align - 1), is_signed=False)
    return z3.ForAll([x], z3.Implies(z3.And(0 <= x, x <= WORD_MAX), masked == x % align))


def aligned_fast_path(align):
    """arena_allocate_aligned on 64-bit words: if the current block's end
    (ptr + remaining, no wrap) is aligned, then rounding ptr up
    (up = ptr + align - 1, aligned = up - up % align) wraps nowhere, the slop
    (aligned - ptr) does not exceed remaining, and ptr + slop is aligned;
    that is what lets `remaining - slop` not wrap."""
    ptr, remaining = z3.BitVecs("ptr remaining", WIDTH)
    mask = align - 1
    up = ptr + mask
    slop = up - z3.URem(up, align) - ptr
    end_ok = z3.And(z3.BVAddNoOverflow(ptr, remaining, False), ((ptr + remaining) & mask) == 0)
    return z3.ForAll(
        [ptr, remaining],
        z3.Implies(
            end_ok,
            z3.And(z3.BVAddNoOverflow(ptr, z3.BitVecVal(mask, WIDTH), False),
                   z3.UGE(up - z3.URem(up, align), ptr),
                   z3.ULE(slop, remaining), ((ptr + slop) & mask) == 0,
                   z3.BVAddNoOverflow(ptr, slop, False))))


def control():
    """Negative control: a false variant of the axiom (mask 7, modulus 16)
    must get a counterexample, or z3 is not checking anything."""
    x = z3.BitVec("x", WIDTH)
    solver = z3.Solver()
    solver.add(z3.Not(z3.ForAll([x], (x & 7) == z3.URem(x, 16))))
    if solver.check() == z3.sat:
        print("bits_lemma: control: the false variant x & 7 == x % 16 was refused, as it should be")
        return True
    print("bits_lemma: FAILED control: z3 did not refute x & 7 == x % 16")
    return False


def main():
    ok = control()
    # ARENA_ALIGNMENT is 8 on the LP64 target the proof models (gcc_x86_64);
    # the word-level facts are also checked for 16, had pointers been wider.
    ok &= prove("mask_is_mod (integers, alignment 8)", mask_is_mod_int(8))
    for align in (8, 16):
        ok &= prove(f"mask_is_mod (bit-vectors, alignment {align})", mask_is_mod_bv(align))
        ok &= prove(f"aligned_fast_path (alignment {align})", aligned_fast_path(align))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
