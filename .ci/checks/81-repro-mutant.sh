#!/usr/bin/env bash
# CI check: from a crash to a regression test. Fuzzing a broken arena of the
# mutation self-test (fit_off_by_one) finds a crash; tools/repro.sh with
# --subject reproduces it (marked program, expected vs actual, exit 1),
# --minimize shrinks it, --save writes corpus/regressions/NAME.{bin,txt};
# bazel test //fuzz:ops_fuzzer_test picks it up and passes on our arena, the
# saved input passes on our arena (exit 0) and fails on the mutant.
# The saved files are removed at the end. Then a library's known finding
# through repro.sh, and tools/time-to-find.sh on a planted defect.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

mutant=//verify/mutants:fit_off_by_one
name="ci-check-81-$$"
tmp=$(mktemp -d)
cleanup() {
  rm -rf "$tmp"
  rm -f "corpus/regressions/$name.bin" "corpus/regressions/$name.txt"
}
trap cleanup EXIT
failed=0
bad() {
  echo "repro-mutant: FAIL: $*"
  failed=1
}
# shellcheck source=.ci/bazel.sh
source .ci/bazel.sh # the scripts run from the checkout root (cd above)

# 1. Find a crash against the mutant.
tools/fuzz.sh --time 20 --subject "$mutant" --out "$tmp/session" ops_fuzzer >"$tmp/session.log" 2>&1
rc=$?
sed -n '/=== fuzzing session summary/,$p' "$tmp/session.log"
[ "$rc" -eq 1 ] || bad "fuzzing $mutant exited $rc (expected 1: crashes found)"
crash=$(awk '/^crashes \(one file per signature/ { s = 1; next }
  s && $2 ~ /^x[0-9]+$/ { getline sig; if (sig !~ /did not reproduce/) { print $3; exit } }' "$tmp/session.log")
if [ -z "$crash" ] || [ ! -f "$crash" ]; then
  bad "no reproducible crash listed in the summary"
  exit 1
fi
echo "repro-mutant: crash $crash"

# 2. Reproduce, minimize, save.
tools/repro.sh --subject "$mutant" --minimize --save "$name" "$crash" >"$tmp/repro.log" 2>&1
rc=$?
grep -v '^    #' "$tmp/repro.log"
[ "$rc" -eq 1 ] || bad "repro.sh on the mutant exited $rc (expected 1: bug present)"
grep -q '# <-- failed here' "$tmp/repro.log" || bad "no marked operation"
grep -q "^FAILED on subject 'fit_off_by_one': [a-z-]*: op [0-9]* (.*expected" "$tmp/repro.log" || bad "no expected-vs-actual line"
grep -q '^program_min: [0-9]* -> [0-9]* operations' "$tmp/repro.log" || bad "no minimization"
for ext in bin txt; do
  [ -s "corpus/regressions/$name.$ext" ] || bad "corpus/regressions/$name.$ext not written"
done

# 3. The regression test: part of //fuzz:ops_fuzzer_test, passes on our arena.
if ! bazel_cmd query 'labels(srcs, //corpus:regressions)' 2>/dev/null | grep -q "$name.bin"; then
  bad "//corpus:regressions (data of //fuzz:ops_fuzzer_test) does not list $name.bin"
fi
if ! bazel_cmd test //fuzz:ops_fuzzer_test >"$tmp/test.log" 2>&1; then
  tail -n 20 "$tmp/test.log"
  bad "bazel test //fuzz:ops_fuzzer_test fails on our arena with the new regression"
fi
for ext in bin txt; do
  tools/repro.sh "corpus/regressions/$name.$ext" >"$tmp/fixed.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] || bad "repro.sh $name.$ext on our arena exited $rc (expected 0)"
  tools/repro.sh --subject "$mutant" "corpus/regressions/$name.$ext" >"$tmp/still.log" 2>&1
  rc=$?
  [ "$rc" -eq 1 ] || bad "repro.sh $name.$ext on the mutant exited $rc (expected 1)"
done
# Negative control: the same test target on the mutant must fail.
if bazel_cmd test //fuzz:ops_fuzzer_test --//harness:subject="$mutant" >"$tmp/neg.log" 2>&1; then
  bad "bazel test //fuzz:ops_fuzzer_test passes on $mutant (the replay test catches nothing)"
fi

# 4. A library's known finding: its reproduction passes a plain replay, and
# repro.sh still says the defect is there (exit 1) and names it; the
# time-to-find tool finds a planted one from nothing.
known=subjects/mimalloc/findings/alignment.txt
tools/repro.sh --subject //subjects/mimalloc "$known" >"$tmp/known.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] || bad "repro.sh $known exited $rc (expected 1: a known finding is a defect present)"
grep -q "^arenafuzz: finding alignment (known): " "$tmp/known.log" || bad "repro.sh $known does not name the known finding"
grep -q "^RESULT: only findings that //subjects/mimalloc's contract lists as known" "$tmp/known.log" ||
  bad "repro.sh $known does not say the finding is a known one"
tools/time-to-find.sh --subject //subjects/controls:huge_given --from empty --time 60 --seeds 1 \
  --rule huge-request >"$tmp/ttf.log" 2>&1
rc=$?
cat "$tmp/ttf.log"
[ "$rc" -eq 0 ] || bad "time-to-find did not find the planted huge-request (exit $rc)"

if [ "$failed" -ne 0 ]; then
  echo "repro-mutant: FAILED"
  exit 1
fi
echo "repro-mutant: crash on $mutant reproduced, minimized to $(grep -c . "corpus/regressions/$name.txt") lines, saved, replayed by bazel test"
