#!/usr/bin/env bash
# tools/merge.sh: folds what a fuzzing session found into corpus/<fuzzer>/, but
# only the inputs that add coverage (libFuzzer's set-cover merge, -merge=1).
set -uo pipefail
AF_PROG=merge.sh
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: tools/merge.sh [--dry-run] [--features] [--fuzzer NAME] [SOURCE...]
  SOURCE is a session directory of tools/fuzz.sh (each <fuzzer>/corpus/ in it
  is merged into corpus/<fuzzer>/) or, with --fuzzer, any directory of inputs.
  Without SOURCE: the newest findings/*/ session.
  An input is added only if it covers an edge that corpus/<fuzzer>/ and the
  inputs added before it do not (libFuzzer -merge=1, set cover, on the
  ASan+UBSan libFuzzer build); inputs that crash or hang are never added, nor
  any that the replay binary of `bazel test //...` rejects (then exit 2).
  Added files are named by their SHA-1, as libFuzzer names them.
  --features  add what adds libFuzzer features (edges and hit-count buckets),
              not only edges: a bigger corpus
  --dry-run   report what would be added, change nothing
  --fuzzer N  SOURCE directories hold inputs of fuzzer N
Exit status: 0 merged (or nothing to add), 2 bad input, build error, or
inputs the replay rejects (the others are added).
EOF
}

dry_run=0
counters=0
fuzzer=""
sources=()
while [ $# -gt 0 ]; do
  case $1 in
    --dry-run) dry_run=1; shift ;;
    --features) counters=1; shift ;;
    --fuzzer) [ $# -ge 2 ] || af_die "--fuzzer needs a value"; fuzzer=$2; shift 2 ;;
    --fuzzer=*) fuzzer=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) af_die "unknown option '$1' (see --help)" ;;
    *) sources+=("$1"); shift ;;
  esac
done
[ -z "$fuzzer" ] || af_check_fuzzer "$fuzzer"

if [ "${#sources[@]}" -eq 0 ]; then
  [ -z "$fuzzer" ] || af_die "--fuzzer needs SOURCE directories"
  newest=$(find "$AF_ROOT/findings" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort | tail -n 1)
  [ -n "$newest" ] || af_die "no findings/ session to merge (run tools/fuzz.sh first, or name a SOURCE)"
  sources=("$newest")
fi

# pairs: "fuzzer<TAB>directory" for every input directory to merge.
pairs=()
for s in "${sources[@]}"; do
  [ -e "$s" ] || af_die "$s: no such directory"
  [ -d "$s" ] || af_die "$s: not a directory"
  s=$(cd "$s" && pwd)
  case $s/ in
    "$AF_ROOT"/corpus/*) af_die "$s is inside corpus/: merge from a working directory" ;;
  esac
  if [ -n "$fuzzer" ]; then
    pairs+=("$fuzzer"$'\t'"$s")
    continue
  fi
  found=0
  for n in $(af_fuzzers); do
    if [ -d "$s/$n/corpus" ]; then
      pairs+=("$n"$'\t'"$s/$n/corpus")
      found=1
    fi
  done
  [ "$found" -eq 1 ] || af_die "$s: no <fuzzer>/corpus/ inside (is it a tools/fuzz.sh session? else use --fuzzer)"
done

names=()
for p in "${pairs[@]}"; do
  n=${p%%$'\t'*}
  case " ${names[*]} " in *" $n "*) ;; *) names+=("$n") ;; esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/arenafuzz-merge.XXXXXX") || af_die "cannot create a temporary directory"
trap 'rm -rf "$work"' EXIT
targets=()
for n in "${names[@]}"; do targets+=("//fuzz:$n"); done
af_build "$work/bin" --config=asan-libfuzzer -- "${targets[@]}"
# The replay binaries `bazel test //...` runs (default config): an input is
# added only if they accept it too.
af_build "$work/replay" -- "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
rejected_total=0
for n in "${names[@]}"; do
  dest="$AF_ROOT/corpus/$n"
  inputs=()
  for p in "${pairs[@]}"; do
    [ "${p%%$'\t'*}" = "$n" ] && inputs+=("${p#*$'\t'}")
  done
  # Merge into a scratch copy; then copy over only the files that are new.
  mkdir -p "$work/$n"
  if [ -d "$dest" ]; then
    find "$dest" -maxdepth 1 -type f -exec cp -t "$work/$n" {} +
  fi
  before_list="$work/$n.before"
  (cd "$work/$n" && ls -1A) | sort >"$before_list"
  if ! (cd "$work" && timeout 3600 "$work/bin/$n" -merge=1 -use_counters="$counters" -timeout=10 -rss_limit_mb=2048 \
    "$work/$n" "${inputs[@]}") >"$work/$n.log" 2>&1; then
    af_die "libFuzzer's merge for $n failed: $(af_first_error "$work/$n.log")"
  fi
  mapfile -t selected < <((cd "$work/$n" && ls -1A) | sort | comm -13 "$before_list" -)
  # Whatever libFuzzer keeps, the replay test must accept: check them all
  # (at once, then one by one if the batch fails).
  added=()
  rejected=()
  if [ "${#selected[@]}" -gt 0 ]; then
    mkdir -p "$work/$n.new"
    for f in "${selected[@]}"; do cp "$work/$n/$f" "$work/$n.new/$f"; done
    if (cd "$work" && timeout 1800 "$work/replay/$n" "$work/$n.new") >"$work/$n.replay.log" 2>&1; then
      added=("${selected[@]}")
    else
      for f in "${selected[@]}"; do
        if (cd "$work" && timeout 300 "$work/replay/$n" "$work/$n.new/$f") >"$work/$n.one.log" 2>&1; then
          added+=("$f")
        else
          rejected+=("$f")
        fi
      done
    fi
  fi
  total=0
  for d in "${inputs[@]}"; do total=$((total + $(af_count_files "$d"))); done
  echo "$n: ${#added[@]} of $total input(s) add $([ "$counters" -eq 1 ] && echo features || echo edges) to corpus/$n ($(wc -l <"$before_list") files)"
  grep -a -E '^MERGE-OUTER: [0-9]+ new files' "$work/$n.log" | sed 's/^/  libFuzzer: /'
  echo "  replay check: ${#added[@]} accepted, ${#rejected[@]} rejected by the replay binary ($n, bazel test's build)"
  if [ "${#rejected[@]}" -gt 0 ]; then
    echo "  NOT added (the replay test would fail on them): ${rejected[*]}"
    rejected_total=$((rejected_total + ${#rejected[@]}))
  fi
  if [ "$dry_run" -eq 0 ] && [ "${#added[@]}" -gt 0 ]; then
    mkdir -p "$dest"
    for f in "${added[@]}"; do cp "$work/$n/$f" "$dest/$f"; done
    echo "  added: ${added[*]}"
  fi
done
[ "$dry_run" -eq 1 ] && echo "(dry run: corpus/ unchanged)"
if [ "$rejected_total" -gt 0 ]; then
  af_die "$rejected_total input(s) kept by libFuzzer were rejected by the replay and not added (a fuzz target returns -1 for them: fix it)"
fi
exit 0
