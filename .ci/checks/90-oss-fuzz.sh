#!/usr/bin/env bash
# CI check: OSS-Fuzz, emulated. oss-fuzz/build.sh (no Bazel) runs with the
# environment OSS-Fuzz sets for the address, undefined, coverage and AFL
# builds, and every fuzzer passes what OSS-Fuzz's build check checks (-runs=4
# with instrumented edges, sanitizer mix, seed corpus; AFL executes inputs).
# Negative control: an uninstrumented build must fail those checks.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if tools/oss-fuzz.sh control >"$log" 2>&1; then
  cat "$log"
  echo "oss-fuzz: FAIL: the uninstrumented negative control passed the build checks"
  exit 1
fi
echo "oss-fuzz: negative control rejected: $(grep -c '  FAIL control/' "$log") failed checks"
if ! tools/oss-fuzz.sh >"$log" 2>&1; then
  cat "$log"
  echo "oss-fuzz: FAIL"
  exit 1
fi
sed -n '/=== OSS-Fuzz emulation/,$p' "$log"
echo "oss-fuzz: address, undefined, coverage and AFL builds pass the emulated build checks"
