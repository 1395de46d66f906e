#!/usr/bin/env bash
# gcc 12 with ASan+UBSan: every test built by the second compiler; its ASan
# (poisoned tail), LeakSanitizer and UBSan (misaligned load) controls must fire.
exec "$(dirname "$0")/../config-test.sh" gcc //verify:asan_control_test \
  //verify:lsan_control_test //verify:ubsan_control_test
