#!/usr/bin/env bash
# harness: the fuzz harness's speed (GitHub issue 6): each fuzz target over its
# shipped corpus in-process (plain and ASan+UBSan), the shadow model alone, libFuzzer.
set -uo pipefail

usage() {
  cat <<'EOF'
usage: bench/harness.sh [--quick] [--reps K] [--pass-ms M] [--fuzz-seconds S]
                        [--no-libfuzzer] [--per-input]
Builds the *_speed drivers of bench/BUILD (bench/fuzz_speed.c around each fuzz
target) in four builds, each in its own output directory (--platform_suffix=
-hbench-*, so no other build is disturbed): ASan+UBSan -O1 (the default),
plain -O1 (--config=nosan), plain -O2 (--config=bench) and ASan+UBSan with
libFuzzer's instrumentation (--config=asan-libfuzzer, which also builds the
libFuzzer binaries). Then prints:
  H1  every fuzz target over its shipped corpus, in-process: exec/s per wall
      second and per CPU second, median [min-max] of K passes
  H2  the ops fuzzer's cost split: decode, the shadow model, the rest, against
      the sanitizers' overhead
  H3  libFuzzer's own exec/s: ops_fuzzer over its corpus as fixed inputs, then
      every target fuzzing S seconds from its corpus
  and the issue's targets with a verdict.
  --reps K          timed passes per driver (default 5)
  --pass-ms M       about M ms per pass (default 300)
  --fuzz-seconds S  each libFuzzer fuzzing run (default 10)
  --no-libfuzzer    skip the libFuzzer build, its H1 rows and H3
  --per-input       also list ops_fuzzer's inputs by cost (ASan+UBSan build)
  --quick           a smoke run: --reps 1 --pass-ms 20 --fuzz-seconds 1
Sanitizer options are the runtimes' defaults (ASAN_OPTIONS and friends are
cleared). Exit 0 if everything ran; 1 if a target failed, a driver was not the
build it should be, or libFuzzer stopped with an error; 2 on bad arguments or
a failed build.
Environment: AF_BAZEL_OUTPUT_BASE (bazel's --output_base, as for tools/).
EOF
}

die() {
  echo "harness.sh: $*" >&2
  exit 2
}

is_count() { [[ $1 =~ ^[1-9][0-9]{0,5}$ ]]; }

reps=5 pass_ms=300 fuzz_seconds=10 libfuzzer=1 per_input=0 quick=0
while [ $# -gt 0 ]; do
  case $1 in
    --reps) is_count "${2:-}" || die "--reps needs a count (1..999999)"; reps=$2; shift 2 ;;
    --pass-ms) is_count "${2:-}" || die "--pass-ms needs a whole number of ms"; pass_ms=$2; shift 2 ;;
    --fuzz-seconds)
      is_count "${2:-}" || die "--fuzz-seconds needs a whole number of seconds"
      fuzz_seconds=$2
      shift 2
      ;;
    --no-libfuzzer) libfuzzer=0; shift ;;
    --per-input) per_input=1; shift ;;
    --quick) quick=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
fixed_runs=1000
if [ "$quick" -eq 1 ]; then
  reps=1 pass_ms=20 fuzz_seconds=1 fixed_runs=5
fi

cd "$(dirname "$0")/.." || die "cannot find the workspace"
[ -f WORKSPACE ] || die "$(pwd) is not the arenafuzz workspace"
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS MSAN_OPTIONS TSAN_OPTIONS

bazel_cmd() {
  local startup=()
  [ -n "${AF_BAZEL_OUTPUT_BASE:-}" ] && startup+=("--output_base=$AF_BAZEL_OUTPUT_BASE")
  bazel "${startup[@]}" "$@"
}

# The fuzz targets (bench/BUILD's SPEED_FUZZERS), each with its corpus
# directories; then the model-only drivers, over the ops corpus.
fuzzers=(ops_fuzzer lcg_fuzzer text_fuzzer api_fuzzer arena_api_fuzzer)
model_drivers=(ops_model ops_decode)
corpus_of() {
  case $1 in
    ops_fuzzer | ops_model | ops_decode) echo "corpus/ops_fuzzer corpus/regressions" ;;
    *) echo "corpus/$1" ;;
  esac
}
for f in "${fuzzers[@]}"; do
  [ -d "corpus/$f" ] || die "no corpus directory corpus/$f"
done

# The builds of the speed drivers.
builds=(asan nosan opt)
[ "$libfuzzer" -eq 1 ] && builds+=(fuzz)
declare -A build_label=(
  [asan]="ASan+UBSan -O1"
  [nosan]="plain -O1"
  [opt]="plain -O2"
  [fuzz]="ASan+UBSan+cov"
)
declare -A build_flags=(
  [asan]=""
  [nosan]="--config=nosan"
  [opt]="--config=bench"
  [fuzz]="--config=asan-libfuzzer"
)
# What each build's drivers must report (sanitizer, asserts): a check that
# the flags above really produced the build the tables name.
declare -A build_expect=(
  [asan]="sanitizer=asan-ubsan optimised=yes asserts=on"
  [nosan]="sanitizer=none optimised=yes asserts=on"
  [opt]="sanitizer=none optimised=yes asserts=off"
  [fuzz]="sanitizer=asan-ubsan optimised=yes asserts=on"
)

work=$(mktemp -d "${TMPDIR:-/tmp}/harness-bench.XXXXXX") || die "cannot make a work directory"
trap 'rm -rf "$work"' EXIT

# build NAME FLAGS... -- TARGETS...: builds into bazel-out/<cfg>-hbench-NAME and
# copies the binaries to $work/NAME/ (another build could replace them).
build() {
  local name=$1
  shift
  local flags=() targets=()
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
  targets=("$@")
  flags+=("--platform_suffix=-hbench-$name")
  echo "harness.sh: building $name (${flags[*]})" >&2
  if ! bazel_cmd build --symlink_prefix=/ "${flags[@]}" "${targets[@]}" >"$work/build.log" 2>&1; then
    tail -n 30 "$work/build.log" >&2
    die "the $name build failed"
  fi
  local bin
  bin=$(bazel_cmd info "${flags[@]}" bazel-bin 2>/dev/null) || die "bazel info failed for $name"
  mkdir -p "$work/$name"
  for t in "${targets[@]}"; do
    local path=${t#//}
    path=${path/://}
    cp "$bin/$path" "$work/$name/" || die "no binary $bin/$path"
  done
}

targets=() fuzz_targets=()
for t in "${fuzzers[@]}" "${model_drivers[@]}"; do targets+=("//bench:${t}_speed"); done
# The libFuzzer build also makes the fuzz targets themselves (for H3).
[ "$libfuzzer" -eq 1 ] && for f in "${fuzzers[@]}"; do fuzz_targets+=("//fuzz:$f"); done
for b in "${builds[@]}"; do
  extra=()
  [ "$b" = fuzz ] && extra=("${fuzz_targets[@]}")
  # shellcheck disable=SC2086  # the flags are words
  build "$b" ${build_flags[$b]} -- "${targets[@]}" "${extra[@]}"
done

failed=0
load() { cut -d' ' -f1 /proc/loadavg; }

# speed TARGET BUILD: runs one driver; its result line goes to $work/results.
speed() {
  local t=$1 b=$2 extra=()
  [ "$per_input" -eq 1 ] && [ "$t" = ops_fuzzer ] && [ "$b" = asan ] && extra+=(--per-input)
  # shellcheck disable=SC2046  # corpus directories are words
  if "$work/$b/${t}_speed" --name="$t" --reps="$reps" --pass-ms="$pass_ms" "${extra[@]}" \
    $(corpus_of "$t") >"$work/out" 2>"$work/err"; then
    sed -n "s/^result /result build=$b /p" "$work/out" >>"$work/results"
    if ! grep -q "^result .* ${build_expect[$b]} " "$work/out"; then
      echo "harness.sh: ${t}_speed ($b) is not the expected build (${build_expect[$b]}):" >&2
      grep '^result ' "$work/out" >&2
      failed=1
    fi
    grep -A1000 '^  per input' "$work/out" >>"$work/per-input" || true
  else
    echo "harness.sh: ${t}_speed ($b) failed:" >&2
    tail -n 20 "$work/err" >&2
    failed=1
  fi
}

echo "harness.sh: timing (load average $(load))" >&2
: >"$work/results"
: >"$work/per-input"
# Target by target, the builds side by side, so drift in the machine's load
# hits every build of a target alike.
for t in "${fuzzers[@]}" "${model_drivers[@]}"; do
  for b in "${builds[@]}"; do speed "$t" "$b"; done
done

# field TARGET BUILD KEY: one value of a result line ("" if missing).
field() {
  awk -v t="$1" -v b="$2" -v k="$3" '
    $1 == "result" {
      delete v
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      if (v["name"] == t && v["build"] == b) { print v[k]; exit }
    }' "$work/results"
}

echo
echo "Table H1. Each fuzz target over its shipped corpus, in-process: bench/fuzz_speed.c"
echo "calls LLVMFuzzerTestOneInput on every input, round after round; one warm-up round,"
echo "then $reps timed passes of about $pass_ms ms. exec/s: median [min-max] over the passes,"
echo "per wall second (CLOCK_MONOTONIC) and per CPU second (CLOCK_THREAD_CPUTIME_ID, blind"
echo "to time other processes held the CPU). load: 1-minute load average before the target."
printf '%-11s %6s  %-15s %-27s %-27s %9s %5s\n' target inputs build "exec/s (wall)" \
  "exec/s (per CPU second)" "us CPU/x" load
for t in "${fuzzers[@]}" "${model_drivers[@]}"; do
  first=1
  for b in "${builds[@]}"; do
    med=$(field "$t" "$b" wall_med)
    [ -n "$med" ] || continue
    wall="$med [$(field "$t" "$b" wall_min)-$(field "$t" "$b" wall_max)]"
    cpu="$(field "$t" "$b" cpu_med) [$(field "$t" "$b" cpu_min)-$(field "$t" "$b" cpu_max)]"
    ns=$(field "$t" "$b" cpu_ns_med)
    if [ $first -eq 1 ]; then
      printf '%-11s %6s  ' "$t" "$(field "$t" "$b" inputs)"
      first=0
    else
      printf '%-11s %6s  ' "" ""
    fi
    printf '%-15s %-27s %-27s %9.2f %5s\n' "${build_label[$b]}" "$wall" "$cpu" \
      "$(awk -v n="$ns" 'BEGIN { print n / 1000 }')" "$(field "$t" "$b" load_before)"
  done
done
echo "ops_model: the ops inputs decoded and run through the shadow model only (no arena,"
echo "no runner checks); ops_decode: decoded only. Builds: ASan+UBSan -O1 is the default"
echo "(bazel test, the replay tests; the checker's hot code is -O2 in every build);"
echo "plain -O1 is --config=nosan (the same flags without sanitizers); plain -O2 is"
echo "--config=bench (-c opt, which also sets NDEBUG: the harness's asserts are off)."
[ "$libfuzzer" -eq 1 ] &&
  echo "ASan+UBSan+cov is --config=asan-libfuzzer: libFuzzer's coverage and comparison" &&
  echo "instrumentation (-fsanitize=fuzzer-no-link) without libFuzzer's loop."

# H2: CPU microseconds per execution, from the medians.
us() { awk -v n="$(field "$1" "$2" cpu_ns_med)" 'BEGIN { if (n == "") print "nan"; else printf "%.2f", n / 1000 }'; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
share() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "-" }'; }
echo
echo "Table H2. Where an ops_fuzzer execution's CPU time goes (us per execution over"
echo "the ops corpus, median pass): the shadow model against the sanitizers."
row() {
  printf '%-46s' "$1"
  shift
  local b
  for b in "${builds[@]}"; do printf ' %15s' "$1"; shift; done
  printf '\n'
}
header=("")
for b in "${builds[@]}"; do header+=("${build_label[$b]}"); done
row "${header[@]}"
declare -A full model decode m
for b in "${builds[@]}"; do
  full[$b]=$(us ops_fuzzer "$b")
  model[$b]=$(us ops_model "$b")
  decode[$b]=$(us ops_decode "$b")
  m[$b]=$(sub "${model[$b]}" "${decode[$b]}")
done
cells() { # cells ARRAY: the array's value for every build, in order
  local -n a=$1
  local b
  for b in "${builds[@]}"; do printf '%s\n' "${a[$b]}"; done
}
mapfile -t c < <(cells full)
row "ops_fuzzer (decode, runner, arena, model)" "${c[@]}"
mapfile -t c < <(cells model)
row "ops_model (decode + model)" "${c[@]}"
mapfile -t c < <(cells decode)
row "ops_decode (decode only)" "${c[@]}"
mapfile -t c < <(cells m)
row "model alone (ops_model - ops_decode)" "${c[@]}"
declare -A s # read through cells' nameref
# shellcheck disable=SC2034
for b in "${builds[@]}"; do s[$b]=$(share "${m[$b]}" "${full[$b]}"); done
mapfile -t c < <(cells s)
row "model's share of ops_fuzzer" "${c[@]}"
overhead=$(sub "${full[asan]}" "${full[nosan]}")
echo "Sanitizers' overhead (ASan+UBSan -O1 - plain -O1): $overhead us per execution;"
ratio=$(awk -v a="${m[asan]}" -v b="$overhead" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "nan" }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r != "nan" && r <= 1) ? "met" : "MISSED" }')
[ "$quick" -eq 1 ] && verdict="(smoke run)"
echo "the model alone in the ASan+UBSan build costs $ratio of that."
echo "Target: the model costs no more than the sanitizers (issue 6): $verdict."
share_verdict=$(awk -v s="${s[asan]%\%}" 'BEGIN { print (s + 0 < 5) ? "met" : "MISSED" }')
[ "$quick" -eq 1 ] && share_verdict="(smoke run)"
echo "Target: the model under 5% of an execution in the ASan+UBSan build (issue 15): ${s[asan]} $share_verdict."

if [ "$per_input" -eq 1 ] && [ -s "$work/per-input" ]; then
  echo
  echo "ops_fuzzer (ASan+UBSan -O1), each input alone:"
  cat "$work/per-input"
fi

if [ "$libfuzzer" -eq 1 ]; then
  # timed OUT CMD...: runs CMD (stdout+stderr to OUT, exit status to OUT.rc),
  # then prints "wall user sys".
  timed() {
    local out=$1 TIMEFORMAT='%R %U %S'
    shift
    { time { "$@" >"$out" 2>&1; echo $? >"$out.rc"; }; } 2>"$work/time"
    cat "$work/time"
  }
  lf_row() { # lf_row TARGET MODE EXECS "WALL USER SYS" LOAD: prints and records a row
    local wall user sys
    read -r wall user sys <<<"$4"
    awk -v t="$1" -v m="$2" -v n="$3" -v w="$wall" -v u="$user" -v s="$sys" -v l="$5" 'BEGIN {
      c = u + s
      printf "%-11s %-34s %8d %7.2f %7.2f %10.0f %12.0f %5s\n", t, m, n, w, c,
        (w > 0 ? n / w : 0), (c > 0 ? n / c : 0), l }' | tee -a "$work/lf-rows"
  }
  : >"$work/lf-rows"
  echo
  echo "Table H3. libFuzzer's own exec/s: the fuzz targets built --config=asan-libfuzzer"
  echo "(ASan+UBSan, -fsanitize=fuzzer), the whole process timed (bash time: wall, and"
  echo "user+sys CPU seconds), so start-up and corpus loading are included."
  printf '%-11s %-34s %8s %7s %7s %10s %12s %5s\n' target mode execs "wall s" "CPU s" \
    "exec/s" "exec/s/CPU-s" load
  # ops_fuzzer's corpus as fixed inputs: libFuzzer runs (and reads) each file -runs times.
  mapfile -t files < <(find corpus/ops_fuzzer corpus/regressions -maxdepth 1 -type f | sort)
  l=$(load)
  t3=$(timed "$work/lf-fixed.log" "$work/fuzz/ops_fuzzer" -runs="$fixed_runs" "${files[@]}")
  if [ "$(cat "$work/lf-fixed.log.rc")" != 0 ]; then
    echo "harness.sh: libFuzzer ops_fuzzer failed on its corpus:" >&2
    tail -n 20 "$work/lf-fixed.log" >&2
    failed=1
  fi
  lf_row ops_fuzzer "corpus as fixed inputs, -runs=$fixed_runs" \
    $((fixed_runs * ${#files[@]})) "$t3" "$l"
  # fuzz TARGET MODE FLAGS...: fuzzing from an empty directory plus the corpus.
  fuzz() {
    local t=$1 mode=$2 dir="$work/fuzz-$1-$RANDOM"
    shift 2
    mkdir -p "$dir/corpus"
    local dict=() l times execs
    [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
    l=$(load)
    # shellcheck disable=SC2046  # corpus directories are words
    times=$(timed "$dir/log" "$work/fuzz/$t" -seed=1 -max_total_time="$fuzz_seconds" \
      -print_final_stats=1 -artifact_prefix="$dir/" "${dict[@]}" "$@" "$dir/corpus" \
      $(corpus_of "$t"))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
    if [ "$(cat "$dir/log.rc")" != 0 ] || [ -z "$execs" ]; then
      echo "harness.sh: libFuzzer $t ($mode) stopped with an error or a crash:" >&2
      tail -n 20 "$dir/log" >&2
      failed=1
    fi
    lf_row "$t" "$mode" "${execs:-0}" "$times" "$l"
  }
  fuzz ops_fuzzer "fuzzing ${fuzz_seconds} s from its corpus"
  fuzz ops_fuzzer "the same, -detect_leaks=0" -detect_leaks=0
  for t in "${fuzzers[@]}"; do
    [ "$t" = ops_fuzzer ] || fuzz "$t" "fuzzing ${fuzz_seconds} s from its corpus"
  done
  echo "Fuzzing runs: -seed=1, the dictionary if the target has one, new inputs go to a"
  echo "scratch directory. -detect_leaks=0 shows what libFuzzer's leak checks cost: after"
  echo "an input that ends with more mallocs than frees (the harness allocator's block"
  echo "cache growing), libFuzzer runs it again and then a whole LeakSanitizer pass."
fi

# The targets of issue 6, ops_fuzzer at 20,000 exec/s or more under ASan+UBSan.
echo
echo "Targets, per CPU second (the wall figure depends on what else the machine runs):"
echo "ops_fuzzer under ASan+UBSan >= 20000 exec/s over its corpus in-process (issue 6),"
echo ">= 30000 exec/s while libFuzzer fuzzes (issue 15):"
verdict() {
  if [ "$quick" -eq 1 ]; then
    echo "(smoke run)"
  else
    awk -v c="${1:-0}" -v t="$2" 'BEGIN { print (c >= t ? "met (>= " t ")" : "MISSED (< " t ")") }'
  fi
}
# summary LABEL WALL CPU TARGET
summary() {
  printf '  %-44s %8s wall %8s per CPU second: %s\n' "$1" "${2:-?}" "${3:-?}" "$(verdict "$3" "$4")"
}
summary "in-process, ASan+UBSan -O1" "$(field ops_fuzzer asan wall_med)" \
  "$(field ops_fuzzer asan cpu_med)" 20000
if [ "$libfuzzer" -eq 1 ]; then
  summary "in-process, ASan+UBSan + libFuzzer's instr." "$(field ops_fuzzer fuzz wall_med)" \
    "$(field ops_fuzzer fuzz cpu_med)" 20000
  # Rows: target, mode (words), execs, wall s, CPU s, exec/s, exec/s per CPU s, load.
  while read -r line; do
    [ "${line%% *}" = ops_fuzzer ] || continue
    mode=$(awk '{ s = $2; for (i = 3; i <= NF - 6; i++) s = s " " $i; print s }' <<<"$line")
    read -r w c <<<"$(awk '{ print $(NF - 2), $(NF - 1) }' <<<"$line")"
    target=20000
    [[ $mode == corpus* ]] || target=30000
    summary "libFuzzer, $mode" "$w" "$c" "$target"
  done <"$work/lf-rows"
fi
echo "Load average now: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)."
if [ "$failed" -ne 0 ]; then
  echo "harness.sh: FAILED (see the messages above)"
  exit 1
fi
