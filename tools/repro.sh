#!/usr/bin/env bash
# tools/repro.sh: turns a crash file into a readable reproduction (the program
# with the failing operation marked, expected vs actual, the ASan+UBSan report).
set -uo pipefail
AF_PROG=repro.sh
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: tools/repro.sh [options] CRASH_FILE
  Prints the input's program in the text form with the failing operation
  marked and the model's expected vs actual, then replays it with the fuzzer's
  replay binary under ASan+UBSan and prints the report.
  --fuzzer NAME     the fuzzer the input belongs to (default: the fuzzer named
                    in the file's path, e.g. findings/.../lcg_fuzzer/crashes/,
                    else ops_fuzzer)
  --subject LABEL   replay against another implementation, e.g.
                    //verify/mutants:fit_off_by_one (default: the subject of
                    the tools/fuzz.sh session the file is in, from its
                    session.txt; else our arena)
  --minimize        shrink it first (ops_fuzzer: our delta debugging over the
                    operation list; other fuzzers: libFuzzer's -minimize_crash)
  --save NAME       keep it as a regression test: corpus/regressions/NAME.bin and
                    NAME.txt (ops_fuzzer), corpus/<fuzzer>/regression-NAME otherwise;
                    bazel test //... replays it from then on. Only an input
                    that fails on the subject is saved, unless --save-passing
  --save-passing    with --save: save it even if it passes
The program's report starts with the subject's contract and lists every
distinct finding of the input. A finding the contract lists as known (a
library defect recorded in subjects/<name>/findings/) does not fail a replay;
the input is then replayed again with it counting, and the result says so.
Exit status: 1 while the bug is present (the replay fails, or shows a known
finding), 0 once it passes, 2 bad input, usage or build error.
EOF
}

fuzzer=""
subject=""
minimize=0
save=""
save_given=0
save_passing=0
subject_given=0
fuzzer_given=0
file=""
while [ $# -gt 0 ]; do
  case $1 in
    --fuzzer) [ $# -ge 2 ] || af_die "--fuzzer needs a value"; fuzzer=$2; fuzzer_given=1; shift 2 ;;
    --fuzzer=*) fuzzer=${1#*=}; fuzzer_given=1; shift ;;
    --subject) [ $# -ge 2 ] || af_die "--subject needs a value"; subject=$2; subject_given=1; shift 2 ;;
    --subject=*) subject=${1#*=}; subject_given=1; shift ;;
    --minimize) minimize=1; shift ;;
    --save) [ $# -ge 2 ] || af_die "--save needs a NAME"; save=$2; save_given=1; shift 2 ;;
    --save=*) save=${1#*=}; save_given=1; shift ;;
    --save-passing) save_passing=1; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) af_die "unknown option '$1' (see --help)" ;;
    *)
      [ -z "$file" ] || af_die "one crash file at a time ('$file' and '$1')"
      file=$1
      shift
      ;;
  esac
done
[ -n "$file" ] || af_die "no crash file given (see --help)"
af_check_input "$file"
file=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")

[ "$fuzzer_given" -eq 0 ] || [ -n "$fuzzer" ] || af_die "--fuzzer needs a fuzzer name (got an empty one)"
[ "$subject_given" -eq 0 ] || [ -n "$subject" ] || af_die "--subject needs a label (got an empty one)"
[ "$save_passing" -eq 0 ] || [ "$save_given" -eq 1 ] || af_die "--save-passing goes with --save NAME"

# The tools/fuzz.sh session the file is in (its session.txt, up to three
# directories above: DIR/<fuzzer>/crashes/FILE), if any.
session=""
d=$(dirname "$file")
for _ in 1 2 3; do
  if [ -f "$d/session.txt" ]; then
    session=$d
    break
  fi
  [ "$d" = / ] && break
  d=$(dirname "$d")
done
session_value() { # KEY: its value in the session's session.txt
  sed -n "s/^$1=//p" "$session/session.txt" | head -n 1
}
fuzzer_from=""
if [ -z "$fuzzer" ]; then
  fuzzer=ops_fuzzer
  fuzzer_from="the default"
  rel=$file
  [ -n "$session" ] && rel=${file#"$session"/}
  IFS=/ read -r -a parts <<<"$rel"
  for part in "${parts[@]}"; do
    for n in $(af_fuzzers); do
      if [ "$part" = "$n" ]; then
        fuzzer=$n
        fuzzer_from="the file's path"
      fi
    done
  done
  if [ -n "$session" ] && [ "$fuzzer_from" = "the default" ]; then
    read -r -a session_fuzzers <<<"$(session_value fuzzers)"
    if [ "${#session_fuzzers[@]}" -eq 1 ]; then
      fuzzer=${session_fuzzers[0]}
      fuzzer_from="the session"
    fi
  fi
else
  fuzzer_from="--fuzzer"
fi
af_check_fuzzer "$fuzzer"
subject_from="--subject"
if [ "$subject_given" -eq 0 ]; then
  subject_from="the default"
  if [ -n "$session" ]; then
    subject=$(session_value subject)
    subject_from="the session $session"
  fi
fi
subject_flags=()
if [ -n "$subject" ]; then subject_flags=("$(af_subject_flags "$subject")") || exit 2; fi

if [ "$save_given" -eq 1 ]; then
  case $save in
    '') af_die "--save needs a NAME (got an empty one)" ;;
    *[!A-Za-z0-9_.-]* | .*) af_die "--save NAME: use letters, digits, '_', '-' and '.' only (got '$save')" ;;
  esac
  if [ "$fuzzer" = ops_fuzzer ]; then
    save_dir="$AF_ROOT/corpus/regressions"
    for ext in bin txt; do
      [ -e "$save_dir/$save.$ext" ] && af_die "corpus/regressions/$save.$ext already exists (choose another NAME)"
    done
  else
    save_dir="$AF_ROOT/corpus/$fuzzer"
    [ -e "$save_dir/regression-$save" ] && af_die "corpus/$fuzzer/regression-$save already exists (choose another NAME)"
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/arenafuzz-repro.XXXXXX") || af_die "cannot create a temporary directory"
trap 'rm -rf "$work"' EXIT
targets=("//fuzz:$fuzzer")
[ "$fuzzer" = ops_fuzzer ] && targets+=(//tools:program_dump //tools:program_min)
af_build "$work/bin" "${subject_flags[@]}" -- "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
if [ "$fuzzer" = ops_fuzzer ]; then
  # A text-form input that does not parse: one line, before anything else.
  if ! "$work/bin/program_dump" "$file" >/dev/null 2>"$work/parse.err"; then
    sed 's/^program_dump: error: /repro.sh: error: /' "$work/parse.err" >&2
    exit 2
  fi
  # A fuzzer's mutation of a text seed that no longer parses is read as bytes.
  sed 's/^program_dump: note: /repro.sh: note: /' "$work/parse.err" >&2
fi
# elide FILE: prints FILE; a long program in it (lcg_fuzzer's workloads run to
# thousands of operations) only around its marked line.
elide() {
  awk -v before=12 -v after=4 '
    { line[NR] = $0 }
    /^# arenafuzz program$/ && !start { start = NR }
    /# <-- failed here$/ && !mark { mark = NR }
    mark && !end && NR > mark && /^(arenafuzz: |FAILED |DIED |PASSED)/ { end = NR }
    END {
      if (!start || !mark || !end || end - start < 60) { for (i = 1; i <= NR; i++) print line[i]; exit }
      for (i = 1; i <= NR; i++) {
        if (i > start + 2 && i < mark - before) {
          if (i == start + 3) printf "... (%d operations not shown)\n", mark - before - start - 3
          continue
        }
        if (i > mark + after && i < end) {
          if (i == mark + after + 1) printf "... (%d operations not shown)\n", end - mark - after - 1
          continue
        }
        print line[i]
      }
    }' "$1"
}

input=$file
echo "input: $file"
echo "fuzzer: $fuzzer (from $fuzzer_from)"
echo "subject: ${subject:-//subjects/arena, our arena} (from $subject_from)"

if [ "$minimize" -eq 1 ]; then
  echo
  echo "=== minimizing"
  if [ "$fuzzer" = ops_fuzzer ]; then
    # Its progress and verdict lines go to stdout with the rest of the report.
    timeout 900 "$work/bin/program_min" --out "$work/minimized.txt" "$input" 2>&1
    case $? in
      0) input="$work/minimized.txt" ;;
      1) echo "(it passes on this subject, so it stays as it is)" ;;
      *) af_die "minimizing failed" ;;
    esac
  else
    af_build "$work/libfuzzer" --config=asan-libfuzzer "${subject_flags[@]}" -- "//fuzz:$fuzzer"
    (cd "$work" && timeout 300 "$work/libfuzzer/$fuzzer" -minimize_crash=1 -max_total_time=60 \
      -exact_artifact_path="$work/minimized.bin" "$input") >"$work/minimize.log" 2>&1
    if [ -s "$work/minimized.bin" ]; then
      echo "libFuzzer: $(stat -c %s "$input") -> $(stat -c %s "$work/minimized.bin") bytes"
      input="$work/minimized.bin"
    else
      echo "(libFuzzer found nothing smaller, or the input does not crash: kept as it is)"
    fi
  fi
  # Keep the minimized input beside the crash (never inside corpus/: --save does that).
  if [ "$input" != "$file" ]; then
    case $file in
      "$AF_ROOT"/corpus/*) ;;
      *)
        keep="$file.min"
        [ "$fuzzer" = ops_fuzzer ] && keep="$file.min.txt"
        if cp "$input" "$keep" 2>/dev/null; then echo "minimized input: $keep"; fi
        ;;
    esac
  fi
fi

echo
if [ "$fuzzer" = ops_fuzzer ]; then
  echo "=== the program (text form), checked against the model"
  # The marked program and the verdict go to stdout; the sanitizer report, if
  # any, comes again in full from the replay below.
  # (Braces with 2>/dev/null: no "Aborted" notice from bash when it dies.)
  { timeout 300 "$work/bin/program_dump" --run "$input" >"$work/dump.out" 2>"$work/dump.err"; } 2>/dev/null
  elide "$work/dump.out"
elif [ "$fuzzer" = text_fuzzer ]; then
  echo "=== the input (text_fuzzer reads it as text; non-printing bytes shown as ^X / M-X)"
  head -c 4096 "$input" | cat -v
  echo
else
  echo "=== the input bytes ($fuzzer builds its program from them)"
  od -A d -t x1 -v "$input" | head -n 32
fi

echo
echo "=== replay under ASan+UBSan: $fuzzer $(basename "$input")"
{ (cd "$work" && timeout 300 "$work/bin/$fuzzer" "$input") >"$work/replay.log" 2>&1; } 2>/dev/null
status=$?
elide "$work/replay.log"
known=0
if [ "$status" -eq 0 ]; then
  # Findings the subject's contract lists as known do not fail a replay: run
  # it again with them counting (subjects/*/findings/ reproduce such ones).
  { (cd "$work" && ARENAFUZZ_IGNORE_KNOWN=1 timeout 300 "$work/bin/$fuzzer" "$input") \
    >"$work/known.log" 2>&1; } 2>/dev/null
  if [ $? -ne 0 ]; then
    known=1
    echo
    echo "=== the same replay with the contract's known findings counting (ARENAFUZZ_IGNORE_KNOWN=1)"
    elide "$work/known.log"
  fi
fi

if [ -n "$save" ] && [ "$status" -eq 0 ] && [ "$known" -eq 0 ] && [ "$save_passing" -eq 0 ]; then
  echo
  af_die "not saved: the input passes on ${subject:-our arena}, so it is no regression (--save-passing saves it anyway)"
fi
if [ -n "$save" ]; then
  echo
  echo "=== saving"
  mkdir -p "$save_dir" || af_die "cannot create $save_dir"
  if [ "$fuzzer" = ops_fuzzer ]; then
    "$work/bin/program_dump" --text "$save_dir/$save.txt" --binary "$save_dir/$save.bin" "$input"
    case $? in
      0) echo "saved corpus/regressions/$save.txt and corpus/regressions/$save.bin" ;;
      3)
        if [ "$input" = "$file" ] && ! head -c 19 "$file" | grep -q -a '^# arenafuzz program'; then
          cp "$file" "$save_dir/$save.bin"
          echo "saved corpus/regressions/$save.txt and corpus/regressions/$save.bin (the original bytes)"
        else
          echo "saved corpus/regressions/$save.txt (this program has no binary form)"
        fi
        ;;
      *) af_die "could not save the regression" ;;
    esac
    echo "bazel test //fuzz:ops_fuzzer_test (part of bazel test //...) replays it from now on."
  else
    cp "$input" "$save_dir/regression-$save" || af_die "could not save the regression"
    echo "saved corpus/$fuzzer/regression-$save; bazel test //fuzz:${fuzzer}_test replays it."
  fi
  if [ -n "$subject" ]; then
    echo "Against $subject: bazel test //fuzz:${fuzzer}_test --//harness:subject=$subject"
  fi
fi

echo
if [ "$known" -eq 1 ]; then
  echo "RESULT: only findings that ${subject:-our arena}'s contract lists as known: the library's defect is present."
  exit 1
fi
if [ "$status" -eq 0 ]; then
  echo "RESULT: passes on ${subject:-our arena}: the bug is not present (fixed)."
  exit 0
fi
if [ "$status" -eq 124 ]; then
  echo "RESULT: the replay hung (over 300s): the bug is present."
else
  echo "RESULT: the replay fails (exit status $status): the bug is present."
fi
exit 1
