#!/usr/bin/env bash
# replay_cli_test: options that would make //verify:replay check nothing are a
# one-line error with exit 2; a normal run prints how many checks it made.
# usage: replay_cli_test.sh REPLAY_BINARY
set -uo pipefail
replay=$1
failed=0

# expect_error WANT ARGS...: exit 2 and exactly one line on stderr containing WANT.
expect_error() {
  local want=$1 err rc
  shift
  err=$("$replay" "$@" 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" -ne 2 ] || [ "$(wc -l <<<"$err")" -ne 1 ] || ! grep -qF -- "$want" <<<"$err"; then
    echo "FAIL: replay $* exited $rc with:"
    echo "$err"
    failed=1
  else
    echo "ok: replay $*: $err"
  fi
}

expect_error "no fault was injected" --iterations=1000 --fail-call=999999
expect_error "no fault was injected" --iterations=1000 --check=direct --fail-call=8
expect_error "no fault was injected" --iterations=1000 --fail-block=99
expect_error "16 MiB cap" --iterations=1000 --block-size=1073741824
expect_error "16 MiB cap" --iterations=1000 --block-size=16777224 --check=model

out=$("$replay" --iterations=1000 --fail-call=7 2>&1)
rc=$?
summary=$(grep '^replay: .* checks' <<<"$out")
if [ "$rc" -ne 0 ] || ! grep -qE '^replay: 1 model cases \(0 failed; [1-9][0-9]* checks, 0 operations skipped\), 1 direct cases \(0 failed; 1000 requests checked\)' <<<"$summary"; then
  echo "FAIL: a normal run (exit $rc) did not report its checks:"
  echo "$out"
  failed=1
else
  echo "ok: $summary"
fi
exit "$failed"
