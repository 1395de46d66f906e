#!/usr/bin/env bash
# subjects-configs: the C++ subjects (std::pmr, LLVM: their adapters, corpus
# replays and fuzzers) build and link under every config that no other check
# builds //... with (default, tsan, msan, gcc and valgrind have their own
# checks, which cover the C subjects too); and under --config=ubsan alone
# every subject's tests run, UB controls included.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. .ci/bazel.sh
status=0
start=$SECONDS
for config in asan ubsan nosan libfuzzer asan-libfuzzer ubsan-libfuzzer coverage afl; do
  t=$SECONDS
  if bazel_cmd build --config="$config" //subjects/pmr/... //subjects/llvm/... >/tmp/subjects-$config.log 2>&1; then
    echo "ok: --config=$config builds //subjects/pmr/... //subjects/llvm/... ($((SECONDS - t)) s)"
  else
    grep -E 'ERROR|error:' /tmp/subjects-$config.log | head -10
    echo "FAIL: --config=$config does not build the C++ subjects"
    status=1
  fi
done
t=$SECONDS
if bazel_cmd test --config=ubsan //subjects/... >/tmp/subjects-ubsan-test.log 2>&1; then
  echo "ok: bazel test --config=ubsan //subjects/... ($((SECONDS - t)) s): $(grep -cE '^//.* PASSED' /tmp/subjects-ubsan-test.log) passed"
else
  grep -E '^//.*(FAILED|NO STATUS)|ERROR' /tmp/subjects-ubsan-test.log | head -10
  echo "FAIL: bazel test --config=ubsan //subjects/..."
  status=1
fi
echo "67-subjects-configs: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start)) s"
exit $status
