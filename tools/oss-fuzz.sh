#!/usr/bin/env bash
# tools/oss-fuzz.sh: runs oss-fuzz/build.sh in an emulated OSS-Fuzz build
# environment and checks the results the way OSS-Fuzz's build check does.
set -uo pipefail
AF_PROG=oss-fuzz.sh
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: tools/oss-fuzz.sh [--keep DIR] [BUILD...]
  BUILD: address, undefined, coverage, afl (default: all four); control: a
  negative control, the address build without any instrumentation, which
  every check of an address build must reject (exit status 1).
  For each, sets what OSS-Fuzz's base-builder sets (CC CXX CFLAGS CXXFLAGS
  LIB_FUZZING_ENGINE SANITIZER FUZZING_ENGINE SRC OUT WORK; $SRC/arenafuzz is
  this checkout, $SRC/build.sh a copy of oss-fuzz/build.sh) and runs
  `bash -eux $SRC/build.sh` in $SRC/arenafuzz, then checks every fuzzer in $OUT:
   address, undefined (libFuzzer):
     - `FUZZER -seed=1337 -runs=4` prints "Done 4 runs" and its instrumented
       edges ("INFO: Loaded 1 modules (N inline 8-bit counters)"), N > 0;
       N < 100 is OSS-Fuzz's "partial instrumentation" warning
     - sanitizer mix by counting calls in `objdump -d` (OSS-Fuzz's thresholds)
     - the seed corpus zip replays without a crash (-runs=0)
     - <name>.dict (if fuzz/<name>.dict exists) and <name>.options are there
   coverage: the seed corpus replay writes a profile that covers the fuzzer's source
   afl: afl-showmap on one seed records map tuples (> 0), and a 5-second
        afl-fuzz run reports "All set and ready to roll" and executions > 0
  --keep DIR  keep the builds in DIR (default: a temporary directory, removed)
Exit status: 0 every check passed, 1 a check failed, 2 usage or setup error.
EOF
}

keep=""
builds=()
while [ $# -gt 0 ]; do
  case $1 in
    --keep) [ $# -ge 2 ] || af_die "--keep needs a value"; keep=$2; shift 2 ;;
    --keep=*) keep=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    address | undefined | coverage | afl | control) builds+=("$1"); shift ;;
    *) af_die "unknown build or option '$1' (builds: address undefined coverage afl control)" ;;
  esac
done
[ "${#builds[@]}" -gt 0 ] || builds=(address undefined coverage afl)
for tool in clang clang++ objdump zip unzip; do
  command -v "$tool" >/dev/null || af_die "$tool not found (run tools/install-deps.sh)"
done

if [ -n "$keep" ]; then
  mkdir -p "$keep" || af_die "cannot create $keep"
  work=$(cd "$keep" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/arenafuzz-ossfuzz.XXXXXX") || af_die "cannot create a temporary directory"
  trap 'rm -rf "$work"' EXIT
fi

# OSS-Fuzz's flags (infra/base-images/base-clang and base-builder/compile).
base_cflags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
asan_flags="-fsanitize=address -fsanitize-address-use-after-scope"
ubsan_list="array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr"
ubsan_norecover="array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr"
ubsan_flags="-fsanitize=$ubsan_list -fno-sanitize-recover=$ubsan_norecover"
coverage_flags="-fprofile-instr-generate -fcoverage-mapping -pthread -Wl,--no-as-needed -Wl,-ldl -Wl,-lm -Wno-unused-command-line-argument"
afl_driver=/usr/lib/afl/libAFLDriver.a
# The runner's options (base-runner): unsigned wraps are reported only when asked.
export ASAN_OPTIONS="alloc_dealloc_mismatch=0:allocator_may_return_null=1:allocator_release_to_os_interval_ms=500:check_malloc_usable_size=0:detect_container_overflow=1:detect_odr_violation=0:detect_leaks=1:detect_stack_use_after_return=1:fast_unwind_on_fatal=0:handle_abort=1:handle_segv=1:handle_sigill=1:max_uar_stack_size_log=16:print_scariness=1:quarantine_size_mb=10:strict_memcmp=1:symbolize=1:use_sigaltstack=1:dedup_token_length=3"
export UBSAN_OPTIONS="print_stacktrace=1:print_summary=1:silence_unsigned_overflow=1:symbolize=1:dedup_token_length=3"

failures=0
results=()
fail() { # BUILD FUZZER MESSAGE
  echo "  FAIL $1/$2: $3"
  failures=$((failures + 1))
}

calls() { # BINARY PREFIX: calls to PREFIX* in the disassembly
  objdump -d "$1" 2>/dev/null | grep -c -E "call[q]?[[:space:]]+[0-9a-f]+ <$2" || true
}

build_one() { # BUILD: emulated environment + $SRC/build.sh; returns non-zero on failure
  local b=$1 dir="$work/$1"
  rm -rf "$dir"
  mkdir -p "$dir/src" "$dir/out" "$dir/work"
  ln -s "$AF_ROOT" "$dir/src/arenafuzz"
  cp "$AF_ROOT/oss-fuzz/build.sh" "$dir/src/build.sh"
  local cc=clang cxx=clang++ engine=libfuzzer lib=-fsanitize=fuzzer san=$b
  local cflags="$base_cflags"
  case $b in
    address) cflags="$cflags $asan_flags -fsanitize=fuzzer-no-link" ;;
    undefined) cflags="$cflags $ubsan_flags -fsanitize=fuzzer-no-link" ;;
    coverage) cflags="$cflags $coverage_flags" ;;
    control) san=address ;; # no -fsanitize flags at all: the checks must fail
    afl)
      [ -f "$afl_driver" ] || { fail afl - "$afl_driver missing (install afl++)"; return 1; }
      cc=afl-clang-fast cxx=afl-clang-fast++ engine=afl lib=$afl_driver san=address
      cflags="$cflags $asan_flags"
      ;;
  esac
  echo "=== build: $b (CC=$cc, SANITIZER=$san, FUZZING_ENGINE=$engine)"
  # libc++ (OSS-Fuzz's -stdlib=libc++ in CXXFLAGS) is not installed here; our
  # code is C, and the C++ runtime only links libFuzzer/AFL's driver.
  if ! (cd "$dir/src/arenafuzz" && env -i PATH="$PATH" HOME="${HOME:-/root}" TMPDIR="${TMPDIR:-/tmp}" \
    CC="$cc" CXX="$cxx" CFLAGS="$cflags" CXXFLAGS="$cflags" LIB_FUZZING_ENGINE="$lib" \
    SANITIZER="$san" FUZZING_ENGINE="$engine" FUZZING_LANGUAGE=c ARCHITECTURE=x86_64 \
    SRC="$dir/src" OUT="$dir/out" WORK="$dir/work" AFL_QUIET=1 \
    bash -eux "$dir/src/build.sh") >"$dir/build.log" 2>&1; then
    tail -n 20 "$dir/build.log"
    fail "$b" - "build.sh failed (log: $dir/build.log)"
    return 1
  fi
  tail -n 1 "$dir/build.log" | sed 's/^/  /'
}

fuzzers_in() { # OUT: the fuzzer binaries (executables without a dot in the name)
  find "$1" -maxdepth 1 -type f -perm -u+x ! -name '*.*' ! -name 'llvm-symbolizer' -printf '%f\n' | sort
}

unzip_seeds() { # OUT NAME DEST: the seed corpus, unpacked; prints the file count
  mkdir -p "$3"
  if [ -f "$1/$2_seed_corpus.zip" ]; then
    unzip -q -o "$1/$2_seed_corpus.zip" -d "$3"
  fi
  af_count_files "$3"
}

check_libfuzzer() { # BUILD NAME
  local b=$1 n=$2 out="$work/$1/out" log="$work/$1/$2"
  local bin="$out/$n"
  (cd "$work/$b" && timeout 120 "$bin" -seed=1337 -runs=4) >"$log.runs4" 2>&1
  local edges
  edges=$(grep -a -o -E 'INFO: Loaded [0-9]+ module.*\(.*(counters|guards)\):[[:space:]]+[0-9]+' "$log.runs4" |
    head -n 1 | grep -o -E '[0-9]+$')
  grep -a -q "Done 4 runs" "$log.runs4" || fail "$b" "$n" "-runs=4 did not finish ('Done 4 runs' missing; log $log.runs4)"
  if grep -a -q "no interesting inputs were found" "$log.runs4" || [ -z "$edges" ] || [ "$edges" -eq 0 ]; then
    fail "$b" "$n" "no coverage instrumentation reported"
    edges=${edges:-0}
  elif [ "$edges" -lt 100 ]; then
    echo "  warning $b/$n: only $edges edges (OSS-Fuzz calls under 100 partial instrumentation)"
  fi
  local asan ubsan msan
  asan=$(calls "$bin" __asan)
  ubsan=$(calls "$bin" __ubsan)
  msan=$(calls "$bin" __msan)
  case $b in
    address | control)
      [ "$asan" -ge 1000 ] || fail "$b" "$n" "$asan calls to ASan (OSS-Fuzz wants >= 1000 in an ASan build)"
      [ "$ubsan" -le 200 ] || fail "$b" "$n" "ASan build with $ubsan UBSan calls (> 200)"
      [ "$msan" -le 3 ] || fail "$b" "$n" "ASan build with $msan MSan calls"
      ;;
    undefined)
      [ "$asan" -eq 0 ] || fail "$b" "$n" "UBSan build with $asan ASan calls"
      [ "$ubsan" -ge 168 ] || fail "$b" "$n" "$ubsan calls to UBSan (OSS-Fuzz wants >= 168 in a UBSan build)"
      ;;
  esac
  local seeds
  seeds=$(unzip_seeds "$out" "$n" "$work/$b/seeds-$n")
  if ! (cd "$work/$b" && timeout 300 "$bin" -runs=0 -rss_limit_mb=2560 -timeout=25 "$work/$b/seeds-$n") >"$log.seeds" 2>&1; then
    fail "$b" "$n" "the seed corpus crashes it (log $log.seeds)"
  fi
  [ -f "$out/$n.options" ] || fail "$b" "$n" "$n.options missing"
  if [ -f "$AF_ROOT/fuzz/$n.dict" ] && [ ! -f "$out/$n.dict" ]; then fail "$b" "$n" "$n.dict missing"; fi
  results+=("$(printf '%-10s %-12s %7s %7s %7s %7s' "$b" "$n" "$edges" "$seeds" "$asan" "$ubsan")")
}

check_coverage() { # NAME
  local n=$1 out="$work/coverage/out" dir="$work/coverage"
  local seeds
  seeds=$(unzip_seeds "$out" "$n" "$dir/seeds-$n")
  rm -rf "$dir/prof-$n"
  mkdir -p "$dir/prof-$n"
  if ! (cd "$dir" && LLVM_PROFILE_FILE="$dir/prof-$n/%p.profraw" timeout 300 "$out/$n" -runs=0 "$dir/seeds-$n") >"$dir/$n.seeds" 2>&1; then
    fail coverage "$n" "seed replay failed (log $dir/$n.seeds)"
    return
  fi
  if ! llvm-profdata-14 merge -sparse "$dir/prof-$n"/*.profraw -o "$dir/$n.profdata" 2>"$dir/$n.profdata.log"; then
    fail coverage "$n" "no usable profile written"
    return
  fi
  local report own arena
  report=$(llvm-cov-14 report -instr-profile="$dir/$n.profdata" "$out/$n" 2>/dev/null)
  own=$(echo "$report" | awk -v f="fuzz/$n.c" 'index($1, f) && NF == 13 { print $8 - $9 "/" $8 }')
  arena=$(echo "$report" | awk '$1 ~ /arena\/arena\.c$/ && NF == 13 { print $8 - $9 "/" $8 }')
  if [ -z "$own" ] || [ "${own%%/*}" -eq 0 ]; then
    fail coverage "$n" "the profile covers no line of fuzz/$n.c"
  fi
  results+=("$(printf '%-10s %-12s %7s %7s %7s %7s   lines: %s %s, arena.c %s' coverage "$n" - "$seeds" - - \
    "$n.c" "${own:-none}" "${arena:-not linked}")")
}

check_afl() { # NAME
  local n=$1 out="$work/afl/out" dir="$work/afl"
  local seeds first tuples execs
  seeds=$(unzip_seeds "$out" "$n" "$dir/seeds-$n")
  first=$(find "$dir/seeds-$n" -maxdepth 1 -type f | sort | head -n 1)
  if [ -z "$first" ]; then
    fail afl "$n" "no seed to run"
    return
  fi
  # The driver given a directory runs nothing and exits 0: feed one file on stdin.
  AFL_QUIET=1 timeout 60 afl-showmap -q -o "$dir/$n.map" -- "$out/$n" <"$first" >"$dir/$n.showmap" 2>&1
  tuples=$(wc -l <"$dir/$n.map" 2>/dev/null || echo 0)
  [ "$tuples" -gt 0 ] || fail afl "$n" "afl-showmap recorded no tuples (log $dir/$n.showmap)"
  rm -rf "$dir/findings-$n"
  AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_CRASHES=1 \
    AFL_FORKSRV_INIT_TMOUT=30000 ASAN_OPTIONS="abort_on_error=1:symbolize=0:detect_leaks=0" \
    timeout 60 afl-fuzz -V 5 -i "$dir/seeds-$n" -o "$dir/findings-$n" -- "$out/$n" >"$dir/$n.afl" 2>&1
  execs=$(awk -F: '/^execs_done/ { gsub(/ /, "", $2); print $2 }' "$dir/findings-$n/default/fuzzer_stats" 2>/dev/null)
  grep -a -q "All set and ready to roll" "$dir/$n.afl" || fail afl "$n" "afl-fuzz did not start (log $dir/$n.afl)"
  [ "${execs:-0}" -gt 0 ] || fail afl "$n" "afl-fuzz executed nothing"
  results+=("$(printf '%-10s %-12s %7s %7s %7s %7s   map tuples %s, afl-fuzz 5s: %s execs' afl "$n" - "$seeds" \
    "$(calls "$out/$n" __asan)" - "$tuples" "${execs:-0}")")
}

for b in "${builds[@]}"; do
  build_one "$b" || continue
  mapfile -t names < <(fuzzers_in "$work/$b/out")
  [ "${#names[@]}" -gt 0 ] || { fail "$b" - "no fuzzer in \$OUT"; continue; }
  for n in "${names[@]}"; do
    [ -f "$work/$b/out/${n}_seed_corpus.zip" ] || fail "$b" "$n" "${n}_seed_corpus.zip missing"
    case $b in
      address | undefined | control) check_libfuzzer "$b" "$n" ;;
      coverage) check_coverage "$n" ;;
      afl) check_afl "$n" ;;
    esac
  done
done

echo
echo "=== OSS-Fuzz emulation"
printf '%-10s %-12s %7s %7s %7s %7s\n' build fuzzer edges seeds asan ubsan
for r in "${results[@]}"; do echo "$r"; done
if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
exit 0
