#!/usr/bin/env bash
# tools/minimize-corpus.sh: shrinks corpus/<fuzzer>/ by coverage (libFuzzer's
# set-cover merge) and by mutation: hand-named seeds stay, and so does, for
# every mutant of verify/mutants, at least one input that catches it.
set -uo pipefail
AF_PROG=minimize-corpus.sh
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: tools/minimize-corpus.sh [--dry-run] [--all] [--features] [FUZZER...]   (no FUZZER: all)
  Deletes from corpus/<fuzzer>/ the generated inputs (names of 40 hex digits,
  as libFuzzer and tools/merge.sh write them) that the suite does not need.
  A file is kept if it is
    - hand-named (golden cases, seeds, regressions of old): each was written
      for a reason coverage cannot see, and tests rely on them;
    - selected by libFuzzer's set-cover merge (-merge=1, ASan+UBSan libFuzzer
      build): it adds coverage;
    - (ops_fuzzer) needed so that every mutant of verify/mutants is caught by
      an input of corpus/ops_fuzzer/ + corpus/regressions/, as the mutant
      tests of bazel test //... require.
  Every kept file is printed with its reason.
  --all        the set cover runs over every file, hand-named ones included,
               and reports the hand-named files that add no coverage (they
               are still kept: review them by hand)
  --features   keep what adds libFuzzer features (edges and hit-count
               buckets), not only edges (the default)
  --dry-run    report what would be deleted, change nothing
  corpus/regressions/ is never touched.
Exit status: 0 done, 2 bad input or build error.
EOF
}

dry_run=0
all=0
counters=0
names=()
while [ $# -gt 0 ]; do
  case $1 in
    --dry-run) dry_run=1; shift ;;
    --all) all=1; shift ;;
    --features) counters=1; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) af_die "unknown option '$1' (see --help)" ;;
    *) af_check_fuzzer "$1"; names+=("$1"); shift ;;
  esac
done
if [ "${#names[@]}" -eq 0 ]; then
  mapfile -t names < <(af_fuzzers)
  [ "${#names[@]}" -gt 0 ] || af_die "no fuzzers found (expected fuzz/*_fuzzer.c)"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/arenafuzz-cmin.XXXXXX") || af_die "cannot create a temporary directory"
trap 'rm -rf "$work"' EXIT
targets=()
for n in "${names[@]}"; do targets+=("//fuzz:$n"); done
af_build "$work/bin" --config=asan-libfuzzer -- "${targets[@]}"

# The mutants' replay binaries (the default build, as bazel test runs them):
# every <mutant>_replay of verify/mutants but the controls (none, none_*: correct
# arenas that must pass everything) and our arena.
mutants=()
case " ${names[*]} " in
  *" ops_fuzzer "*)
    mapfile -t mutant_targets < <(af_bazel query \
      'attr(name, "_replay$", kind("cc_binary", //verify/mutants:all))' 2>/dev/null |
      grep -v -E ':(none[a-z_]*|arena)_replay$' | sort)
    [ "${#mutant_targets[@]}" -gt 0 ] || af_die "found no mutant replay binaries in //verify/mutants"
    af_build "$work/mutants" -- "${mutant_targets[@]}"
    for t in "${mutant_targets[@]}"; do mutants+=("${t##*:}"); done
    ;;
esac

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
generated() { [[ $1 =~ ^[0-9a-f]{40}$ ]]; }

# catcher BINARY DIR...: prints the first input of DIRs that the mutant replay
# BINARY catches (a "caught by" line, or the input it died on), or nothing.
catcher() {
  local bin=$1 out rc
  shift
  out=$("$bin" --trace "$@" 2>&1)
  rc=$?
  local first
  first=$(sed -n 's/^caught by \([^:]*\): .*$/\1/p' <<<"$out" | head -n 1)
  if [ -n "$first" ]; then
    echo "$first"
  elif [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ] && [ "$rc" -ne 2 ]; then
    sed -n 's/^replaying //p' <<<"$out" | tail -n 1
  fi
}

for n in "${names[@]}"; do
  dir="$AF_ROOT/corpus/$n"
  if [ "$(af_count_files "$dir")" -eq 0 ]; then
    echo "$n: corpus/$n is empty, nothing to do"
    continue
  fi
  # named: hand-named files (always kept); generated: what may go. The set
  # cover merges the candidates onto base/ (--all: everything onto nothing).
  mkdir -p "$work/$n/base" "$work/$n/candidates" "$work/$n/named"
  while IFS= read -r f; do
    if generated "$f"; then
      cp "$dir/$f" "$work/$n/candidates/"
    else
      cp "$dir/$f" "$work/$n/named/"
      if [ "$all" -eq 1 ]; then
        cp "$dir/$f" "$work/$n/candidates/"
      else
        cp "$dir/$f" "$work/$n/base/"
      fi
    fi
  done < <(cd "$dir" && find . -maxdepth 1 -type f -printf '%f\n' | sort)
  named_count=$(af_count_files "$work/$n/named")
  candidates=$(af_count_files "$work/$n/candidates")
  declare -A reason=()
  for f in $(cd "$work/$n/named" && ls -1A); do reason[$f]="hand-named seed"; done
  if [ "$candidates" -gt 0 ]; then
    # The merge writes the candidates it selects into base/, named by SHA-1.
    (cd "$work/$n/base" && ls -1A) | sort >"$work/$n.before"
    if ! (cd "$work" && timeout 3600 "$work/bin/$n" -merge=1 -use_counters="$counters" -timeout=10 \
      -rss_limit_mb=2048 "$work/$n/base" "$work/$n/candidates") >"$work/$n.log" 2>&1; then
      af_die "libFuzzer's merge for $n failed: $(af_first_error "$work/$n.log")"
    fi
    (cd "$work/$n/base" && ls -1A) | sort | comm -13 "$work/$n.before" - >"$work/$n.selected"
    declare -A seen=()
    while IFS= read -r f; do
      h=$(sha1sum <"$work/$n/candidates/$f" | cut -d' ' -f1)
      if grep -q -x "$h" "$work/$n.selected" && [ -z "${seen[$h]:-}" ]; then
        seen[$h]=1
        if [ -n "${reason[$f]:-}" ]; then
          reason[$f]="hand-named seed, adds coverage"
        else
          reason[$f]="adds coverage"
        fi
      elif [ -n "${reason[$f]:-}" ] && [ "$all" -eq 1 ]; then
        reason[$f]="hand-named seed (adds no coverage of its own: review by hand)"
      fi
    done < <(cd "$work/$n/candidates" && find . -maxdepth 1 -type f -printf '%f\n' | sort)
    unset seen
  fi

  # By mutation (the corpus the mutant tests replay): each mutant must stay
  # caught by kept inputs + corpus/regressions/; if not, the first dropped
  # input that catches it is kept too.
  if [ "$n" = ops_fuzzer ] && [ "${#mutants[@]}" -gt 0 ]; then
    mkdir -p "$work/$n/kept" "$work/$n/dropped"
    for f in $(cd "$dir" && ls -1A); do
      if [ -n "${reason[$f]:-}" ]; then cp "$dir/$f" "$work/$n/kept/"; else cp "$dir/$f" "$work/$n/dropped/"; fi
    done
    regressions=()
    [ "$(af_count_files "$AF_ROOT/corpus/regressions")" -gt 0 ] && regressions=("$AF_ROOT/corpus/regressions")
    for m in "${mutants[@]}"; do
      mname=${m%_replay}
      hit=$(catcher "$work/mutants/$m" "$work/$n/kept" "${regressions[@]}")
      if [ -n "$hit" ]; then
        continue
      fi
      hit=""
      [ "$(af_count_files "$work/$n/dropped")" -gt 0 ] && hit=$(catcher "$work/mutants/$m" "$work/$n/dropped")
      if [ -z "$hit" ]; then
        af_note "warning: no input of corpus/$n or corpus/regressions catches mutant $mname"
        continue
      fi
      f=$(basename "$hit")
      reason[$f]="catches mutant $mname (no other kept input does)"
      mv "$work/$n/dropped/$f" "$work/$n/kept/$f"
    done
  fi

  delete=()
  kept=0
  for f in $(cd "$dir" && ls -1A); do
    [ -f "$dir/$f" ] || continue
    if [ -n "${reason[$f]:-}" ]; then
      kept=$((kept + 1))
    else
      delete+=("$f")
    fi
  done
  echo "$n: keeps $kept of $((kept + ${#delete[@]})) file(s) ($named_count hand-named); ${#delete[@]} add nothing the suite needs"
  for f in $(cd "$dir" && ls -1A); do
    [ -n "${reason[$f]:-}" ] && [[ ${reason[$f]} != "hand-named seed" ]] && echo "  keep $f: ${reason[$f]}"
  done
  [ "$named_count" -gt 0 ] && echo "  keep the other hand-named seeds: $(for f in $(cd "$dir" && ls -1A); do
    [ "${reason[$f]:-}" = "hand-named seed" ] && printf '%s ' "$f"
  done)"
  unset reason
  if [ "${#delete[@]}" -gt 0 ]; then
    if [ "$dry_run" -eq 1 ]; then
      echo "  would delete: ${delete[*]}"
    else
      for f in "${delete[@]}"; do rm -f -- "${dir:?}/$f"; done
      echo "  deleted: ${delete[*]}"
    fi
  fi
done
[ "$dry_run" -eq 1 ] && echo "(dry run: corpus/ unchanged)"
exit 0
