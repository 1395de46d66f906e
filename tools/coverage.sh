#!/usr/bin/env bash
# tools/coverage.sh: replays the shipped corpus on clang source-based coverage
# builds of the fuzzers; writes an llvm-cov HTML report and arena/'s summary.
set -uo pipefail
AF_PROG=coverage.sh
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: tools/coverage.sh [--out DIR] [--check] [--corpus DIR] [FUZZER...]   (no FUZZER: all)
  Builds the fuzzers' replay binaries with --config=coverage (clang
  -fprofile-instr-generate -fcoverage-mapping, no sanitizer), replays
  corpus/<fuzzer>/ (ops_fuzzer also corpus/regressions/), merges the profiles
  (llvm-profdata-14) and writes, under DIR (default out/coverage/):
    html/index.html   the llvm-cov-14 HTML report of all our code
    summary.txt       llvm-cov's table for every file
    arena.txt         line, function and branch coverage of arena/
  --check       exit 1 unless the lines and the branches of arena/ are 100%
                covered; prints every line and branch that is not
  --corpus DIR  replay only the inputs in DIR instead of the shipped corpus:
                a tools/fuzz.sh session (DIR/<fuzzer>/corpus/), a directory
                laid out like corpus/ (DIR/<fuzzer>/), or one fuzzer's
                directory of inputs (named like the fuzzer, or give FUZZER).
                corpus/regressions/ is not added. Nothing to replay is an error.
Exit status: 0 done (and, with --check, 100%), 1 --check failed, 2 error.
EOF
}

out="$AF_ROOT/out/coverage"
check=0
corpus_root="$AF_ROOT/corpus"
names=()
while [ $# -gt 0 ]; do
  case $1 in
    --out) [ $# -ge 2 ] || af_die "--out needs a value"; out=$2; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    --check) check=1; shift ;;
    --corpus) [ $# -ge 2 ] || af_die "--corpus needs a value"; corpus_root=$2; shift 2 ;;
    --corpus=*) corpus_root=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) af_die "unknown option '$1' (see --help)" ;;
    *) af_check_fuzzer "$1"; names+=("$1"); shift ;;
  esac
done
[ -e "$corpus_root" ] || af_die "$corpus_root: no such directory"
[ -d "$corpus_root" ] || af_die "$corpus_root: not a directory"
corpus_root=$(cd "$corpus_root" && pwd)
explicit=("${names[@]}")
if [ "${#names[@]}" -eq 0 ]; then
  mapfile -t names < <(af_fuzzers)
  [ "${#names[@]}" -gt 0 ] || af_die "no fuzzers found (expected fuzz/*_fuzzer.c)"
fi

# input_dirs[NAME]: the directories of NAME's inputs to replay, one a line.
declare -A input_dirs=()
layout=""
if [ "$corpus_root" = "$AF_ROOT/corpus" ]; then
  layout="the shipped corpus"
  for n in "${names[@]}"; do
    d=$corpus_root/$n
    [ "$n" = ops_fuzzer ] && d+=$'\n'"$AF_ROOT/corpus/regressions"
    input_dirs[$n]=$d
  done
else
  for n in "${names[@]}"; do
    if [ -d "$corpus_root/$n/corpus" ]; then
      input_dirs[$n]=$corpus_root/$n/corpus
      layout="a session directory"
    elif [ -d "$corpus_root/$n" ]; then
      input_dirs[$n]=$corpus_root/$n
      layout=${layout:-"a corpus directory"}
    fi
  done
  [ -n "$(ls -A "$corpus_root")" ] || af_die "$corpus_root: no inputs to replay (an empty directory)"
  if [ -z "$layout" ]; then
    # One fuzzer's flat directory of inputs.
    flat=""
    if [ "${#explicit[@]}" -eq 1 ]; then
      flat=${explicit[0]}
    else
      for n in "${names[@]}"; do [ "$(basename "$corpus_root")" = "$n" ] && flat=$n; done
    fi
    [ -n "$flat" ] || af_die "$corpus_root: no <fuzzer>/corpus/ or <fuzzer>/ inside, and not named like a fuzzer (give one FUZZER)"
    names=("$flat")
    input_dirs[$flat]=$corpus_root
    layout="one fuzzer's inputs"
  fi
fi
# Only fuzzers with at least one input; none at all is an error.
with_inputs=()
total_inputs=0
for n in "${names[@]}"; do
  count=0
  while IFS= read -r d; do
    [ -n "$d" ] && count=$((count + $(af_count_files "$d")))
  done <<<"${input_dirs[$n]:-}"
  if [ "$count" -gt 0 ]; then
    with_inputs+=("$n")
    total_inputs=$((total_inputs + count))
  elif [ "$corpus_root" != "$AF_ROOT/corpus" ] || [ "${#explicit[@]}" -gt 0 ]; then
    af_note "$n: no inputs in $corpus_root, skipped"
  fi
done
[ "${#with_inputs[@]}" -gt 0 ] || af_die "$corpus_root: no inputs to replay (${layout:-nothing recognised})"
names=("${with_inputs[@]}")
echo "replaying $total_inputs inputs of $layout ($corpus_root)"

for tool in llvm-profdata-14 llvm-cov-14; do
  command -v "$tool" >/dev/null || af_die "$tool not found (run tools/install-deps.sh)"
done
mkdir -p "$out" || af_die "cannot create $out"
out=$(cd "$out" && pwd)
rm -rf "$out/profraw" "$out/html" "$out/coverage.profdata"
mkdir -p "$out/profraw"

targets=()
for n in "${names[@]}"; do targets+=("//fuzz:$n"); done
# arena/ code no fuzzer links (the block cache allocator) is covered by its own
# test, run with the shipped corpus only: a figure for --corpus DIR comes from
# DIR's inputs alone.
unit_tests=()
[ "$layout" = "the shipped corpus" ] && unit_tests=(cache_test)
for t in "${unit_tests[@]}"; do targets+=("//verify:$t"); done
# -std=gnu11 (after our -std=c11): in strict ISO mode glibc's assert() is a
# ?: whose false arm does not return, and clang 14 then counts the statement
# after the assert as never run; in GNU mode assert is a statement expression.
af_build "$out/bin" --config=coverage "--per_file_copt=.*\\.c@-std=gnu11" \
  --platform_suffix=-coverage-gnu11 -- "${targets[@]}"

objects=()
for n in "${names[@]}"; do
  dirs=()
  while IFS= read -r d; do
    [ -n "$d" ] && [ "$(af_count_files "$d")" -gt 0 ] && dirs+=("$d")
  done <<<"${input_dirs[$n]}"
  echo "replaying ${dirs[*]#"$AF_ROOT/"} on $n ..."
  if ! (cd "$out" && LLVM_PROFILE_FILE="$out/profraw/$n-%p.profraw" timeout 1800 \
    "$out/bin/$n" "${dirs[@]}") >"$out/$n.replay.log" 2>&1; then
    af_die "$n: the corpus replay failed: $(af_first_error "$out/$n.replay.log") (log: $out/$n.replay.log)"
  fi
  tail -n 1 "$out/$n.replay.log" | sed "s/^/  /"
  objects+=("$out/bin/$n")
done
[ "${#objects[@]}" -gt 0 ] || af_die "nothing was replayed"
for t in "${unit_tests[@]}"; do
  echo "running $t ..."
  (cd "$out" && LLVM_PROFILE_FILE="$out/profraw/$t-%p.profraw" "$out/bin/$t") \
    >"$out/$t.log" 2>&1 || af_die "$t failed (log: $out/$t.log)"
  objects+=("$out/bin/$t")
done
llvm-profdata-14 merge -sparse "$out"/profraw/*.profraw -o "$out/coverage.profdata" ||
  af_die "llvm-profdata-14 merge failed"

# Bazel compiles in a sandbox whose paths read /proc/self/cwd/<file>: map them
# back to the checkout so llvm-cov finds the sources wherever it runs.
cov_args=(-instr-profile="$out/coverage.profdata" -path-equivalence="/proc/self/cwd,$AF_ROOT"
  "${objects[0]}")
for o in "${objects[@]:1}"; do cov_args+=(-object "$o"); done
arena_files=()
for f in "$AF_ROOT"/arena/*.c "$AF_ROOT"/arena/*.h; do arena_files+=("$f"); done

(cd "$AF_ROOT" && llvm-cov-14 show -format=html -output-dir="$out/html" -show-branches=count \
  -show-line-counts-or-regions -show-expansions "${cov_args[@]}" \
  -ignore-filename-regex='/usr/') >"$out/show.log" 2>&1 ||
  af_die "llvm-cov-14 show failed (log: $out/show.log)"
(cd "$AF_ROOT" && llvm-cov-14 report -show-branch-summary "${cov_args[@]}" \
  -ignore-filename-regex='/usr/') >"$out/summary.txt" 2>&1 ||
  af_die "llvm-cov-14 report failed (see $out/summary.txt)"
(cd "$AF_ROOT" && llvm-cov-14 report -show-branch-summary "${cov_args[@]}" "${arena_files[@]}") \
  >"$out/arena.report" 2>&1 || af_die "llvm-cov-14 report for arena/ failed"

# The report's columns: Filename Regions Missed Cover Functions Missed Executed
# Lines Missed Cover Branches Missed Cover.
{
  echo "arena/ coverage from the replay of $total_inputs inputs, $layout (${names[*]})${unit_tests[*]:+, and ${unit_tests[*]}}:"
  printf '  %-22s %16s %16s %16s\n' file lines functions branches
  awk -v root="$AF_ROOT/" '
    NF == 13 && $1 != "Filename" {
      name = $1; sub(root, "", name)
      printf "  %-22s %5d/%-5d %5s %5d/%-5d %5s %5d/%-5d %5s\n", name, $8 - $9, $8, $10, \
        $5 - $6, $5, $7, $11 - $12, $11, $13
    }' "$out/arena.report"
} | tee "$out/arena.txt"
echo "HTML report: $out/html/index.html   all files: $out/summary.txt"

if [ "$check" -eq 1 ]; then
  read -r lines missed_lines branches missed_branches < <(awk '
    $1 == "TOTAL" && NF == 13 { print $8, $9, $11, $12 }' "$out/arena.report")
  if [ -z "${lines:-}" ] || [ "$lines" -eq 0 ]; then
    af_die "no coverage data for arena/ (was it linked into the fuzzers?)"
  fi
  if [ "$missed_lines" -eq 0 ] && [ "$missed_branches" -eq 0 ]; then
    echo "check: arena/ lines $lines/$lines and branches $branches/$branches covered: 100%"
    exit 0
  fi
  echo "check FAILED: arena/ misses $missed_lines of $lines lines and $missed_branches of $branches branches"
  awk 'NF == 13 && $1 != "Filename" && $1 != "TOTAL" && ($9 > 0 || $12 > 0) {
    printf "  %s: %d line(s), %d branch(es) missed\n", $1, $9, $12 }' "$out/arena.report"
  echo "(a line can count as missed with no zero line below: a region inside a macro expansion)"
  (cd "$AF_ROOT" && llvm-cov-14 show -show-branches=count -show-line-counts "${cov_args[@]}" \
    "${arena_files[@]}") 2>/dev/null | awk -v root="$AF_ROOT/" '
      /^\/.*:$/ { file = $0; sub(/:$/, "", file); sub(root, "", file); sub(/^\/proc\/self\/cwd\//, "", file); next }
      /^ *[0-9]+\| *0\|/ {
        split($0, c, "|"); line = c[1] + 0; src = c[3]; sub(/^ +/, "", src)
        printf "  %s:%d: line never run: %s\n", file, line, src; next
      }
      /^ *[0-9]+\|/ { split($0, c, "|"); line = c[1] + 0; src = c[3]; next }
      /Branch \(/ && (/True: 0,/ || /False: 0\]/) {
        b = $0; sub(/^[ |]*/, "", b)
        printf "  %s:%d: %s   in: %s\n", file, line, b, src
      }'
  exit 1
fi
exit 0
