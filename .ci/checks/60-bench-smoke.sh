#!/usr/bin/env bash
# CI check: the benchmark builds optimised without sanitizers (--config=bench)
# and a seconds-long run prints every table. Speed is not checked.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

startup=()
if [ -n "${AF_BAZEL_OUTPUT_BASE:-}" ]; then
  startup+=("--output_base=$AF_BAZEL_OUTPUT_BASE")
fi
if ! bazel "${startup[@]}" run --config=bench //bench -- --quick >"$out" 2>"$err"; then
  echo "bench-smoke: bazel run --config=bench //bench -- --quick failed:"
  tail -n 30 "$err"
  exit 1
fi
for want in "Table 1. Like for like" "Table 2. glibc's default" "Table 3. Block size sweep" \
  "arena/malloc" "arena/bump" "First run of each process"; do
  if ! grep -qF "$want" "$out"; then
    echo "bench-smoke: the output lacks '$want':"
    cat "$out"
    exit 1
  fi
done
if grep -qF "WARNING: the worker is" "$out"; then
  echo "bench-smoke: --config=bench built a sanitized or unoptimised worker:"
  grep -F "WARNING" "$out"
  exit 1
fi
rows=$(grep -cE '^ *(alloc16|aligned16|mixed|memtable)? +(arena|bump|malloc) +[0-9]+ +[0-9.]+ \[' "$out" || true)
if [ "$rows" -ne 24 ]; then
  echo "bench-smoke: expected 24 measured rows, found $rows:"
  cat "$out"
  exit 1
fi
echo "bench-smoke: optimised, unsanitized bench ran; all tables printed ($rows rows)"
