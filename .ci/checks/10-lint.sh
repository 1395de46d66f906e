#!/usr/bin/env bash
# Lint: every C file of ours is clang-format clean and clang-tidy clean
# (clang-analyzer, bugprone, cert; see .clang-tidy and compile_flags.txt).
set -uo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(git ls-files '*.c' '*.h' | grep -v '^third_party/')
mapfile -t sources < <(printf '%s\n' "${files[@]}" | grep '\.c$')
status=0
if ! clang-format --dry-run --Werror "${files[@]}"; then
  echo "lint: clang-format differs (run: clang-format -i \$(git ls-files '*.c' '*.h'))"
  status=1
fi
# One file per clang-tidy run: clang-tidy 14 carries valist state across the
# files of one run and then flags every vsnprintf after the first file.
# The mutants' one source is checked as the bug-free control (MUTANT_NONE).
tidy_one() {
  case "$1" in
    verify/mutants/*) clang-tidy --quiet --extra-arg=-DMUTANT=MUTANT_NONE "$1" ;;
    *) clang-tidy --quiet "$1" ;;
  esac
}
export -f tidy_one
if ! printf '%s\0' "${sources[@]}" | xargs -0 -n 1 -P "$(nproc)" bash -c 'tidy_one "$0"' \
  >/tmp/arenafuzz-tidy.log 2>&1; then
  grep -E 'error:|warning:' /tmp/arenafuzz-tidy.log | head -40
  echo "lint: clang-tidy found problems"
  status=1
fi
echo "lint: ${#files[@]} files formatted, ${#sources[@]} sources tidy: $([ $status -eq 0 ] && echo clean || echo NOT clean)"
exit $status
