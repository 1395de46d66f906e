#!/usr/bin/env bash
# The default build (clang ASan+UBSan, the `bazel test //...` .ci/run does
# first; cached here): its negative controls must have run and passed, not been
# skipped: ASan (poisoned block tail), LeakSanitizer, UBSan (misaligned load)
# and the arena's strict integer checks (unsigned wrap, narrowing, pointer wrap).
exec "$(dirname "$0")/../config-test.sh" default //verify:asan_control_test \
  //verify:lsan_control_test //verify:ubsan_control_test //verify:ubsan_wrap_control_test \
  //verify:ubsan_narrow_control_test //verify:ubsan_pointer_control_test //verify:poison_test \
  //verify:sanitizer_config_test
