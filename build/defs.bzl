"""Compiler flags for every target of ours, and thin macros that apply them.

Warnings are errors in our own code; the sanitizer, fuzzing engine and coverage
instrumentation come from the build settings in //build (set by .bazelrc configs).
"""

WARNINGS = [
    "-std=c11",
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wshadow",
    "-Wpointer-arith",
    "-Wstrict-prototypes",
    "-Wmissing-prototypes",
    "-Wvla",
    "-Wformat=2",
    "-Wundef",
    "-Wcast-qual",
    "-Wwrite-strings",
    "-Wdouble-promotion",
]

# Extra warnings for the arena itself: no silent narrowing or sign change.
STRICT_WARNINGS = [
    "-Wconversion",
    "-Wsign-conversion",
]

_UB = ["-fsanitize=undefined", "-fno-sanitize-recover=all"]
_ASAN = ["-fsanitize=address"]

_SANITIZER_FLAGS = {
    "//build:sanitizer_none": [],
    "//build:sanitizer_asan": _ASAN,
    "//build:sanitizer_ubsan": _UB,
    "//build:sanitizer_asan_ubsan": _ASAN + _UB,
    "//build:sanitizer_tsan": ["-fsanitize=thread"],
    "//build:sanitizer_msan": ["-fsanitize=memory", "-fsanitize-memory-track-origins"],
}

# DWARF 4: Valgrind 3.19 cannot read the DWARF 5 that clang 14 and gcc 12 emit.
_COMMON_DEBUG = ["-g", "-gdwarf-4", "-fno-omit-frame-pointer"]

# clang-only integer checks: every wrap of unsigned arithmetic and every
# implicit conversion that changes a value aborts (strict targets only).
_STRICT_UB = [
    "-fsanitize=unsigned-integer-overflow,implicit-conversion,pointer-overflow,local-bounds",
    "-fno-sanitize-recover=all",
]

def sanitizer_copts():
    return select(_SANITIZER_FLAGS)

def sanitizer_linkopts():
    return select(_SANITIZER_FLAGS)

def engine_copts():
    return select({
        "//build:engine_libfuzzer": ["-fsanitize=fuzzer-no-link"],
        "//conditions:default": [],
    })

def coverage_copts():
    return select({
        "//build:coverage_on": ["-fprofile-instr-generate", "-fcoverage-mapping"],
        "//conditions:default": [],
    })

def strict_copts():
    return select({
        "//build:strict_asan_ubsan": _STRICT_UB,
        "//build:strict_ubsan": _STRICT_UB,
        "//conditions:default": [],
    })

def af_copts(strict = False):
    """Flags for compiling one of our targets; strict adds the arena's extra checks."""
    base = WARNINGS + _COMMON_DEBUG + (STRICT_WARNINGS if strict else [])
    extra = strict_copts() if strict else []
    return base + sanitizer_copts() + engine_copts() + coverage_copts() + extra

def af_linkopts():
    """Flags for linking: the same runtimes as compiling (libFuzzer objects need
    -fsanitize=fuzzer-no-link at link time too)."""
    return ["-fuse-ld=bfd"] + sanitizer_linkopts() + engine_copts() + coverage_copts() + select({
        "//build:strict_asan_ubsan": _STRICT_UB,
        "//build:strict_ubsan": _STRICT_UB,
        "//conditions:default": [],
    })

def af_cc_library(name, strict = False, copts = [], **kwargs):
    native.cc_library(name = name, copts = af_copts(strict) + copts, **kwargs)

# The autodetected toolchain links static binaries with --start-lib, which
# ld.bfd (chosen by af_linkopts) does not know: turn that feature off.
_LINK_FEATURES = ["-supports_start_end_lib"]

def af_cc_binary(name, strict = False, copts = [], linkopts = [], features = [], **kwargs):
    native.cc_binary(
        name = name,
        copts = af_copts(strict) + copts,
        linkopts = af_linkopts() + linkopts,
        features = _LINK_FEATURES + features,
        **kwargs
    )

def af_cc_test(name, strict = False, copts = [], linkopts = [], features = [], **kwargs):
    native.cc_test(
        name = name,
        copts = af_copts(strict) + copts,
        linkopts = af_linkopts() + linkopts,
        features = _LINK_FEATURES + features,
        **kwargs
    )

# --- C++ targets: the same warnings and runtimes, a C++ standard of choice ---
# (C++ appears only where a subject or an embedder is C++: the arena header's
# C++ test, the C++ peers of the benchmark, C++ subjects of the harness.)

CXX_WARNINGS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wshadow",
    "-Wpointer-arith",
    "-Wformat=2",
    "-Wundef",
    "-Wcast-qual",
    "-Wwrite-strings",
    "-Wdouble-promotion",
]

# clang's C driver links a C++ object's UBSan runtime only when told
# (the gcc driver links all of libubsan anyway).
_CXX_UB_LINK = select({
    "//build:strict_asan_ubsan": ["-fsanitize-link-c++-runtime"],
    "//build:strict_ubsan": ["-fsanitize-link-c++-runtime"],
    "//conditions:default": [],
})

def af_cxx_copts(std = "c++17"):
    """Flags for compiling one of our C++ targets with -std=<std>."""
    return ["-std=" + std] + CXX_WARNINGS + _COMMON_DEBUG + sanitizer_copts() + engine_copts() + coverage_copts()

def af_cxx_linkopts():
    return af_linkopts() + _CXX_UB_LINK + ["-lstdc++"]

def af_cxx_library(name, std = "c++17", copts = [], linkopts = [], **kwargs):
    native.cc_library(
        name = name,
        copts = af_cxx_copts(std) + copts,
        linkopts = _CXX_UB_LINK + linkopts,
        **kwargs
    )

def af_cxx_binary(name, std = "c++17", copts = [], linkopts = [], features = [], **kwargs):
    native.cc_binary(
        name = name,
        copts = af_cxx_copts(std) + copts,
        linkopts = af_cxx_linkopts() + linkopts,
        features = _LINK_FEATURES + features,
        **kwargs
    )

def af_cxx_test(name, std = "c++17", copts = [], linkopts = [], features = [], **kwargs):
    native.cc_test(
        name = name,
        copts = af_cxx_copts(std) + copts,
        linkopts = af_cxx_linkopts() + linkopts,
        features = _LINK_FEATURES + features,
        **kwargs
    )
