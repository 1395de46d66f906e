#!/usr/bin/env bash
# bench smoke test: the driver runs every worker with tiny counts and prints
# every table; bad flags fail with one line. Speed is never looked at.
set -euo pipefail

bench=bench/bench
worker=bench/worker
tmp=${TEST_TMPDIR:-$(mktemp -d)}

"$bench" --quick --worker="$worker" >"$tmp/out" 2>"$tmp/err"
for want in "Table 1. Like for like" "Table 2. glibc's default" "Table 3. Block size sweep" \
  "arena/malloc" "First run of each process" "1 MiB"; do
  if ! grep -qF "$want" "$tmp/out"; then
    echo "smoke: the output lacks '$want':"
    cat "$tmp/out" "$tmp/err"
    exit 1
  fi
done
# Every (workload, allocator) row has figures, in both glibc settings.
rows=$(grep -cE '^ *(alloc16|aligned16|mixed|memtable)? +(arena|bump|malloc) +[0-9]+ +[0-9.]+ \[' \
  "$tmp/out" || true)
if [ "$rows" -ne 24 ]; then
  echo "smoke: expected 24 measured rows, found $rows"
  cat "$tmp/out"
  exit 1
fi

# Bad input: a one-line error and exit status 2, never a run.
expect_error() { # expect_error PROGRAM ARGS...: must exit 2 with exactly one stderr line.
  local status=0
  "$@" >"$tmp/bad.out" 2>"$tmp/bad.err" || status=$?
  if [ "$status" -ne 2 ] || [ "$(grep -c . "$tmp/bad.err")" -ne 1 ] || [ -s "$tmp/bad.out" ]; then
    echo "smoke: '$*' gave status $status, stderr:"
    cat "$tmp/bad.err"
    exit 1
  fi
}
expect_error "$bench" --reps=0 --worker="$worker"
expect_error "$bench" --bogus --worker="$worker"
expect_error "$bench" --worker=/nonexistent
expect_error "$worker" --allocator=nope --workload=alloc16
expect_error "$worker" --allocator=arena --workload=nope
expect_error "$worker" --allocator=arena --workload=alloc16 --block-size=36
expect_error "$worker" --allocator=arena --workload=alloc16 --count=12x
expect_error "$worker" --allocator=arena --workload=mixed --count=2000001
expect_error "$worker" --workload=alloc16
# The worker alone: one plan line and one line per run.
"$worker" --allocator=bump --workload=memtable --count=100 --reps=3 >"$tmp/w"
[ "$(grep -c '^plan ' "$tmp/w")" -eq 1 ] && [ "$(grep -c '^sample ' "$tmp/w")" -eq 3 ] &&
  [ "$(grep -c '^warmup ' "$tmp/w")" -eq 1 ] || { echo "smoke: bad worker output:"; cat "$tmp/w"; exit 1; }
echo "smoke: bench printed every table; bad flags were refused"
