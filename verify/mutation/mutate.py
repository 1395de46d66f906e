#!/usr/bin/env python3
"""mutate.py: systematic mutation testing of arena/arena.c and arena/arena.h.

Applies standard operators one at a time (relational swap, constant +-1,
arithmetic swap, statement deletion), rebuilds what the mutated file reaches
with clang (the default Bazel config's flags: ASan+UBSan, no recovery, the
arena's strict integer checks), and runs the tests that can observe the arena,
fastest first, until one fails. See verify/mutation/README.md.
"""

import argparse
import concurrent.futures
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TARGETS = ["arena/arena.c", "arena/arena.h"]
EQUIVALENTS = os.path.join(ROOT, "verify", "mutation", "equivalents.txt")

# The default config's flags (build/defs.bzl, .bazelrc): warnings are errors.
WARNINGS = [
    "-std=c11", "-Wall", "-Wextra", "-Werror", "-Wshadow", "-Wpointer-arith",
    "-Wstrict-prototypes", "-Wmissing-prototypes", "-Wvla", "-Wformat=2", "-Wundef",
    "-Wcast-qual", "-Wwrite-strings", "-Wdouble-promotion",
]
STRICT_WARNINGS = ["-Wconversion", "-Wsign-conversion"]
SANITIZE = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all"]
# --config=ubsan: the arena does not poison, so tests can lie about memory
# (usage_overflow_test's pretend 2^63-byte blocks run only there).
UBSAN_ONLY = ["-fsanitize=undefined", "-fno-sanitize-recover=all"]
STRICT_UB = [
    "-fsanitize=unsigned-integer-overflow,implicit-conversion,pointer-overflow,local-bounds",
    "-fno-sanitize-recover=all",
]
# No -g: the object files of equal code must compare equal.
COMMON = ["-O1", "-fno-omit-frame-pointer", "-I", "."]
# The folders whose C files make up the tests (top level only: the hand-written
# mutants, the proof and the sanitizer controls are other things).
SOURCE_DIRS = ["arena", "harness", "fuzz", "verify", "verify/mutation"]


def bazel_test_env():
    """The sanitizer options `bazel test` gives every test (.bazelrc's
    `test --test_env=NAME=VALUE` lines), so a mutant's tests run as Bazel's do."""
    env = {}
    with open(os.path.join(ROOT, ".bazelrc")) as f:
        for line in f:
            m = re.match(r"test --test_env=(\w+)=(\S+)\s*$", line)
            if m:
                env[m.group(1)] = m.group(2)
    if "ASAN_OPTIONS" not in env or "UBSAN_OPTIONS" not in env:
        die(".bazelrc sets no test_env ASAN_OPTIONS and UBSAN_OPTIONS")
    return env


CC = os.environ.get("CC_MUTATION", "clang")


def die(msg):
    print("mutate: " + msg, file=sys.stderr)
    sys.exit(2)


def run(cmd, cwd=ROOT, timeout=None, env=None):
    """Runs cmd; returns (returncode, combined output). A timeout gives rc None."""
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, env=env)
        return p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode("utf-8", "replace") if e.stdout else ""
        return None, out


# ---------------------------------------------------------------- the sources


def build_attrs():
    """Per source file from the BUILD files: strict (gets the arena's checks)
    and extra link flags. A file no af_cc_* rule names is not strict."""
    strict, linkopts = {}, set()
    for d in SOURCE_DIRS:
        path = os.path.join(ROOT, d, "BUILD")
        if not os.path.exists(path):
            continue
        text = open(path).read()
        for m in re.finditer(r"af_(?:cc_\w+|fuzzer)\(", text):
            depth, i = 0, m.end() - 1
            while i < len(text):
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                if depth == 0:
                    break
                i += 1
            body = text[m.end():i]
            is_strict = re.search(r"\bstrict\s*=\s*True", body) is not None
            sm = re.search(r"\bsrcs\s*=\s*\[([^\]]*)\]", body)
            for src in re.findall(r'"([^"]+\.c)"', sm.group(1) if sm else ""):
                strict[os.path.join(d, src)] = strict.get(os.path.join(d, src), False) or is_strict
            for opt in re.findall(r'"(-l\w+|-pthread)"', body):
                linkopts.add(opt)
    return strict, sorted(linkopts)


def discover():
    """Library sources, test mains and fuzz targets, from the tree as it is."""
    libs, tests, fuzzers = [], [], []
    for d in SOURCE_DIRS:
        full = os.path.join(ROOT, d)
        if not os.path.isdir(full):
            continue
        for name in sorted(os.listdir(full)):
            if not name.endswith(".c"):
                continue
            rel = os.path.join(d, name)
            text = open(os.path.join(ROOT, rel), errors="replace").read()
            if re.search(r"^int main\(", text, re.M):
                if name.endswith("_test.c") or name == "exhaustive.c":
                    tests.append(rel)
                elif rel == "fuzz/replay_main.c":
                    fuzzers.append(rel)  # the fuzz targets' replay main
            elif re.search(r"^int LLVMFuzzerTestOneInput\(", text, re.M):
                fuzzers.append(rel)
            else:
                libs.append(rel)
    return libs, tests, fuzzers


def obj_name(rel):
    return rel[:-2].replace("/", "__") + ".o"


class Build:
    """Objects and binaries for one arena source tree (the original or a mutant)."""

    def __init__(self, work, strict, include_first=None, sanitize=None):
        self.work = work
        self.strict = strict
        self.include_first = include_first
        self.sanitize = sanitize or SANITIZE
        os.makedirs(work, exist_ok=True)

    def compile(self, rel, src_path=None, depfile=False):
        out = os.path.join(self.work, obj_name(rel))
        flags = [CC, "-c"] + WARNINGS + COMMON + self.sanitize
        if self.strict.get(rel, False):
            flags += STRICT_WARNINGS + STRICT_UB
        if self.include_first:
            flags = flags[:2] + ["-I", self.include_first] + flags[2:]
        if depfile:
            flags += ["-MMD", "-MF", out[:-2] + ".d"]
        rc, log = run(flags + [src_path or rel, "-o", out])
        return out if rc == 0 else None, log


def link(objs, archive, out, linkopts, sanitize=None):
    cmd = [CC, "-fuse-ld=bfd"] + (sanitize or SANITIZE) + STRICT_UB + objs + \
        ([archive] if archive else []) + ["-o", out] + linkopts
    return run(cmd)


def header_users(work, rels):
    """The sources whose objects include arena/arena.h (from the -MMD files)."""
    users = []
    for rel in rels:
        dep = os.path.join(work, obj_name(rel)[:-2] + ".d")
        if os.path.exists(dep) and re.search(r"(^|[\s/])arena/arena\.h\b", open(dep).read()):
            users.append(rel)
    return users


# ---------------------------------------------------------------- the tests


class Test:
    def __init__(self, name, mains, args, ubsan_only=False):
        self.name, self.mains, self.args = name, mains, args
        self.ubsan_only = ubsan_only  # built as --config=ubsan: mains + arena.c alone
        self.seconds = 0.0


def test_list(tests, fuzzers):
    out = []
    for rel in tests:
        base = os.path.basename(rel)[:-2]
        if base == "exhaustive":
            # As //verify:exhaustive_test and exhaustive_small_block_test.
            out.append(Test("exhaustive", [rel], ["--max-ops=4"]))
            out.append(Test("exhaustive_small_block", [rel],
                            ["--max-ops=4", "--block-size=32", "--extended"]))
        else:
            out.append(Test(base, [rel], []))
    for rel in fuzzers:
        base = os.path.basename(rel)[:-2]
        if rel == "fuzz/replay_main.c":
            continue
        corpora = [os.path.join("corpus", base)]
        if base == "ops_fuzzer":
            corpora.append(os.path.join("corpus", "regressions"))
        corpora = [c for c in corpora if os.path.isdir(os.path.join(ROOT, c))]
        if corpora:
            out.append(Test(base + " replay", [rel, "fuzz/replay_main.c"], corpora))
    return out


def run_test(binary, test, timeout):
    env = dict(os.environ)
    env.update(bazel_test_env())
    start = time.monotonic()
    rc, log = run([binary] + test.args, timeout=timeout, env=env)
    return rc, log, time.monotonic() - start


# ---------------------------------------------------------------- the mutants

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')
  | (?P<number>(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*)
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<op><<=|>>=|->|\+\+|--|<=|>=|==|!=|&&|\|\||<<|>>|\+=|-=|\*=|/=|%=|&=|\|=|\^=|[-+*/%<>=!&|^~?:;,.(){}\[\]#])
""", re.S | re.X)

RELATIONAL = ["<", "<=", ">", ">=", "==", "!="]
ARITHMETIC = {"+": ["-", "*"], "-": ["+"], "*": ["/", "+"], "/": ["*", "%"], "%": ["/", "*"],
              "&": ["|", "^"], "|": ["&"], "^": ["|"], "<<": [">>"], ">>": ["<<"],
              "+=": ["-="], "-=": ["+="], "++": ["--"], "--": ["++"]}


def tokenize(text):
    toks, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            die("cannot tokenize at offset %d" % pos)
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            toks.append((kind, m.group(), m.start(), m.end()))
        pos = m.end()
    return toks


def contexts(text, toks):
    """For each token: (context name, skip). The context is the function whose
    body holds it, or the macro it defines; skip is True for tokens mutation
    leaves alone (includes, conditionals, static asserts, types)."""
    out = [("", True)] * len(toks)
    line_start = lambda off: text.rfind("\n", 0, off) + 1  # noqa: E731
    i, depth, func = 0, 0, ""
    while i < len(toks):
        kind, val, start, end = toks[i]
        if val == "#" and text[line_start(start):start].strip() == "":
            # A preprocessor line (with continuations): only #define bodies.
            eol = start
            while True:
                eol = text.find("\n", eol)
                if eol < 0 or text[eol - 1] != "\\":
                    break
                eol += 1
            eol = len(text) if eol < 0 else eol
            j = i
            while j < len(toks) and toks[j][2] < eol:
                j += 1
            directive = toks[i + 1][1] if i + 1 < j else ""
            if directive == "ifdef" and i + 2 < j and toks[i + 2][1] == "__cplusplus":
                # C++ only (extern "C" braces): skip to its #endif.
                stop = text.find("#endif", eol)
                stop = len(text) if stop < 0 else stop
                while j < len(toks) and toks[j][2] < stop:
                    j += 1
            if directive == "define" and i + 2 < j:
                name = toks[i + 2][1]
                body_from = i + 3
                # A function-like macro: its parameter list is not mutated.
                if body_from < j and toks[body_from][1] == "(" and toks[body_from][2] == toks[i + 2][3]:
                    while body_from < j and toks[body_from][1] != ")":
                        body_from += 1
                    body_from += 1
                for k in range(body_from, j):
                    out[k] = ("#define " + name, False)
            i = j
            continue
        if val == "_Static_assert":
            while i < len(toks) and toks[i][1] != ";":
                i += 1
            i += 1
            continue
        if val == "{":
            if depth == 0:
                func = ""
                if i > 0 and toks[i - 1][1] == ")":
                    k, d = i - 1, 0
                    while k >= 0:
                        d += {")": 1, "(": -1}.get(toks[k][1], 0)
                        if d == 0:
                            break
                        k -= 1
                    if k > 0 and toks[k - 1][0] == "ident":
                        func = toks[k - 1][1]
            depth += 1
        elif val == "}":
            depth -= 1
            if depth == 0:
                func = ""
        if depth > 0 and func:
            out[i] = (func, False)
        i += 1
    return out


class Mutant:
    def __init__(self, file, context, operator, original, replacement, start, end, snippet):
        self.file, self.context, self.operator = file, context, operator
        self.original, self.replacement = original, replacement
        self.start, self.end, self.snippet = start, end, snippet
        self.occurrence = 0
        self.line = 0

    def key(self):
        """Stable across unrelated edits: file, function, operator, the text
        replaced and the replacement, and which occurrence in that function."""
        return "%s|%s|%s|%s|%s|%d" % (os.path.basename(self.file), self.context, self.operator,
                                       " ".join(self.original.split()),
                                       " ".join(self.replacement.split()) or "<deleted>",
                                       self.occurrence)

    def apply(self, text):
        """The mutated text. A shorter replacement is padded with spaces and a
        deleted statement becomes spaces (newlines kept), so every other token
        keeps its line and column: the sanitizers' source locations in the
        object file only change where the code does."""
        old = text[self.start:self.end]
        if self.replacement:
            new = self.replacement.ljust(len(old))
        else:
            new = re.sub(r"[^\n]", " ", old)
        return text[:self.start] + new + text[self.end:]


def statement_end(toks, i):
    """Index of the ';' ending the simple statement at i, or of the '}' ending
    the if/while/for statement at i; None if it cannot tell."""
    depth = 0
    j = i
    if toks[i][1] in ("if", "while", "for"):
        # The condition, then a braced body; an else (with its body) goes too.
        j = i + 1
        while j < len(toks):
            depth += {"(": 1, ")": -1}.get(toks[j][1], 0)
            if depth == 0:
                break
            j += 1
        j += 1
        if j >= len(toks) or toks[j][1] != "{":
            return None
        while j < len(toks):
            depth += {"{": 1, "}": -1}.get(toks[j][1], 0)
            if depth == 0:
                break
            j += 1
        if toks[i][1] == "if" and j + 1 < len(toks) and toks[j + 1][1] == "else":
            return statement_end(toks, j + 2) if toks[j + 2][1] == "if" else \
                statement_end_braced(toks, j + 2)
        return j
    while j < len(toks):
        v = toks[j][1]
        depth += {"(": 1, ")": -1, "{": 1, "}": -1}.get(v, 0)
        if v == ";" and depth == 0:
            return j
        if depth < 0:
            return None
        j += 1
    return None


def statement_end_braced(toks, j):
    depth = 0
    while j < len(toks):
        depth += {"{": 1, "}": -1}.get(toks[j][1], 0)
        if depth == 0:
            return j
        j += 1
    return None


TYPE_WORDS = {"char", "void", "int", "long", "short", "unsigned", "signed", "const", "size_t",
              "uintptr_t", "uint64_t", "uint32_t", "ptrdiff_t"}


def type_names(text):
    """Typedef names of the targets (and of arena.h, which the .c includes)."""
    names = set(TYPE_WORDS)
    for rel in TARGETS:
        t = open(os.path.join(ROOT, rel)).read()
        names |= set(re.findall(r"\}\s*(\w+)\s*;", t))
        names |= set(re.findall(r"typedef\s+struct\s+(\w+)", t))
        names |= set(re.findall(r"typedef[^;{]*\(\s*\*\s*(\w+)\s*\)", t))
    return names


def generate(rel):
    text = open(os.path.join(ROOT, rel)).read()
    toks = tokenize(text)
    ctx = contexts(text, toks)
    types = type_names(text)
    parens = []
    depth = 0
    for _, val, _, _ in toks:
        depth -= val == ")"
        parens.append(depth)
        depth += val == "("
    muts = []

    def snippet(start, end):
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        return text[ls:le if le >= 0 else len(text)].strip()

    for i, (kind, val, start, end) in enumerate(toks):
        name, skip = ctx[i]
        if skip:
            continue
        prev = toks[i - 1][1] if i > 0 else ""
        if kind == "op" and val in RELATIONAL:
            for r in RELATIONAL:
                if r != val:
                    muts.append(Mutant(rel, name, "ROR", val, r, start, end, snippet(start, end)))
        elif kind == "op" and val in ARITHMETIC:
            # Unary & and * (address-of, dereference) and unary - are not arithmetic.
            binary = (toks[i - 1][0] == "ident" and prev not in types) or \
                toks[i - 1][0] == "number" or prev in (")", "]")
            if val in ("&", "*", "-", "+") and not binary:
                continue
            for r in ARITHMETIC[val]:
                muts.append(Mutant(rel, name, "AOR", val, r, start, end, snippet(start, end)))
        elif kind == "number":
            digits = re.match(r"(0[xX][0-9a-fA-F]+|\d+)(.*)", val)
            n = int(digits.group(1), 0)
            for delta, op in ((1, "CRP+1"), (-1, "CRP-1")):
                if n + delta >= 0:
                    muts.append(Mutant(rel, name, op, val, str(n + delta) + digits.group(2),
                                       start, end, snippet(start, end)))
        # Statement deletion: at a statement's first token inside a function.
        if not name.startswith("#") and name and parens[i] == 0 and (prev in (";", "{", "}") or
                                                  (prev == ")" and val == "{")):
            if kind in ("ident",) and val not in ("else", "case", "default"):
                j = statement_end(toks, i)
                if j is not None and ctx[j][0] == name:
                    s, e = start, toks[j][3]
                    muts.append(Mutant(rel, name, "SDL", text[s:e], "", s, e,
                                       " ".join(text[s:e].split())[:70]))
    seen = {}
    for m in muts:
        k = (m.context, m.operator, m.original, m.replacement)
        seen[k] = seen.get(k, 0) + 1
        m.occurrence = seen[k]
        m.line = text.count("\n", 0, m.start) + 1
    return text, muts


# ---------------------------------------------------------------- equivalents


def load_equivalents():
    eq = {}
    if not os.path.exists(EQUIVALENTS):
        return eq
    for n, line in enumerate(open(EQUIVALENTS), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1].strip():
            die("%s:%d: want KEY<TAB>REASON" % (EQUIVALENTS, n))
        eq[parts[0]] = parts[1].strip()
    return eq


# ---------------------------------------------------------------- the run


class Runner:
    def __init__(self, args):
        self.args = args
        self.strict, self.linkopts = build_attrs()
        self.linkopts = sorted(set(self.linkopts) | {"-lm", "-pthread"})
        self.work = args.work or tempfile.mkdtemp(prefix="arenafuzz-mutation.")
        self.own_work = args.work is None
        self.lock = threading.Lock()

    def log(self, msg):
        with self.lock:
            print(msg, flush=True)

    def baseline(self):
        libs, tests, fuzzers = discover()
        self.libs = libs
        base = Build(os.path.join(self.work, "base"), self.strict)
        every = libs + tests + fuzzers
        with concurrent.futures.ThreadPoolExecutor(self.args.jobs) as ex:
            results = list(ex.map(lambda r: (r, base.compile(r, depfile=True)), every))
        self.base_objs = {}
        # A test that links the arena built without poisoning
        # (//verify:arena_untracked, e.g. usage_overflow_test) refuses the
        # default build with an #error: it runs as its ubsan twin only, where
        # the arena does not poison, and must pass there.
        untracked = set()
        for rel, (obj, log) in results:
            if obj is None and rel in tests and "arena_untracked" in log:
                untracked.add(rel)
                continue
            if obj is None:
                die("the unmutated tree does not compile (%s):\n%s" % (rel, log))
            self.base_objs[rel] = obj
        self.untracked = untracked
        self.users = header_users(base.work, every)
        self.archive = os.path.join(base.work, "libaf.a")
        lib_objs = [self.base_objs[r] for r in libs]
        rc, log = run(["ar", "rcs", self.archive] + lib_objs)
        if rc != 0:
            die("ar failed:\n" + log)
        self.tests = []
        arena_objs = {obj_name(r) for r in self.users}
        for t in test_list(tests, fuzzers):
            if set(t.mains) & untracked:
                self.log("  %s: the arena without poisoning only (its ubsan twin)" % t.name)
                self.add_ubsan_twin(t, required=True)
                continue
            binary = os.path.join(base.work, re.sub(r"\W", "_", t.name))
            objs = [self.base_objs[m] for m in t.mains]
            rc, log = link(objs + ["-Wl,-Map," + binary + ".map"], self.archive, binary,
                           self.linkopts)
            if rc != 0:
                self.log("  not a test here (does not link alone): %s" % t.name)
                continue
            linked = open(binary + ".map", errors="replace").read()
            members = set(re.findall(r"libaf\.a\(([^()]+\.o)\)", linked))
            members |= {os.path.basename(o) for o in objs}
            if not members & arena_objs:
                continue  # cannot observe the arena
            rc, out, secs = run_test(binary, t, timeout=600)
            if rc != 0:
                die("the unmutated arena fails %s (exit %s):\n%s" % (t.name, rc, out[-3000:]))
            t.seconds = secs
            self.tests.append(t)
            if members - {os.path.basename(o) for o in objs} == {obj_name("arena/arena.c")}:
                self.add_ubsan_twin(t)
        self.tests.sort(key=lambda t: t.seconds)
        if self.args.tests:
            want = self.args.tests.split(",")
            self.tests = [t for t in self.tests if t.name in want]
        if self.args.disable_tests:
            self.tests = []
        self.base = base

    def add_ubsan_twin(self, t, required=False):
        """The same test built as --config=ubsan (it needs only the arena);
        required: it must pass unmutated (it has no default-build run)."""
        twin = Test(t.name + "[ubsan]", t.mains, t.args, ubsan_only=True)
        b = Build(os.path.join(self.work, "base-ubsan"), self.strict, sanitize=UBSAN_ONLY)
        objs = []
        for rel in t.mains + ["arena/arena.c"]:
            obj = os.path.join(b.work, obj_name(rel))
            if not os.path.exists(obj):
                obj, log = b.compile(rel)
                if obj is None:
                    die("the unmutated tree does not compile as ubsan (%s):\n%s" % (rel, log))
            objs.append(obj)
        binary = os.path.join(b.work, re.sub(r"\W", "_", twin.name))
        rc, log = link(objs, None, binary, self.linkopts, sanitize=UBSAN_ONLY)
        if rc != 0:
            die("cannot link %s:\n%s" % (twin.name, log))
        rc, out, secs = run_test(binary, twin, timeout=600)
        if rc != 0 and required:
            die("the unmutated arena fails %s (exit %s):\n%s" % (twin.name, rc, out[-3000:]))
        if rc != 0:
            self.log("  not run as ubsan (fails unmutated, exit %s): %s" % (rc, t.name))
            return
        twin.seconds = secs
        self.ubsan_base = b.work
        self.tests.append(twin)

    def ubsan_objects(self, t, d, rebuild):
        """A ubsan twin's objects for the mutant in d: the mutated files rebuilt."""
        b = Build(os.path.join(d, "ubsan"), self.strict, include_first=d, sanitize=UBSAN_ONLY)
        objs = []
        for rel in t.mains + ["arena/arena.c"]:
            obj = os.path.join(b.work, obj_name(rel))
            if rel not in rebuild:
                obj = os.path.join(self.ubsan_base, obj_name(rel))
            elif not os.path.exists(obj):
                src = os.path.join(d, rel) if rel.startswith("arena/") else rel
                obj, log = b.compile(rel, src_path=src)
                if obj is None:
                    return None
            objs.append(obj)
        return objs

    def mutant_tree(self, m, text, idx):
        d = os.path.join(self.work, "m%s" % idx)
        os.makedirs(os.path.join(d, "arena"), exist_ok=True)
        for f in os.listdir(os.path.join(ROOT, "arena")):
            if f.endswith(".h") or f.endswith(".c"):
                shutil.copy(os.path.join(ROOT, "arena", f), os.path.join(d, "arena", f))
        with open(os.path.join(d, m.file), "w") as f:
            f.write(m.apply(text))
        return d

    def run_mutant(self, m, text, idx):
        """Returns (status, detail): stillborn, identical, killed, survived."""
        d = self.mutant_tree(m, text, idx)
        try:
            b = Build(d, self.strict, include_first=d)
            rebuild = ["arena/arena.c"] if m.file.endswith(".c") else self.users
            objs = {}
            for rel in rebuild:
                if rel in self.untracked:
                    continue  # built for its ubsan twin only (ubsan_objects)
                src = os.path.join(d, rel) if rel.startswith("arena/") else rel
                obj, log = b.compile(rel, src_path=src)
                if obj is None:
                    first = next((ln for ln in log.splitlines() if "error" in ln), "")
                    return "stillborn", first.strip()[:160]
                objs[rel] = obj
            if all(open(o, "rb").read() == open(self.base_objs[r], "rb").read()
                   for r, o in objs.items()):
                return "identical", "object code unchanged"
            archive = os.path.join(d, "libaf.a")
            shutil.copy(self.archive, archive)
            lib_objs = [o for r, o in objs.items() if r in self.libs]
            if lib_objs:
                rc, log = run(["ar", "rs", archive] + lib_objs)
                if rc != 0:
                    die("ar failed:\n" + log)
            for t in self.tests:
                binary = os.path.join(d, "t")
                if t.ubsan_only:
                    uobjs = self.ubsan_objects(t, d, rebuild)
                    if uobjs is None:
                        return "stillborn", "does not compile as ubsan"
                    rc, log = link(uobjs, None, binary, self.linkopts, sanitize=UBSAN_ONLY)
                else:
                    mains = [objs.get(r, self.base_objs[r]) for r in t.mains]
                    rc, log = link(mains, archive, binary, self.linkopts)
                if rc != 0:
                    return "stillborn", "link: " + log.strip().splitlines()[-1][:150]
                timeout = max(20.0, 20 * t.seconds)
                rc, out, _ = run_test(binary, t, timeout)
                if rc is None:
                    return "killed", "%s (timeout %.0fs)" % (t.name, timeout)
                if rc != 0:
                    lines = [ln for ln in out.splitlines() if ln.strip()]
                    why = next((ln for ln in lines if "runtime error" in ln or "ERROR:" in ln
                                or "FAIL" in ln or "arenafuzz:" in ln), lines[-1] if lines else "")
                    return "killed", "%s: %s" % (t.name, why.strip()[:140])
            return "survived", ""
        finally:
            if not self.args.keep:
                shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=0, help="run N mutants chosen at random")
    ap.add_argument("--seed", type=int, default=None, help="the sample's seed (default: random)")
    ap.add_argument("--only", action="append", default=[], help="run the mutant with this key")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--jobs", type=int, default=2, help="mutants at a time (default 2)")
    ap.add_argument("--tests", help="comma-separated test names to run (default: every test)")
    ap.add_argument("--disable-tests", action="store_true",
                    help="run no test (negative control: every built mutant survives)")
    ap.add_argument("--control", metavar="KEY",
                    help="negative control first: this mutant must be killed by the tests "
                         "and survive with the tests disabled, or the run fails")
    ap.add_argument("--work", help="working directory (default: a temporary one, removed)")
    ap.add_argument("--keep", action="store_true", help="keep each mutant's tree")
    ap.add_argument("--json", help="write every mutant's result to this file")
    args = ap.parse_args()
    if args.jobs < 1 or args.sample < 0:
        die("--jobs must be >= 1 and --sample >= 0")

    muts, texts = [], {}
    for rel in TARGETS:
        texts[rel], ms = generate(rel)
        muts += ms
    keys = [m.key() for m in muts]
    if len(set(keys)) != len(keys):
        die("two mutants share a key (a bug in the generator)")
    if args.list:
        for m in muts:
            print("%s:%d\t%s\t%s" % (m.file, m.line, m.key(), m.snippet))
        print("%d mutants" % len(muts))
        return 0
    equivalents = load_equivalents()
    stale = [k for k in equivalents if k not in set(keys)]
    if stale and not args.only and not args.sample:
        for k in stale:
            print("mutate: equivalents.txt names no mutant: %s" % k)
        die("stale entries in equivalents.txt")
    chosen = muts
    if args.only:
        by_key = {m.key(): m for m in muts}
        missing = [k for k in args.only if k not in by_key]
        if missing:
            die("no mutant has the key %r (see --list)" % missing[0])
        chosen = [by_key[k] for k in args.only]
    elif args.sample:
        seed = args.seed if args.seed is not None else random.randrange(1 << 31)
        print("mutate: sample of %d, seed %d (rerun: --sample %d --seed %d)"
              % (args.sample, seed, args.sample, seed))
        chosen = random.Random(seed).sample(muts, min(args.sample, len(muts)))

    start = time.monotonic()
    r = Runner(args)
    try:
        print("mutate: %d mutants of %s; building the unmutated tree in %s"
              % (len(muts), " and ".join(TARGETS), r.work), flush=True)
        r.baseline()
        print("mutate: %d tests observe the arena, fastest first: %s"
              % (len(r.tests), ", ".join("%s %.2fs" % (t.name, t.seconds) for t in r.tests)),
              flush=True)
        print("mutate: %d files include arena/arena.h: %s"
              % (len(r.users), " ".join(r.users)), flush=True)
        results = {}
        if args.control:
            by_key = {m.key(): m for m in muts}
            if args.control not in by_key:
                die("no mutant has the key %r (see --list)" % args.control)
            m = by_key[args.control]
            with_tests, detail = r.run_mutant(m, texts[m.file], "control")
            saved, r.tests = r.tests, []
            without, _ = r.run_mutant(m, texts[m.file], "control")
            r.tests = saved
            print("control: %s with the tests (%s), %s with them disabled"
                  % (with_tests, detail, without), flush=True)
            if with_tests != "killed" or without != "survived":
                print("control: FAILED: want killed, then survived: the run cannot tell "
                      "a weak test suite from a strong one")
                return 1

        def one(pair):
            idx, m = pair
            status, detail = r.run_mutant(m, texts[m.file], idx)
            if status == "identical":
                status = "equivalent"
            results[m.key()] = (m, status, detail)
            r.log("%-10s %s:%d %s  [%s]%s" % (status, m.file, m.line, m.key(), m.snippet[:60],
                                              "  " + detail if detail else ""))

        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            list(ex.map(one, enumerate(chosen)))
        secs = time.monotonic() - start
    finally:
        if r.own_work and not args.keep:
            shutil.rmtree(r.work, ignore_errors=True)

    # The list is read again to score: a survivor is equivalent if listed.
    equivalents = load_equivalents()
    for k, (m, s, d) in list(results.items()):
        if s == "survived" and k in equivalents:
            results[k] = (m, "equivalent", equivalents[k])
    counts = {s: 0 for s in ("stillborn", "killed", "equivalent", "survived")}
    for _, status, _ in results.values():
        counts[status] += 1
    listed_but_killed = [k for k, (_, s, _) in results.items()
                         if s == "killed" and k in equivalents]
    identical = sum(1 for _, s, d in results.values() if s == "equivalent" and d == "object code unchanged")
    valid = counts["killed"] + counts["equivalent"] + counts["survived"]
    score = 100.0 * counts["killed"] / (valid - counts["equivalent"]) if valid > counts["equivalent"] else 0.0
    print()
    print("| generated | run | stillborn | killed | equivalent | survived | score | time |")
    print("|---|---|---|---|---|---|---|---|")
    print("| %d | %d | %d | %d | %d (%d identical objects) | %d | %.1f%% | %.0f s |" % (
        len(muts), len(chosen), counts["stillborn"], counts["killed"], counts["equivalent"],
        identical, counts["survived"], score, secs))
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{"key": k, "file": m.file, "line": m.line, "status": s, "detail": d}
                       for k, (m, s, d) in sorted(results.items())], f, indent=1)
    status = 0
    for k, (m, s, _) in sorted(results.items(), key=lambda kv: (kv[1][0].file, kv[1][0].line)):
        if s == "survived":
            print("SURVIVED %s:%d\t%s\t[%s]" % (m.file, m.line, k, m.snippet))
            status = 1
    for k in listed_but_killed:
        print("KILLED but listed as equivalent (remove it from equivalents.txt): %s" % k)
        status = 1
    if valid == 0:
        print("mutate: no mutant was built and run: nothing was checked")
        status = 1
    print("mutate: %s" % ("PASS" if status == 0 else "FAIL"))
    return status


if __name__ == "__main__":
    sys.exit(main())
