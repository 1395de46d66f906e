#!/usr/bin/env bash
# CI check: the ClusterFuzzLite and OSS-Fuzz project files are well formed
# (they cannot run here: no Docker, no network). Every YAML file parses; the
# workflows use ClusterFuzzLite's build_fuzzers and run_fuzzers actions and
# cover the code-change, batch, prune and coverage modes; the build scripts
# exist, are executable and call oss-fuzz/build.sh. Negative control: the
# validator rejects a broken workflow.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

validate() { # FILES...: prints problems, exit 1 if any
  /usr/bin/python3 - "$@" <<'PY'
import sys
import yaml

problems = []
modes = set()
for path in sys.argv[1:]:
    try:
        with open(path) as f:
            doc = yaml.safe_load(f)
    except Exception as e:  # any parse error is a finding
        problems.append(f"{path}: not valid YAML: {e}".replace("\n", " "))
        continue
    if not isinstance(doc, dict):
        problems.append(f"{path}: not a mapping")
        continue
    if "/workflows/" not in path:
        if doc.get("language") != "c":
            problems.append(f"{path}: language is not c")
        continue
    # YAML 1.1 reads the key 'on' as True.
    if "on" not in doc and True not in doc:
        problems.append(f"{path}: no 'on' trigger")
    jobs = doc.get("jobs") or {}
    if not jobs:
        problems.append(f"{path}: no jobs")
    for name, job in jobs.items():
        uses = [s.get("uses", "") for s in job.get("steps", [])]
        if not any(u.startswith("google/clusterfuzzlite/actions/build_fuzzers@") for u in uses):
            problems.append(f"{path}: job {name} does not build with build_fuzzers")
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("google/clusterfuzzlite/actions/run_fuzzers@"):
                mode = (step.get("with") or {}).get("mode")
                if mode is None:
                    problems.append(f"{path}: job {name} runs fuzzers without a mode")
                modes.add(mode)
            if step.get("uses", "").startswith("google/clusterfuzzlite/actions/build_fuzzers@"):
                if (step.get("with") or {}).get("language") != "c":
                    problems.append(f"{path}: job {name} builds without language: c")
if any("/workflows/" in p for p in sys.argv[1:]):
    missing = {"code-change", "batch", "prune", "coverage"} - modes
    if missing:
        problems.append(f"workflows lack the mode(s): {', '.join(sorted(missing))}")
for p in problems:
    print(p)
print(f"modes: {', '.join(sorted(m for m in modes if m))}")
sys.exit(1 if problems else 0)
PY
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/.github/workflows"
printf 'name: broken\non:\n  pull_request\njobs:\n  PR:\n    steps:\n      - uses: actions/checkout@v4\n      - [unclosed\n' \
  >"$tmp/.github/workflows/broken.yml"
if validate "$tmp/.github/workflows/broken.yml" >/dev/null 2>&1; then
  echo "clusterfuzzlite: FAIL: the validator accepted a broken workflow"
  exit 1
fi
echo "clusterfuzzlite: negative control: a broken workflow is rejected"

status=0
validate .github/workflows/cflite_*.yml .clusterfuzzlite/project.yaml oss-fuzz/project.yaml || status=1
for f in .clusterfuzzlite/build.sh oss-fuzz/build.sh; do
  [ -x "$f" ] || { echo "clusterfuzzlite: $f is missing or not executable"; status=1; }
  bash -n "$f" || status=1
done
grep -q 'oss-fuzz/build.sh' .clusterfuzzlite/build.sh || { echo "clusterfuzzlite: build.sh does not call oss-fuzz/build.sh"; status=1; }
for d in .clusterfuzzlite/Dockerfile oss-fuzz/Dockerfile; do
  grep -q '^FROM gcr.io/oss-fuzz-base/base-builder' "$d" || { echo "clusterfuzzlite: $d: not FROM base-builder"; status=1; }
  # shellcheck disable=SC2016 # a literal $SRC
  grep -q -F 'build.sh $SRC/' "$d" || { echo "clusterfuzzlite: $d: does not copy build.sh to \$SRC"; status=1; }
done
if [ "$status" -ne 0 ]; then
  echo "clusterfuzzlite: FAILED"
  exit 1
fi
echo "clusterfuzzlite: 3 workflows, 2 project files, Dockerfiles and build scripts are well formed (not run: needs Docker and GitHub)"
