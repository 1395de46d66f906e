#!/usr/bin/env bash
# config-test: `bazel test --config=CONFIG //...`, and proof that the named
# negative controls really ran and passed in it (not skipped as incompatible),
# so a sanitizer that is silently off fails CI; and that what was skipped is
# exactly what verify/skips.txt declares for CONFIG. Used by .ci/checks/*.sh.
# usage: .ci/config-test.sh CONFIG CONTROL_TEST... [-- EXTRA_BAZEL_FLAGS...]
# CONFIG "default" means no --config at all (the .bazelrc default, ASan+UBSan).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
if [ $# -lt 1 ]; then
  echo "usage: .ci/config-test.sh CONFIG CONTROL_TEST... [-- BAZEL_FLAGS...]" >&2
  exit 2
fi
config=$1
shift
controls=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  controls+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift
startup=()
if [ -n "${AF_BAZEL_OUTPUT_BASE:-}" ]; then
  startup+=("--output_base=$AF_BAZEL_OUTPUT_BASE")
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$SECONDS
config_flag=(--config="$config")
[ "$config" = "default" ] && config_flag=()
bazel "${startup[@]}" test "${config_flag[@]}" "$@" //... >"$log" 2>&1
status=$?
# The per-test summary lines, then anything that failed.
grep -E '^//[^ ]+ +.*(PASSED|FAILED|SKIPPED|NO STATUS|TIMEOUT)' "$log"
if [ "$status" -ne 0 ]; then
  grep -E 'ERROR|FAIL' "$log" | head -40
  echo "config-test $config: bazel test ${config_flag[*]} //... FAILED (exit $status)"
  exit 1
fi
for control in "${controls[@]}"; do
  if ! grep -qE "^${control} +(\(cached\) )?PASSED" "$log"; then
    echo "config-test $config: the negative control $control did not run and pass"
    exit 1
  fi
done
# Exactly the skips verify/skips.txt declares for this configuration.
testlogs=$(bazel "${startup[@]}" info "${config_flag[@]}" "$@" bazel-testlogs 2>/dev/null)
if ! verify/check_skips.sh "$config" "$log" "$testlogs"; then
  echo "config-test $config: the skipped tests differ from verify/skips.txt"
  exit 1
fi
passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log" || true)
skipped=$(grep -cE '^//[^ ]+ +SKIPPED' "$log" || true)
echo "config-test $config: $passed tests passed, $skipped skipped (other configs only);" \
  "live controls: ${controls[*]:-none}; $((SECONDS - start))s"
