#!/bin/sh
# No-op stand-in: offline, `bazel coverage` is unsupported; use tools/coverage.sh.
exit 0
