#!/usr/bin/env bash
# CI check: AFL++ through Bazel (--config=afl: afl-clang-fast + libAFLDriver).
# tools/afl.sh --smoke builds every fuzzer, shows afl-showmap records map
# tuples for one seed fed on stdin (the driver given a directory passes without
# running anything), and a 5-second afl-fuzz run per fuzzer executes inputs.
# Negative control: afl-showmap on an uninstrumented program records nothing.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
AFL_QUIET=1 afl-showmap -q -o "$tmp/control.map" -- /bin/true </dev/null >"$tmp/control.log" 2>&1
if [ -s "$tmp/control.map" ]; then
  echo "afl: FAIL: afl-showmap recorded tuples for the uninstrumented /bin/true"
  exit 1
fi
echo "afl: negative control: afl-showmap records nothing for an uninstrumented program"
if ! tools/afl.sh --smoke --out "$tmp/afl" >"$tmp/afl.log" 2>&1; then
  cat "$tmp/afl.log"
  echo "afl: FAIL"
  exit 1
fi
grep -E 'map tuples|^fuzzer|^[a-z_]+_fuzzer ' "$tmp/afl.log"
echo "afl: every fuzzer built with afl-clang-fast records coverage and executes under afl-fuzz"
