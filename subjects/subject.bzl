"""af_subject: one arena under test. Defines, in subjects/<dir>/BUILD:

  :NAME                the adapter (harness/subject.h), the label to give
                       --//harness:subject or tools/fuzz.sh --subject
  :NAME_ops_test       the shipped ops and regression corpus replayed on it
  :NAME_lcg_test       the lcg corpus replayed on it
  :NAME_api_test       the api corpus replayed on it
  :NAME_findings_test  its contract is valid, each reproduction in findings/
                       still shows the finding its file names, and every known
                       finding of the contract has a reproduction
  :NAME_<fuzzer>       the three fuzz targets linked with it (engine from the config)

Known findings (the contract's `known`) do not fail a replay; any other does.
"""

load("//build:defs.bzl", "af_cc_binary", "af_cc_library", "af_cc_test", "af_cxx_library")

# A library's own undefined behaviour is a finding: code compiled into the
# adapter (the library's inline functions and macros) recovers from UBSan
# reports, which the checkers record as findings (harness/ubsan_hook.c);
# our own code never recovers.
_RECOVER = select({
    "//build:sanitizer_ubsan": ["-fsanitize-recover=undefined"],
    "//build:sanitizer_asan_ubsan": ["-fsanitize-recover=undefined"],
    "//conditions:default": [],
})

# MemorySanitizer needs every byte's writer instrumented: a library built
# without it (any Debian library, libstdc++) makes it report the library's
# own stores as uninitialised reads. Such subjects' tests skip --config=msan
# (declared in verify/skips.txt).
NOT_UNDER_MSAN = select({
    "//build:sanitizer_msan": ["//verify:never"],
    "//conditions:default": [],
})

# Where UBSan is on (its reports become findings only there).
ONLY_UBSAN = select({
    "//build:sanitizer_ubsan": [],
    "//build:sanitizer_asan_ubsan": [],
    "//conditions:default": ["//verify:never"],
})

# Where clang's UBSan is on: its pointer-overflow checks (gcc's UBSan has no
# null-offset check).
CLANG_UBSAN = select({
    "//build:strict_ubsan": [],
    "//build:strict_asan_ubsan": [],
    "//conditions:default": ["//verify:never"],
})

_FUZZERS = {
    "ops": ("ops_fuzzer", ["corpus/ops_fuzzer", "corpus/regressions"], []),
    "lcg": ("lcg_fuzzer", ["corpus/lcg_fuzzer"], ["//harness:workload"]),
    "api": ("api_fuzzer", ["corpus/api_fuzzer"], ["//harness:ubsan_hook"]),
}

def af_subject_library(name, srcs, deps = [], cxx = False, std = "c++17", copts = [], linkopts = []):
    """An adapter library (harness/subject.h): UBSan recovers in it (see above)."""
    lib_deps = deps + ["//harness:subject_api"]
    if cxx:
        af_cxx_library(
            name = name,
            srcs = srcs,
            std = std,
            copts = _RECOVER + copts,
            linkopts = ["-lstdc++"] + linkopts,
            deps = lib_deps,
            alwayslink = True,
        )
    else:
        af_cc_library(
            name = name,
            srcs = srcs,
            copts = _RECOVER + copts,
            linkopts = linkopts,
            deps = lib_deps,
            alwayslink = True,
        )

def _fuzzer_deps(subject, short):
    return [
        subject,
        "//harness:runner",
        "//harness:sanitizer_defaults",
        "//fuzz:replay_api",
    ] + _FUZZERS[short][2]

def af_subject_fuzzer(name, subject, short):
    """fuzz/<short>_fuzzer.c linked with `subject` (engine from the config)."""
    af_cc_binary(
        name = name,
        srcs = ["//fuzz:" + _FUZZERS[short][0] + ".c"],
        deps = _fuzzer_deps(subject, short) + select({
            "//build:engine_none": ["//fuzz:replay_main"],
            "//conditions:default": [],
        }),
        linkopts = select({
            "//build:engine_libfuzzer": ["-fsanitize=fuzzer"],
            "//build:engine_afl": ["/usr/lib/afl/libAFLDriver.a"],
            "//conditions:default": [],
        }),
    )

def af_subject_replay(name, subject, short, **kwargs):
    """A replay of fuzz/<short>_fuzzer.c's shipped corpus on `subject` (always replay_main)."""
    af_cc_binary(
        name = name,
        srcs = ["//fuzz:" + _FUZZERS[short][0] + ".c"],
        deps = _fuzzer_deps(subject, short) + ["//fuzz:replay_main"],
        **kwargs
    )

def subject_corpora(short):
    """The corpus directories fuzz/<short>_fuzzer.c replays (workspace-relative)."""
    return _FUZZERS[short][1]

def af_subject(name, srcs, deps = [], cxx = False, std = "c++17", copts = [], linkopts = [], findings = None, instrumented = True, findings_compatible_with = []):
    """One subject: its adapter, corpus replays, findings check and fuzzers.

    Args:
      name: the subject (also its contract's name).
      srcs: the adapter's sources.
      deps: the library (third_party/system) and anything else it needs.
      cxx: the adapter is C++ (linked with libstdc++ and UBSan's C++ runtime).
      std: the C++ standard for a C++ adapter.
      copts: extra flags for the adapter.
      linkopts: extra link flags.
      findings: the reproductions (text-form programs), default glob findings/*.txt.
      instrumented: False for a library built without our sanitizers (its
        tests then skip --config=msan; see NOT_UNDER_MSAN).
      findings_compatible_with: the findings test's target_compatible_with
        instead of the msan exclusion (a finding only some configs can show,
        e.g. CLANG_UBSAN, which excludes msan too).
    """
    compatible = [] if instrumented else NOT_UNDER_MSAN
    if findings == None:
        findings = native.glob(["findings/*.txt"])
    af_subject_library(name, srcs, deps, cxx, std, copts, linkopts)
    for short, (_, corpora, _) in _FUZZERS.items():
        af_cc_test(
            name = name + "_" + short + "_test",
            size = "small",
            srcs = ["//fuzz:" + _FUZZERS[short][0] + ".c"],
            args = corpora,
            data = ["//corpus:" + c.split("/")[-1] for c in corpora],
            deps = _fuzzer_deps(":" + name, short) + ["//fuzz:replay_main"],
            target_compatible_with = compatible,
            # Dynamically linked, the executable's weak __ubsan_on_report (UBSan's
            # runtime) shadows ubsan_hook's in a shared library: no UBSan report
            # would become a finding.
            linkstatic = True,
        )
        af_subject_fuzzer(name + "_" + _FUZZERS[short][0], ":" + name, short)
    af_cc_test(
        name = name + "_findings_test",
        size = "small",
        target_compatible_with = findings_compatible_with or compatible,
        linkstatic = True,  # as the replays: for ubsan_hook
        args = ["$(location %s)" % f for f in findings],
        data = findings,
        deps = [
            ":" + name,
            "//subjects:findings_main",
        ],
    )
