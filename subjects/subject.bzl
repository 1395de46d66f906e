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
# reports, which the runner records (harness/runner.c, __ubsan_on_report);
# our own code never recovers.
_RECOVER = select({
    "//build:sanitizer_ubsan": ["-fsanitize-recover=undefined"],
    "//build:sanitizer_asan_ubsan": ["-fsanitize-recover=undefined"],
    "//conditions:default": [],
})

_FUZZERS = {
    "ops": ("ops_fuzzer", ["corpus/ops_fuzzer", "corpus/regressions"], []),
    "lcg": ("lcg_fuzzer", ["corpus/lcg_fuzzer"], ["//harness:workload"]),
    "api": ("api_fuzzer", ["corpus/api_fuzzer"], []),
}

def af_subject(name, srcs, deps = [], cxx = False, std = "c++17", copts = [], linkopts = [], findings = None):
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
    """
    if findings == None:
        findings = native.glob(["findings/*.txt"])
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
    for short, (fuzzer, corpora, extra) in _FUZZERS.items():
        target_deps = [
            ":" + name,
            "//harness:runner",
            "//harness:sanitizer_defaults",
            "//fuzz:replay_api",
        ] + extra
        af_cc_test(
            name = name + "_" + short + "_test",
            size = "small",
            # Static: the runner's __ubsan_on_report must override the UBSan runtime's weak
            # one, which a shared library cannot (the executable binds its own weak definition).
            linkstatic = True,
            srcs = ["//fuzz:" + fuzzer + ".c"],
            args = corpora,
            data = ["//corpus:" + c.split("/")[-1] for c in corpora],
            deps = target_deps + ["//fuzz:replay_main"],
        )
        af_cc_binary(
            name = name + "_" + fuzzer,
            srcs = ["//fuzz:" + fuzzer + ".c"],
            deps = target_deps + select({
                "//build:engine_none": ["//fuzz:replay_main"],
                "//conditions:default": [],
            }),
            linkopts = select({
                "//build:engine_libfuzzer": ["-fsanitize=fuzzer"],
                "//build:engine_afl": ["/usr/lib/afl/libAFLDriver.a"],
                "//conditions:default": [],
            }),
        )
    af_cc_test(
        name = name + "_findings_test",
        size = "small",
        linkstatic = True,  # as above: UBSan reports reach the runner
        args = ["$(location %s)" % f for f in findings],
        data = findings,
        deps = [
            ":" + name,
            "//subjects:findings_main",
        ],
    )
