#!/usr/bin/env bash
# replay_test: level 1 of the mutation self-test. Replays the shipped corpus
# with one subject's replay binary and checks the verdict the subject deserves.
# usage: replay_test.sh caught|clean REPLAY_BINARY FILE_OR_DIR...
#   caught: some input must expose the subject (the runner reports a violation,
#           or a sanitizer stops the run while the runner touches its memory);
#   clean:  every input must pass, and there must be inputs.
set -uo pipefail

if [ $# -lt 3 ] || { [ "$1" != caught ] && [ "$1" != clean ]; }; then
  echo "usage: $0 caught|clean REPLAY_BINARY FILE_OR_DIR..." >&2
  exit 2
fi
expect=$1
binary=$2
shift 2

out=$("$binary" --trace "$@" 2>&1)
rc=$?
# The verdict lines, then the first lines of any sanitizer report.
grep -E '^(caught by|subject )' <<<"$out"
report=$(grep -m1 -E '(ERROR|WARNING): [A-Za-z]+Sanitizer|runtime error:' <<<"$out")
last=$(grep '^replaying ' <<<"$out" | tail -n 1)

# The binary must describe itself by its target's name (<name>_replay; the
# *_ubsan variants are the same mutant): mutants.h, mutant_infos and BUILD agree.
name=$(basename "$binary")
name=${name%_replay}
name=${name%_ubsan}
if ! grep -q "^subject $name: " <<<"$out" && [ "$rc" -ne 2 ] && grep -q '^subject ' <<<"$out"; then
  echo "FAIL: $(basename "$binary") describes itself as '$(grep -m1 '^subject ' <<<"$out" | cut -d' ' -f2 | tr -d :)'"
  exit 1
fi
if [ "$rc" -eq 2 ]; then
  echo "FAIL: the replay tool rejected its input:"
  grep '^mutant_replay:' <<<"$out"
  exit 1
fi
case $expect in
  caught)
    if grep -q '^caught by ' <<<"$out"; then
      echo "PASS: the runner caught it ($(grep -c '^caught by ' <<<"$out") inputs)"
      exit 0
    fi
    if [ "$rc" -ne 0 ] && [ -n "$report" ]; then
      echo "PASS: caught by a sanitizer while ${last:-starting}: $report"
      exit 0
    fi
    echo "FAIL: the subject survived the corpus (exit $rc)"
    [ -n "$report" ] && echo "$report"
    exit 1
    ;;
  clean)
    if [ "$rc" -eq 0 ] && grep -qE 'replayed [1-9][0-9]* inputs, 0 caught it' <<<"$out"; then
      echo "PASS: no input reports a violation"
      exit 0
    fi
    echo "FAIL: expected no violation (exit $rc)"
    printf '%s\n' "$out" | tail -n 30
    exit 1
    ;;
esac
