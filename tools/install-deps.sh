#!/usr/bin/env bash
# Installs, from Debian 12's packages only, everything arenafuzz builds and
# checks with. Safe to run again; needs root (or sudo).
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: tools/install-deps.sh [--list]
Installs with apt-get (no Recommends) the Debian 12 packages arenafuzz needs:
Bazel 4.2.3, clang 14 with its sanitizer and libFuzzer runtimes, llvm-14, gcc/g++,
valgrind, AFL++, Frama-C with why3/z3/cvc4, cmake and pkg-config, and the arenas
checked as subjects (APR, talloc, mimalloc, LLVM 14's headers). About 1.3 GB and
3-6 minutes on a fresh Debian 12 root with a local mirror. Packages already
installed are left alone. Needs root or sudo.
  --list   print the package names and exit
  --help   print this help and exit
USAGE
}

packages=(
  bazel-bootstrap    # Bazel 4.2.3 (WORKSPACE mode, offline with third_party/ stubs)
  clang              # clang 14: default compiler, libFuzzer
  libclang-rt-14-dev # sanitizer and libFuzzer runtimes
  llvm-14            # llvm-profdata-14, llvm-cov-14 for coverage
  llvm-14-dev        # LLVM's BumpPtrAllocator (subjects/llvm, bench/peers.sh)
  zlib1g-dev libncurses-dev # -lz -ltinfo: LLVMSupport linked statically (third_party/system)
  gcc g++            # the second compiler (--config=gcc), C++ subjects
  libc6-dev libstdc++-12-dev
  valgrind           # memcheck runs, callgrind counts, valgrind/memcheck.h
  afl++              # afl-clang-fast and libAFLDriver.a
  frama-c-base       # WP proofs of arena/
  why3 z3 cvc4       # provers for WP
  python3 python3-z3 # the bit-operation lemmas, tools' helpers
  libapr1-dev        # subjects/apr
  libtalloc-dev      # subjects/talloc
  libmimalloc-dev    # subjects/mimalloc
  cmake pkg-config make # building the arena without Bazel (CMakeLists.txt)
  zip unzip          # OSS-Fuzz seed corpus archives
  clang-format clang-tidy # .ci/checks/10-lint.sh
  git                # lint lists the tracked files; bench names the commit
  xxd                # fuzz/arena_api_seeds.sh writes binary seeds
  python3-yaml       # .ci/checks/92: parses the ClusterFuzzLite workflows
  ca-certificates
)

case "${1:-}" in
  "") ;;
  -h | --help) usage; exit 0 ;;
  --list) printf '%s\n' "${packages[@]}"; exit 0 ;;
  *) echo "install-deps.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps.sh: needs root or sudo" >&2; exit 2; }
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# why3 needs to know which provers are installed (there is no alt-ergo).
if command -v why3 >/dev/null && [ ! -s "$HOME/.why3.conf" ]; then
  why3 config detect >/dev/null 2>&1 || true
fi
echo "dependencies: all installed"
