#!/bin/bash -eu
# oss-fuzz/build.sh: builds every fuzzer without Bazel, the way OSS-Fuzz and
# ClusterFuzzLite call it: $CC $CFLAGS, $CXX $CXXFLAGS $LIB_FUZZING_ENGINE, into $OUT.
#
# Writes, for each fuzz/<name>.c with name *_fuzzer: $OUT/<name>,
# $OUT/<name>_seed_corpus.zip (corpus/<name>/, plus corpus/regressions/ for
# ops_fuzzer), $OUT/<name>.dict (fuzz/<name>.dict) and $OUT/<name>.options.
# Sources: arena/{arena,lcg,park_miller}.c and every harness/*.c except tests
# and our arena's adapter, subjects/arena/adapter.c; includes are written
# "arena/arena.h", so -I<root>. Warnings are not errors here: the service's
# compiler may be newer than ours.
#
# The checkout: $ARENAFUZZ_ROOT, else the directory above this script (run from
# the repository), else $SRC/arenafuzz (OSS-Fuzz copies this file to $SRC/build.sh).

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -n "${ARENAFUZZ_ROOT:-}" ]; then
  root=$ARENAFUZZ_ROOT
elif [ -f "$here/../arena/arena.c" ]; then
  root=$(cd "$here/.." && pwd)
else
  root=${SRC:?set ARENAFUZZ_ROOT or SRC}/arenafuzz
fi
[ -f "$root/arena/arena.c" ] || { echo "oss-fuzz/build.sh: no arenafuzz checkout at $root" >&2; exit 1; }
: "${CC:=clang}"
: "${CXX:=clang++}"
: "${CFLAGS:=}"
: "${CXXFLAGS:=}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${OUT:?set OUT to the output directory}"
: "${WORK:=$(mktemp -d)}"

mkdir -p "$OUT" "$WORK/arenafuzz"
obj=$WORK/arenafuzz
rm -f "$obj"/*.o "$obj/libarenafuzz.a"

sources=("$root/arena/arena.c" "$root/arena/lcg.c" "$root/arena/park_miller.c"
  "$root/subjects/arena/adapter.c")
for f in "$root"/harness/*.c; do
  base=$(basename "$f" .c)
  case $base in
    *_test) continue ;;
  esac
  sources+=("$f")
done

# CFLAGS may carry -fsanitize=fuzzer-no-link etc.; -std and -I are ours.
ours=(-std=c11 -I"$root" -D_GNU_SOURCE)
objects=()
for f in "${sources[@]}"; do
  o="$obj/$(basename "$(dirname "$f")")_$(basename "$f" .c).o"
  # shellcheck disable=SC2086 # CFLAGS is a list of flags
  $CC $CFLAGS "${ours[@]}" -c "$f" -o "$o"
  objects+=("$o")
done
ar rcs "$obj/libarenafuzz.a" "${objects[@]}"

# Fuzzers left out of UBSan builds: OSS-Fuzz's build check rejects a UBSan
# build with fewer than 168 calls into the UBSan runtime; text_fuzzer (the
# parser alone) has about 80, arena_api_fuzzer (arena, model, faulty allocator) about
# 130. Their ASan, coverage and AFL builds are kept (arena_api_fuzzer's corpus runs
# under UBSan in `bazel test --config=ubsan //fuzz:arena_api_fuzzer_test`).
ubsan_skip=" text_fuzzer arena_api_fuzzer "

count=0
for f in "$root"/fuzz/*_fuzzer.c; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .c)
  if [ "${SANITIZER:-}" = undefined ] && [[ $ubsan_skip == *" $name "* ]]; then
    echo "oss-fuzz/build.sh: $name is not built for SANITIZER=undefined (too small for the UBSan build check)"
    rm -f "$OUT/$name" "$OUT/${name}_seed_corpus.zip" "$OUT/$name.dict" "$OUT/$name.options"
    continue
  fi
  # shellcheck disable=SC2086
  $CC $CFLAGS "${ours[@]}" -c "$f" -o "$obj/$name.o"
  # Linked by the C++ driver: libFuzzer (and AFL's driver) need the C++ runtime.
  # shellcheck disable=SC2086
  $CXX $CXXFLAGS "$obj/$name.o" "$obj/libarenafuzz.a" $LIB_FUZZING_ENGINE -o "$OUT/$name"

  # Seeds, flat: corpus/<name>/*, and for ops_fuzzer corpus/regressions/* as
  # regression-* (the two directories may hold equal names).
  rm -f "$OUT/${name}_seed_corpus.zip"
  stage="$obj/seeds-$name"
  rm -rf "$stage"
  mkdir -p "$stage"
  if [ -d "$root/corpus/$name" ]; then
    find "$root/corpus/$name" -maxdepth 1 -type f -exec cp -t "$stage" {} +
  fi
  if [ "$name" = ops_fuzzer ] && [ -d "$root/corpus/regressions" ]; then
    for r in "$root"/corpus/regressions/*; do
      [ -f "$r" ] && cp "$r" "$stage/regression-$(basename "$r")"
    done
  fi
  if [ -n "$(ls -A "$stage")" ]; then
    (cd "$stage" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi

  options="$OUT/$name.options"
  {
    echo "[libfuzzer]"
    echo "timeout = 25"
    echo "rss_limit_mb = 2560"
  } >"$options"
  if [ -f "$root/fuzz/$name.dict" ]; then
    cp "$root/fuzz/$name.dict" "$OUT/$name.dict"
    echo "dict = $name.dict" >>"$options"
  fi
  if [ -f "$root/fuzz/$name.max_len" ]; then
    echo "max_len = $(cat "$root/fuzz/$name.max_len")" >>"$options"
  fi
  count=$((count + 1))
done
if [ "$count" -eq 0 ]; then
  echo "oss-fuzz/build.sh: no fuzz/*_fuzzer.c found under $root" >&2
  exit 1
fi
echo "oss-fuzz/build.sh: built $count fuzzer(s) into $OUT"
