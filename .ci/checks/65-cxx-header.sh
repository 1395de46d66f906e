#!/usr/bin/env bash
# CI check: arena/arena.h compiles and works from C++ with g++ 12 and clang++ 14
# at every standard from C++11 to C++23 (-pedantic, warnings as errors): the
# test verify/cxx_test.cc, linked with the arena compiled as C by the other
# compiler family too. (bazel test //... runs it with clang++ per standard.)
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=0
for cc in gcc clang; do
  $cc -std=c11 -O1 -Wall -Wextra -Werror -I. -c arena/arena.c -o "$tmp/arena-$cc.o"
  $cc -std=c11 -O1 -Wall -Wextra -Werror -I. -c verify/cxx_layout.c -o "$tmp/layout-$cc.o"
  for cxx in g++ clang++; do
    for std in c++11 c++14 c++17 c++20 c++2b; do
      exe="$tmp/cxx-$cc-$cxx-$std"
      if ! $cxx -std=$std -pedantic -O1 -Wall -Wextra -Werror -I. verify/cxx_test.cc \
        "$tmp/arena-$cc.o" "$tmp/layout-$cc.o" -o "$exe"; then
        echo "cxx-header: $cxx -std=$std cannot compile arena/arena.h (arena built by $cc)"
        exit 1
      fi
      if ! out=$("$exe"); then
        echo "cxx-header: $cxx -std=$std (arena built by $cc): the test failed: $out"
        exit 1
      fi
      grep -q "layout and calls as in C" <<<"$out" || { echo "cxx-header: unexpected output: $out"; exit 1; }
      runs=$((runs + 1))
    done
  done
done
[ "$runs" -eq 20 ] || { echo "cxx-header: $runs of 20 builds ran"; exit 1; }
echo "cxx-header: arena.h from C++11..C++23, g++ and clang++, with the arena built by gcc and clang: 20 of 20 pass"
