#!/usr/bin/env bash
# MSan: every test under MemorySanitizer (C only, so everything linked is
# instrumented); the planted read of an uninitialised arena byte must be reported.
exec "$(dirname "$0")/../config-test.sh" msan //verify:msan_control_test
