#!/usr/bin/env bash
# check_skips: in one configuration's `bazel test //...` run, the tests and
# cases that were skipped must be exactly those verify/skips.txt declares for
# that configuration; anything else (an undeclared skip, or a declared skip
# that no longer happens) fails.
#   skipped tests: Bazel's summary line "//pkg:name  SKIPPED" (a test whose
#     target_compatible_with excludes the configuration);
#   skipped cases: a line "SKIP: <case>: <reason>" in a test's test.log,
#     named //pkg:name#<case>.
# usage: check_skips.sh [--list FILE] CONFIG BAZEL_TEST_OUTPUT TESTLOGS_DIR
set -uo pipefail
list=$(dirname "$0")/skips.txt
if [ "${1:-}" = "--list" ]; then
  list=$2
  shift 2
fi
if [ $# -ne 3 ]; then
  echo "usage: check_skips.sh [--list FILE] CONFIG BAZEL_TEST_OUTPUT TESTLOGS_DIR" >&2
  exit 2
fi
config=$1
output=$2
testlogs=$3
for f in "$list" "$output"; do
  [ -f "$f" ] || { echo "check_skips: no such file: $f"; exit 2; }
done
[ -d "$testlogs" ] || { echo "check_skips: no such directory: $testlogs"; exit 2; }

# Declared: "CONFIG LABEL[#CASE] REASON..." lines for this configuration.
declared=$(awk -v c="$config" '$1 !~ /^#/ && NF >= 3 && $1 == c { print $2 }' "$list" | sort -u)
bad=$(awk 'NF > 0 && $1 !~ /^#/ && NF < 3' "$list")
if [ -n "$bad" ]; then
  echo "check_skips: $list: lines need CONFIG LABEL[#CASE] REASON:"
  echo "$bad"
  exit 2
fi

ran=$(grep -E '^//[^ ]+ +(\(cached\) )?(PASSED|FAILED|FLAKY)' "$output" | awk '{ print $1 }')
if [ -z "$ran" ]; then
  echo "check_skips: $output has no test results: not the output of bazel test"
  exit 2
fi
actual=$( {
  grep -E '^//[^ ]+ +SKIPPED' "$output" | awk '{ print $1 }'
  for label in $ran; do
    log="$testlogs/$(sed -e 's|^//||' -e 's|:|/|' <<<"$label")/test.log"
    [ -f "$log" ] || continue
    sed -n 's/^SKIP: \([^:]*\): .*/\1/p' "$log" | sed "s|^|$label#|"
  done
} | sort -u)

undeclared=$(comm -13 <(printf '%s\n' "$declared") <(printf '%s\n' "$actual") | sed '/^$/d')
vanished=$(comm -23 <(printf '%s\n' "$declared") <(printf '%s\n' "$actual") | sed '/^$/d')
status=0
if [ -n "$undeclared" ]; then
  echo "check_skips $config: skipped but not declared in $list (a skip is a failure unless declared):"
  sed 's/^/  /' <<<"$undeclared"
  status=1
fi
if [ -n "$vanished" ]; then
  echo "check_skips $config: declared in $list but not skipped (remove the line):"
  sed 's/^/  /' <<<"$vanished"
  status=1
fi
if [ "$status" -eq 0 ]; then
  echo "check_skips $config: $(printf '%s\n' "$actual" | sed '/^$/d' | wc -l) skips, exactly the declared ones"
fi
exit "$status"
