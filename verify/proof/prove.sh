#!/usr/bin/env bash
# prove: the Frama-C WP proof of arena/ (contracts in verify/proof/) and its
# negative controls. Fails on any unproved goal and on any control that proves.
#
# usage: verify/proof/prove.sh [--timeout S] [--control-timeout S] [--jobs N]
#                              [--z3-rlimit N] [--cvc4-rlimit N]
#                              [--keep DIR] [--no-controls] [--smoke]
#   --z3-rlimit N    z3's resource limit per goal (default 40000000; 0: none)
#   --cvc4-rlimit N  cvc4's resource limit per goal (default 2000000; 0: none)
#   --timeout S   per-goal backstop: CPU seconds a prover may use (default 60)
#   --control-timeout S  the same for the negative controls (default 10)
#   --jobs N      provers run at once (default: the number of CPUs)
#   --keep DIR    work in DIR (created, must not exist) and keep it: the
#                 annotated sources, the why3 config, and every log
#   --no-controls skip the negative controls (for iterating on the proof)
#   --smoke       also WP's smoke tests: no precondition or assumption may be
#                 contradictory and no code dead, except the failure branch of
#                 a C assert() (about twice as long; not in CI)
# The resource limits decide: they count the provers' own work, so a goal
# proved on an idle machine is proved under any load. The time limits are CPU
# time (ulimit -t), never wall-clock time.
# Prints one summary line per part and ends with "proof: passed" or
# "proof: FAILED (...)"; exits 0, 1 on a failed proof or control, 2 on bad
# usage or a missing tool.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

die() { # die CODE MESSAGE: one line on stderr, then exit.
  echo "prove: $2" >&2
  exit "$1"
}

timeout=60
control_timeout=10
z3_rlimit=40000000
cvc4_rlimit=2000000
jobs=$(nproc 2>/dev/null || echo 2)
keep=""
controls=1
smoke=()
while [ $# -gt 0 ]; do
  case $1 in
    --timeout | --control-timeout | --jobs | --keep | --z3-rlimit | --cvc4-rlimit)
      [ $# -ge 2 ] || die 2 "$1 needs a value"
      case $1 in
        --z3-rlimit) z3_rlimit=$2 ;;
        --cvc4-rlimit) cvc4_rlimit=$2 ;;
        --timeout) timeout=$2 ;;
        --control-timeout) control_timeout=$2 ;;
        --jobs) jobs=$2 ;;
        --keep) keep=$2 ;;
      esac
      shift 2
      ;;
    --no-controls)
      controls=0
      shift
      ;;
    --smoke)
      smoke=(-wp-smoke-tests)
      shift
      ;;
    -h | --help)
      sed -n '5,24p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die 2 "unknown argument '$1' (try --help)" ;;
  esac
done
[[ $timeout =~ ^[1-9][0-9]{0,3}$ ]] || die 2 "--timeout must be 1-9999 seconds, not '$timeout'"
[[ $control_timeout =~ ^[1-9][0-9]{0,3}$ ]] ||
  die 2 "--control-timeout must be 1-9999 seconds, not '$control_timeout'"
[[ $jobs =~ ^[1-9][0-9]{0,2}$ ]] || die 2 "--jobs must be 1-999, not '$jobs'"
[[ $z3_rlimit =~ ^(0|[1-9][0-9]{0,11})$ ]] ||
  die 2 "--z3-rlimit must be 0 (none) or a count up to 12 digits, not '$z3_rlimit'"
[[ $cvc4_rlimit =~ ^(0|[1-9][0-9]{0,11})$ ]] ||
  die 2 "--cvc4-rlimit must be 0 (none) or a count up to 12 digits, not '$cvc4_rlimit'"

for tool in frama-c why3 z3 cvc4; do
  command -v "$tool" >/dev/null ||
    die 2 "$tool not found: run tools/install-deps.sh (Debian: frama-c-base why3 z3 cvc4 python3-z3)"
done
python=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import z3' 2>/dev/null; then
    python=$p
    break
  fi
done
[ -n "$python" ] || die 2 "no python3 with the z3 module: run tools/install-deps.sh (python3-z3)"
for f in arena/arena.h arena/arena.c arena/track.h; do
  [ -f "$root/$f" ] || die 2 "$root/$f is missing"
done

if [ -n "$keep" ]; then
  [ ! -e "$keep" ] || die 2 "--keep $keep: already exists (give a new directory)"
  mkdir -p "$keep" || die 2 "--keep $keep: cannot create it"
  work=$(cd "$keep" && pwd)
else
  work=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/arena-proof.XXXXXX")
fi
# On any exit: stop the controls still running; keep the work only if asked.
trap 'kill $(jobs -p) 2>/dev/null || true; wait; [ -n "$keep" ] || rm -rf "$work"' EXIT
# Frama-C and why3 read and write nothing of the user's: a private HOME and a
# why3 configuration written here (z3 with fixed seeds, cvc4), so the result
# does not depend on ~/.why3.conf.
export HOME="$work/home"
mkdir -p "$HOME"
export WHY3CONFIG="$work/why3.conf"
z3_version=$(z3 -version | sed -n 's/^Z3 version \([0-9.]*\).*/\1/p')
cvc4_version=$(cvc4 --version | sed -n 's/^This is CVC4 version \([0-9.]*\).*/\1/p')
[ -n "$z3_version" ] && [ -n "$cvc4_version" ] || die 2 "cannot read the versions of z3 and cvc4"
z3_limit=""
cvc4_limit=""
[ "$z3_rlimit" -eq 0 ] || z3_limit="rlimit=$z3_rlimit "
[ "$cvc4_rlimit" -eq 0 ] || cvc4_limit="--rlimit=$cvc4_rlimit "
# Why3's z3 driver without bit-vectors, plus the steps z3 reports (-st) so
# that WP logs each goal's resource count.
cat >"$work/z3.drv" <<EOF
import "$(why3 --print-datadir)/drivers/z3_471_nobv.drv"
steps ":rlimit-count +\\\\([0-9]+\\\\)" 1
EOF
# The CPU-time backstop. WP's -wp-timeout is wall-clock time (WP stops a
# prover that has run that long, whatever CPU it got: on a loaded machine
# that failed a 2-second goal), so it is set to $wall s, and each prover runs
# under ulimit -t with the CPU seconds wp() puts in ARENA_PROOF_CPU.
wall=1800
cat >"$work/cpu-limit" <<'EOF'
#!/bin/sh
ulimit -t "${ARENA_PROOF_CPU:?}" && exec "$@"
EOF
chmod +x "$work/cpu-limit"
cat >"$WHY3CONFIG" <<EOF
[main]
datadir = "$(why3 --print-datadir)"
libdir = "$(why3 --print-libdir)"
magic = 14
memlimit = 4000
running_provers_max = $jobs
timelimit = $wall

[prover]
command = "$work/cpu-limit $(command -v z3) -smt2 ${z3_limit}auto_config=false smt.random_seed=42 sat.random_seed=42 -st %f"
driver = "$work/z3.drv"
editor = ""
in_place = false
interactive = false
name = "Z3"
shortcut = "z3"
version = "$z3_version"

[prover]
command = "$work/cpu-limit $(command -v cvc4) ${cvc4_limit}--stats --lang=smt2 %f"
driver = "cvc4_17"
editor = ""
in_place = false
interactive = false
name = "CVC4"
shortcut = "cvc4"
version = "$cvc4_version"
EOF
ulimit -s unlimited 2>/dev/null || ulimit -s "$(ulimit -H -s)" 2>/dev/null || true

# The functions proved, in two groups of about equal work that run at once:
# the slow paths and their steps; the inline fast paths (arena_allocate_0 and
# arena_allocate_aligned_0 are Frama-C's copies of the inline functions as
# client.c sees them) and the client.
groups=(
  new_block,reserve_block_entry,aligned_pointer,emit,fallback,arena_allocate_fallback,arena_allocate_aligned_fallback
  arena_allocate,arena_allocate_0,arena_allocate_aligned,arena_allocate_aligned_0,one,proof_client
)

# tree DIR SRC: DIR/arena/ = the annotated copy of SRC/arena.{h,c} (plus
# track.h and the ACSL model), DIR/proof/client.c = the client.
tree() {
  mkdir -p "$1/arena" "$1/proof"
  cp "$2/arena.h" "$2/arena.c" "$2/track.h" "$here/acsl.h" "$1/arena/"
  cp "$here/client.c" "$1/proof/"
  "$python" "$here/annotate.py" "$2" "$1/arena"
}

# wp DIR LOG FUNCTIONS TIMEOUT [PROPERTIES | EXTRA-OPTION...]: runs WP over
# DIR (only the named properties, if given); the log keeps everything.
wp() {
  local props=()
  case "${5:-}" in
    "") ;;
    -*) props=("${@:5}") ;;
    *) props=(-wp-prop "$5") ;;
  esac
  (cd "$1" && ARENA_PROOF_CPU=$4 frama-c -c11 -machdep gcc_x86_64 -cpp-extra-args="-I$1" \
    -warn-unsigned-overflow -warn-unsigned-downcast -warn-signed-downcast -rte-no-pointer-call \
    arena/arena.c proof/client.c \
    -wp -wp-rte -wp-model Typed+cast -wp-split -wp-fct "$3" "${props[@]}" \
    -wp-prover z3,cvc4 -wp-timeout "$wall" -wp-par "$jobs") >"$2" 2>&1
}

# goals LOG: "proved total" from WP's summary line ("" if there is none).
goals() {
  sed -n 's/^\[wp\] Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\1 \2/p' "$1" | tail -1
}

# unproved LOG: the names of the goals no prover proved.
unproved() {
  sed -n 's/^\[wp\] \[\(Failed\|Timeout\|Unknown\|Stepout\)\] Goal \([^ ]*\).*/\2/p' "$1"
  sed -n 's/^\[wp\] \[[^]]*\] Goal \([^ ]*\) : \(Failed\|Timeout\|Unknown\|Stepout\).*/\1/p' "$1"
}

failures=()
echo "prove: Frama-C $(frama-c -version), z3 $z3_version, cvc4 $cvc4_version;" \
  "limits per goal: z3 rlimit $z3_rlimit, cvc4 rlimit $cvc4_rlimit, ${timeout}s CPU;" \
  "$jobs jobs; work in $work"

# 1. The bit-level axiom of acsl.h, for every 64-bit value.
if "$python" "$here/bits_lemma.py" >"$work/bits.log" 2>&1; then
  echo "prove: bit lemmas: $(grep -c ' proved ' "$work/bits.log") proved by z3, its false" \
    "control refuted (bits_lemma.py)"
else
  cat "$work/bits.log"
  failures+=("bit lemmas")
fi

mkdir -p "$work/shipped"
tree "$work/shipped" "$root/arena" || die 1 "annotate.py failed on arena/ (see above)"

# 2. Negative controls, started first so they run beside the main proof:
# each plants a bug in a copy of arena/, and the proof of the function it
# touches must then fail on a goal of the expected kind. Only the property
# kind the bug breaks is tried, at --control-timeout: a false goal is never
# proved, so waiting longer only costs time.
controls_run=()
# control NAME FILE FROM TO FUNCTIONS PROPERTIES GOAL-REGEX WHAT
control() {
  local name=$1 file=$2 from=$3 to=$4 fcts=$5 props=$6 expect=$7 what=$8
  local dir="$work/control-$name"
  mkdir -p "$dir/src"
  cp "$root/arena/arena.h" "$root/arena/arena.c" "$root/arena/track.h" "$dir/src/"
  printf '%s\n%s\n' "$expect" "$what" >"$dir/expect"
  if [ "$(grep -cF -- "$from" "$dir/src/$file")" -ne 1 ]; then
    echo "'$from' is no longer in arena/$file exactly once; update prove.sh" >"$dir/error"
    return
  fi
  FROM=$from TO=$to "$python" -c '
import os, sys
p = sys.argv[1]
s = open(p).read()
open(p, "w").write(s.replace(os.environ["FROM"], os.environ["TO"]))' "$dir/src/$file"
  if ! tree "$dir/tree" "$dir/src" 2>"$dir/error"; then
    return
  fi
  rm -f "$dir/error"
  (
    start=$SECONDS
    status=0
    wp "$dir/tree" "$dir/wp.log" "$fcts" "$control_timeout" "$props" || status=$?
    echo "$status $((SECONDS - start))" >"$dir/status"
  ) &
  controls_run+=("$name")
}

if [ "$controls" -eq 1 ]; then
  control fit_wraps arena.h \
    'bytes <= left - slop' 'bytes + slop <= left' \
    arena_allocate_aligned unsigned_overflow 'arena_allocate_aligned(_0)?_assert_rte_unsigned_overflow' \
    "LevelDB's aligned fit check, bytes + slop, without the overflow guard"
  control usage_guard arena.c \
    'if (bytes + ARENA_BLOCK_OVERHEAD > SIZE_MAX - usage) {' 'if (bytes > SIZE_MAX - usage) {' \
    new_block unsigned_overflow 'new_block_assert_rte_unsigned_overflow' \
    "the usage guard forgets the per-block overhead"
  control tail_overlap arena.c \
    'a->alloc_ptr = block + bytes;' 'a->alloc_ptr = block + bytes - 1;' \
    fallback '@assert,@ensures' 'fallback_(ensures|assert)_' \
    "a new block's tail starts one byte inside the allocation it follows"
fi

# 3. The proof of the shipped arena/, one frama-c per group of functions.
start=$SECONDS
pids=()
for i in "${!groups[@]}"; do
  (
    status=0
    wp "$work/shipped" "$work/wp-$i.log" "${groups[$i]}" "$timeout" "${smoke[@]}" || status=$?
    echo "$status" >"$work/wp-$i.status"
  ) &
  pids+=("$!")
done
wait "${pids[@]}"
seconds=$((SECONDS - start))
proved=0
total=0
for i in "${!groups[@]}"; do
  log="$work/wp-$i.log"
  read -r status <"$work/wp-$i.status"
  read -r p t <<<"$(goals "$log")" || true
  if [ "$status" -ne 0 ] || [ -z "${t:-}" ] || [ "${t:-0}" -eq 0 ]; then
    tail -20 "$log"
    echo "prove: arena/ (${groups[$i]}): frama-c exited $status; no goals counted"
    failures+=("frama-c exited $status without a goal count")
    continue
  fi
  proved=$((proved + p))
  total=$((total + t))
  unproved "$log" | sed 's/^/prove:   unproved: /'
done
if [ "${#smoke[@]}" -gt 0 ]; then
  # A failed smoke test is code WP proved unreachable; only a C assert()'s
  # failure branch may be (its condition holds, which is the point).
  passed_smoke=$(cat "$work"/wp-*.log | sed -n 's/^\[wp\] \[Passed\] Smoke-test \([^ ]*\).*/\1/p' |
    sort -u | wc -l)
  failed_smoke=$(cat "$work"/wp-*.log | sed -n 's/^\[wp\] \[Failed\] Smoke-test \([^ ]*\).*/\1/p' |
    sort -u | wc -l)
  dead=$(cat "$work"/wp-*.log |
    sed -n 's/^\[wp\] \([^:]*\):\([0-9]*\): Warning: Failed smoke-test.*/\1 \2/p' | sort -u)
  unexpected=0
  while read -r file line; do
    [ -n "$file" ] || continue
    code=$(sed -n "${line}p" "$work/shipped/$file" 2>/dev/null | sed 's/^ *//')
    if [[ $code != assert\(* ]]; then
      echo "prove: smoke: $file:$line is dead or rests on contradictory assumptions: $code"
      unexpected=$((unexpected + 1))
    fi
  done <<<"$dead"
  # WP counts smoke tests among its goals (a passed one as proved).
  proved=$((proved - passed_smoke))
  total=$((total - passed_smoke - failed_smoke))
  echo "prove: smoke tests: $passed_smoke passed, $failed_smoke failed, on" \
    "$(grep -c . <<<"$dead") line(s); $unexpected of those lines not a C assert()"
  [ "$unexpected" -eq 0 ] || failures+=("$unexpected smoke tests")
fi
# The slowest goal (CPU seconds, which vary a little) and the most work a
# prover needed for one goal against its resource limit (which do not vary).
slowest=$(cat "$work"/wp-*.log |
  sed -n 's/^\[wp\] \[[^]]*\] Goal typed_cast_\([^ ]*\) : Valid (Qed:[^)]*) (\([0-9.]*\)s)\( ([0-9]*)\)\{0,1\}$/\2s \1/p' |
  sort -rn | head -1)
# most PROVER LIMIT: "count of LIMIT (percent) goal" for the goal PROVER
# worked hardest on (the count is WP's last parenthesis, the prover's steps).
most() {
  cat "$work"/wp-*.log |
    sed -n "s/^\[wp\] \[$1 [^]]*\] Goal typed_cast_\([^ ]*\) : Valid .* (\([0-9]*\))\$/\2 \1/p" |
    sort -rn | head -1 | {
    if ! read -r n g; then
      echo "none"
    elif [ "$2" -gt 0 ]; then
      echo "$n of $2 ($((100 * n / $2))%) $g"
    else
      echo "$n (no limit) $g"
    fi
  }
}
echo "prove: arena/: $proved/$total goals proved in ${seconds}s" \
  "(slowest: ${slowest:-every goal under 1s})"
echo "prove: most work for one goal: z3 $(most Z3 "$z3_rlimit"), cvc4 $(most CVC4 "$cvc4_rlimit")"
if [ "$proved" -ne "$total" ]; then
  failures+=("$((total - proved)) unproved goals")
fi
# Every function named must have goals: a name Frama-C does not know (a
# renamed function, another Frama-C's naming of the inline copies) is
# otherwise skipped with a mere warning.
for fct in $(printf '%s\n' "${groups[@]}" | tr ',' ' '); do
  if ! grep -q "Goal typed_cast_${fct}_" "$work"/wp-*.log; then
    echo "prove: arena/: no goal for function $fct"
    failures+=("no goals for $fct")
  fi
done

wait
for dir in "$work"/control-*; do
  [ -d "$dir" ] || continue
  name=${dir##*/control-}
  if [ -f "$dir/error" ]; then
    echo "prove: control $name: $(head -1 "$dir/error")"
    failures+=("control $name")
    continue
  fi
  expect=$(sed -n 1p "$dir/expect")
  what=$(sed -n 2p "$dir/expect")
  read -r status seconds <"$dir/status"
  hits=$(unproved "$dir/wp.log" | grep -cE -- "$expect" || true)
  if [ "$status" -eq 0 ] && [ "$hits" -gt 0 ]; then
    echo "prove: control $name ($what): failed as it should, $hits goal(s)" \
      "unproved (CPU limit ${control_timeout}s), in ${seconds}s"
  else
    echo "prove: control $name ($what): NOT caught (frama-c exit $status," \
      "$hits unproved goals matching '$expect'; log: $dir/wp.log)"
    failures+=("control $name")
  fi
done

if [ "${#failures[@]}" -gt 0 ]; then
  echo "proof: FAILED ($(printf '%s; ' "${failures[@]}" | sed 's/; $//'))"
  [ -n "$keep" ] || echo "prove: rerun with --keep DIR to keep the logs"
  exit 1
fi
echo "proof: passed: $proved/$total goals on arena/, ${#controls_run[@]} controls caught, in ${SECONDS}s"
