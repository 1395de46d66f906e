#!/bin/bash -eu
# ClusterFuzzLite build step: the same Bazel-free build as OSS-Fuzz (oss-fuzz/build.sh),
# honouring $CC $CFLAGS $CXX $CXXFLAGS $LIB_FUZZING_ENGINE $OUT.
ARENAFUZZ_ROOT="$SRC/arenafuzz" exec "$SRC/arenafuzz/oss-fuzz/build.sh"
