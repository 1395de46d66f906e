#!/usr/bin/env bash
# all: every table of GitHub issue 6 in one command: the arena's (bench/), the
# harness's speed (bench/harness.sh) and the mutants' time to detection.
set -uo pipefail

usage() {
  cat <<'EOF'
usage: bench/all.sh [--quick] [--seeds N] [--time S] [--jobs J] [--per-input]
Prints the machine, then:
  1. bazel run --config=bench //bench            the arena vs malloc vs bump
  2. bench/harness.sh                            the harness's exec/s (H1-H3)
  3. verify/mutants/selftest.sh --time S --seeds N --jobs J
                                                 time to detection per mutant
  4. bench/peers.sh                              the arena against every peer:
                                                 instructions, ns, faults, RSS
  --seeds N     seeds per mutant (default 5)
  --time S      seconds per mutant run (default 10)
  --jobs J      mutant runs at a time (default 1, so runs do not share a CPU)
  --per-input   harness.sh also lists ops_fuzzer's inputs by cost
  --quick       a smoke run (seconds, figures meaningless): bench --quick,
                harness.sh --quick, selftest --time 2 --seeds 1 --jobs 2,
                peers.sh --quick
Exit 0 if every part succeeded; 1 if one failed (named at the end); 2 on bad
arguments. Environment: AF_BAZEL_OUTPUT_BASE (bazel's --output_base).
EOF
}

die() {
  echo "all.sh: $*" >&2
  exit 2
}

is_count() { [[ $1 =~ ^[1-9][0-9]{0,5}$ ]]; }

args="$*"
quick=0 seeds=5 budget=10 jobs=1 per_input=()
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1; shift ;;
    --seeds) is_count "${2:-}" || die "--seeds needs a positive count"; seeds=$2; shift 2 ;;
    --time) is_count "${2:-}" || die "--time needs a whole number of seconds"; budget=$2; shift 2 ;;
    --jobs) is_count "${2:-}" || die "--jobs needs a positive count"; jobs=$2; shift 2 ;;
    --per-input) per_input=(--per-input); shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
bench_flags=() harness_flags=("${per_input[@]}") peers_flags=()
if [ "$quick" -eq 1 ]; then
  bench_flags=(-- --quick)
  harness_flags+=(--quick)
  peers_flags+=(--quick)
  seeds=1 budget=2 jobs=2
fi

cd "$(dirname "$0")/.." || die "cannot find the workspace"
[ -f WORKSPACE ] || die "$(pwd) is not the arenafuzz workspace"

bazel_cmd() {
  local startup=()
  [ -n "${AF_BAZEL_OUTPUT_BASE:-}" ] && startup+=("--output_base=$AF_BAZEL_OUTPUT_BASE")
  bazel "${startup[@]}" "$@"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

echo "arenafuzz benchmarks (GitHub issue 6): bench/all.sh $args"
echo "Date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Machine:  $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
  "$(nproc) CPUs, $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
echo "System:   $(uname -srm); $(sed -n 's/^PRETTY_NAME="\(.*\)"$/\1/p' /etc/os-release)"
echo "Compiler: $(clang --version | head -n 1)"
if commit=$(git rev-parse --short HEAD 2>/dev/null); then
  git diff --quiet HEAD 2>/dev/null || commit+=" (with local changes)"
else
  commit="unknown (not a git checkout)"
fi
echo "Commit:   $commit"
echo "Load average (1, 5, 15 min): $(loadavg)"

failed=()
section() { # section TITLE: a header with the load average
  echo
  echo "=== $1"
  echo "=== load average before: $(loadavg)"
}

section "1. The arena: bazel run --config=bench //bench ${bench_flags[*]}"
bazel_cmd run --config=bench //bench "${bench_flags[@]}" 2>"${TMPDIR:-/tmp}/all-bench.$$.err" ||
  { tail -n 20 "${TMPDIR:-/tmp}/all-bench.$$.err"; failed+=("bench"); }
rm -f "${TMPDIR:-/tmp}/all-bench.$$.err"

section "2. The harness: bench/harness.sh ${harness_flags[*]}"
bench/harness.sh "${harness_flags[@]}" || failed+=("harness.sh")

section "3. Mutants: verify/mutants/selftest.sh --time $budget --seeds $seeds --jobs $jobs"
verify/mutants/selftest.sh --time "$budget" --seeds "$seeds" --jobs "$jobs" || failed+=("selftest.sh")

section "4. The arena against every peer: bench/peers.sh ${peers_flags[*]}"
bench/peers.sh "${peers_flags[@]}" || failed+=("peers.sh")

echo
echo "Load average after: $(loadavg)"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "all.sh: FAILED: ${failed[*]}"
  exit 1
fi
echo "all.sh: every table printed"
