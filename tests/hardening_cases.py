"""Adversarial scenarios for the exit-status contract, shared by tests/test_exit_paths.py (each
case once, in-process or in a subprocess) and benchmarks/fuzz_hardening.py (every case, plain and
under --json, in a subprocess, with the leak/orphan/data figures).

A case is a few files written to an empty folder, the command line run there, the exit statuses
it may end with and a regex its stderr must match.  The contract: exit 1 only for "your gradient
is wrong", everything that could not be checked is exit 2 with one paragraph and no traceback of
ours, under --json exactly one JSON document on stdout, the user's arrays unchanged.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Tuple

# Appended to every program: at exit, any module-level array that changed is written to the file
# named by BD_FUZZ_MODIFIED (set by the fuzz runner only) -- "the user's data was modified".
GUARD = textwrap.dedent('''
    import atexit as _atexit, os as _os
    import numpy as _np
    _SNAP = {_k: _np.array(_v, copy=True) for _k, _v in list(globals().items())
             if isinstance(_v, _np.ndarray)}
    def _bd_guard():
        _out = _os.environ.get("BD_FUZZ_MODIFIED")
        for _k, _v in _SNAP.items():
            _cur = globals().get(_k)
            if _out and isinstance(_cur, _np.ndarray) and not (
                    _cur.shape == _v.shape and (_cur.tobytes() == _v.tobytes())):
                with open(_out, "a") as _fh:
                    _fh.write(_k + "\\n")
    _atexit.register(_bd_guard)
''')

HEAD = "import numpy as np\nimport os, sys\n"
THETA = "theta0 = np.array([0.3, -0.2, 0.5, 0.1])\n"
GOOD_COST = "def cost(t):\n    return float(np.sum(t ** 2))\n"
GOOD_GRAD = "def grad(t):\n    return 2 * t\n"


def program(cost: str = GOOD_COST, grad: str = GOOD_GRAD, extra: str = "", theta: str = THETA,
            head: str = HEAD) -> str:
    return head + theta + textwrap.dedent(cost) + textwrap.dedent(grad) + textwrap.dedent(extra) + GUARD


def fn(name: str, body: str, args: str = "t") -> str:
    return f"def {name}({args}):\n" + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n"


@dataclass(frozen=True)
class Case:
    name: str
    argv: Tuple[str, ...]
    exits: FrozenSet[int]
    stderr: Optional[str] = None          # regex the (whitespace-joined) stderr must match
    files: Dict[str, str] = field(default_factory=dict)
    json_ok: bool = True                  # the fuzz runner may add --json
    kind: str = "check"
    needs: Tuple[str, ...] = ()           # optional modules the case needs (matplotlib for --plot)


def case(name, argv, exits, stderr=None, files=None, json_ok=True) -> Case:
    exits = frozenset([exits] if isinstance(exits, int) else exits)
    argv = tuple(argv.split()) if isinstance(argv, str) else tuple(argv)
    needs = ("matplotlib",) if "--plot" in argv else ()
    return Case(name, argv, exits, stderr, dict(files or {}), json_ok, argv[0], needs)


GOOD = {"m.py": program()}
BUGGY = {"m.py": program(grad=fn("grad", "return -2 * t"))}


def _cost_returning(expr: str) -> Dict[str, str]:
    return {"m.py": program(cost=fn("cost", f"return {expr}"))}


def _grad_returning(expr: str) -> Dict[str, str]:
    return {"m.py": program(grad=fn("grad", f"return {expr}"))}


def _toml(text: str) -> Dict[str, str]:
    return {"m.py": program(), "pyproject.toml": text}


BROKEN_STR = fn("cost", '''
    class Weird(Exception):
        def __str__(self):
            raise RuntimeError("str fails")
    raise Weird()
''')

FORWARD = '''
X = np.array([[1.0, 2.0, 0.5, -1.0], [0.3, -0.7, 1.1, 0.2]])
y = np.array([1.0, 0.0])
args = (X, y)
def loss(o, y):
    return float(np.sum((np.asarray(o, dtype=float) - y) ** 2))
def grad3(t, X, y):
    return 2 * X.T @ (X @ t - y)
'''


def _forward(body: str) -> Dict[str, str]:
    return {"m.py": program(cost="", grad="", extra=FORWARD + fn("forward", body, "t, X"))}


DEEP = program(theta="p = np.array([0.5])\nfor _ in range(3000):\n    p = [p]\ntheta0 = p\n",
               cost=fn("cost", "return 0.0"), grad=fn("grad", "return t"))

MUTATING = program(cost=fn("cost", "t *= 1.0\nX[0] += 1.0\nreturn float(np.sum(t ** 2))", "t, X"),
                   grad=fn("grad", "X[1] -= 1.0\nreturn 2 * t", "t, X"), extra="X = np.ones(3)\nargs = (X,)\n")

STDOUT_WRITERS = program(cost=fn("cost", '''
    os.write(1, b"fd1 ")
    os.system("echo from-a-shell")
    print("to __stdout__", file=sys.__stdout__)
    print("plain print")
    return float(np.sum(t ** 2))
'''))

LAYER = '''
x = np.linspace(-1, 1, 6).reshape(2, 3)
w = np.linspace(0.5, -0.5, 12).reshape(3, 4)
inputs = (x, w)
def affine_forward(x, w):
    return x @ w, (x, w)
def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout
'''

STEP = '''
X = np.array([[1.0, 2.0, 0.5, -1.0], [0.3, -0.7, 1.1, 0.2]])
y = np.array([1.0, 0.0])
args = (X, y)
def cost(t, X, y):
    return float(np.sum((X @ t - y) ** 2))
def grad(t, X, y):
    return 2 * X.T @ (X @ t - y)
def step(t, X, y):
    return t - 0.01 * grad(t, X, y)
'''


def cases() -> List[Case]:
    c: List[Case] = []
    add = c.append
    # -- the verdicts themselves -------------------------------------------------------------
    add(case("correct", "check m.py:grad", 0, files=GOOD))
    add(case("buggy", "check m.py:grad", 1, r"FAILED|sign-flip", files=BUGGY))
    add(case("dotted-module", "check m:grad", 0, files=GOOD))
    # -- bad targets -------------------------------------------------------------------------
    add(case("missing-module", "check nosuch:grad", 2, r"cannot import module", files=GOOD))
    add(case("missing-file", "check nosuch.py:grad", 2, r"no such file", files=GOOD))
    add(case("missing-attr", "check m.py:gradd", 2, r"no attribute 'gradd'", files=GOOD))
    add(case("did-you-mean", "check m.py:grads", 2, r"Did you mean grad", files=GOOD))
    add(case("not-callable", "check m.py:theta0", 2, r"should be (the|a) gradient function", files=GOOD))
    add(case("no-colon", "check m.py", 0, r"checking m\.py:grad", files=GOOD))
    add(case("empty-attr", "check m.py:", 2, r"not MODULE:ATTR|cannot import module", files=GOOD))
    add(case("syntax-error", "check m.py:grad", 2, r"importing m\.py raised SyntaxError",
             files={"m.py": "def grad(t)\n    return t\n"}))
    add(case("import-error", "check m.py:grad", 2, r"raised ModuleNotFoundError",
             files={"m.py": "import not_a_module_anywhere\n"}))
    add(case("import-raises", "check m.py:grad", 2, r"importing m\.py raised ZeroDivisionError",
             files={"m.py": "1 / 0\n"}))
    add(case("folder-as-module", "check sub/:grad", 2, r"no such file|not MODULE:ATTR|cannot import",
             files={"m.py": program(), "sub/x.txt": "x"}))
    for name, stmt in (("sys-exit-0", "sys.exit(0)"), ("sys-exit-1", "sys.exit(1)"),
                       ("sys-exit-msg", "sys.exit('bye')"), ("exit-builtin", "exit()"),
                       ("raise-systemexit", "raise SystemExit(3)"), ("quit-builtin", "quit()")):
        add(case(f"import-{name}", "check m.py:grad", 2, r"importing m\.py called sys\.exit",
                 files={"m.py": HEAD + stmt + "\n"}))
        add(case(f"dotted-import-{name}", "check m:grad", 2, r"importing m called sys\.exit",
                 files={"m.py": HEAD + stmt + "\n"}))
        add(case(f"cost-{name}", "check m.py:grad", 2, r"cost\(params, \*args\) called sys\.exit",
                 files={"m.py": program(cost=fn("cost", stmt))}))
        add(case(f"grad-{name}", "check m.py:grad", 2, r"grad\(params, \*args\) called sys\.exit",
                 files={"m.py": program(grad=fn("grad", stmt))}))
    add(case("params-factory-exits", "check m.py:grad --params m.py:make", 2, r"called sys\.exit",
             files={"m.py": program(extra=fn("make", "sys.exit(0)", ""))}))
    # -- bad functions -----------------------------------------------------------------------
    add(case("cost-raises", "check m.py:grad", 2, r"cost\(params, \*args\) raised ValueError: boom",
             files={"m.py": program(cost=fn("cost", "raise ValueError('boom')"))}))
    add(case("grad-raises", "check m.py:grad", 2, r"grad\(params, \*args\) raised KeyError",
             files={"m.py": program(grad=fn("grad", "raise KeyError('w')"))}))
    add(case("broken-str", "check m.py:grad", 2, r"raised Weird: .*cannot be shown",
             files={"m.py": program(cost=BROKEN_STR)}))
    add(case("user-recursion", "check m.py:grad", 2, r"raised RecursionError",
             files={"m.py": program(cost=fn("cost", "return cost(t)"))}))
    add(case("cost-none", "check m.py:grad", 2, r"returned None \(missing return\?\)",
             files={"m.py": program(cost=fn("cost", "np.sum(t ** 2)"))}))
    add(case("cost-str", "check m.py:grad", 2, r"returned a string", files=_cost_returning("'1.5'")))
    add(case("cost-bytes", "check m.py:grad", 2, r"returned a string", files=_cost_returning("b'1'")))
    add(case("cost-complex", "check m.py:grad", 2, r"complex .*imaginary",
             files=_cost_returning("complex(np.sum(t ** 2), 1.0)")))
    add(case("cost-complex-zero-imag", "check m.py:grad", 0,
             files=_cost_returning("complex(np.sum(t ** 2), 0.0)")))
    add(case("cost-vector", "check m.py:grad", 2, r"should return one number",
             files=_cost_returning("t ** 2")))
    add(case("cost-object", "check m.py:grad", 2, r"should return one number",
             files=_cost_returning("np.array([object()], dtype=object)")))
    add(case("cost-dict", "check m.py:grad", 2, r"should return one number",
             files=_cost_returning("{'loss': 1.0}")))
    add(case("cost-nan", "check m.py:grad", 2, r"returned nan", files=_cost_returning("float('nan')")))
    add(case("cost-inf", "check m.py:grad", 2, r"returned inf", files=_cost_returning("float('inf')")))
    add(case("grad-none", "check m.py:grad", 2, r"gradient", files=_grad_returning("None")))
    add(case("grad-str", "check m.py:grad", 2, r"gradient", files=_grad_returning("'abc'")))
    add(case("grad-wrong-size", "check m.py:grad", 2, r"entries|shape", files=_grad_returning("t[:2]")))
    add(case("grad-complex", "check m.py:grad", 2, r"complex .*imaginary",
             files=_grad_returning("2 * t + 1j")))
    add(case("grad-nan", "check m.py:grad", 2, r"nan", files=_grad_returning("t * np.nan")))
    add(case("forward-str", "check m.py:grad3 --forward m.py:forward --loss m.py:loss", 2,
             r"forward\(params, X\) returned str", files=_forward("return 'hello'")))
    add(case("forward-none", "check m.py:grad3 --forward m.py:forward --loss m.py:loss", 2,
             r"missing return", files=_forward("X @ t")))
    add(case("forward-object", "check m.py:grad3 --forward m.py:forward --loss m.py:loss", 2,
             r"dtype object", files=_forward("return np.array([object(), 1], dtype=object)")))
    add(case("forward-ok", "check m.py:grad3 --forward m.py:forward --loss m.py:loss", 0,
             files=_forward("return X @ t")))
    # -- bad parameters ----------------------------------------------------------------------
    add(case("params-deep", "check m.py:grad", 2, r"nested too deeply", files={"m.py": DEEP}))
    add(case("params-complex", "check m.py:grad", 2, r"complex .*imaginary",
             files={"m.py": program(theta="theta0 = np.array([0.3 + 1j, 0.2])\n")}))
    add(case("params-strings", "check m.py:grad", 2, r"numeric array|raised \w*TypeError",
             files={"m.py": program(theta="theta0 = np.array(['a', 'b'])\n")}))
    add(case("params-none", "check m.py:grad", 2, r"params|array",
             files={"m.py": program(theta="theta0 = None\n")}))
    add(case("params-empty", "check m.py:grad", 2, r"empty",
             files={"m.py": program(theta="theta0 = np.zeros(0)\n")}))
    add(case("params-nan", "check m.py:grad", 2, r"nan",
             files={"m.py": program(theta="theta0 = np.array([0.1, np.nan])\n")}))
    add(case("params-mutated", "check m.py:grad", {0, 1}, files={"m.py": MUTATING}))
    add(case("no-params", "check m.py:grad", 2, r"no parameters found",
             files={"m.py": HEAD + GOOD_COST + GOOD_GRAD}))
    add(case("no-cost", "check m.py:grad", 2, r"no cost function found",
             files={"m.py": HEAD + THETA + GOOD_GRAD}))
    # -- bad flags ---------------------------------------------------------------------------
    for value, pattern in (("-1", r"negative"), ("abc", r"not a whole number"), ("1e3", r"not a whole number")):
        add(case(f"seed-{value}", ["check", "m.py:grad", f"--seed={value}"], 2, pattern, files=GOOD))
    for value in ("nan", "inf", "-inf", "2", "5", "0", "-1e-6"):
        add(case(f"tol-{value}", ["check", "m.py:grad", f"--tol={value}"], 2, r"--tol must be positive",
                 files=GOOD))
        add(case(f"step-tol-{value}", ["step", "m.py:step", f"--tol={value}"], 2,
                 r"--tol must be positive", files={"m.py": HEAD + "theta0 = np.zeros(4)\n" + STEP}))
    add(case("tol-text", "check m.py:grad --tol abc", 2, r"invalid float", files=GOOD))
    add(case("max-checks-0", "check m.py:grad --max-checks 0", 2, r"max-checks", files=GOOD))
    add(case("workers-0", "check m.py:grad --workers 0", 2, r"workers", files=GOOD))
    add(case("workers-1000", "check m.py:grad --workers 1000", 0, files=GOOD))
    add(case("workers-1000-buggy", "check m.py:grad --workers 1000", 1, files=BUGGY))
    add(case("blocks-bad", "check m.py:grad --blocks a=2xx", 2, r"cannot read the block", files=GOOD))
    add(case("blocks-size", "check m.py:grad --blocks a=2x3", 2, r"describes 6 entries", files=GOOD))
    add(case("order-bad", "check m.py:grad --order X", 2, r"invalid choice", files=GOOD))
    add(case("ignore-unknown", "check m.py:grad --ignore no-such-rule", 2, r"unknown rule id", files=GOOD))
    add(case("cost-and-forward", "check m.py:grad --cost m.py:cost --forward m.py:cost --loss m.py:cost",
             2, r"either --cost or --forward", files=GOOD))
    add(case("forward-alone", "check m.py:grad --forward m.py:cost", 2, r"go together", files=GOOD))
    add(case("unknown-flag", "check m.py:grad --frobnicate", 2, r"unrecognized arguments", files=GOOD))
    add(case("unknown-command", "frobnicate", 2, r"invalid choice", files=GOOD))
    # -- outputs -----------------------------------------------------------------------------
    add(case("plot-unknown-suffix", "check m.py:grad --plot p.xyz", 2, r"cannot write \.xyz", files=GOOD))
    add(case("plot-folder", "check m.py:grad --plot adir", 2, r"adir is a folder",
             files={**GOOD, "adir/keep.txt": ""}))
    add(case("plot-missing-folder", "check m.py:grad --plot nodir/p.png", 2, r"does not exist", files=GOOD))
    add(case("html-missing-folder", "check m.py:grad --html nodir/r.html", 2, r"does not exist", files=GOOD))
    add(case("svg-folder", "check m.py:grad --svg adir", 2, r"is a folder", files={**GOOD, "adir/k": ""}))
    add(case("plot-no-suffix", "check m.py:grad --plot pic", 0, r"saved pic\.png", files=GOOD))
    add(case("html-other-suffix", "check m.py:grad --html r.txt", 0, r"saved r\.txt \(HTML\)", files=GOOD))
    add(case("plot-buggy", "check m.py:grad --plot p.png", 1, r"saved p\.png", files=BUGGY))
    add(case("train-plot-missing-folder",
             "train m.py:step --cost m.py:cost --steps 3 --plot nodir/p.png", 2, r"does not exist",
             files={"m.py": HEAD + "theta0 = np.zeros(4)\n" + STEP}))
    add(case("stdout-writers", "check m.py:grad", 0, files={"m.py": STDOUT_WRITERS}))
    # -- configuration -----------------------------------------------------------------------
    add(case("toml-not-utf8-not-ours", "check m.py:grad", 0,
             files={"m.py": program(), "pyproject.toml": "[project]\nname = 'caf\udce9'\n"}))
    add(case("toml-not-utf8-ours", "check m.py:grad", 2, r"not UTF-8",
             files={"m.py": program(), "pyproject.toml": "[tool.backprop-doctor]\n# caf\udce9\n"}))
    add(case("toml-tool-string", "check m.py:grad", 2, r"`tool` must be a table",
             files=_toml('tool = "backprop-doctor"\n# tool.backprop-doctor\n')))
    add(case("toml-table-string", "check m.py:grad", 2, r"must be a table",
             files=_toml('tool.backprop-doctor = "x"\n')))
    add(case("toml-invalid", "check m.py:grad", 2, r"not valid TOML",
             files=_toml("[tool.backprop-doctor]\ntol = = 1\n")))
    add(case("toml-unknown-key", "check m.py:grad", 2, r"unknown setting 'tols'",
             files=_toml("[tool.backprop-doctor]\ntols = 1e-5\n")))
    for value in ("inf", "nan", "2.0", "-1.0", '"x"'):
        add(case(f"toml-tol-{value.strip(chr(34))}", "check m.py:grad", 2, r"tol must",
                 files=_toml(f"[tool.backprop-doctor]\ntol = {value}\n")))
    add(case("toml-seed-negative", "check m.py:grad", 2, r"seed must",
             files=_toml("[tool.backprop-doctor]\nseed = -1\n")))
    add(case("toml-ignore-string", "check m.py:grad", 2, r"ignore must be a list",
             files=_toml('[tool.backprop-doctor]\nignore = "kink"\n')))
    add(case("toml-good", "check m.py:grad", 0, files=_toml("[tool.backprop-doctor]\ntol = 1e-5\n")))
    for shadow in ("copy", "queue", "random", "json", "tempfile", "signal", "types"):
        add(case(f"shadow-{shadow}", "check m.py:grad", 0,
                 files={**GOOD, f"{shadow}.py": f"raise RuntimeError('user {shadow}.py was imported')\n"}))
        add(case(f"shadow-{shadow}-workers", "check m:grad --workers 2", 0,
                 files={**GOOD, f"{shadow}.py": f"raise RuntimeError('user {shadow}.py was imported')\n"}))
    # -- other commands ----------------------------------------------------------------------
    layer_files = {"m.py": HEAD + LAYER}
    add(case("layer-ok", "layer m.py:affine_backward --forward m.py:affine_forward --inputs m.py:inputs",
             0, files=layer_files))
    add(case("layer-missing-inputs", "layer m.py:affine_backward --forward m.py:affine_forward --inputs m.py:nope",
             2, r"no attribute 'nope'", files=layer_files))
    add(case("layer-backward-exits",
             "layer m.py:bw --forward m.py:affine_forward --inputs m.py:inputs", 2, r"called sys\.exit",
             files={"m.py": HEAD + LAYER + fn("bw", "sys.exit(0)", "dout, cache")}))
    add(case("layer-backward-raises",
             "layer m.py:bw --forward m.py:affine_forward --inputs m.py:inputs", 2, r"raised",
             files={"m.py": HEAD + LAYER + fn("bw", "raise ValueError('bw')", "dout, cache")}))
    step_files = {"m.py": HEAD + "theta0 = np.zeros(4)\n" + STEP}
    add(case("step-ok", "step m.py:step --cost m.py:cost", 0, files=step_files))
    add(case("step-exits", "step m.py:bad --cost m.py:cost", 2, r"called sys\.exit",
             files={"m.py": HEAD + "theta0 = np.zeros(4)\n" + STEP + fn("bad", "sys.exit(0)", "t, X, y")}))
    add(case("step-seed-negative", "step m.py:step --cost m.py:cost --seed -3", 2, r"negative",
             files=step_files))
    add(case("train-exits", "train m.py:bad --cost m.py:cost --steps 3", 2, r"called sys\.exit",
             files={"m.py": HEAD + "theta0 = np.zeros(4)\n" + STEP + fn("bad", "sys.exit(0)", "t, X, y")}))
    add(case("lint-symlink-loop", "lint loop1", 2, r"cannot lint", files={"loop1": "@symlink:loop2",
                                                                         "loop2": "@symlink:loop1"},
             json_ok=True))
    add(case("lint-missing", "lint nosuch.py", 2, r"no such file", files=GOOD))
    add(case("lint-binary", "lint bin.py", 2, r"cannot parse|syntax", files={"bin.py": "\x00\x01\x02"}))
    add(case("lint-not-utf8", "lint bad.py", {0, 2}, files={"bad.py": "x = 'caf\udce9'\n"}))
    add(case("lint-ok", "lint m.py", 0, files=GOOD))
    add(case("explain-unknown", "explain no-such-rule", 2, r"unknown|no rule", files=GOOD, json_ok=False))
    add(case("demo-unknown", "demo no-such-case", 2, r"unknown case", files=GOOD))
    add(case("rules", "rules", 0, files=GOOD, json_ok=False))
    return c


def write_files(folder, files: Dict[str, str]) -> None:
    """Write a case's files; '@symlink:TARGET' makes a symbolic link; lone surrogates are the raw
    bytes 0x80-0xff (files that are not UTF-8)."""
    import os

    for rel, text in files.items():
        path = os.path.join(folder, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if text.startswith("@symlink:"):
            os.symlink(text[len("@symlink:"):], path)
            continue
        with open(path, "wb") as fh:
            fh.write(text.encode("utf-8", "surrogateescape"))
