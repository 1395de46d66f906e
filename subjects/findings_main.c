/* findings_main: checks one subject's recorded findings: its contract is
 * valid, each reproduction still shows the finding it names, and every
 * finding the contract lists as known has a reproduction. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/files.h"
#include "harness/contract.h"
#include "harness/op.h"
#include "harness/runner.h"
#include "harness/subject.h"
#include "harness/text.h"

/* A reproduction names its finding on a line "# finding: RULE". */
#define FINDING_TAG "# finding: "
#define MAX_FILE ((size_t)1 << 20)

/* The rule a file names (copied into rule); 0 if it names none. */
static int named_rule(const uint8_t *data, size_t size, char *rule, size_t cap) {
  size_t tag = strlen(FINDING_TAG);
  for (size_t i = 0; i + tag <= size; i++) {
    if ((i == 0 || data[i - 1] == '\n') && memcmp(data + i, FINDING_TAG, tag) == 0) {
      size_t n = 0;
      for (size_t j = i + tag; j < size && data[j] != '\n' && data[j] != ' ' && n + 1 < cap; j++) {
        rule[n++] = (char)data[j];
      }
      rule[n] = '\0';
      return n > 0;
    }
  }
  return 0;
}

/* Checks one reproduction; returns 1 if it shows its known finding. */
static int check_file(const char *path, char *rule, size_t cap) {
  uint8_t *data = NULL;
  size_t size = 0;
  char err[512];
  if (!files_read(path, MAX_FILE, &data, &size, err, sizeof err)) {
    fprintf(stderr, "FAIL %s\n", err);
    return 0;
  }
  program p;
  program_init(&p);
  int ok = 0;
  if (!named_rule(data, size, rule, cap)) {
    fprintf(stderr, "FAIL %s: no line '%sRULE'\n", path, FINDING_TAG);
  } else if (!text_parse((const char *)data, size, &p, err, sizeof err)) {
    fprintf(stderr, "FAIL %s: %s\n", path, err);
  } else {
    runner_options o = {0, 1, 1, NULL, NULL};
    runner_failure f;
    int passed = runner_run(&p, &o, NULL, &f);
    printf("%s:\n", path);
    runner_print_findings(stdout, &f, 0);
    for (size_t i = 0; i < f.count; i++) {
      if (strcmp(f.findings[i].rule, rule) == 0) {
        ok = f.findings[i].known;
        if (!ok) {
          fprintf(stderr, "FAIL %s: finding %s is not one the contract lists as known\n", path,
                  rule);
        }
      }
    }
    if (!passed) {
      fprintf(stderr, "FAIL %s: a finding the contract does not list: %s\n", path, f.message);
      ok = 0;
    } else if (!ok && f.count == 0) {
      fprintf(stderr,
              "FAIL %s: finding %s no longer shows (fixed? then delete the file and "
              "the contract's entry)\n",
              path, rule);
    }
  }
  program_free(&p);
  free(data);
  return ok;
}

int main(int argc, char **argv) {
  const subject_contract *c = subject_describe();
  contract_print(stdout, c);
  const char *why = NULL;
  if (!contract_valid(c, &why)) {
    fprintf(stderr, "FAIL the contract is not valid: %s\n", why);
    return 1;
  }
  int failures = 0;
  char rules[64][64];
  size_t nrules = 0;
  for (int i = 1; i < argc; i++) {
    char rule[64];
    if (!check_file(argv[i], rule, sizeof rule)) {
      failures++;
    } else if (nrules < 64) {
      snprintf(rules[nrules++], sizeof rules[0], "%s", rule);
    }
  }
  for (size_t k = 0; k < CONTRACT_MAX_KNOWN && c->known[k] != NULL; k++) {
    size_t n = strcspn(c->known[k], " ");
    int found = 0;
    for (size_t j = 0; j < nrules; j++) {
      found |= strlen(rules[j]) == n && strncmp(rules[j], c->known[k], n) == 0;
    }
    if (!found) {
      fprintf(stderr, "FAIL known finding '%s' has no reproduction in findings/\n", c->known[k]);
      failures++;
    }
  }
  printf("%s: %d reproductions checked, %d failed\n", c->name, argc - 1, failures);
  return failures == 0 ? 0 : 1;
}
