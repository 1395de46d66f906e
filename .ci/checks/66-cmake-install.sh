#!/usr/bin/env bash
# CI check: the arena builds and installs without Bazel (CMakeLists.txt), and
# small programs build against the INSTALLED library only: C through
# pkg-config (static and shared) and find_package(arena), C++ through
# pkg-config with g++ and clang++.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "cmake-install: $*"
  exit 1
}

for kind in static shared; do
  shared=OFF
  [ "$kind" = shared ] && shared=ON
  prefix="$tmp/prefix-$kind"
  cmake -S "$root" -B "$tmp/build-$kind" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=$shared \
    -DCMAKE_INSTALL_PREFIX="$prefix" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "$kind: configure failed"; }
  cmake --build "$tmp/build-$kind" -j 2 >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "$kind: build failed"; }
  cmake --install "$tmp/build-$kind" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "$kind: install failed"; }
  for f in include/arena/arena.h include/arena/track.h lib/pkgconfig/arena.pc \
    lib/cmake/arena/arenaConfig.cmake; do
    [ -f "$prefix/$f" ] || fail "$kind: the install lacks $f"
  done
  export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
  # shellcheck disable=SC2046 # pkg-config's output is meant to be split
  cc -std=c11 -Wall -Werror -o "$tmp/consumer-$kind" build/cmake/consumer/main.c \
    $(pkg-config --cflags --libs arena) || fail "$kind: the C consumer did not build via pkg-config"
  for cxx in g++ clang++; do
    # shellcheck disable=SC2046
    $cxx -std=c++11 -Wall -Werror -o "$tmp/consumer-$kind-$cxx" build/cmake/consumer/main.cc \
      $(pkg-config --cflags --libs arena) || fail "$kind: the C++ consumer did not build with $cxx"
  done
  cmake -S build/cmake/consumer -B "$tmp/consumer-build-$kind" -DCMAKE_PREFIX_PATH="$prefix" \
    >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "$kind: find_package(arena) failed"; }
  cmake --build "$tmp/consumer-build-$kind" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "$kind: the find_package consumer did not build"; }
  # Each consumer runs against the installed library.
  for exe in "$tmp/consumer-$kind" "$tmp/consumer-$kind-g++" "$tmp/consumer-$kind-clang++" \
    "$tmp/consumer-build-$kind/consumer"; do
    out=$(LD_LIBRARY_PATH="$prefix/lib" "$exe") || fail "$kind: $exe failed"
    grep -q "works" <<<"$out" || fail "$kind: $exe printed '$out'"
  done
  if [ "$kind" = shared ]; then
    ldd "$tmp/consumer-shared" | grep -q "$prefix/lib/libarena.so" ||
      LD_LIBRARY_PATH="$prefix/lib" ldd "$tmp/consumer-shared" | grep -q "libarena.so" ||
      fail "shared: the consumer is not linked to the installed libarena.so"
  fi
done
echo "cmake-install: static and shared installs; C (pkg-config, find_package) and C++ (g++, clang++) consumers run"
