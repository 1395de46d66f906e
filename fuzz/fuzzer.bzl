"""af_fuzzer: one fuzz target as a binary per engine, a corpus replay test and a
libFuzzer launcher (see /tmp/arenafuzz-fuzz-layout.md and fuzz/BUILD)."""

load("//build:defs.bzl", "af_cc_binary", "af_cc_library", "af_cc_test")

def af_fuzzer(name, deps, corpora, dict = None):
    """Defines :NAME, :NAME_test and :NAME_run for fuzz/NAME.c.

    Args:
      name: the target; its source is NAME.c (defines LLVMFuzzerTestOneInput).
      deps: libraries the target needs (the harness, with its subject).
      corpora: corpus directories, relative to the workspace root, each with
        a filegroup //corpus:<basename>; the first is the target's seeds.
      dict: a libFuzzer dictionary for :NAME_run, or None.
    """
    lib = name + "_lib"
    af_cc_library(
        name = lib,
        srcs = [name + ".c"],
        deps = deps + [":replay_api", "//harness:sanitizer_defaults"],
        alwayslink = True,
    )

    # engine none: replay_main; libFuzzer: its main; AFL++: its driver.
    af_cc_binary(
        name = name,
        deps = [":" + lib] + select({
            "//build:engine_none": [":replay_main"],
            "//conditions:default": [],
        }),
        linkopts = select({
            "//build:engine_libfuzzer": ["-fsanitize=fuzzer"],
            "//build:engine_afl": ["/usr/lib/afl/libAFLDriver.a"],
            "//conditions:default": [],
        }),
    )

    corpus_labels = ["//corpus:" + c.split("/")[-1] for c in corpora]

    # Replays every corpus file once (any engine setting: always replay_main).
    af_cc_test(
        name = name + "_test",
        size = "small",
        deps = [":" + lib, ":replay_main"],
        args = corpora,
        data = corpus_labels,
    )

    # bazel run --config=asan-libfuzzer //fuzz:NAME_run -- [libFuzzer flags]
    native.sh_binary(
        name = name + "_run",
        srcs = ["run.sh"],
        args = [
            name,
            "$(rootpath :%s)" % name,
            "$(rootpath :engine)",
            "$(rootpath %s)" % dict if dict else "none",
        ] + corpora,
        data = [":" + name, ":engine"] + ([dict] if dict else []) + corpus_labels,
    )
