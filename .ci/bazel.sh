# bazel.sh: sourced by the checks that call Bazel themselves. bazel_cmd runs
# bazel with the output base from $AF_BAZEL_OUTPUT_BASE, if set (as tools/ do).
bazel_cmd() {
  if [ -n "${AF_BAZEL_OUTPUT_BASE:-}" ]; then
    bazel --output_base="$AF_BAZEL_OUTPUT_BASE" "$@"
  else
    bazel "$@"
  fi
}
