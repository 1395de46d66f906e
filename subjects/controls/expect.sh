#!/usr/bin/env bash
# expect: one negative (or positive) control of the contract checks: a replay
# binary on a corpus must fail with a finding of RULE, or pass (RULE "none").
# usage: expect.sh RULE BINARY CORPUS_DIR...
set -uo pipefail
if [ $# -lt 3 ]; then
  echo "usage: expect.sh RULE BINARY CORPUS_DIR..." >&2
  exit 2
fi
rule=$1 binary=$2
shift 2
log=$(mktemp "${TEST_TMPDIR:-/tmp}/expect.XXXXXX")
"$binary" "$@" >"$log" 2>&1
status=$?
if [ "$rule" = none ]; then
  if [ "$status" -ne 0 ]; then
    tail -n 20 "$log"
    echo "FAIL: $(basename "$binary") exited $status; a correct (or known-finding) subject must pass"
    exit 1
  fi
  echo "PASS: $(basename "$binary") passed: $(grep -c . "$log") lines of output"
  exit 0
fi
report=$(grep -m 1 -E "^arenafuzz: (api_fuzzer op [0-9]+ \([^)]*\): $rule: |.*$rule)" "$log" ||
  grep -m 1 -E "^arenafuzz: " "$log")
if [ "$status" -eq 0 ] || ! grep -qE "(: $rule: |finding $rule|^arenafuzz: .*$rule)" "$log"; then
  tail -n 20 "$log"
  echo "FAIL: $(basename "$binary") exited $status without a finding of $rule"
  exit 1
fi
echo "PASS: caught (exit $status): $report"
