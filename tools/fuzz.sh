#!/usr/bin/env bash
# tools/fuzz.sh: a fuzzing session: one, several or all fuzzers under libFuzzer
# (ASan+UBSan) for a time limit, live progress, and a summary table at the end.
set -uo pipefail
AF_PROG=fuzz.sh
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: tools/fuzz.sh [options] [FUZZER...]        (no FUZZER: every fuzzer)
  --time SECONDS      length of the session (default 600)
  --jobs N            fuzzing processes in total, shared out over the fuzzers,
                      at least one each (default: the number of cores)
  --out DIR           where findings go (default findings/<date>-<time>/);
                      must not exist yet or be empty, and not be in corpus/
  --subject LABEL     fuzz another implementation, e.g. //verify/mutants:fit_off_by_one
  --progress SECONDS  interval of the progress lines (default 10)
  -- FLAGS...          extra libFuzzer flags for every fuzzer
Each fuzzer runs libFuzzer's fork mode over a copy of corpus/<fuzzer>/ in
DIR/<fuzzer>/corpus/, so what it finds lands there and corpus/ is never written
(fold new coverage in with tools/merge.sh DIR). Crashes go to DIR/<fuzzer>/crashes/;
at the end each is replayed once and duplicates (same signature) are grouped.
DIR/session.txt records the fuzzers and the subject (tools/repro.sh reads it).
Ctrl-C stops the fuzzers, keeps everything found so far and prints the summary.
Exit status: 0 nothing found, 1 crashes found, 2 usage or build error,
130 interrupted (nothing found).
EOF
}

time_limit=600
jobs=$(nproc 2>/dev/null || echo 1)
out=""
subject=""
progress=10
names=()
extra=()
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
    --progress) [ $# -ge 2 ] || af_die "--progress needs a value"; progress=$2; shift 2 ;;
    --progress=*) progress=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    -*) af_die "unknown option '$1' (see --help)" ;;
    *) names+=("$1"); shift ;;
  esac
done
af_positive_int "$time_limit" --time
af_positive_int "$jobs" --jobs
af_positive_int "$progress" --progress
subject_flags=()
if [ -n "$subject" ]; then subject_flags=("$(af_subject_flags "$subject")") || exit 2; fi

if [ "${#names[@]}" -eq 0 ]; then
  mapfile -t names < <(af_fuzzers)
  [ "${#names[@]}" -gt 0 ] || af_die "no fuzzers found (expected fuzz/*_fuzzer.c)"
  if [ -n "$subject" ]; then
    # Only the fuzzers that go through harness/subject.h test another subject:
    # text_fuzzer tests the parser, arena_api_fuzzer our arena's own API.
    mapfile -t names < <(printf '%s\n' "${names[@]}" | grep -vxE 'text_fuzzer|arena_api_fuzzer')
  fi
fi
for n in "${names[@]}"; do af_check_fuzzer "$n"; done

if [ -z "$out" ]; then
  out="$AF_ROOT/findings/$(date +%Y%m%d-%H%M%S)"
fi
if [ -e "$out" ] && { [ ! -d "$out" ] || [ -n "$(ls -A "$out")" ]; }; then
  af_die "$out already exists and is not an empty directory (choose another --out)"
fi
out_abs=$(realpath -m -- "$out") || af_die "$out: not a usable path"
case $out_abs/ in
  "$(realpath -m -- "$AF_ROOT/corpus")"/*)
    af_die "$out is inside corpus/ (the shipped corpus is only changed by merge.sh): choose another --out" ;;
esac

# Build first, into a scratch directory: a failed build (a bad --subject)
# leaves --out as it was, free for the next try.
targets=()
for n in "${names[@]}"; do targets+=("//fuzz:$n"); done
build_dir=$(mktemp -d "${TMPDIR:-/tmp}/arenafuzz-build.XXXXXX") || af_die "cannot create a temporary directory"
trap 'rm -rf "$build_dir"' EXIT
(af_build "$build_dir/bin" --config=asan-libfuzzer "${subject_flags[@]}" -- "${targets[@]}") || exit 2
mkdir -p "$out" || af_die "cannot create $out"
out=$(cd "$out" && pwd)
mv "$build_dir/bin" "$out/bin" || af_die "cannot move the binaries into $out"
# What the session ran, for tools/repro.sh (a crash file in this directory is
# replayed with this fuzzer and subject) and for people.
{
  echo "# tools/fuzz.sh session: read by tools/repro.sh"
  echo "fuzzers=${names[*]}"
  echo "subject=$subject"
  echo "time=$time_limit"
  echo "jobs=$jobs"
  echo "started=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit=$(git -C "$AF_ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
} >"$out/session.txt"

# Workers per fuzzer: the jobs shared out, at least one each.
count=${#names[@]}
declare -A workers pids started ended before
for i in "${!names[@]}"; do
  w=$((jobs / count))
  [ "$i" -lt $((jobs % count)) ] && w=$((w + 1))
  [ "$w" -ge 1 ] || w=1
  workers[${names[$i]}]=$w
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
mkdir -p "$out/tmp"

start_fuzzer() { # NAME: starts NAME's libFuzzer in the background.
  local n=$1 d="$out/$1"
  mkdir -p "$d/corpus" "$d/crashes"
  if [ -d "$AF_ROOT/corpus/$n" ]; then
    find "$AF_ROOT/corpus/$n" -maxdepth 1 -type f -exec cp -t "$d/corpus" {} +
  fi
  before[$n]=$(af_count_files "$d/corpus")
  local args=(-fork="${workers[$n]}" -ignore_crashes=1 -max_total_time="$time_limit"
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$d/crashes/")
  [ -f "$AF_ROOT/fuzz/$n.dict" ] && args+=(-dict="$AF_ROOT/fuzz/$n.dict")
  args+=("${extra[@]}" "$d/corpus")
  # Regression inputs are read as extra seeds; libFuzzer only writes the first dir.
  if [ "$n" = ops_fuzzer ] && [ -d "$AF_ROOT/corpus/regressions" ]; then
    args+=("$AF_ROOT/corpus/regressions")
  fi
  echo "$out/bin/$n ${args[*]}" >"$d/command"
  # Its own process group: libFuzzer's fork mode leaves its job processes
  # running when it is stopped, so stop_all signals the whole group.
  (cd "$d" && TMPDIR="$out/tmp" exec setsid "$out/bin/$n" "${args[@]}") >"$d/fuzz.log" 2>&1 &
  pids[$n]=$!
  started[$n]=$SECONDS
}

# last_stats NAME: "execs cov ft corpus" from the newest fork-mode status line.
last_stats() {
  local line
  line=$(grep -a -E '^#[0-9]+: cov: ' "$out/$1/fuzz.log" 2>/dev/null | tail -n 1)
  if [ -z "$line" ]; then
    echo "- - - -"
    return
  fi
  echo "$line" | awk '{ sub(/^#/, "", $1); sub(/:$/, "", $1); print $1, $3, $5, $7 }'
}

crash_files() { # NAME: the artifact files of NAME, oldest first.
  find "$out/$1/crashes" -maxdepth 1 -type f \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) \
    -printf '%T@ %p\n' 2>/dev/null | sort -n | cut -d' ' -f2-
}

rate() { # EXECS SECONDS
  if [ "$1" = - ] || [ "$2" -le 0 ]; then echo -; else echo $(($1 / $2)); fi
}

interrupted=0
stop_all() { # SIGNAL: TERM asks each libFuzzer to stop (it prints its final
  # status); KILL ends each fuzzer's whole process group (its fork-mode jobs,
  # which would otherwise run on; KILL makes them write no false crash files).
  local n
  for n in "${names[@]}"; do
    if [ "$1" = KILL ]; then
      kill -KILL -- "-${pids[$n]}" 2>/dev/null
    else
      kill "-$1" "${pids[$n]}" 2>/dev/null
    fi
  done
}
# shellcheck disable=SC2317 # run by the trap below
on_interrupt() {
  if [ "$interrupted" -eq 0 ]; then
    interrupted=1
    echo
    echo "interrupted: stopping the fuzzers, keeping what they found ..."
    stop_all TERM
    term_sent=$SECONDS
  fi
}
term_sent=0
trap on_interrupt INT TERM HUP

echo "session: ${names[*]} for ${time_limit}s, $jobs job(s); findings in $out"
[ -n "$subject" ] && echo "subject: $subject"
for n in "${names[@]}"; do start_fuzzer "$n"; done

deadline=$((SECONDS + time_limit))
next_progress=$((SECONDS + progress))
running() {
  local n
  for n in "${names[@]}"; do
    if [ -z "${ended[$n]:-}" ]; then
      if kill -0 "${pids[$n]}" 2>/dev/null; then
        return 0
      fi
    fi
  done
  return 1
}
reap() { # records when each fuzzer ended.
  local n
  for n in "${names[@]}"; do
    if [ -z "${ended[$n]:-}" ] && ! kill -0 "${pids[$n]}" 2>/dev/null; then
      ended[$n]=$SECONDS
    fi
  done
}
while running; do
  sleep 1
  reap
  if [ "$SECONDS" -ge "$deadline" ] && [ "$term_sent" -eq 0 ]; then
    # libFuzzer's fork mode stops by itself, but only once its jobs finish.
    stop_all TERM
    term_sent=$SECONDS
  fi
  if [ "$term_sent" -gt 0 ] && [ $((SECONDS - term_sent)) -ge 15 ]; then
    stop_all KILL
  fi
  if [ "$interrupted" -eq 0 ] && [ "$SECONDS" -ge "$next_progress" ] && [ "$SECONDS" -lt "$deadline" ]; then
    next_progress=$((SECONDS + progress))
    elapsed=$((SECONDS + time_limit - deadline))
    for n in "${names[@]}"; do
      read -r execs cov ft corp <<<"$(last_stats "$n")"
      printf '[%4ds/%ds] %-12s execs %-10s %8s/s  cov %-5s ft %-6s corpus %-5s crashes %s\n' \
        "$elapsed" "$time_limit" "$n" "$execs" "$(rate "$execs" $((SECONDS - started[$n])))" \
        "$cov" "$ft" "$corp" "$(crash_files "$n" | wc -l)"
    done
  fi
done
for n in "${names[@]}"; do wait "${pids[$n]}" 2>/dev/null; done
reap
stop_all KILL # whatever job processes outlived their fuzzer
trap - INT TERM HUP
rm -rf "$out/tmp"

# Replays each crash once to name its bug; groups crash files by signature.
echo "replaying the crashes to group them ..."
max_replays=200
for n in "${names[@]}"; do
  d="$out/$n"
  : >"$d/crashes.txt"
  mkdir -p "$d/reports"
  i=0
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    i=$((i + 1))
    if [ "$i" -gt "$max_replays" ]; then
      printf 'not replayed (over %d)\t%s\n' "$max_replays" "$f" >>"$d/crashes.txt"
      continue
    fi
    report="$d/reports/$(basename "$f").txt"
    { (cd "$d" && timeout 60 "$out/bin/$n" -timeout=10 -rss_limit_mb=2048 "$f") >"$report" 2>&1; } 2>/dev/null
    printf '%s\t%s\n' "$(af_signature <"$report")" "$f" >>"$d/crashes.txt"
  done < <(crash_files "$n")
done

# What the runner skipped under its budgets (allocations past RUNNER_MAX_USAGE,
# touches past RUNNER_MAX_TOUCH), counted by replaying the session's corpus
# once: "A/T" (arena_api_fuzzer: allocations skipped under its held-memory budget),
# or "-" for text_fuzzer, which allocates nothing; and the known findings
# (the subject's contract lists them: recorded, not crashes) seen in that replay.
declare -A skips=() known=()
for n in "${names[@]}"; do
  totals=$( (cd "$out/$n" && ARENAFUZZ_TOTALS=1 timeout 600 "$out/bin/$n" -runs=0 \
    -rss_limit_mb=2048 "$out/$n/corpus") 2>&1 | grep -m1 '^arenafuzz: totals:')
  skips[$n]=$(sed -nE 's/.* ([0-9]+) allocations skipped .* ([0-9]+) touches skipped .*/\1\/\2/p' <<<"$totals")
  [ -n "${skips[$n]}" ] || skips[$n]="-"
  known[$n]=$(sed -nE 's/.* ([0-9]+) known findings.*/\1/p' <<<"$totals")
  [ -n "${known[$n]}" ] || known[$n]="-"
done

summary="$out/summary.txt"
total_files=0
{
  echo
  echo "=== fuzzing session summary ($out)"
  printf '%-12s %12s %9s %6s %7s %15s %8s %8s %11s %6s\n' fuzzer execs "exec/s" cov ft "corpus before>after" crashes unique "skipped a/t" known
  for n in "${names[@]}"; do
    read -r execs cov ft corp <<<"$(last_stats "$n")"
    secs=$((${ended[$n]:-$SECONDS} - started[$n]))
    after=$(af_count_files "$out/$n/corpus")
    files=$(crash_files "$n" | wc -l)
    total_files=$((total_files + files))
    unique=$(cut -f1 "$out/$n/crashes.txt" | sort -u | grep -c -v -E '^(not replayed|did not reproduce)' || true)
    printf '%-12s %12s %9s %6s %7s %15s %8s %8s %11s %6s\n' "$n" "$execs" "$(rate "$execs" "$secs")" \
      "$cov" "$ft" "${before[$n]}>$after" "$files" "$unique" "${skips[$n]}" "${known[$n]}"
  done
  if [ "$total_files" -gt 0 ]; then
    echo
    echo "crashes (one file per signature; reproduce with tools/repro.sh FILE, which replays it on${subject:+ $subject,} the subject of this session):"
    for n in "${names[@]}"; do
      sort -t$'\t' -k1,1 -s "$out/$n/crashes.txt" | awk -F'\t' -v n="$n" '
        function flush() { if (last != "") printf "  %-12s x%-4d %s\n      %s\n", n, cnt, first, last }
        $1 ~ /^not replayed/ { skipped++; next }
        $1 == "did not reproduce" { if (!flaky++) flaky_file = $2; next }
        $1 != last { flush(); last = $1; first = $2; cnt = 0 }
        { cnt++ }
        END {
          flush()
          if (flaky) printf "  %-12s %d file(s) did not reproduce on a replay, e.g. %s\n" \
            "      (flaky, or an empty file that libFuzzer fork mode sometimes writes)\n", n, flaky, flaky_file
          if (skipped) printf "  %-12s %d more crash files not replayed\n", n, skipped
        }'
    done
  else
    echo "no crashes."
  fi
  echo "new inputs: $out/<fuzzer>/corpus (fold into corpus/ with: tools/merge.sh $out)"
  for n in "${names[@]}"; do
    if ! grep -a -q -E '^#[0-9]+: cov: ' "$out/$n/fuzz.log"; then
      echo "note: $n reported no progress; see $out/$n/fuzz.log"
    fi
  done
} >"$summary"
cat "$summary"

if [ "$total_files" -gt 0 ]; then exit 1; fi
if [ "$interrupted" -eq 1 ]; then exit 130; fi
exit 0
