#!/usr/bin/env bash
# source_caught: a test of `bazel test //...` run against a source mutant of
# arena/arena.c must fail, with its checker's own report (not a crash before
# any check, not a missing file).
# usage: source_caught.sh PATTERN BINARY [ARGS...]
set -uo pipefail
if [ $# -lt 2 ]; then
  echo "usage: source_caught.sh PATTERN BINARY [ARGS...]" >&2
  exit 2
fi
pattern=$1
binary=$2
shift 2
out=$("$binary" "$@" 2>&1)
rc=$?
name=$(basename "$binary")
if [ "$rc" -eq 0 ]; then
  tail -n 5 <<<"$out"
  echo "FAIL: $name passed: the planted bug in arena.c was not caught"
  exit 1
fi
if ! grep -qE -- "$pattern" <<<"$out"; then
  tail -n 20 <<<"$out"
  echo "FAIL: $name failed (exit $rc) without the report /$pattern/"
  exit 1
fi
echo "caught: $name (exit $rc): $(grep -m1 -E -- "$pattern" <<<"$out")"
