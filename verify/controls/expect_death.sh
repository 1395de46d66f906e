#!/usr/bin/env bash
# expect_death: runs a planted-bug binary and passes only if it dies (non-zero
# exit), after reaching its "planted:" line, with the detector's report on stderr.
# usage: expect_death.sh [--valgrind|--valgrind-leaks] PATTERN BINARY [ARGS...]
# (--valgrind: under memcheck, stopping at the first error; --valgrind-leaks:
# under memcheck with a full leak check that counts leaks as errors.)
set -uo pipefail

wrapper=()
if [ "${1:-}" = "--valgrind" ] || [ "${1:-}" = "--valgrind-leaks" ]; then
  if ! command -v valgrind >/dev/null; then
    echo "expect_death: valgrind is not installed (tools/install-deps.sh installs it)"
    exit 1
  fi
  if [ "$1" = "--valgrind" ]; then
    wrapper=(valgrind --error-exitcode=1 --exit-on-first-error=yes)
  else
    wrapper=(valgrind --error-exitcode=1 --leak-check=full
      "--errors-for-leak-kinds=definite,indirect,possible")
  fi
  shift
fi
if [ $# -lt 2 ]; then
  echo "usage: expect_death.sh [--valgrind|--valgrind-leaks] PATTERN BINARY [ARGS...]" >&2
  exit 2
fi
pattern=$1
shift
binary=$1
shift
if [ ! -x "$binary" ]; then
  echo "expect_death: no such binary: $binary"
  exit 1
fi

log=$(mktemp "${TEST_TMPDIR:-/tmp}/expect_death.XXXXXX")
"${wrapper[@]}" "$binary" "$@" >"$log" 2>&1
status=$?
cat "$log"
echo "---"
name=$(basename "$binary")
[ $# -gt 0 ] && name="$name $*"
if [ "$status" -eq 0 ]; then
  echo "FAIL: $name exited 0: the planted bug was not caught (detector off?)"
  exit 1
fi
if ! grep -q '^planted:' "$log"; then
  echo "FAIL: $name died (status $status) before reaching the planted bug"
  exit 1
fi
if ! grep -qF -- "$pattern" "$log"; then
  echo "FAIL: $name died (status $status) without the report '$pattern'"
  exit 1
fi
echo "PASS: $name died (status $status) with '$pattern'"
