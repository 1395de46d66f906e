/* mutants: the planted bugs of the mutation self-test, one per number; the
 * build picks one with -DMUTANT=MUTANT_<NAME> (see BUILD and mutant_arena.c). */
#ifndef VERIFY_MUTANTS_MUTANTS_H
#define VERIFY_MUTANTS_MUTANTS_H

/* Lines "#define MUTANT_<NAME> <n> / * description * /" are also read by
 * selftest.sh and mutants_test.sh; keep one per line. */
#define MUTANT_NONE 0                          /* control: no bug, must never be caught */
#define MUTANT_FIT_OFF_BY_ONE 1                /* fast paths use < for <=: exact fits leave */
#define MUTANT_THRESHOLD_WRONG 2               /* dedicated from block/4 on (>= for >) */
#define MUTANT_SLOP_LOST 3                     /* aligned fast path does not charge the slop */
#define MUTANT_USAGE_MISCOUNTED 4              /* dedicated blocks charged without overhead */
#define MUTANT_USAGE_COUNTS_REQUESTS 5         /* usage = requested bytes + 8 a block */
#define MUTANT_ALIGNED_WRAP 6                  /* LevelDB's bytes + slop wrap, unchecked */
#define MUTANT_END_POINTER_WRAP 7              /* fit test ptr + bytes <= end wraps */
#define MUTANT_BLOCK_FREED_EARLY 8             /* old block freed when a new one is current */
#define MUTANT_TAIL_NOT_WASTED 9               /* small requests reuse the old block's tail */
#define MUTANT_MISALIGNED 10                   /* slop = address % 8, not up to the boundary */
#define MUTANT_STATE_CHANGED_BEFORE_FAILURE 11 /* current block dropped before allocating */
#define MUTANT_USAGE_CHARGED_BEFORE_FAILURE 12 /* usage charged before the allocator call */
#define MUTANT_DEDICATED_BECOMES_CURRENT 13    /* a dedicated block replaces the current one */
#define MUTANT_ZERO_NOT_REFUSED 14             /* allocate(0) returns the current position */
#define MUTANT_FALLBACK_PADDED 15              /* aligned fallback asks for bytes + slop */
#define MUTANT_BLOCK_SIZE_IGNORED 16           /* options.block_size read but 4096 used */
#define MUTANT_NEW_BLOCK_OVERLAP 17            /* new block's position not advanced */
#define MUTANT_DEDICATED_LEAKED 18             /* dedicated blocks never freed */
#define MUTANT_BLOCK_OVERSIZED 19              /* blocks take 64 bytes more than usage counts */
/* Controls named none_*: correct arenas with another allowed behaviour; they
 * must pass every input and are never counted as mutants. */
#define MUTANT_NONE_LEVELDB_REFUSAL 20 /* control: sizes > PTRDIFF_MAX go to the allocator */

#endif /* VERIFY_MUTANTS_MUTANTS_H */
