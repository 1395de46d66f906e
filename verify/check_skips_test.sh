#!/usr/bin/env bash
# check_skips_test: check_skips.sh passes exactly when the skips equal the
# declared list: an undeclared skipped test, an undeclared SKIP: case and a
# declared skip that did not happen must each fail it.
# usage: check_skips_test.sh CHECK_SKIPS
set -uo pipefail
check=$1
dir=$(mktemp -d "${TEST_TMPDIR:-/tmp}/check_skips.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/logs/p/a" "$dir/logs/p/b"
cat >"$dir/list" <<'LIST'
# a comment
cfg  //p:c        a declared skipped test
cfg  //p:a#huge   a declared skipped case
other //p:a       another configuration's skip
LIST
cat >"$dir/out" <<'OUT'
//p:a                                  PASSED in 0.1s
//p:b                         (cached) PASSED in 0.1s
//p:c                                  SKIPPED
OUT
echo "SKIP: huge: needs 2^64 bytes" >"$dir/logs/p/a/test.log"
echo "all ran" >"$dir/logs/p/b/test.log"
failed=0
expect() { # expect STATUS DESCRIPTION: runs the check on the current files
  local want=$1 what=$2 out rc
  out=$("$check" --list "$dir/list" cfg "$dir/out" "$dir/logs" 2>&1)
  rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $what: exit $rc, expected $want:"
    echo "$out"
    failed=1
  else
    echo "ok: $what: exit $rc: $(head -n 1 <<<"$out")"
  fi
}
expect 0 "exactly the declared skips"
echo "SKIP: other: not declared" >>"$dir/logs/p/b/test.log"
expect 1 "an undeclared SKIP: case"
echo "all ran" >"$dir/logs/p/b/test.log"
echo "//p:d                                  SKIPPED" >>"$dir/out"
expect 1 "an undeclared skipped test"
sed -i '/^\/\/p:d /d' "$dir/out"
echo "all ran" >"$dir/logs/p/a/test.log"
expect 1 "a declared case that no longer skips"
echo "SKIP: huge: needs 2^64 bytes" >"$dir/logs/p/a/test.log"
: >"$dir/out"
expect 2 "output without test results"
exit "$failed"
