#!/usr/bin/env bash
# CI check: the harness benchmark (bench/harness.sh, GitHub issue 6) builds its
# four builds and a seconds-long run prints every table. Speed is not checked.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

if ! bench/harness.sh --quick >"$out" 2>"$err"; then
  echo "harness-bench-smoke: bench/harness.sh --quick failed:"
  tail -n 30 "$err" "$out"
  exit 1
fi
for want in "Table H1. Each fuzz target" "Table H2. Where an ops_fuzzer execution" \
  "Table H3. libFuzzer's own exec/s" "model alone (ops_model - ops_decode)" \
  "Sanitizers' overhead" "ops_fuzzer under ASan+UBSan >= 20000 exec/s" \
  "Target: the model under 5% of an execution"; do
  if ! grep -qF "$want" "$out"; then
    echo "harness-bench-smoke: the output lacks '$want':"
    cat "$out"
    exit 1
  fi
done
# H1: four builds of seven drivers, each row with figures.
rows=$(grep -cE '^ *([a-z_]+ +[0-9]+)? +(ASan\+UBSan -O1|plain -O1|plain -O2|ASan\+UBSan\+cov) +[0-9]+ \[' "$out" || true)
if [ "$rows" -ne 28 ]; then
  echo "harness-bench-smoke: expected 28 measured rows in Table H1, found $rows:"
  cat "$out"
  exit 1
fi
# H3: libFuzzer rows (fixed corpus, ops twice, four other targets), each with executions.
lf=$(grep -cE '^[a-z_]+ +(corpus as fixed|fuzzing|the same).* [1-9][0-9]* +[0-9.]+ +[0-9.]+ ' "$out" || true)
if [ "$lf" -ne 7 ]; then
  echo "harness-bench-smoke: expected 7 libFuzzer rows in Table H3, found $lf:"
  cat "$out"
  exit 1
fi
echo "harness-bench-smoke: harness.sh --quick built plain, ASan+UBSan and libFuzzer drivers;" \
  "all tables printed ($rows + $lf rows)"
