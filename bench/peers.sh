#!/usr/bin/env bash
# peers: our arena against every in-tree peer (GitHub issue 15), one run:
# instructions per allocation (callgrind), ns, page faults and peak RSS over a
# create/destroy loop, under the bench's glibc tunables and glibc's defaults.
set -uo pipefail

usage() {
  cat <<'EOF2'
usage: bench/peers.sh [--cycles K] [--scale D] [--quick] [--no-callgrind]
Builds //bench:cycle and //bench:cycle_mimalloc with --config=bench, then for
every workload and peer:
  instructions  valgrind --tool=callgrind, cycle 2 of 2 (create + serve +
                destroy, a warm process), Ir / allocations
  ns            median over cycles 2..K of (create + serve + destroy) / allocations
  faults        page faults of cycle 1, and the median of cycles 2..K
  RSS           peak RSS (ru_maxrss) after cycle 1 and after cycle K, and their ratio
each under the bench's GLIBC_TUNABLES (trim and mmap thresholds at 4 GiB: freed
memory stays mapped) and under glibc's defaults. Counts: alloc16 and aligned16
1M requests, mixed 1M iterations, memtable 200k entries (400k allocations).
  --cycles K      create/destroy cycles per process (default 30)
  --scale D       divide the counts by D (default 1)
  --quick         --scale 100 --cycles 3 (a smoke run, figures meaningless)
  --no-callgrind  skip the instruction counts (valgrind missing)
Exit 0 when every run succeeded, 1 if one failed, 2 on bad arguments.
Environment: AF_BAZEL_OUTPUT_BASE (bazel's --output_base).
EOF2
}

die() {
  echo "peers.sh: $*" >&2
  exit 2
}

cycles=30 scale=1 callgrind=1
while [ $# -gt 0 ]; do
  case $1 in
    --cycles) [[ ${2:-} =~ ^[1-9][0-9]{0,2}$ ]] || die "--cycles needs 1..999"; cycles=$2; shift 2 ;;
    --scale) [[ ${2:-} =~ ^[1-9][0-9]{0,5}$ ]] || die "--scale needs a positive count"; scale=$2; shift 2 ;;
    --quick) scale=100 cycles=3; shift ;;
    --no-callgrind) callgrind=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[ "$cycles" -ge 2 ] || die "--cycles must be at least 2 (cycle 1 is the cold one)"
if [ "$callgrind" -eq 1 ] && ! command -v valgrind >/dev/null; then
  die "valgrind not found (install it, or pass --no-callgrind)"
fi
cd "$(dirname "$0")/.." || die "cannot find the workspace"
[ -f WORKSPACE ] || die "$(pwd) is not the arenafuzz workspace"

startup=()
[ -n "${AF_BAZEL_OUTPUT_BASE:-}" ] && startup+=("--output_base=$AF_BAZEL_OUTPUT_BASE")
tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
if ! bazel "${startup[@]}" build --config=bench //bench:cycle //bench:cycle_mimalloc >"$tmp/build.log" 2>&1; then
  tail -n 20 "$tmp/build.log" >&2
  echo "peers.sh: bazel build --config=bench //bench:cycle //bench:cycle_mimalloc failed" >&2
  exit 1
fi
bin=$(bazel "${startup[@]}" info --config=bench bazel-bin 2>>"$tmp/build.log") || die "bazel info failed"
cp "$bin/bench/cycle" "$bin/bench/cycle_mimalloc" "$tmp/" || die "cannot copy the binaries"

tunables="glibc.malloc.trim_threshold=4294967295:glibc.malloc.mmap_threshold=4294967295"
workloads=(alloc16 aligned16 mixed memtable)
declare -A counts=([alloc16]=1000000 [aligned16]=1000000 [mixed]=1000000 [memtable]=200000)
mapfile -t peers < <("$tmp/cycle" --list | cut -f1)
peers+=(mimalloc)
[ "${#peers[@]}" -ge 10 ] || die "the cycle binary lists only ${#peers[@]} peers"

binary_of() { if [ "$1" = mimalloc ]; then echo "$tmp/cycle_mimalloc"; else echo "$tmp/cycle"; fi; }

# results.tsv: workload peer key value
results="$tmp/results.tsv"
: >"$results"
failed=0
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"; }

# native W P SETTING: K cycles; records ns/alloc, faults, RSS, bookkeeping.
native() {
  local w=$1 p=$2 setting=$3 out="$tmp/run.out" env_args=(env -u GLIBC_TUNABLES)
  [ "$setting" = tuned ] && env_args=(env "GLIBC_TUNABLES=$tunables")
  if ! "${env_args[@]}" "$(binary_of "$p")" --peer="$p" --workload="$w" --count="$count" \
    --cycles="$cycles" >"$out" 2>"$tmp/run.err"; then
    echo "peers.sh: $p on $w ($setting) failed: $(tail -n 1 "$tmp/run.err")" >&2
    failed=1
    return
  fi
  grep -q "optimised=yes" "$out" || { echo "peers.sh: the cycle binary is not optimised" >&2; failed=1; }
  awk -v w="$w" -v p="$p" -v s="$setting" '
    /^plan / { for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } n = f["allocations"] }
    /^baseline / { split($2, kv, "="); base = kv[2] }
    /^cycle / {
      for (i = 3; i <= NF; i++) { split($i, kv, "="); c[kv[1]] = kv[2] }
      if ($2 == 1) { f1 = c["faults"]; r1 = c["maxrss_kib"] - base; rec = c["records"]; blk = c["blocks"] }
      else { ns[++m] = c["ns"] / n; fl[m] = c["faults"] }
      rl = c["maxrss_kib"] - base
    }
    function median(a, k,   i, j, t) {
      for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    END {
      printf "%s\t%s\tns_%s\t%.2f\n", w, p, s, median(ns, m)
      printf "%s\t%s\tfaults1_%s\t%d\n", w, p, s, f1
      printf "%s\t%s\tfaults_%s\t%d\n", w, p, s, median(fl, m)
      printf "%s\t%s\trss1_%s\t%d\n", w, p, s, r1
      printf "%s\t%s\trssk_%s\t%d\n", w, p, s, rl
      if (blk > 0) printf "%s\t%s\tbook\t%.3f\n", w, p, 100 * rec / blk
      printf "%s\t%s\tallocations\t%d\n", w, p, n
    }' "$out" >>"$results"
}

# instructions W P: callgrind, cycle 2 of 2.
instructions() {
  local w=$1 p=$2 out="$tmp/cg.out"
  rm -f "$out"
  if ! GLIBC_TUNABLES=$tunables valgrind --tool=callgrind --collect-atstart=no \
    --callgrind-out-file="$out" "$(binary_of "$p")" --peer="$p" --workload="$w" --count="$count" \
    --cycles=2 --measure=2 >"$tmp/cg.stdout" 2>"$tmp/cg.err"; then
    echo "peers.sh: callgrind of $p on $w failed: $(tail -n 1 "$tmp/cg.err")" >&2
    failed=1
    return
  fi
  local ir n
  ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$out")
  n=$(sed -n 's/^plan .* allocations=\([0-9]*\).*/\1/p' "$tmp/cg.stdout")
  if [ -z "$ir" ] || [ -z "$n" ] || [ "$ir" -eq 0 ]; then
    echo "peers.sh: callgrind of $p on $w counted nothing" >&2
    failed=1
    return
  fi
  record "$w" "$p" instr "$(awk -v a="$ir" -v b="$n" 'BEGIN { printf "%.1f", a / b }')"
}

echo "bench/peers.sh: $cycles cycles per process, counts divided by $scale, load $(cut -d' ' -f1-3 /proc/loadavg)"
for w in "${workloads[@]}"; do
  count=$((counts[$w] / scale))
  [ "$count" -ge 1 ] || count=1
  for p in "${peers[@]}"; do
    [ "$callgrind" -eq 1 ] && instructions "$w" "$p"
    native "$w" "$p" tuned
    native "$w" "$p" default
  done
  echo "  $w done, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done

# The tables. "best" is the lowest of the real peers (malloc and the arenas of
# other projects; not ours, not the bench's bump and ptr+end references).
awk -F'\t' -v cycles="$cycles" -v callgrind="$callgrind" -v order="${peers[*]}" '
  { v[$1 SUBSEP $2 SUBSEP $3] = $4 }
  function ours(p) { return p == "arena" || p == "arena+cache" || p == "bump" || p == "ptr+end" }
  function best(w, key,   i, b, x) {
    b = ""
    for (i = 1; i <= np; i++) {
      if (ours(P[i]) || !((w SUBSEP P[i] SUBSEP key) in v)) continue
      x = v[w SUBSEP P[i] SUBSEP key] + 0
      if (b == "" || x < b) b = x
    }
    return b
  }
  function cell(w, p, key, fmt) { return (w SUBSEP p SUBSEP key) in v ? sprintf(fmt, v[w SUBSEP p SUBSEP key]) : "-" }
  function ratio(w, p, key,   b) {
    b = best(w, key)
    if (b == "" || b == 0 || !((w SUBSEP p SUBSEP key) in v)) return "-"
    return sprintf("%.2f", v[w SUBSEP p SUBSEP key] / b)
  }
  function growth(w, p, s,   a, b) {
    a = v[w SUBSEP p SUBSEP "rss1_" s]; b = v[w SUBSEP p SUBSEP "rssk_" s]
    return a > 0 ? sprintf("%.2f", b / a) : "-"
  }
  END {
    np = split(order, P, " ")
    nw = split("alloc16 aligned16 mixed memtable", W, " ")
    print ""
    print "Table P1. Speed: instructions per allocation (callgrind, create + serve + destroy, the"
    print "second cycle of a process) and ns per allocation (median of cycles 2.." cycles "), each with"
    print "its ratio to the best peer of the workload (x best; best = the lowest of malloc, obstack,"
    print "apr, talloc, mimalloc, pmr, llvm). Bench tunables (freed memory stays mapped) unless said."
    print ""
    print "| workload | peer | instr/alloc | x best | ns/alloc | x best | ns/alloc, glibc defaults | x best |"
    print "|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= nw; i++) for (j = 1; j <= np; j++) {
      w = W[i]; p = P[j]
      printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", (j == 1 ? w : ""), p,
        cell(w, p, "instr", "%.1f"), ratio(w, p, "instr"), cell(w, p, "ns_tuned", "%.2f"),
        ratio(w, p, "ns_tuned"), cell(w, p, "ns_default", "%.2f"), ratio(w, p, "ns_default")
    }
    print ""
    print "Table P2. Memory over " cycles " create/destroy cycles in one process: page faults of the"
    print "first cycle and per later cycle (median); peak RSS (ru_maxrss, MiB) above the process'"'"'s own"
    print "before cycle 1 (binary, libraries, request list: 3-4 MiB), after cycle 1 and after cycle " cycles ","
    print "and their ratio."
    print ""
    print "| workload | peer | faults 1st | faults/cycle | RSS 1st | RSS " cycles " | ratio | faults 1st, defaults | faults/cycle, defaults | RSS 1st, defaults | RSS " cycles ", defaults | ratio, defaults |"
    print "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= nw; i++) for (j = 1; j <= np; j++) {
      w = W[i]; p = P[j]
      printf "| %s | %s | %s | %s | %.2f | %.2f | %s | %s | %s | %.2f | %.2f | %s |\n", (j == 1 ? w : ""), p,
        cell(w, p, "faults1_tuned", "%d"), cell(w, p, "faults_tuned", "%d"),
        v[w SUBSEP p SUBSEP "rss1_tuned"] / 1024, v[w SUBSEP p SUBSEP "rssk_tuned"] / 1024, growth(w, p, "tuned"),
        cell(w, p, "faults1_default", "%d"), cell(w, p, "faults_default", "%d"),
        v[w SUBSEP p SUBSEP "rss1_default"] / 1024, v[w SUBSEP p SUBSEP "rssk_default"] / 1024, growth(w, p, "default")
    }
    print ""
    print "Table P3. The arena'"'"'s own bookkeeping (its struct and block-record chunks) as a percentage"
    print "of its block bytes, when full (cycle 1):"
    print ""
    print "| workload | arena | arena+cache |"
    print "|---|---|---|"
    for (i = 1; i <= nw; i++)
      printf "| %s | %s%% | %s%% |\n", W[i], cell(W[i], "arena", "book", "%.3f"), cell(W[i], "arena+cache", "book", "%.3f")
  }' "$results"
if [ "$callgrind" -eq 0 ]; then
  echo
  echo "(--no-callgrind: no instruction counts)"
fi
[ "$failed" -eq 0 ] || { echo "peers.sh: some runs failed (see above)" >&2; exit 1; }
