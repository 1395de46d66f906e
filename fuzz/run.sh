#!/usr/bin/env bash
# run: fuzzes one target with libFuzzer into findings/<name>/ (never corpus/),
# seeded from its corpora. Started by `bazel run //fuzz:<name>_run -- FLAGS`.
set -euo pipefail
if [ $# -lt 5 ]; then
  echo "run: usage: run.sh NAME BINARY ENGINE_FILE DICT CORPUS... [-- libFuzzer flags]" >&2
  exit 2
fi
name=$1 binary=$2 engine_file=$3 dict=$4
shift 4
corpora=()
while [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; do
  corpora+=("$1")
  shift
done
engine=$(cat "$engine_file")
if [ "$engine" != libfuzzer ]; then
  echo "run: //fuzz:$name was built with engine '$engine'; use --config=asan-libfuzzer (or libfuzzer)" >&2
  exit 2
fi
if [ -z "${BUILD_WORKSPACE_DIRECTORY:-}" ]; then
  echo "run: start me with bazel run //fuzz:${name}_run" >&2
  exit 2
fi
work=${ARENAFUZZ_WORKDIR:-$BUILD_WORKSPACE_DIRECTORY/findings/$name}
mkdir -p "$work/corpus" "$work/crashes"
flags=(-artifact_prefix="$work/crashes/")
if [ "$dict" != none ]; then
  flags+=(-dict="$dict")
fi
echo "run: $name into $work (seeds: ${corpora[*]})" >&2
# libFuzzer writes new inputs into the first directory only; the seed
# directories are the read-only runfiles copies.
exec "$binary" "${flags[@]}" "$@" "$work/corpus" "${corpora[@]}"
