# tools/lib.sh: helpers shared by the tools/ scripts (sourced, never run):
# the repository root, one-line errors, the Bazel wrapper, fuzzer names, file checks.
# shellcheck shell=bash

AF_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
AF_PROG=${AF_PROG:-$(basename "$0")}
# Inputs above this size are refused by every tool (decoding stops long before).
AF_MAX_INPUT_BYTES=$((1 << 20))

# af_die MESSAGE: one line on stderr, exit 2 (usage, bad input, build failure).
af_die() {
  echo "$AF_PROG: error: $*" >&2
  exit 2
}

af_note() { echo "$AF_PROG: $*" >&2; }

# af_first_error LOG: the first line of LOG that says what went wrong (a
# sanitizer's or libFuzzer's ERROR, our one-line errors), else its last line.
af_first_error() {
  local line
  line=$(grep -a -m 1 -E 'ERROR|error:|^replay: |^arenafuzz: |rejected' "$1" 2>/dev/null)
  [ -n "$line" ] || line=$(grep -a -v '^$' "$1" 2>/dev/null | tail -n 1)
  echo "${line:0:300}"
}

# af_bazel ARGS...: bazel, with the output base from $AF_BAZEL_OUTPUT_BASE if
# set (so several checkouts or people can build side by side).
af_bazel() {
  local startup=()
  if [ -n "${AF_BAZEL_OUTPUT_BASE:-}" ]; then
    startup+=("--output_base=$AF_BAZEL_OUTPUT_BASE")
  fi
  (cd "$AF_ROOT" && bazel "${startup[@]}" "$@")
}

# af_platform_suffix FLAGS...: the --platform_suffix for a build with FLAGS,
# or nothing. Each .bazelrc config has its own output directory; a build that
# links another subject (--//harness:subject=...) gets one of its own too (a
# Starlark flag does not change Bazel 4's output directory), so no tool build
# ever overwrites the default build's binaries (bazel-bin/) or another's.
af_platform_suffix() {
  local f config=default subject=""
  for f in "$@"; do
    case $f in
      --platform_suffix=*) return 0 ;;
      --config=*) config=${f#--config=} ;;
      --//harness:subject=*) subject=${f#--//harness:subject=} ;;
    esac
  done
  if [ -n "$subject" ]; then
    subject=${subject#//}
    echo "--platform_suffix=-$config-${subject//[^A-Za-z0-9_]/_}"
  fi
}

# af_build DEST FLAGS... -- TARGETS...: builds the targets with FLAGS (configs,
# --//harness:subject=...) into their own output directory (af_platform_suffix)
# and copies each binary into DEST/<name>, found with `bazel info FLAGS
# bazel-bin` (never the bazel-bin symlink, which names whatever was built
# last). A copy, so a rebuild never replaces the file under a running fuzzer.
af_build() {
  local dest=$1
  shift
  local flags=() targets=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    flags+=("$1")
    shift
  done
  [ "${1:-}" = "--" ] && shift
  targets=("$@")
  local suffix
  suffix=$(af_platform_suffix "${flags[@]}")
  [ -n "$suffix" ] && flags+=("$suffix")
  mkdir -p "$dest" || af_die "cannot create $dest"
  local log="$dest/build.log"
  echo "building ${targets[*]} (${flags[*]:-default config}) ..."
  if ! af_bazel build --symlink_prefix=/ "${flags[@]}" "${targets[@]}" >"$log" 2>&1; then
    # One line: Bazel's first error (the whole log stays in $log, if kept).
    local first
    first=$(grep -m 1 -E '^ERROR: ' "$log" | sed -e 's/^ERROR: //' -e 's/^[^ ]*BUILD:[0-9:]* //' | cut -c 1-300)
    af_die "bazel build ${flags[*]} ${targets[*]} failed: ${first:-see $log}"
  fi
  local bin
  bin=$(af_bazel info --symlink_prefix=/ "${flags[@]}" bazel-bin 2>>"$log") ||
    af_die "bazel info failed (log: $log)"
  local t pkg name
  for t in "${targets[@]}"; do
    pkg=${t#//}
    pkg=${pkg%%:*}
    name=${t##*:}
    [ -f "$bin/$pkg/$name" ] || af_die "built $t but found no binary at $bin/$pkg/$name"
    rm -f "$dest/$name"
    cp "$bin/$pkg/$name" "$dest/$name" || af_die "cannot copy $t into $dest"
  done
}

# af_subject_flags LABEL: the Bazel flag that links LABEL as the subject (none
# for the empty label).
af_subject_flags() {
  if [ -n "$1" ]; then
    case $1 in
      //*:* | //*) echo "--//harness:subject=$1" ;;
      *) af_die "--subject wants a Bazel label like //verify/mutants:fit_off_by_one, got '$1'" ;;
    esac
  fi
}

# af_fuzzers: the fuzzer names, one a line (fuzz/<name>.c for each *_fuzzer.c).
af_fuzzers() {
  local f
  for f in "$AF_ROOT"/fuzz/*_fuzzer.c; do
    [ -e "$f" ] || continue
    basename "$f" .c
  done
}

# af_check_fuzzer NAME: dies unless NAME is one of af_fuzzers.
af_check_fuzzer() {
  local n
  for n in $(af_fuzzers); do
    [ "$n" = "$1" ] && return 0
  done
  af_die "unknown fuzzer '$1' (known: $(af_fuzzers | paste -s -d ' '))"
}

# af_check_input PATH: dies with one line unless PATH is a readable, regular,
# non-empty file of at most AF_MAX_INPUT_BYTES.
af_check_input() {
  local p=$1 size
  [ -n "$p" ] || af_die "no input file given"
  [ -e "$p" ] || af_die "$p: no such file"
  [ -d "$p" ] && af_die "$p: is a directory, expected one crash file"
  [ -f "$p" ] || af_die "$p: not a regular file"
  [ -r "$p" ] || af_die "$p: not readable"
  size=$(stat -c %s -- "$p") || af_die "$p: cannot stat"
  [ "$size" -gt 0 ] || af_die "$p: empty file (an empty input cannot fail)"
  [ "$size" -le "$AF_MAX_INPUT_BYTES" ] ||
    af_die "$p: $size bytes, more than the $AF_MAX_INPUT_BYTES-byte limit of an input"
}

# af_count_files DIR: number of regular files directly inside DIR (0 if absent).
af_count_files() {
  if [ -d "$1" ]; then
    find "$1" -maxdepth 1 -type f | wc -l
  else
    echo 0
  fi
}

# af_positive_int VALUE WHAT: dies unless VALUE is a decimal integer >= 1.
af_positive_int() {
  case $1 in
    '' | *[!0-9]*) af_die "$2 wants a positive whole number, got '$1'" ;;
  esac
  [ "$1" -ge 1 ] 2>/dev/null || af_die "$2 wants a positive whole number, got '$1'"
  [ "${#1}" -le 9 ] || af_die "$2: '$1' is too large"
}

# af_signature: reads one replay's output on stdin and prints a one-line
# signature that names the bug, not the input: the sanitizer's or libFuzzer's
# SUMMARY, the first three stack frames in our code (arena/ harness/ fuzz/
# verify/), and the runner's message with numbers replaced by N. Crash files
# with equal signatures are one finding.
af_signature() {
  awk '
    function ours(loc) { return loc ~ /(^|\/)(arena|harness|fuzz|verify|tools)\// }
    function short(loc) {
      if (match(loc, /(arena|harness|fuzz|verify|tools)\/[^\/ ]*$/)) loc = substr(loc, RSTART)
      if (loc ~ /:[0-9]+:[0-9]+$/) sub(/:[0-9]+$/, "", loc)   # file:line, no column
      return loc
    }
    # A UBSan report a subject recovered from (a finding the runner records)
    # may come before the error that ended the run: any other SUMMARY wins.
    /SUMMARY: UndefinedBehaviorSanitizer/ && summary == "" && ub == "" { ub = $0; next }
    /SUMMARY: / && summary == "" {
      summary = $0
      sub(/^.*SUMMARY: /, "", summary)
      gsub(/\(?[^ ]*\+0x[0-9a-f]+\)?/, "", summary)
      gsub(/0x[0-9a-f]+/, "ADDR", summary)
      gsub(/[^ ]*\/(arena|harness|fuzz|verify|tools)\//, "", summary)
    }
    /^ *#[0-9]+ 0x[0-9a-f]+ in / {
      if ($1 == "#0") stacks++
      if (stacks == 1 && frames < 3 && ours($NF) && $4 !~ /^(__|fuzzer::)/) {
        sig_frames = sig_frames (frames ? " < " : "") $4 "@" short($NF)
        frames++
      }
    }
    /^arenafuzz: / && message == "" {
      message = $0
      sub(/^arenafuzz: /, "", message)
      gsub(/0x[0-9a-fA-F]+/, "ADDR", message)
      gsub(/-?[0-9]+/, "N", message)
    }
    END {
      if (summary == "" && ub != "") {
        summary = ub
        sub(/^.*SUMMARY: /, "", summary)
        gsub(/\(?[^ ]*\+0x[0-9a-f]+\)?/, "", summary)
        gsub(/0x[0-9a-f]+/, "ADDR", summary)
        gsub(/[^ ]*\/(arena|harness|fuzz|verify|tools)\//, "", summary)
      }
      if (summary == "" && sig_frames == "" && message == "") { print "did not reproduce"; exit }
      out = summary
      if (sig_frames != "") out = out (out != "" ? " | " : "") sig_frames
      if (message != "") out = out (out != "" ? " | " : "") message
      print out
    }'
}
