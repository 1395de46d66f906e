#!/usr/bin/env bash
# plant: writes a copy of a source file with literal replacements made, for the
# source mutants of arena/arena.c (BUILD). Each FROM must occur exactly once,
# or nothing is written and the build fails: a mutant whose bug no longer
# applies to the shipped code is an error, never a silent no-op.
# usage: plant.sh IN OUT FROM TO [FROM TO]...
set -euo pipefail
if [ $# -lt 4 ] || [ $(($# % 2)) -ne 0 ]; then
  echo "usage: plant.sh IN OUT FROM TO [FROM TO]..." >&2
  exit 2
fi
in=$1
out=$2
shift 2
text=$(cat "$in"; printf x)
text=${text%x}
while [ $# -gt 0 ]; do
  from=$1
  to=$2
  shift 2
  rest=${text#*"$from"}
  if [ "$rest" = "$text" ]; then
    echo "plant.sh: '$from' does not occur in $in: update the mutant in verify/mutants/BUILD" >&2
    exit 1
  fi
  case $rest in
    *"$from"*)
      echo "plant.sh: '$from' occurs more than once in $in: make it unique" >&2
      exit 1
      ;;
  esac
  text=${text%%"$from"*}$to$rest
done
printf '%s' "$text" >"$out"
