#!/usr/bin/env bash
# CI check: bench/peers.sh builds the peers optimised (--config=bench) and a
# short run (--quick) prints its three tables with a figure for every workload
# and peer, instruction counts included. Speed is not checked.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! bench/peers.sh --quick >"$out" 2>&1; then
  echo "peers-smoke: bench/peers.sh --quick failed:"
  tail -n 30 "$out"
  exit 1
fi
for want in "Table P1. Speed" "Table P2. Memory" "Table P3. The arena's own bookkeeping"; do
  grep -qF "$want" "$out" || { echo "peers-smoke: the output lacks '$want'"; cat "$out"; exit 1; }
done
# P1 rows: workload, peer, then a number of instructions and a ns figure.
rows=$(grep -cE '^\| [a-z0-9]* \| [a-z+]+ \| [0-9]+\.[0-9] \| [0-9.]+ \| [0-9]+\.[0-9]+ \|' "$out" || true)
if [ "$rows" -ne 44 ]; then
  echo "peers-smoke: expected 44 measured rows in Table P1 (11 peers x 4 workloads), found $rows:"
  cat "$out"
  exit 1
fi
echo "peers-smoke: bench/peers.sh --quick printed every table ($rows speed rows)"
