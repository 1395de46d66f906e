#!/usr/bin/env bash
# program_tools_test: program_dump and program_min on our arena and on the
# fit_off_by_one mutant: text/binary round trip, marking, minimization, bad input.
set -uo pipefail
dump=$1 min=$2 dump_bad=$3 min_bad=$4
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failures=0
check() { # WHAT CONDITION...
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}

# An exact fit (8 bytes of slop after 1 byte, then 4088: the rest of the
# block) that the mutant sends elsewhere, among operations that do not matter.
cat >"$tmp/exact.txt" <<'P'
# arenafuzz program
allocate 1
usage
write 0
verify 0
verify-all
usage
aligned 4088
allocate 9
verify-all
P

"$dump" --run "$tmp/exact.txt" >"$tmp/ours.out" 2>&1
check "our arena passes (exit 0)" [ $? -eq 0 ]
check "PASSED line" grep -q "^PASSED: 9 operations on subject 'arena'" "$tmp/ours.out"

"$dump" --text "$tmp/round.txt" --binary "$tmp/round.bin" "$tmp/exact.txt"
both_written() { [ -s "$tmp/round.txt" ] && [ -s "$tmp/round.bin" ]; }
check "text and binary written" both_written
"$dump" "$tmp/round.bin" >"$tmp/from-bin.txt"
check "binary decodes to the same program" cmp -s "$tmp/from-bin.txt" "$tmp/round.txt"
"$dump" "$tmp/exact.txt" >"$tmp/printed.txt"
check "printing is the text form" cmp -s "$tmp/printed.txt" "$tmp/round.txt"

"$dump_bad" --run "$tmp/exact.txt" >"$tmp/bad.out" 2>&1
check "mutant fails (exit 1)" [ $? -eq 1 ]
check "the exact fit is marked" grep -q '^aligned 4088   # <-- failed here$' "$tmp/bad.out"
check "expected vs actual" grep -q "^FAILED on subject 'fit_off_by_one': parity: op 6 (aligned 4088): .*expected" "$tmp/bad.out"

"$min_bad" --out "$tmp/min.txt" "$tmp/exact.txt" 2>"$tmp/min.err"
check "minimizer succeeds (exit 0)" [ $? -eq 0 ]
ops=$(grep -c -v '^#' "$tmp/min.txt")
check "minimized to the two operations that matter ($ops)" [ "$ops" -eq 2 ]
check "minimized program keeps the exact fit" grep -q '^aligned 4088$' "$tmp/min.txt"
"$dump_bad" --run "$tmp/min.txt" >"$tmp/min.out" 2>&1
check "minimized program still fails the same way" grep -q "op 1 (aligned 4088): .*expected" "$tmp/min.out"
"$min" "$tmp/exact.txt" >/dev/null 2>"$tmp/pass.err"
check "minimizing a passing program: exit 1" [ $? -eq 1 ]

: >"$tmp/empty"
printf '# arenafuzz program\nallocate many\n' >"$tmp/garbage.txt"
head -c $((2 << 20)) /dev/zero >"$tmp/huge"
one_error() { [ "$1" -eq 2 ] && [ "$(wc -l <"$2")" -eq 1 ] && grep -q 'error: ' "$2"; }
for bad in "$tmp/missing" "$tmp" "$tmp/empty" "$tmp/huge" "$tmp/garbage.txt"; do
  for tool in "$dump" "$min"; do
    "$tool" "$bad" >/dev/null 2>"$tmp/err"
    rc=$?
    check "$(basename "$tool") $(basename "$bad"): exit 2, one error line" one_error "$rc" "$tmp/err"
  done
done
"$dump" --frobnicate "$tmp/exact.txt" >/dev/null 2>&1
check "unknown option: exit 2" [ $? -eq 2 ]

# Nothing a user wrote is overwritten: the input never, an existing output
# only with --force.
cp "$tmp/exact.txt" "$tmp/keep.txt"
for opt in --text --binary; do
  "$dump" "$opt" "$tmp/keep.txt" "$tmp/keep.txt" >/dev/null 2>"$tmp/err"
  rc=$?
  check "program_dump $opt INPUT INPUT: exit 2, one error line" one_error "$rc" "$tmp/err"
  "$dump" --force "$opt" "$tmp/keep.txt" "$tmp/keep.txt" >/dev/null 2>"$tmp/err"
  rc=$?
  check "program_dump --force $opt INPUT INPUT: still refused" one_error "$rc" "$tmp/err"
  check "the input is unchanged after $opt" cmp -s "$tmp/keep.txt" "$tmp/exact.txt"
done
"$dump" --text "$tmp/round.txt" "$tmp/exact.txt" >/dev/null 2>"$tmp/err"
rc=$?
check "program_dump --text EXISTING: exit 2, one error line" one_error "$rc" "$tmp/err"
check "the message names --force" grep -q -- '--force' "$tmp/err"
"$dump" --force --text "$tmp/round.txt" "$tmp/exact.txt" >/dev/null 2>&1
check "program_dump --force --text EXISTING: exit 0" [ $? -eq 0 ]
"$min_bad" --out "$tmp/exact.txt" "$tmp/exact.txt" >/dev/null 2>"$tmp/err"
rc=$?
check "program_min --out INPUT: exit 2, one error line" one_error "$rc" "$tmp/err"
check "the input is unchanged after program_min" cmp -s "$tmp/keep.txt" "$tmp/exact.txt"

# A fuzzer's mutation of a text seed that does not parse, not named *.txt, is
# read as bytes (as every fuzz target reads it), with a note.
printf '# arenafuzz program\nallocate 227+\n' >"$tmp/mutated"
"$dump" "$tmp/mutated" >"$tmp/mutated.out" 2>"$tmp/err"
check "text-like bytes: exit 0" [ $? -eq 0 ]
check "text-like bytes: a one-line note" grep -q "^program_dump: note: .*line 2: bad number '227+'.*read as bytes" "$tmp/err"
check "text-like bytes: printed as a program" grep -q '^# arenafuzz program$' "$tmp/mutated.out"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all passed"
