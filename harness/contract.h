/* contract: what an arena under test declares about itself, as data. The
 * runner checks exactly what is declared, and every report starts with it. */
#ifndef HARNESS_CONTRACT_H
#define HARNESS_CONTRACT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a request of 0 bytes gives. */
typedef enum contract_zero {
  CONTRACT_ZERO_NULL,   /* NULL, nothing changes (our arena, LevelDB parity) */
  CONTRACT_ZERO_UNIQUE, /* a pointer no other live result equals or contains */
  CONTRACT_ZERO_ANY     /* any pointer, possibly the next object's: not checked */
} contract_zero;

/* What subject_memory_usage means. */
typedef enum contract_usage {
  CONTRACT_USAGE_HELD,      /* bytes held: >= live bytes and blocks held, never down */
  CONTRACT_USAGE_REQUESTED, /* bytes requested: fresh value + live bytes, exactly */
  CONTRACT_USAGE_NONE       /* not available: never called, nothing checked */
} contract_usage;

/* How the library shows a failed allocation (the adapter turns each into
 * NULL; the harness records which). */
typedef enum contract_failure {
  CONTRACT_FAIL_NULL,      /* returns NULL */
  CONTRACT_FAIL_EXCEPTION, /* throws (std::bad_alloc); the adapter catches it */
  CONTRACT_FAIL_HANDLER,   /* calls a handler that must not return; the adapter's jumps back */
  CONTRACT_FAIL_ABORT      /* ends the process: the harness never makes it fail */
} contract_failure;

/* Where blocks come from. */
typedef enum contract_blocks {
  CONTRACT_BLOCKS_OWN,            /* the library's own allocator: no faults, no ledger */
  CONTRACT_BLOCKS_HARNESS_SIZED,  /* subject_options' allocator, freed with the size */
  CONTRACT_BLOCKS_HARNESS_UNSIZED /* subject_options' allocator, freed without a size */
} contract_blocks;

/* No address space holds this many bytes (x86-64 user space is 2^47 bytes
 * with 4-level paging): every subject must give NULL for such a request,
 * whatever its contract says. */
#define CONTRACT_UNSATISFIABLE ((size_t)1 << 48)
/* Requests of at most this many bytes (and at most max_request) must succeed
 * unless the harness allocator failed during the call. */
#define CONTRACT_MUST_SUCCEED ((size_t)1 << 20)

/* At most this many known findings per contract. */
#define CONTRACT_MAX_KNOWN 8

typedef struct subject_contract {
  const char *name;    /* "obstack" */
  const char *library; /* "glibc 2.36 obstack (libc6 2.36-9)" */
  /* 1: LevelDB's policy byte for byte (paths, offsets, slop, usage, and every
   * block asked of the harness allocator exactly the model's), the strictest
   * contract; it requires zero NULL, usage held, failure NULL and unchanged,
   * blocks from the harness sized, alignment 8 and no alignment parameter. */
  int leveldb_parity;
  contract_zero zero;
  /* Requests above this must give NULL. Requests of at most
   * min(max_request, RUNNER_MUST_SUCCEED) bytes must succeed unless the
   * harness allocator failed during the call. Requests of RUNNER_UNSATISFIABLE
   * bytes or more must give NULL whatever is declared. */
  size_t max_request;
  size_t plain_alignment; /* every `allocate` result is a multiple of this (1: none) */
  size_t alignment;       /* every `aligned` result is a multiple of this */
  /* 0: `aligned` has the fixed alignment above. Else a power of two: the
   * subject takes an alignment parameter, any power of two up to this, and
   * the `align` operation chooses it. */
  size_t max_alignment;
  contract_usage usage;
  contract_failure failure;
  int unchanged_after_failure; /* 1: usage and every live byte unchanged by a failed call */
  contract_blocks blocks;
  int honours_block_size; /* 1: subject_options.block_size is the block size */
  int poisons; /* 1: under ASan the unused part of a block is poisoned (checked with parity only) */
  /* Findings this library is known to have (rule names, optionally followed
   * by a space and a text the finding's message contains), NULL-terminated
   * at most: a run records them but does not fail on them. Each must have a
   * reproduction that still shows it (subjects/<name>/findings/). */
  const char *known[CONTRACT_MAX_KNOWN];
  /* What the checks cannot see in this library (one line, for reports). */
  const char *blind_spots;
} subject_contract;

/* LevelDB parity's contract (alignment 8 assumes 64-bit pointers), for a
 * subject NAME of LIBRARY (string literals); POISONS as the field. */
#define CONTRACT_LEVELDB(NAME, LIBRARY, POISONS)                                             \
  {                                                                                          \
    NAME, LIBRARY, 1, CONTRACT_ZERO_NULL, (size_t)PTRDIFF_MAX, 1, 8, 0, CONTRACT_USAGE_HELD, \
        CONTRACT_FAIL_NULL, 1, CONTRACT_BLOCKS_HARNESS_SIZED, 1, POISONS, {NULL}, NULL       \
  }

/* 1 if the contract is internally consistent (see the fields); else 0 and
 * *why names the first problem. */
int contract_valid(const subject_contract *c, const char **why);

/* 1 if the blocks come from the harness allocator. */
int contract_harness_blocks(const subject_contract *c);

/* 1 if the contract says a request of n bytes must give NULL: above
 * max_request, CONTRACT_UNSATISFIABLE or more, or 0 with zero NULL. */
int contract_must_refuse(const subject_contract *c, size_t n);

/* 1 if a request of n bytes must succeed unless the harness allocator failed
 * during the call: not refused, at most min(max_request,
 * CONTRACT_MUST_SUCCEED), and not 0 with zero ANY. */
int contract_must_succeed(const subject_contract *c, size_t n);

/* Prints the contract, several "contract: ..." lines, to f. */
void contract_print(FILE *f, const subject_contract *c);

/* 1 if a finding of `rule` with `message` is one of c->known. The
 * environment variable ARENAFUZZ_IGNORE_KNOWN makes known findings fail like
 * any other (tools/time-to-find.sh measures how long a fuzzer takes to find
 * them): "1" or "all" for every rule, else a comma-separated list of rules. */
int contract_known(const subject_contract *c, const char *rule, const char *message);

#ifdef __cplusplus
}
#endif

#endif /* HARNESS_CONTRACT_H */
