#!/usr/bin/env bash
# The Frama-C WP proof of arena/ (verify/proof/): every goal proved on the
# shipped code, the bit-level lemmas proved by z3, and each negative control
# (a planted bug) failing the proof. A manual-tagged Bazel test.
set -uo pipefail
cd "$(dirname "$0")/../.."
bazel test //verify/proof:proof_test --test_output=all 2>&1 | grep -E '^(prove|proof)[: ]|^//verify|FAILED|ERROR'
exit "${PIPESTATUS[0]}"
