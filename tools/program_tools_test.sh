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
check "expected vs actual" grep -q "^FAILED on subject 'fit_off_by_one': op 6 (aligned 4088): .*expected" "$tmp/bad.out"

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

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all passed"
