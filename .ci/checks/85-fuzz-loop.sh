#!/usr/bin/env bash
# CI check: the overnight loop in miniature. Every fuzzer for 30 s from the
# shipped corpus -> merge.sh -> a second session -> merge.sh -> minimize-corpus.sh
# (default, then --all) -> bazel test //... passes -> coverage.sh --corpus
# SESSION reports from the session's inputs. Fails if a replay binary rejects
# any input a session kept or merge.sh added. corpus/ is saved first and
# restored at the end (also on failure or Ctrl-C).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
root=$PWD

seconds=${AF_LOOP_SECONDS:-30}
tmp=$(mktemp -d)
tar -C "$root" -cf "$tmp/corpus.tar" corpus || {
  echo "fuzz-loop: FAIL: cannot save corpus/"
  exit 1
}
restore() {
  rm -rf "$root/corpus" && tar -C "$root" -xf "$tmp/corpus.tar" && rm -rf "$tmp"
}
trap restore EXIT
trap 'exit 130' INT TERM HUP
failed=0
bad() {
  echo "fuzz-loop: FAIL: $*"
  failed=1
}
# shellcheck source=.ci/bazel.sh
source .ci/bazel.sh # the scripts run from the checkout root (cd above)
mapfile -t fuzzers < <(for f in fuzz/*_fuzzer.c; do basename "$f" .c; done)
count() { find "$1" -maxdepth 1 -type f 2>/dev/null | wc -l; }

# The replay binaries bazel test runs (default config), found with bazel info.
targets=()
for n in "${fuzzers[@]}"; do targets+=("//fuzz:$n"); done
bazel_cmd build --jobs=2 "${targets[@]}" >"$tmp/build.log" 2>&1 || {
  tail -n 20 "$tmp/build.log"
  bad "bazel build of the replay binaries failed"
  exit 1
}
bin=$(bazel_cmd info bazel-bin 2>/dev/null)/fuzz
for n in "${fuzzers[@]}"; do
  cp "$bin/$n" "$tmp/$n.replay" || bad "no replay binary $bin/$n"
done

# replay_count BINARY DIR: replays DIR; prints "EXIT REJECTED REPLAYED".
replay_count() {
  (cd "$tmp" && "$1" "$2") >"$tmp/replay.log" 2>&1
  local rc=$?
  echo "$rc $(grep -c 'rejected by the fuzz target' "$tmp/replay.log")" \
    "$(sed -n 's/^replayed \([0-9]*\) inputs$/\1/p' "$tmp/replay.log")"
}

# replay_check LABEL DIR FUZZER: every input of DIR must be accepted by the
# replay binary; records the number rejected.
declare -A rejected_of
replay_check() {
  local label=$1 dir=$2 n=$3 files rc rejected replayed
  files=$(count "$dir")
  [ "$files" -gt 0 ] || return 0
  read -r rc rejected replayed <<<"$(replay_count "$tmp/$n.replay" "$dir")"
  rejected_of[$label/$n]=$rejected
  if [ "$rc" -ne 0 ] || [ "$rejected" -ne 0 ] || [ "${replayed:-0}" -ne "$files" ]; then
    grep -m 5 -E 'rejected|ERROR|error|replay:' "$tmp/replay.log"
    bad "$label: the replay of $n's $files inputs exited $rc, $rejected rejected"
  fi
}

# Negative control of the replay check: a target that rejects the inputs
# starting with 'R' (built here with the real replay driver) must be seen.
cat >"$tmp/rejecter.c" <<'EOF_C'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return size > 0 && data[0] == 'R' ? -1 : 0;
}
EOF_C
mkdir -p "$tmp/control"
printf 'R' >"$tmp/control/a"
printf 'x' >"$tmp/control/b"
if clang -std=c11 -I. -o "$tmp/rejecter" "$tmp/rejecter.c" fuzz/replay_main.c fuzz/files.c 2>"$tmp/cc.log"; then
  read -r rc rejected replayed <<<"$(replay_count "$tmp/rejecter" "$tmp/control")"
  if [ "$rc" -ne 0 ] && [ "$rejected" -eq 1 ] && [ "$replayed" -eq 2 ]; then
    echo "fuzz-loop: control: a target that rejects 1 of 2 inputs: replay exit $rc, $rejected rejected"
  else
    bad "control: the replay check missed a rejected input (exit $rc, $rejected rejected, $replayed replayed)"
  fi
else
  head -n 5 "$tmp/cc.log"
  bad "control: cannot build the rejecting target"
fi

# One session and its merge. ROUND: 1 or 2.
declare -A merged_of total_of
session() {
  local round=$1 out="$tmp/session$1"
  shift
  local merge_flags=("$@")
  tools/fuzz.sh --time "$seconds" --jobs 2 --progress 30 --out "$out" >"$tmp/s$round.log" 2>&1
  local rc=$?
  sed -n '/=== fuzzing session summary/,/^no crashes/p' "$tmp/s$round.log"
  [ "$rc" -eq 0 ] || bad "session $round: tools/fuzz.sh exited $rc (expected 0)"
  for n in "${fuzzers[@]}"; do
    replay_check "session$round" "$out/$n/corpus" "$n"
  done
  tools/merge.sh "${merge_flags[@]}" "$out" >"$tmp/m$round.log" 2>&1
  rc=$?
  grep -E '^[a-z_]+: [0-9]+ of|replay check|NOT added|error' "$tmp/m$round.log"
  [ "$rc" -eq 0 ] || bad "merge $round: tools/merge.sh exited $rc"
  for n in "${fuzzers[@]}"; do
    merged_of[$round/$n]=$(sed -n "s/^$n: \([0-9]*\) of \([0-9]*\) input.*/\1/p" "$tmp/m$round.log")
    total_of[$round/$n]=$(sed -n "s/^$n: \([0-9]*\) of \([0-9]*\) input.*/\2/p" "$tmp/m$round.log")
    replay_check "merged$round" "$root/corpus/$n" "$n"
  done
}

start=$SECONDS
session 1
# The second merge keeps libFuzzer features, not only edges: a bigger corpus,
# so that minimising has generated inputs to delete.
session 2 --features
hand_named() { find corpus -type f | grep -v -E '/[0-9a-f]{40}$' | sort; }
hand_named >"$tmp/named.before"

for mode in default --all; do
  args=()
  [ "$mode" = --all ] && args=(--all)
  tools/minimize-corpus.sh "${args[@]}" >"$tmp/min.log" 2>&1
  rc=$?
  grep -E '^[a-z_]+: keeps|catches mutant|warning|error' "$tmp/min.log"
  [ "$rc" -eq 0 ] || bad "minimize-corpus.sh $mode exited $rc"
  hand_named | cmp -s - "$tmp/named.before" || bad "minimize-corpus.sh $mode deleted hand-named files"
  grep -q 'warning: no input' "$tmp/min.log" && bad "minimize-corpus.sh $mode: a mutant is no longer caught"
done
for n in "${fuzzers[@]}"; do replay_check minimized "$root/corpus/$n" "$n"; done

bazel_cmd test --jobs=2 //... >"$tmp/test.log" 2>&1
rc=$?
test_result=$(grep -E '^Executed [0-9]+ out of [0-9]+ tests?' "$tmp/test.log" | tail -n 1)
echo "fuzz-loop: bazel test //... after the loop: exit $rc: $test_result"
if [ "$rc" -ne 0 ]; then
  grep -E 'FAILED|NO STATUS' "$tmp/test.log" | head -n 30
  bad "bazel test //... fails after fuzz -> merge -> minimize"
fi

tools/coverage.sh --corpus "$tmp/session2" --out "$tmp/coverage" >"$tmp/cov.log" 2>&1
rc=$?
grep -E '^replaying|^arena/ coverage|TOTAL|arena\.c' "$tmp/cov.log"
[ "$rc" -eq 0 ] || bad "coverage.sh --corpus SESSION exited $rc"
grep -q '^replaying [1-9][0-9]* inputs of a session directory' "$tmp/cov.log" ||
  bad "coverage.sh --corpus SESSION did not replay the session's inputs"
if grep -E '^replaying .*(command|fuzz\.log|crashes\.txt)' "$tmp/cov.log"; then
  bad "coverage.sh replayed the session's log files"
fi
# Negative control: with nothing to replay it must fail, with one line.
mkdir -p "$tmp/nothing"
tools/coverage.sh --corpus "$tmp/nothing" --out "$tmp/cov0" >"$tmp/cov0.out" 2>"$tmp/cov0.err"
rc=$?
if [ "$rc" -ne 2 ] || [ "$(wc -l <"$tmp/cov0.err")" -ne 1 ]; then
  bad "coverage.sh --corpus EMPTY: exit $rc, stderr: $(head -c 300 "$tmp/cov0.err")"
else
  echo "fuzz-loop: control: coverage.sh --corpus EMPTY -> $(cat "$tmp/cov0.err")"
fi
# Negative control of the replay check: the replay of an empty directory
# (an input set it cannot vouch for) must fail.
"$tmp/ops_fuzzer.replay" "$tmp/nothing" >/dev/null 2>&1 && bad "the replay accepts an empty directory"

echo
echo "fuzz-loop: per fuzzer (session -> merge): inputs merged of the session's, rejected by the replay"
printf '  %-12s %16s %16s %16s %16s\n' fuzzer merged-1 rejected-1 merged-2 rejected-2
for n in "${fuzzers[@]}"; do
  printf '  %-12s %16s %16s %16s %16s\n' "$n" "${merged_of[1/$n]:-?}/${total_of[1/$n]:-?}" \
    "$((${rejected_of[session1/$n]:-0} + ${rejected_of[merged1/$n]:-0}))" \
    "${merged_of[2/$n]:-?}/${total_of[2/$n]:-?}" \
    "$((${rejected_of[session2/$n]:-0} + ${rejected_of[merged2/$n]:-0}))"
done
echo "fuzz-loop: $((SECONDS - start)) s"
if [ "$failed" -ne 0 ]; then
  echo "fuzz-loop: FAILED (corpus/ restored)"
  exit 1
fi
echo "fuzz-loop: two sessions merged and minimised, no input rejected, bazel test //... passes, coverage from the session (corpus/ restored)"
