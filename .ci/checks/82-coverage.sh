#!/usr/bin/env bash
# CI check: the shipped corpus covers 100% of the lines and branches of
# arena/ (tools/coverage.sh --check: clang source-based coverage of the corpus
# replay, llvm-cov-14). Negative control: a corpus of one input per fuzzer
# must fail the same check.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Negative control first: --check must be able to fail.
for n in fuzz/*_fuzzer.c; do
  n=$(basename "$n" .c)
  mkdir -p "$tmp/tiny/$n"
  first=$(find "corpus/$n" -maxdepth 1 -type f | sort | head -n 1)
  [ -n "$first" ] && cp "$first" "$tmp/tiny/$n/"
done
tools/coverage.sh --check --corpus "$tmp/tiny" --out "$tmp/control" >"$tmp/control.log" 2>&1
rc=$?
if [ "$rc" -ne 1 ] || ! grep -q '^check FAILED' "$tmp/control.log"; then
  tail -n 20 "$tmp/control.log"
  echo "coverage: FAIL: the negative control (one input per fuzzer) did not fail --check (exit $rc)"
  exit 1
fi
echo "coverage: negative control: $(grep '^check FAILED' "$tmp/control.log")"

tools/coverage.sh --check --out "$tmp/coverage" >"$tmp/coverage.log" 2>&1
rc=$?
sed -n '/^arena\/ coverage/,$p' "$tmp/coverage.log" | head -n 60
if [ "$rc" -ne 0 ]; then
  echo "coverage: FAIL: the shipped corpus does not cover all of arena/ (exit $rc)"
  exit 1
fi
echo "coverage: the shipped corpus covers every line and branch of arena/"
