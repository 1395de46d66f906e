#!/usr/bin/env bash
# expect_caught: a negative control of arena_api_fuzzer: the planted-bug copy of
# arena/arena.c must differ from the original, and the fuzzer built on it must
# abort on the shipped corpus with its one-line "arenafuzz: arena_api_fuzzer"
# report (or a sanitizer's report of the same bug).
# usage: expect_caught.sh NAME ORIGINAL_ARENA_C PLANTED_ARENA_C FUZZER CORPUS_DIR
set -uo pipefail
if [ $# -ne 5 ]; then
  echo "usage: expect_caught.sh NAME ORIGINAL_ARENA_C PLANTED_ARENA_C FUZZER CORPUS_DIR" >&2
  exit 2
fi
name=$1 original=$2 planted=$3 fuzzer=$4 corpus=$5
if cmp -s "$original" "$planted"; then
  echo "FAIL: $name: the planted bug no longer applies to arena/arena.c (its sed pattern in" \
    "fuzz/api_controls/BUILD matches nothing): update the pattern"
  exit 1
fi
echo "planted: $name"
diff "$original" "$planted" | sed 's/^/  /'
log=$(mktemp "${TEST_TMPDIR:-/tmp}/expect_caught.XXXXXX")
"$fuzzer" "$corpus" >"$log" 2>&1
status=$?
# Caught: the fuzzer's own one-line report, or a sanitizer's (an input merged
# from a fuzzing session may reach the planted bug through a path where UBSan
# or ASan sees it first, as for the mutants of verify/mutants).
report=$(grep -m 1 -E '^arenafuzz: arena_api_fuzzer op |runtime error: |ERROR: AddressSanitizer' "$log")
if [ "$status" -eq 0 ] || [ -z "$report" ]; then
  tail -n 20 "$log"
  echo "FAIL: $name: arena_api_fuzzer on the shipped corpus exited $status without a report"
  exit 1
fi
echo "PASS: $name caught (exit $status): $report"
