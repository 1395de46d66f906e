#!/usr/bin/env bash
# selftest: level 2 of the mutation self-test. Fuzzes one libFuzzer ops_fuzzer
# per mutant from an empty corpus, several seeds each; prints a detection table.
set -uo pipefail

usage() {
  cat <<'EOF'
usage: verify/mutants/selftest.sh [--time SECONDS] [--seeds N] [--jobs J] [--keep DIR] [MUTANT...]
Builds //verify/mutants:fuzzers with --config=asan-libfuzzer, then fuzzes each
mutant (default: all of verify/mutants/mutants.h) from an empty corpus with
seeds 1..N (default 3), at most SECONDS each (default 10), J runs at a time
(default 2). The control "none" is fuzzed once for SECONDS and must survive.
Prints, per mutant: runs that caught it, median (the lower middle for an even
count) and worst wall-clock seconds to the crash, median executions, and what
caught it. --keep DIR saves each mutant's
first crashing input as DIR/<mutant>.crash.
Exit 0 if every run caught its mutant and the control survived; 1 otherwise;
2 on bad arguments or a failed build.
Environment: AF_BAZEL_OUTPUT_BASE (bazel's --output_base, as for tools/).
EOF
}

die() {
  echo "selftest: $*" >&2
  exit 2
}

is_count() { [[ $1 =~ ^[1-9][0-9]{0,5}$ ]]; }

budget=10 seeds=3 jobs=2 keep=""
wanted=()
while [ $# -gt 0 ]; do
  case $1 in
    --time) is_count "${2:-}" || die "--time needs a whole number of seconds (1..999999)"; budget=$2; shift 2 ;;
    --seeds) is_count "${2:-}" || die "--seeds needs a positive count"; seeds=$2; shift 2 ;;
    --jobs) is_count "${2:-}" || die "--jobs needs a positive count"; jobs=$2; shift 2 ;;
    --keep) [ -n "${2:-}" ] || die "--keep needs a directory"; keep=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) wanted+=("$1"); shift ;;
  esac
done

cd "$(dirname "$0")/../.." || die "cannot find the workspace"
[ -f WORKSPACE ] || die "$(pwd) is not the arenafuzz workspace"

# Every mutant of mutants.h ("#define MUTANT_<NAME> <n> /* ... */"), lower case.
all=()
declare -A describe=()
while read -r name text; do
  all+=("$name")
  describe[$name]=$text
done < <(sed -n 's|^#define MUTANT_\([A-Z_]*\) [0-9][0-9]* */\* \(.*\) \*/$|\1 \2|p' \
  verify/mutants/mutants.h | awk '{ $1 = tolower($1); print }' | grep -v '^none')
[ "${#all[@]}" -ge 1 ] || die "no mutants found in verify/mutants/mutants.h"
mutants=("${all[@]}")
if [ "${#wanted[@]}" -gt 0 ]; then
  for m in "${wanted[@]}"; do
    # "none" (the control) may be named too: it must survive, so the run fails.
    [ -n "${describe[$m]+x}" ] || [ "$m" = none ] || die "unknown mutant '$m' (known: ${all[*]})"
  done
  mutants=("${wanted[@]}")
fi

# bazel, with the output base from $AF_BAZEL_OUTPUT_BASE if set (as tools/lib.sh).
bazel_cmd() {
  local startup=()
  [ -n "${AF_BAZEL_OUTPUT_BASE:-}" ] && startup+=("--output_base=$AF_BAZEL_OUTPUT_BASE")
  bazel "${startup[@]}" "$@"
}

echo "selftest: building //verify/mutants:fuzzers (--config=asan-libfuzzer)" >&2
bazel_cmd build --config=asan-libfuzzer //verify/mutants:fuzzers >/dev/null 2>&1 ||
  { bazel_cmd build --config=asan-libfuzzer //verify/mutants:fuzzers 2>&1 | tail -n 30 >&2
    die "the build failed"; }
built=$(bazel_cmd info --config=asan-libfuzzer bazel-bin 2>/dev/null)/verify/mutants
dict=fuzz/ops_fuzzer.dict
dict_flag=()
[ -f "$dict" ] && dict_flag=(-dict="$dict")

work=$(mktemp -d "${TMPDIR:-/tmp}/selftest.XXXXXX") || die "cannot make a work directory"
trap 'rm -rf "$work"' EXIT
# Copies: every config writes the same bazel-bin, so another build could
# replace a binary under a running fuzzer.
bin="$work/bin"
mkdir -p "$bin"
for s in none "${mutants[@]}"; do
  [ -x "$bin/${s}_fuzzer" ] && continue
  cp "$built/${s}_fuzzer" "$bin/" 2>/dev/null || die "no fuzzer $built/${s}_fuzzer"
done
if [ -n "$keep" ]; then
  mkdir -p "$keep" || die "cannot create $keep"
fi

# run_one SUBJECT SEED [TAG]: one bounded libFuzzer run from an empty corpus in
# $work/TAG.SEED (TAG defaults to SUBJECT); writes "caught|survived|broken
# SECONDS EXECS DETECTOR" to its result file.
run_one() {
  local subject=$1 seed=$2 tag=${3:-$1}
  local dir="$work/$tag.$seed"
  mkdir -p "$dir/corpus"
  local start end rc
  start=$(date +%s%N)
  "$bin/${subject}_fuzzer" -seed="$seed" -max_total_time="$budget" -print_final_stats=1 \
    -artifact_prefix="$dir/" "${dict_flag[@]}" "$dir/corpus" >"$dir/log" 2>&1
  rc=$?
  end=$(date +%s%N)
  local seconds execs artifact detector verdict
  seconds=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
  artifact=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' \
    -o -name 'timeout-*' -o -name 'oom-*' \) | head -n 1)
  detector=$(grep -m1 -oE '^arenafuzz: |ERROR: (AddressSanitizer|LeakSanitizer): [a-z-]+|runtime error: [a-z ]+|ERROR: libFuzzer: [a-z -]+' "$dir/log")
  case $detector in
    "arenafuzz: ") detector="runner: $(grep -m1 '^arenafuzz: ' "$dir/log" | cut -d' ' -f2- | cut -c1-70)" ;;
    "") detector="-" ;;
  esac
  if [ "$rc" -ne 0 ] && [ -n "$artifact" ]; then
    verdict=caught
    [ -n "$keep" ] && [ ! -e "$keep/$subject.crash" ] && cp "$artifact" "$keep/$subject.crash"
  elif [ "$rc" -eq 0 ]; then
    verdict=survived
  else
    verdict=broken # died without an input to show for it
  fi
  printf '%s %s %s %s\n' "$verdict" "$seconds" "${execs:-0}" "$detector" >"$dir/result"
}

# At most $jobs runs at a time; the control first, as it always takes the full budget.
queue=("none 1 control")
for m in "${mutants[@]}"; do
  for ((s = 1; s <= seeds; s++)); do queue+=("$m $s"); done
done
echo "selftest: ${#mutants[@]} mutants x $seeds seeds, ${budget}s each, $jobs at a time" >&2
for item in "${queue[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  # shellcheck disable=SC2086  # "subject seed"
  run_one $item &
done
wait

# median of numbers on stdin ("inf" sorts last)
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

failed=0
printf '\n| mutant | caught | median s | worst s | median execs | caught by (seed 1) |\n'
printf '|---|---|---|---|---|---|\n'
fast=0
for m in "${mutants[@]}"; do
  caught=0 times="" execs="" worst=0 first=""
  for ((s = 1; s <= seeds; s++)); do
    read -r verdict seconds n detector <"$work/$m.$s/result"
    [ -z "$first" ] && first="$detector"
    if [ "$verdict" = caught ]; then
      caught=$((caught + 1))
      times+="$seconds"$'\n'
      worst=$(awk -v a="$worst" -v b="$seconds" 'BEGIN { print (b > a ? b : a) }')
    else
      times+="inf"$'\n'
      worst=inf
      [ "$verdict" = broken ] && first="broken run, see below"
    fi
    execs+="$n"$'\n'
  done
  med=$(printf '%s' "$times" | median)
  [ "$caught" -eq "$seeds" ] || failed=1
  awk -v t="$med" 'BEGIN { exit !(t != "inf" && t < 1) }' && fast=$((fast + 1))
  [ "$med" = inf ] && med=">$budget"
  [ "$worst" = inf ] && worst=">$budget"
  printf '| %s | %d/%d | %s | %s | %s | %s |\n' "$m" "$caught" "$seeds" "$med" "$worst" \
    "$(printf '%s' "$execs" | median)" "$first"
done

read -r verdict seconds n detector <"$work/control.1/result"
echo
if [ "$verdict" = survived ]; then
  echo "control 'none' (no bug): survived ${seconds}s, $n executions: no false alarm"
else
  echo "control 'none' (no bug): $verdict after ${seconds}s: $detector (a false alarm)"
  failed=1
fi
for ((s = 1; s <= seeds; s++)); do
  for m in "${mutants[@]}"; do
    if grep -q '^broken' "$work/$m.$s/result"; then
      echo "--- $m seed $s ended without a crash input; last lines of its log:"
      tail -n 15 "$work/$m.$s/log"
    fi
  done
done
echo "mutants with a median under 1 s: $fast of ${#mutants[@]}"
if [ "$failed" -ne 0 ]; then
  echo "selftest: FAILED (a mutant survived a run, or the control was caught)"
  exit 1
fi
echo "selftest: every mutant caught in every run"
