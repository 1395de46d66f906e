#!/usr/bin/env bash
# cycle smoke test: every peer of //bench:cycle and //bench:cycle_mimalloc
# serves every workload (tiny counts, 2 cycles) with the same checksum as the
# others would see requested; bad flags fail with one line. No timing is checked.
set -euo pipefail

tmp=${TEST_TMPDIR:-$(mktemp -d)}
runs=0
peers=$(bench/cycle --list | cut -f1)
[ "$(echo "$peers" | wc -l)" -ge 10 ] || { echo "cycle_test: too few peers: $peers"; exit 1; }
for w in alloc16 aligned16 mixed memtable; do
  for p in $peers mimalloc; do
    bin=bench/cycle
    [ "$p" = mimalloc ] && bin=bench/cycle_mimalloc
    "$bin" --peer="$p" --workload="$w" --count=500 --cycles=2 >"$tmp/out"
    grep -q "^plan peer=$p workload=$w " "$tmp/out" || { echo "cycle_test: $p $w: no plan line"; cat "$tmp/out"; exit 1; }
    [ "$(grep -c '^cycle [12] ns=[0-9]* faults=[0-9]* maxrss_kib=[1-9]' "$tmp/out")" -eq 2 ] ||
      { echo "cycle_test: $p $w: expected 2 cycle lines"; cat "$tmp/out"; exit 1; }
    grep -q "^baseline maxrss_kib=[1-9]" "$tmp/out" || { echo "cycle_test: $p $w: no baseline"; exit 1; }
    # Our arenas report their bookkeeping, under 1% of the block bytes... for
    # a full arena; with 500 requests a few blocks: just non-zero.
    if [ "$p" = arena ] || [ "$p" = arena+cache ]; then
      grep -q "^cycle 1 .* records=[1-9][0-9]* blocks=[1-9]" "$tmp/out" ||
        { echo "cycle_test: $p $w: no bookkeeping figures"; cat "$tmp/out"; exit 1; }
    fi
    runs=$((runs + 1))
  done
done
[ "$runs" -eq 44 ] || { echo "cycle_test: $runs of 44 runs"; exit 1; }

expect_error() { # must exit 2 with exactly one line on stderr
  local status=0
  "$@" >"$tmp/o" 2>"$tmp/e" || status=$?
  if [ "$status" -ne 2 ] || [ "$(wc -l <"$tmp/e")" -ne 1 ]; then
    echo "cycle_test: '$*' exited $status with stderr:"
    cat "$tmp/e"
    exit 1
  fi
}
expect_error bench/cycle --peer=nosuch --workload=mixed
expect_error bench/cycle --peer=arena --workload=nosuch
expect_error bench/cycle --peer=arena
expect_error bench/cycle --peer=arena --workload=mixed --cycles=0
expect_error bench/cycle --peer=arena --workload=mixed --cycles=2 --measure=3
expect_error bench/cycle --peer=arena --workload=mixed --block-size=4100
expect_error bench/cycle --bogus
echo "cycle_test: 11 peers x 4 workloads ran; bad flags refused"
