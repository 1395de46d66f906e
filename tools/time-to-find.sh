#!/usr/bin/env bash
# time-to-find: how long a fuzzer takes to find a subject's finding, from the
# shipped corpus or an empty one (known findings count: ARENAFUZZ_IGNORE_KNOWN).
set -uo pipefail
AF_PROG=time-to-find
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/lib.sh"

usage() {
  cat <<'USAGE'
usage: tools/time-to-find.sh --subject LABEL [--fuzzer NAME] [--from shipped|empty]
                             [--rule RULE] [--time SECONDS] [--seeds N]
Builds NAME (default ops_fuzzer) with --config=asan-libfuzzer on the subject,
then fuzzes it once per seed 1..N (default 3), at most SECONDS each (default
300), from a copy of the shipped corpus (--from shipped, the default) or from
nothing (--from empty), with ARENAFUZZ_IGNORE_KNOWN=RULE (all rules if no
--rule) so that the subject's known findings of RULE stop the fuzzer like any
other finding, while its other known findings stay known. A run ends at its
first crash; it counts if the report names RULE (any finding if no --rule). Prints one line per seed (seconds, executions, the finding) and the
median seconds over the runs that found it.
Exit 0 if every seed found it; 1 if one did not; 2 on bad arguments or a failed build.
Environment: AF_BAZEL_OUTPUT_BASE (bazel's --output_base).
USAGE
}

subject="" fuzzer=ops_fuzzer from=shipped rule="" budget=300 seeds=3
while [ $# -gt 0 ]; do
  case $1 in
    --subject) subject=${2:-}; [ -n "$subject" ] || af_die "--subject needs a label"; shift 2 ;;
    --fuzzer) fuzzer=${2:-}; shift 2 ;;
    --from)
      from=${2:-}
      [ "$from" = shipped ] || [ "$from" = empty ] || af_die "--from is shipped or empty, got '$from'"
      shift 2
      ;;
    --rule) rule=${2:-}; [[ $rule =~ ^[a-z-]+$ ]] || af_die "--rule wants a rule name like huge-request"; shift 2 ;;
    --time) af_positive_int "${2:-}" --time; budget=$2; shift 2 ;;
    --seeds) af_positive_int "${2:-}" --seeds; seeds=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) af_die "unknown argument '$1' (see --help)" ;;
  esac
done
[ -n "$subject" ] || af_die "--subject is required (see --help)"
af_check_fuzzer "$fuzzer"
flags=("$(af_subject_flags "$subject")") || exit 2

work=$(mktemp -d "${TMPDIR:-/tmp}/time-to-find.XXXXXX") || af_die "cannot create a temporary directory"
trap 'rm -rf "$work"' EXIT
(af_build "$work/bin" --config=asan-libfuzzer "${flags[@]}" -- "//fuzz:$fuzzer") >/dev/null || exit 2

export ARENAFUZZ_IGNORE_KNOWN=${rule:-all}
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
echo "subject $subject, $fuzzer from the $from corpus, ${rule:-any finding}, at most ${budget}s x $seeds seeds"
times=()
found=0
for seed in $(seq 1 "$seeds"); do
  dir="$work/run$seed"
  mkdir -p "$dir/corpus" "$dir/out"
  if [ "$from" = shipped ]; then
    cp -r "$AF_ROOT/corpus/$fuzzer/." "$dir/corpus/"
    [ "$fuzzer" = ops_fuzzer ] && cp -r "$AF_ROOT/corpus/regressions/." "$dir/corpus/"
  fi
  start=$(date +%s.%N)
  (cd "$dir/out" && timeout $((budget + 60)) "$work/bin/$fuzzer" -seed="$seed" \
    -max_total_time="$budget" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/out/" "$dir/corpus") \
    >"$dir/log" 2>&1
  end=$(date +%s.%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$dir/log" | tail -1)
  line=$(grep -m 1 -E '^arenafuzz: (finding |api_fuzzer op )' "$dir/log" | cut -c 1-160)
  if ls "$dir/out"/crash-* >/dev/null 2>&1 && { [ -z "$rule" ] || grep -qE "(finding $rule|: $rule: )" "$dir/log"; }; then
    found=$((found + 1))
    times+=("$secs")
    printf 'seed %d: found in %ss (%s execs): %s\n' "$seed" "$secs" "${execs:-?}" "$line"
  else
    printf 'seed %d: not found in %ss (%s execs)%s\n' "$seed" "$secs" "${execs:-?}" "${line:+; first crash: $line}"
  fi
done
if [ "$found" -gt 0 ]; then
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "found by $found of $seeds seeds; median ${median}s"
fi
[ "$found" -eq "$seeds" ]
