#!/usr/bin/env bash
# 45-mutants: the mutation self-test (GitHub issues 3 and 5). libFuzzer must
# catch every planted bug from an empty corpus within the budget, and a crash
# found against a mutant must reproduce through --//harness:subject.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

# shellcheck source=.ci/bazel.sh
source .ci/bazel.sh # the scripts run from the checkout root (cd above)

crashes=$(mktemp -d "${TMPDIR:-/tmp}/mutants-check.XXXXXX") || exit 1
trap 'rm -rf "$crashes"' EXIT

# 1. Time to detection: every mutant, 3 seeds, at most 10 s a run, 2 at a time.
echo "--- selftest: every mutant fuzzed from an empty corpus (3 seeds, 10 s budget)"
if ! verify/mutants/selftest.sh --time 10 --seeds 3 --jobs 2 --keep "$crashes"; then
  echo "45-mutants: FAILED: the self-test let a mutant survive (see the table)"
  exit 1
fi

# The same script must fail when a "mutant" survives: the bug-free control.
echo "--- negative control: the bug-free 'none' named as a mutant must fail the self-test"
if verify/mutants/selftest.sh --time 2 --seeds 1 none >"$crashes/none.log" 2>&1; then
  echo "45-mutants: FAILED: selftest.sh passed with a mutant that has no bug"
  cat "$crashes/none.log"
  exit 1
fi
grep -E '^\| none ' "$crashes/none.log"

# 2. Reproduction: the saved crash of a mutant, replayed by //fuzz:ops_fuzzer
# built against that mutant, must fail; against our arena it must pass.
check_repro() { # check_repro MUTANT
  local m=$1 crash="$crashes/$1.crash" out rc bin
  [ -f "$crash" ] || { echo "45-mutants: FAILED: no crash saved for $m"; return 1; }
  bazel_cmd build "--//harness:subject=//verify/mutants:$m" //fuzz:ops_fuzzer >/dev/null 2>&1 ||
    { echo "45-mutants: FAILED: cannot build //fuzz:ops_fuzzer against $m"; return 1; }
  bin=$(bazel_cmd info "--//harness:subject=//verify/mutants:$m" bazel-bin 2>/dev/null)/fuzz/ops_fuzzer
  out=$("$bin" "$crash" 2>&1)
  rc=$?
  if [ "$rc" -eq 0 ] || ! grep -q '^arenafuzz: ' <<<"$out"; then
    echo "45-mutants: FAILED: the crash found against $m does not reproduce (exit $rc)"
    return 1
  fi
  echo "reproduced $m: $(grep -m1 '^arenafuzz: ' <<<"$out")"
  bazel_cmd build //fuzz:ops_fuzzer >/dev/null 2>&1 ||
    { echo "45-mutants: FAILED: cannot build //fuzz:ops_fuzzer"; return 1; }
  bin=$(bazel_cmd info bazel-bin 2>/dev/null)/fuzz/ops_fuzzer
  if ! out=$("$bin" "$crash" 2>&1); then
    echo "45-mutants: FAILED: the $m crash input also fails our arena:"
    tail -n 5 <<<"$out"
    return 1
  fi
  echo "our arena passes the same input"
}
echo "--- reproduction with --//harness:subject=//verify/mutants:<name>"
check_repro threshold_wrong || exit 1
echo "45-mutants: passed"
