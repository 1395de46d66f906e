#!/usr/bin/env bash
# tools/afl.sh: fuzzes with AFL++ instead of libFuzzer: the same entry points
# built by Bazel with --config=afl (afl-clang-fast + libAFLDriver.a).
set -uo pipefail
AF_PROG=afl.sh
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: tools/afl.sh [options] [FUZZER...]         (no FUZZER: every fuzzer)
  --time SECONDS    how long each afl-fuzz runs (default 600)
  --jobs N          afl-fuzz instances at once, one fuzzer each (default: cores)
  --out DIR         afl-fuzz output (default findings/afl-<date>-<time>/),
                    DIR/<fuzzer>/default/{queue,crashes,hangs,fuzzer_stats}
  --subject LABEL   fuzz another implementation
  --asan            build with ASan as well (slower, finds more)
  --smoke           prove execution instead of fuzzing: afl-showmap on one
                    seed must record map tuples, and a 5 s afl-fuzz run must
                    execute inputs (the driver given a directory runs nothing)
Seeds are copies of corpus/<fuzzer>/ (never written). At the end, a table:
executions, exec/s, corpus, edges found, crashes, hangs.
Exit status: 0 nothing found, 1 crashes (or, with --smoke, a failed proof),
2 usage or build error.
EOF
}

time_limit=600
jobs=$(nproc 2>/dev/null || echo 1)
out=""
subject=""
asan=0
smoke=0
names=()
while [ $# -gt 0 ]; do
  case $1 in
    --time) [ $# -ge 2 ] || af_die "--time needs a value"; time_limit=$2; shift 2 ;;
    --time=*) time_limit=${1#*=}; shift ;;
    --jobs) [ $# -ge 2 ] || af_die "--jobs needs a value"; jobs=$2; shift 2 ;;
    --jobs=*) jobs=${1#*=}; shift ;;
    --out) [ $# -ge 2 ] || af_die "--out needs a value"; out=$2; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    --subject) [ $# -ge 2 ] || af_die "--subject needs a value"; subject=$2; shift 2 ;;
    --subject=*) subject=${1#*=}; shift ;;
    --asan) asan=1; shift ;;
    --smoke) smoke=1; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) af_die "unknown option '$1' (see --help)" ;;
    *) names+=("$1"); shift ;;
  esac
done
af_positive_int "$time_limit" --time
af_positive_int "$jobs" --jobs
[ "$smoke" -eq 1 ] && time_limit=5
for tool in afl-fuzz afl-showmap afl-clang-fast; do
  command -v "$tool" >/dev/null || af_die "$tool not found (run tools/install-deps.sh)"
done
subject_flags=()
if [ -n "$subject" ]; then subject_flags=("$(af_subject_flags "$subject")") || exit 2; fi
if [ "${#names[@]}" -eq 0 ]; then
  mapfile -t names < <(af_fuzzers)
  [ "${#names[@]}" -gt 0 ] || af_die "no fuzzers found (expected fuzz/*_fuzzer.c)"
fi
for n in "${names[@]}"; do af_check_fuzzer "$n"; done
[ -n "$out" ] || out="$AF_ROOT/findings/afl-$(date +%Y%m%d-%H%M%S)"
if [ -e "$out" ] && { [ ! -d "$out" ] || [ -n "$(ls -A "$out")" ]; }; then
  af_die "$out already exists and is not an empty directory (choose another --out)"
fi
mkdir -p "$out" || af_die "cannot create $out"
out=$(cd "$out" && pwd)

flags=(--config=afl "${subject_flags[@]}")
if [ "$asan" -eq 1 ]; then
  # Its own output directory (with the subject's, see af_platform_suffix).
  suffix=$(af_platform_suffix --config=afl-asan "${subject_flags[@]}")
  flags+=(--//build:sanitizer=asan "${suffix:---platform_suffix=-afl-asan}")
fi
targets=()
for n in "${names[@]}"; do targets+=("//fuzz:$n"); done
af_build "$out/bin" "${flags[@]}" -- "${targets[@]}"

export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
export AFL_FORKSRV_INIT_TMOUT=30000
[ "$asan" -eq 1 ] && export ASAN_OPTIONS="abort_on_error=1:symbolize=0:detect_leaks=0"

failures=0
# Seeds: AFL refuses empty files and wants them under 1 MB.
for n in "${names[@]}"; do
  mkdir -p "$out/$n/seeds"
  if [ -d "$AF_ROOT/corpus/$n" ]; then
    find "$AF_ROOT/corpus/$n" -maxdepth 1 -type f -size +0 -size -1024k -exec cp -t "$out/$n/seeds" {} +
  fi
  if [ "$(af_count_files "$out/$n/seeds")" -eq 0 ]; then
    printf 'A' >"$out/$n/seeds/one-byte"
  fi
done

if [ "$smoke" -eq 1 ]; then
  for n in "${names[@]}"; do
    first=$(find "$out/$n/seeds" -maxdepth 1 -type f | sort | head -n 1)
    AFL_QUIET=1 timeout 60 afl-showmap -q -o "$out/$n/showmap" -- "$out/bin/$n" <"$first" >"$out/$n/showmap.log" 2>&1
    tuples=$(wc -l <"$out/$n/showmap" 2>/dev/null || echo 0)
    echo "$n: afl-showmap on $(basename "$first"): $tuples map tuples"
    if [ "$tuples" -eq 0 ]; then
      echo "  FAIL: nothing recorded (log $out/$n/showmap.log)"
      failures=$((failures + 1))
    fi
  done
fi

interrupted=0
declare -A pids
# shellcheck disable=SC2317 # run by the trap below
on_interrupt() {
  interrupted=1
  echo
  echo "interrupted: stopping afl-fuzz, keeping what it found ..."
  for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null; done
}
trap on_interrupt INT TERM HUP
echo "afl-fuzz: ${names[*]} for ${time_limit}s each, $jobs at a time; output in $out"
running=()
for n in "${names[@]}"; do
  [ "$interrupted" -eq 1 ] && break
  while [ "${#running[@]}" -ge "$jobs" ]; do
    wait -n 2>/dev/null
    alive=()
    for p in "${running[@]}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
    running=("${alive[@]}")
  done
  dict=()
  [ -f "$AF_ROOT/fuzz/$n.dict" ] && dict=(-x "$AF_ROOT/fuzz/$n.dict")
  (cd "$out/$n" && exec afl-fuzz -V "$time_limit" "${dict[@]}" -i "$out/$n/seeds" -o "$out/$n/afl" \
    -- "$out/bin/$n") >"$out/$n/afl.log" 2>&1 &
  pids[$n]=$!
  running+=("$!")
done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
trap - INT TERM HUP

stat_of() { # NAME KEY
  awk -F: -v k="$2" '$1 ~ "^"k" *$" { gsub(/^ +| +$/, "", $2); print $2 }' \
    "$out/$1/afl/default/fuzzer_stats" 2>/dev/null
}
echo
echo "=== afl-fuzz summary ($out)"
printf '%-12s %12s %10s %8s %10s %8s %6s\n' fuzzer execs "exec/s" corpus edges crashes hangs
total_crashes=0
for n in "${names[@]}"; do
  execs=$(stat_of "$n" execs_done)
  crashes=$(find "$out/$n/afl/default/crashes" -maxdepth 1 -type f -name 'id:*' 2>/dev/null | wc -l)
  hangs=$(find "$out/$n/afl/default/hangs" -maxdepth 1 -type f -name 'id:*' 2>/dev/null | wc -l)
  total_crashes=$((total_crashes + crashes))
  printf '%-12s %12s %10s %8s %10s %8s %6s\n' "$n" "${execs:--}" "$(stat_of "$n" execs_per_sec)" \
    "$(stat_of "$n" corpus_count)" "$(stat_of "$n" edges_found)/$(stat_of "$n" total_edges)" "$crashes" "$hangs"
  if ! grep -a -q "All set and ready to roll" "$out/$n/afl.log" || [ "${execs:-0}" -eq 0 ]; then
    echo "  $n: afl-fuzz executed nothing (log $out/$n/afl.log)"
    failures=$((failures + 1))
  fi
done
if [ "$total_crashes" -gt 0 ]; then
  echo "crashes: $out/<fuzzer>/afl/default/crashes/ (reproduce with tools/repro.sh FILE${subject:+ --subject $subject})"
fi
[ "$failures" -eq 0 ] || exit 1
[ "$total_crashes" -eq 0 ] || exit 1
[ "$interrupted" -eq 0 ] || exit 130
exit 0
