#!/usr/bin/env bash
# replay_test_control: negative controls for replay_test.sh: "caught" must fail
# on the bug-free control, and "clean" must fail on a real mutant.
# usage: replay_test_control.sh REPLAY_TEST NONE_REPLAY MUTANT_REPLAY FILE_OR_DIR...
set -uo pipefail
if [ $# -lt 4 ]; then
  echo "usage: $0 REPLAY_TEST NONE_REPLAY MUTANT_REPLAY FILE_OR_DIR..." >&2
  exit 2
fi
check=$1 none=$2 mutant=$3
shift 3
status=0
if "$check" caught "$none" "$@" >/dev/null 2>&1; then
  echo "FAIL: replay_test.sh says the bug-free control was caught"
  status=1
else
  echo "PASS: replay_test.sh reports the bug-free control as surviving"
fi
if "$check" clean "$mutant" "$@" >/dev/null 2>&1; then
  echo "FAIL: replay_test.sh says $(basename "$mutant") is clean"
  status=1
else
  echo "PASS: replay_test.sh reports $(basename "$mutant") as not clean"
fi
exit "$status"
