#!/usr/bin/env bash
# Installs, from Debian 12's packages only, everything arenafuzz builds and
# checks with. Safe to run again; needs root (or sudo).
set -euo pipefail

packages=(
  bazel-bootstrap  # Bazel 4.2.3 (WORKSPACE mode, offline with third_party/ stubs)
  clang            # clang 14: default compiler, libFuzzer
  libclang-rt-14-dev # sanitizer and libFuzzer runtimes
  llvm-14          # llvm-profdata-14, llvm-cov-14 for coverage
  gcc              # the second compiler (--config=gcc)
  valgrind         # memcheck runs and valgrind/memcheck.h
  afl++            # afl-clang-fast and libAFLDriver.a
  frama-c-base     # WP proofs of arena/
  why3 z3 cvc4     # provers for WP
  python3-z3       # the bit-operation lemmas
  zip unzip        # OSS-Fuzz seed corpus archives
  clang-format clang-tidy # .ci/checks/10-lint.sh
  git              # lint lists the tracked files; bench/all.sh names the commit
  xxd              # fuzz/api_seeds.sh writes binary seeds
  python3-yaml     # .ci/checks/92: parses the ClusterFuzzLite workflows
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}"
fi
# why3 needs to know which provers are installed (there is no alt-ergo).
if command -v why3 >/dev/null && [ ! -s "$HOME/.why3.conf" ]; then
  why3 config detect >/dev/null 2>&1 || true
fi
echo "dependencies: all installed"
