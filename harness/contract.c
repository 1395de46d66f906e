/* contract: checking that a declared contract is consistent, printing it at
 * the top of reports, and matching findings against its known ones. */
#include "harness/contract.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int is_power_of_two(size_t n) { return n != 0 && (n & (n - 1)) == 0; }

static int bad(const char **why, const char *text) {
  if (why != NULL) {
    *why = text;
  }
  return 0;
}

int contract_harness_blocks(const subject_contract *c) {
  assert(c != NULL);
  return c->blocks != CONTRACT_BLOCKS_OWN;
}

int contract_valid(const subject_contract *c, const char **why) {
  assert(c != NULL);
  if (c->name == NULL || c->name[0] == '\0' || c->library == NULL) {
    return bad(why, "no name or library");
  }
  if (!is_power_of_two(c->plain_alignment) || !is_power_of_two(c->alignment)) {
    return bad(why, "alignments must be powers of two");
  }
  if (c->max_alignment != 0 &&
      (!is_power_of_two(c->max_alignment) || c->max_alignment < c->alignment)) {
    return bad(why, "max_alignment must be 0 or a power of two >= alignment");
  }
  if (c->max_request == 0) {
    return bad(why, "max_request is 0");
  }
  if (c->failure == CONTRACT_FAIL_ABORT && contract_harness_blocks(c)) {
    return bad(why, "a library that aborts on failure cannot take blocks the harness fails");
  }
  if (c->leveldb_parity &&
      (c->zero != CONTRACT_ZERO_NULL || c->usage != CONTRACT_USAGE_HELD ||
       c->failure != CONTRACT_FAIL_NULL || !c->unchanged_after_failure ||
       c->blocks != CONTRACT_BLOCKS_HARNESS_SIZED || c->alignment != 8 || c->max_alignment != 0 ||
       c->plain_alignment != 1 || c->max_request > PTRDIFF_MAX)) {
    return bad(why,
               "LevelDB parity needs zero NULL, usage held, failure NULL and unchanged, "
               "sized harness blocks, alignment 8, plain alignment 1, no parameter");
  }
  for (size_t i = 0; i < CONTRACT_MAX_KNOWN && c->known[i] != NULL; i++) {
    if (c->known[i][0] == '\0' || c->known[i][0] == ' ') {
      return bad(why, "a known finding must start with a rule name");
    }
  }
  return 1;
}

int contract_must_refuse(const subject_contract *c, size_t n) {
  assert(c != NULL);
  return n > c->max_request || n >= CONTRACT_UNSATISFIABLE ||
         (n == 0 && c->zero == CONTRACT_ZERO_NULL);
}

int contract_must_succeed(const subject_contract *c, size_t n) {
  assert(c != NULL);
  return !contract_must_refuse(c, n) && n <= c->max_request && n <= CONTRACT_MUST_SUCCEED &&
         !(n == 0 && c->zero == CONTRACT_ZERO_ANY);
}

static const char *zero_name(contract_zero z) {
  switch (z) {
    case CONTRACT_ZERO_NULL:
      return "NULL";
    case CONTRACT_ZERO_UNIQUE:
      return "a unique pointer";
    case CONTRACT_ZERO_ANY:
      return "any pointer (not checked)";
  }
  return "?";
}

static const char *usage_name(contract_usage u) {
  switch (u) {
    case CONTRACT_USAGE_HELD:
      return "bytes held";
    case CONTRACT_USAGE_REQUESTED:
      return "bytes requested";
    case CONTRACT_USAGE_NONE:
      return "not available (not checked)";
  }
  return "?";
}

static const char *failure_name(contract_failure f) {
  switch (f) {
    case CONTRACT_FAIL_NULL:
      return "NULL";
    case CONTRACT_FAIL_EXCEPTION:
      return "a C++ exception";
    case CONTRACT_FAIL_HANDLER:
      return "a handler that does not return";
    case CONTRACT_FAIL_ABORT:
      return "abort (never provoked)";
  }
  return "?";
}

static const char *blocks_name(contract_blocks b) {
  switch (b) {
    case CONTRACT_BLOCKS_OWN:
      return "its own allocator (no faults injected)";
    case CONTRACT_BLOCKS_HARNESS_SIZED:
      return "the harness allocator, freed with their size";
    case CONTRACT_BLOCKS_HARNESS_UNSIZED:
      return "the harness allocator, freed without a size";
  }
  return "?";
}

void contract_print(FILE *f, const subject_contract *c) {
  assert(f != NULL && c != NULL);
  fprintf(f, "contract: subject %s: %s\n", c->name, c->library);
  if (c->leveldb_parity) {
    fprintf(f,
            "contract:   LevelDB parity: paths, offsets, slop, usage and blocks byte for byte\n");
  }
  fprintf(f, "contract:   0 bytes: %s; above %zu bytes: NULL\n", zero_name(c->zero),
          c->max_request);
  if (c->max_alignment != 0) {
    fprintf(f, "contract:   alignment: plain %zu, aligned any power of two up to %zu\n",
            c->plain_alignment, c->max_alignment);
  } else {
    fprintf(f, "contract:   alignment: plain %zu, aligned %zu\n", c->plain_alignment, c->alignment);
  }
  fprintf(f, "contract:   usage: %s; failure: %s, %s afterwards\n", usage_name(c->usage),
          failure_name(c->failure), c->unchanged_after_failure ? "unchanged" : "may change");
  fprintf(f, "contract:   blocks: %s%s\n", blocks_name(c->blocks),
          c->honours_block_size ? ", of the harness's block size" : "");
  for (size_t i = 0; i < CONTRACT_MAX_KNOWN && c->known[i] != NULL; i++) {
    fprintf(f, "contract:   known finding: %s\n", c->known[i]);
  }
  if (c->blind_spots != NULL) {
    fprintf(f, "contract:   not seen: %s\n", c->blind_spots);
  }
}

/* 1 if ARENAFUZZ_IGNORE_KNOWN asks that a known finding of `rule` count. */
static int ignored(const char *rule) {
  const char *env = getenv("ARENAFUZZ_IGNORE_KNOWN");
  if (env == NULL) {
    return 0;
  }
  for (const char *p = env; *p != '\0';) {
    size_t n = strcspn(p, ",");
    if (n == strlen(rule) && strncmp(p, rule, n) == 0) {
      return 1;
    }
    p += n + (p[n] == ',');
  }
  return strcmp(env, "1") == 0 || strcmp(env, "all") == 0;
}

int contract_known(const subject_contract *c, const char *rule, const char *message) {
  assert(c != NULL && rule != NULL && message != NULL);
  if (c->known[0] == NULL || ignored(rule)) {
    return 0;
  }
  size_t n = strlen(rule);
  for (size_t i = 0; i < CONTRACT_MAX_KNOWN && c->known[i] != NULL; i++) {
    const char *k = c->known[i];
    if (strncmp(k, rule, n) != 0 || (k[n] != '\0' && k[n] != ' ')) {
      continue;
    }
    if (k[n] == '\0' || strstr(message, k + n + 1) != NULL) {
      return 1;
    }
  }
  return 0;
}
