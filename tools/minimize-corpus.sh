#!/usr/bin/env bash
# tools/minimize-corpus.sh: shrinks corpus/<fuzzer>/ to a subset with the same
# coverage (libFuzzer's set-cover merge), keeping the hand-named seeds.
set -uo pipefail
AF_PROG=minimize-corpus.sh
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'EOF'
usage: tools/minimize-corpus.sh [--dry-run] [--all] [--features] [FUZZER...]   (no FUZZER: all)
  Deletes from corpus/<fuzzer>/ the generated inputs (names of 40 hex digits,
  as libFuzzer and tools/merge.sh write them) that add no coverage to the rest:
  libFuzzer -merge=1 of the generated inputs onto the hand-named ones, on the
  ASan+UBSan libFuzzer build. Hand-named seeds (golden cases, regressions of
  old) are always kept: each was written for a reason coverage cannot see.
  corpus/regressions/ is never touched.
  --all        treat every file alike: keep a minimal covering subset of all
  --features   keep what adds libFuzzer features (edges and hit-count
               buckets), not only edges (the default)
  --dry-run    report what would be deleted, change nothing
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

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
generated() { [[ $1 =~ ^[0-9a-f]{40}$ ]]; }
for n in "${names[@]}"; do
  dir="$AF_ROOT/corpus/$n"
  if [ "$(af_count_files "$dir")" -eq 0 ]; then
    echo "$n: corpus/$n is empty, nothing to do"
    continue
  fi
  # base: what is kept no matter what; candidates: what may go.
  mkdir -p "$work/$n/base" "$work/$n/candidates"
  while IFS= read -r f; do
    if [ "$all" -eq 0 ] && ! generated "$f"; then
      cp "$dir/$f" "$work/$n/base/"
    else
      cp "$dir/$f" "$work/$n/candidates/"
    fi
  done < <(cd "$dir" && find . -maxdepth 1 -type f -printf '%f\n' | sort)
  kept_named=$(af_count_files "$work/$n/base")
  candidates=$(af_count_files "$work/$n/candidates")
  if [ "$candidates" -eq 0 ]; then
    echo "$n: $kept_named hand-named files, no generated inputs: nothing to do"
    continue
  fi
  # The merge writes the candidates it selects into base/, named by SHA-1.
  (cd "$work/$n/base" && ls -1A) | sort >"$work/$n.before"
  if ! (cd "$work" && timeout 3600 "$work/bin/$n" -merge=1 -use_counters="$counters" -timeout=10 \
    -rss_limit_mb=2048 "$work/$n/base" "$work/$n/candidates") >"$work/$n.log" 2>&1; then
    tail -n 15 "$work/$n.log" >&2
    af_die "libFuzzer's merge for $n failed (log above)"
  fi
  (cd "$work/$n/base" && ls -1A) | sort | comm -13 "$work/$n.before" - >"$work/$n.selected"
  declare -A seen=()
  delete=()
  kept=0
  while IFS= read -r f; do
    h=$(sha1sum <"$work/$n/candidates/$f" | cut -d' ' -f1)
    if grep -q -x "$h" "$work/$n.selected" && [ -z "${seen[$h]:-}" ]; then
      seen[$h]=1
      kept=$((kept + 1))
    else
      delete+=("$f")
    fi
  done < <(cd "$work/$n/candidates" && find . -maxdepth 1 -type f -printf '%f\n' | sort)
  unset seen
  echo "$n: keeps $kept_named hand-named file(s) and $kept of $candidates other input(s); ${#delete[@]} add nothing"
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
