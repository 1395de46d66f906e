#!/usr/bin/env bash
# valgrind_clean: runs each command (one argument each: "BINARY [ARGS...]")
# under Valgrind memcheck on a plain build; passes only if every run is clean:
# no memory error, no definite, indirect or possible leak, and the command
# itself passed. ("Still reachable" is not a leak: the runner keeps its
# workspace in a static for the next run.)
set -uo pipefail
if ! command -v valgrind >/dev/null; then
  echo "valgrind_clean: valgrind is not installed (tools/install-deps.sh installs it)"
  exit 1
fi
if [ $# -eq 0 ]; then
  echo "usage: valgrind_clean.sh 'BINARY [ARGS...]'..." >&2
  exit 2
fi
status=0
for command in "$@"; do
  read -ra words <<<"$command"
  start=$SECONDS
  valgrind --error-exitcode=99 --leak-check=full "--errors-for-leak-kinds=definite,indirect,possible" \
    "--show-leak-kinds=definite,indirect,possible" --track-origins=yes --quiet "${words[@]}"
  code=$?
  name="$(basename "${words[0]}") ${words[*]:1}"
  if [ "$code" -eq 0 ]; then
    echo "valgrind_clean: $name: clean in $((SECONDS - start))s"
  else
    echo "valgrind_clean: $name: FAILED (exit $code; 99 = memcheck errors)"
    status=1
  fi
done
exit $status
