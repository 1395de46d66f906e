#!/usr/bin/env bash
# TSan: every test under ThreadSanitizer (the thread test's concurrent usage
# reads included); the planted data race must be reported.
exec "$(dirname "$0")/../config-test.sh" tsan //verify:tsan_control_test
