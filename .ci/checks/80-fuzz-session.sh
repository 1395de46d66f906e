#!/usr/bin/env bash
# CI check: the README's main job, short. tools/fuzz.sh runs every fuzzer for
# 20 s and prints the summary (no crash, corpus/ untouched); Ctrl-C in a session
# keeps its findings and still prints the summary; bad input to the tools gets
# a one-line error and exit status 2.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
bad() {
  echo "fuzz-session: FAIL: $*"
  failed=1
}
corpus_sum() { find corpus -type f -print0 | sort -z | xargs -0 sha1sum | sha1sum; }
mapfile -t fuzzers < <(for f in fuzz/*_fuzzer.c; do basename "$f" .c; done)

# 1. A bounded session of every fuzzer.
before=$(corpus_sum)
tools/fuzz.sh --time 20 --progress 10 --out "$tmp/session" >"$tmp/session.log" 2>&1
rc=$?
sed -n '/=== fuzzing session summary/,$p' "$tmp/session.log"
[ "$rc" -eq 0 ] || bad "tools/fuzz.sh --time 20 exited $rc (expected 0: no crash on our arena)"
for n in "${fuzzers[@]}"; do
  execs=$(awk -v n="$n" '/=== fuzzing session summary/ { s = 1 } s && $1 == n { print $2 }' "$tmp/session.log")
  case $execs in
    '' | *[!0-9]*) bad "no summary row with executions for $n" ;;
    *) [ "$execs" -gt 0 ] || bad "$n executed nothing" ;;
  esac
done
grep -q '^no crashes\.$' "$tmp/session.log" || bad "the summary does not say 'no crashes.'"
grep -q '^\[ *10s/20s\]' "$tmp/session.log" || bad "no live progress line"
[ "$(corpus_sum)" = "$before" ] || bad "the session wrote into corpus/"

# 2. Ctrl-C: SIGINT to the session's process group, as a terminal sends it.
set -m
tools/fuzz.sh --time 600 --progress 3 --out "$tmp/stopped" >"$tmp/stopped.log" 2>&1 &
pid=$!
set +m
for _ in $(seq 240); do
  grep -q '^\[' "$tmp/stopped.log" && break
  sleep 1
done
sleep 2
kill -INT -- "-$pid" 2>/dev/null
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || bad "interrupted session exited $rc (expected 130)"
grep -q '^interrupted: ' "$tmp/stopped.log" || bad "no 'interrupted' message"
grep -q '=== fuzzing session summary' "$tmp/stopped.log" || bad "no summary after Ctrl-C"
kept=$(find "$tmp/stopped" -path '*/corpus/*' -type f | wc -l)
shipped=$(for n in "${fuzzers[@]}"; do find "corpus/$n" -maxdepth 1 -type f; done | wc -l)
[ "$kept" -ge "$shipped" ] || bad "after Ctrl-C only $kept inputs kept (shipped corpus: $shipped)"
if pgrep -f "$tmp/stopped/bin/" >/dev/null; then bad "fuzzer processes outlived the session"; fi

# 3. Bad input: exit status 2 and exactly one line saying "error:" on stderr.
printf '# arenafuzz program\nallocate lots\n' >"$tmp/garbage.txt"
: >"$tmp/empty"
head -c $((2 << 20)) /dev/zero >"$tmp/huge"
expect_error() { # WHAT COMMAND...
  local what=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$? lines
  lines=$(grep -c 'error:' "$tmp/err")
  if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || [ "$(grep -vc '^$' "$tmp/err")" -ne 1 ]; then
    bad "$what: exit $rc, stderr: $(head -c 300 "$tmp/err")"
  else
    echo "fuzz-session: $what -> $(cat "$tmp/err")"
  fi
}
expect_error "repro, missing file" tools/repro.sh "$tmp/no-such-file"
expect_error "repro, directory" tools/repro.sh corpus
expect_error "repro, empty file" tools/repro.sh "$tmp/empty"
expect_error "repro, huge file" tools/repro.sh "$tmp/huge"
expect_error "repro, garbage text form" tools/repro.sh "$tmp/garbage.txt"
expect_error "repro, bad --save name" tools/repro.sh --save ../x corpus/ops_fuzzer/golden-dedicated-1025.txt
expect_error "fuzz, bad --time" tools/fuzz.sh --time soon
expect_error "fuzz, unknown fuzzer" tools/fuzz.sh no_such_fuzzer
expect_error "merge, missing directory" tools/merge.sh "$tmp/no-such-dir"
expect_error "merge, from corpus/" tools/merge.sh --fuzzer ops_fuzzer corpus/ops_fuzzer
expect_error "coverage, missing corpus" tools/coverage.sh --corpus "$tmp/no-such-dir"
expect_error "afl, bad --jobs" tools/afl.sh --jobs 0
expect_error "minimize-corpus, unknown fuzzer" tools/minimize-corpus.sh no_such_fuzzer
expect_error "oss-fuzz, unknown build" tools/oss-fuzz.sh memory
# Nothing a user wrote is overwritten or lost; no silent no-op.
expect_error "fuzz, --out inside corpus/" tools/fuzz.sh --time 5 --out corpus/ops_fuzzer/new ops_fuzzer
[ -e corpus/ops_fuzzer/new ] && bad "fuzz.sh created corpus/ops_fuzzer/new"
expect_error "fuzz, a bad --subject" tools/fuzz.sh --time 5 --subject //verify/mutants:no_such --out "$tmp/unused" ops_fuzzer
[ -e "$tmp/unused" ] && bad "a failed build used up --out $tmp/unused"
expect_error "repro, empty --save=" tools/repro.sh --save= corpus/ops_fuzzer/golden-dedicated-1025.txt
expect_error "repro, --save of a passing input" tools/repro.sh --save ci-80-passes corpus/ops_fuzzer/golden-dedicated-1025.txt
[ -e corpus/regressions/ci-80-passes.txt ] && bad "repro.sh saved a passing input"
mkdir -p "$tmp/empty-dir"
expect_error "coverage, empty --corpus" tools/coverage.sh --corpus "$tmp/empty-dir"
# shellcheck source=.ci/bazel.sh
source .ci/bazel.sh # the scripts run from the checkout root (cd above)
# The replay binary and program_dump of the default build, found with bazel info.
bin=$(bazel_cmd info bazel-bin 2>/dev/null)
if bazel_cmd build //fuzz:ops_fuzzer //tools:program_dump >/dev/null 2>&1; then
  mkfifo "$tmp/fifo"
  expect_error_any() { # WHAT COMMAND...: exit 2 and one stderr line (the replay's own wording)
    local what=$1
    shift
    timeout 20 "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -ne 2 ] || [ "$(grep -vc '^$' "$tmp/err")" -ne 1 ]; then
      bad "$what: exit $rc, stderr: $(head -c 300 "$tmp/err")"
    else
      echo "fuzz-session: $what -> $(cat "$tmp/err")"
    fi
  }
  expect_error_any "replay, a FIFO" "$bin/fuzz/ops_fuzzer" "$tmp/fifo"
  expect_error_any "replay, an empty directory" "$bin/fuzz/ops_fuzzer" "$tmp/empty-dir"
  [ -z "$(ls -A "$tmp/empty-dir")" ] || bad "the replay wrote into the directory it was given"
  cp corpus/ops_fuzzer/golden-dedicated-1025.txt "$tmp/in.txt"
  expect_error "program_dump --text INPUT INPUT" "$bin/tools/program_dump" --text "$tmp/in.txt" "$tmp/in.txt"
  expect_error "program_dump --binary INPUT INPUT" "$bin/tools/program_dump" --binary "$tmp/in.txt" "$tmp/in.txt"
  expect_error "program_dump --text EXISTING" "$bin/tools/program_dump" --text "$tmp/garbage.txt" "$tmp/in.txt"
  cmp -s "$tmp/in.txt" corpus/ops_fuzzer/golden-dedicated-1025.txt || bad "program_dump changed its input"
else
  bad "bazel build //fuzz:ops_fuzzer //tools:program_dump failed"
fi

if [ "$failed" -ne 0 ]; then
  echo "fuzz-session: FAILED (logs above)"
  exit 1
fi
echo "fuzz-session: ${#fuzzers[@]} fuzzers ran 20 s with a summary, Ctrl-C kept $kept inputs, 25 bad inputs refused"
