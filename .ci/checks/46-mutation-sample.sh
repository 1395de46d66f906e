#!/usr/bin/env bash
# 46-mutation-sample: a seeded random sample of the systematic mutation run
# (verify/mutation/). Every mutant of the sample must be killed by a test or
# listed in verify/mutation/equivalents.txt; a known-killable mutant must be
# killed, and survive once the tests are disabled (the negative control).
# MUTATION_SEED=N reruns a sample; MUTATION_SAMPLE=N changes its size (40).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

seed=${MUTATION_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
size=${MUTATION_SAMPLE:-40}
control='arena.h|arena_allocate|ROR|<=|<|1'
log=$(mktemp "${TMPDIR:-/tmp}/mutation-sample.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT

echo "--- mutation sample: $size mutants, seed $seed (rerun: MUTATION_SEED=$seed $0)"
python3 verify/mutation/mutate.py --sample "$size" --seed "$seed" --control "$control" \
  --jobs 2 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -ne 0 ]; then
  echo "46-mutation-sample: FAILED (seed $seed): a survivor, a failed control or a broken run"
  exit 1
fi
# The run must have built and tested mutants: the table's killed + equivalent.
row=$(grep -E '^\| [0-9]+ \| [0-9]+ \|' "$log" | tail -1)
killed=$(echo "$row" | awk -F'|' '{print $5+0}')
if ! grep -q '^control: killed with the tests' "$log" || [ "${killed:-0}" -lt 1 ]; then
  echo "46-mutation-sample: FAILED: no control or no mutant killed: the sample checked nothing"
  exit 1
fi
echo "46-mutation-sample: passed (seed $seed, $killed killed)"
