#!/usr/bin/env bash
# fuzz_speed smoke test: every *_speed driver runs its target over its corpus
# (one round, one pass) and reports every input; bad flags fail with one line.
# Speed is never looked at.
set -euo pipefail

tmp=${TEST_TMPDIR:-$(mktemp -d)}

# check DRIVER NAME CORPUS_DIR...: one pass; the result line names every file.
check() {
  local driver=$1 name=$2
  shift 2
  local want=0 d
  for d in "$@"; do want=$((want + $(find -L "$d" -maxdepth 1 -type f | wc -l))); done
  "bench/${driver}_speed" --name="$name" --rounds=1 --reps=1 "$@" >"$tmp/out" 2>"$tmp/err" || {
    echo "smoke: ${driver}_speed failed:"
    cat "$tmp/out" "$tmp/err"
    exit 1
  }
  local line
  line=$(grep '^result ' "$tmp/out") || { echo "smoke: no result line:"; cat "$tmp/out"; exit 1; }
  for field in "name=$name " "inputs=$want " "rounds=1 " "reps=1 " "rejected=0 "; do
    if [[ $line != *"$field"* ]]; then
      echo "smoke: ${driver}_speed: expected '$field' in: $line"
      exit 1
    fi
  done
  if ! [[ $line =~ \ cpu_med=[1-9][0-9]*\  && $line =~ \ wall_med=[1-9][0-9]*\  ]]; then
    echo "smoke: ${driver}_speed: no rates in: $line"
    exit 1
  fi
}

check ops_fuzzer ops_fuzzer corpus/ops_fuzzer corpus/regressions
check lcg_fuzzer lcg_fuzzer corpus/lcg_fuzzer
check text_fuzzer text_fuzzer corpus/text_fuzzer
check api_fuzzer api_fuzzer corpus/api_fuzzer
check arena_api_fuzzer arena_api_fuzzer corpus/arena_api_fuzzer
check ops_model ops_model corpus/ops_fuzzer corpus/regressions
check ops_decode ops_decode corpus/ops_fuzzer corpus/regressions

# A text-form input that does not parse is read as bytes, never rejected (no
# fuzz target returns -1: clang 14's libFuzzer would keep it, and the replay
# test would then fail on it); the warm-up round counts no reject.
printf '# arenafuzz program\nblock-size banana\n' >"$tmp/bad.txt"
for driver in ops_fuzzer ops_model; do
  "bench/${driver}_speed" --rounds=3 --reps=2 "$tmp/bad.txt" corpus/ops_fuzzer/aligned-exact-fit.txt \
    >"$tmp/out" 2>"$tmp/err"
  grep -q '^result .* inputs=2 .* rejected=0 ' "$tmp/out" ||
    { echo "smoke: ${driver}_speed rejected the text-like input:"; cat "$tmp/out"; exit 1; }
done
# --per-input: one line per input.
bench/ops_fuzzer_speed --rounds=1 --reps=1 --per-input corpus/regressions >"$tmp/out"
n=$(grep -c ' us .*% .*corpus/regressions/' "$tmp/out" || true)
[ "$n" -eq "$(find -L corpus/regressions -maxdepth 1 -type f | wc -l)" ] ||
  { echo "smoke: --per-input listed $n inputs:"; cat "$tmp/out"; exit 1; }

# Bad input: a one-line error and exit status 2, never a run.
mkdir -p "$tmp/empty"
expect_error() { # expect_error ARGS...: ops_fuzzer_speed must exit 2 with one stderr line.
  local status=0
  bench/ops_fuzzer_speed "$@" >"$tmp/bad.out" 2>"$tmp/bad.err" || status=$?
  if [ "$status" -ne 2 ] || [ "$(grep -c . "$tmp/bad.err")" -ne 1 ] || [ -s "$tmp/bad.out" ]; then
    echo "smoke: 'ops_fuzzer_speed $*' gave status $status, stderr:"
    cat "$tmp/bad.err"
    exit 1
  fi
}
expect_error
expect_error --reps=0 corpus/regressions
expect_error --rounds=x corpus/regressions
expect_error --pass-ms= corpus/regressions
expect_error --bogus corpus/regressions
expect_error /nonexistent
expect_error "$tmp/empty"
expect_error --name= corpus/regressions
echo "smoke: every speed driver ran its corpus; rejects were counted; bad flags were refused"
