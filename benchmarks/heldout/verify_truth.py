"""Re-derive each held-out program's ground truth without backprop-doctor.

Reads the manifest's first command only to learn which functions and values to load, then
checks the gradient with plain central differences (numpy only). A correct program must agree
everywhere; a buggy one must disagree in exactly its documented blocks. This keeps the sets
honest: a "correct" program that is not, or a "buggy" one whose bug does not show at the
harness's point, is reported here rather than counted against the tool.

    python benchmarks/heldout/verify_truth.py [--only ID] [--root benchmarks/heldout2]
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import shlex
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
H = 1e-6
RTOL = 1e-5


def load(spec: str, cwd: Path):
    """MODULE.py:ATTR from the program's directory; a zero-argument callable is called."""
    module_path, _, attr = spec.partition(":")
    for name in ("user", "harness"):
        sys.modules.pop(name, None)
    path = cwd / module_path
    name = path.stem
    mod_spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(mod_spec)
    sys.modules[name] = module
    mod_spec.loader.exec_module(module)
    value = module
    for part in attr.split("."):
        value = getattr(value, part)
    return value


def flags(command: str) -> tuple[str, str, dict]:
    argv = shlex.split(command)
    kind, target, rest = argv[1], argv[2], argv[3:]
    opts = {}
    i = 0
    while i < len(rest):
        if rest[i].startswith("--") and i + 1 < len(rest) and not rest[i + 1].startswith("--"):
            opts[rest[i][2:]] = rest[i + 1]
            i += 2
        else:
            opts[rest[i][2:]] = True
            i += 1
    return kind, target, opts


# ---- parameter structures as named float blocks


def blocks_of(params, prefix="params"):
    """(name, array) pairs, named as CONTRACT.md names blocks."""
    if isinstance(params, dict):
        return [(k, np.asarray(v)) for k, v in params.items()]
    if isinstance(params, (list, tuple)):
        return [(f"{prefix}[{i}]", np.asarray(v)) for i, v in enumerate(params)]
    return [("theta", np.asarray(params))]


def rebuild(params, arrays):
    if isinstance(params, dict):
        return {k: a for k, a in zip(params, arrays)}
    if isinstance(params, (list, tuple)):
        return type(params)(arrays) if isinstance(params, tuple) else list(arrays)
    return arrays[0]


def layout_blocks(spec: str, order: str, flat: np.ndarray):
    out, start = [], 0
    for item in spec.split(","):
        name, shape = item.split("=")
        dims = tuple(int(d) for d in shape.split("x"))
        size = int(np.prod(dims))
        out.append((name, slice(start, start + size), dims, order))
        start += size
    return out


def numeric(f, arrays):
    grads = []
    for k, a in enumerate(arrays):
        g = np.zeros_like(a, dtype=float)
        for idx in np.ndindex(a.shape):
            step = H * max(1.0, abs(a[idx]))
            plus = [x.copy() for x in arrays]
            minus = [x.copy() for x in arrays]
            plus[k][idx] += step
            minus[k][idx] -= step
            g[idx] = (f(plus) - f(minus)) / (2 * step)
        grads.append(g)
    return grads


MUTATED = [False]  # set by network_truth: the user's function changed the params it was handed


def wrong(analytic, num) -> bool:
    analytic = np.asarray(analytic, dtype=float).reshape(num.shape)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(num)), 1e-4)
    return bool(np.any(np.abs(analytic - num) / scale > RTOL))


# ---- the conventions


def network_truth(target, opts, cwd, truth_layout=None, truth_order="C"):
    args = load(opts["args"], cwd) if "args" in opts else ()
    args = args if isinstance(args, tuple) else (args,)
    obj = load(target, cwd)
    if "cost" in opts:
        cost, grad = load(opts["cost"], cwd), obj
        params = load(opts["params"], cwd)
        names_arrays = blocks_of(params)
        arrays = [a.astype(float) for _, a in names_arrays]
        f = lambda arrs: float(np.ravel(cost(rebuild(params, [a.copy() for a in arrs]), *args))[0])
        handed = [a.copy() for a in arrays]
        g = grad(rebuild(params, handed), *args)
        MUTATED[0] = any(not np.array_equal(h, a) for h, a in zip(handed, arrays))
        if isinstance(params, dict) and isinstance(g, dict):  # match a dict gradient by key
            g = {k: g[k] for k in params}
        g_arrays = [np.asarray(x) for _, x in blocks_of(g)]
    elif hasattr(obj, "params") and hasattr(obj, "loss"):
        model = copy.deepcopy(obj)
        names = list(model.params)
        arrays = [np.asarray(model.params[k], dtype=float).copy() for k in names]

        def f(arrs):
            m = copy.deepcopy(model)
            for k, a in zip(names, arrs):
                m.params[k] = a.copy()
            return float(m.loss(*args)[0])
        grads = copy.deepcopy(model).loss(*args)[1]
        names_arrays = [(k, None) for k in names]
        g_arrays = [np.asarray(grads[k]) for k in names]
    else:  # one function returning (cost, grad)
        params = load(opts["params"], cwd)
        names_arrays = blocks_of(params)
        arrays = [a.astype(float) for _, a in names_arrays]
        f = lambda arrs: float(np.ravel(obj(rebuild(params, [a.copy() for a in arrs]), *args)[0])[0])
        handed = [a.copy() for a in arrays]
        res = obj(rebuild(params, handed), *args)
        # (cost, grad), or a cost followed by one gradient per array of a list/tuple of params
        if (isinstance(params, (list, tuple)) and len(params) > 1
                and len(res) == len(params) + 1):
            g = list(res[1:])
        else:
            g = res[1]
        MUTATED[0] = any(not np.array_equal(h, a) for h, a in zip(handed, arrays))
        g_arrays = [np.asarray(x) for _, x in blocks_of(g)]
    nums = numeric(f, arrays)
    names = [n for n, _ in names_arrays]
    layout = opts.get("blocks") or truth_layout
    if layout:  # a flat theta with a layout (given, or the one the cost slices): per block
        order = opts.get("order", truth_order)
        out = []
        for name, sl, dims, order in layout_blocks(layout, order, arrays[0]):
            if wrong(g_arrays[0].ravel()[sl], nums[0].ravel()[sl]):
                out.append(name)
        return out
    return [n for n, a, num in zip(names, g_arrays, nums) if wrong(a, num)]


def step_truth(target, opts, cwd, lr):
    """A step must move every block by -lr * (true gradient) for the documented lr."""
    args = load(opts["args"], cwd) if "args" in opts else ()
    args = args if isinstance(args, tuple) else (args,)
    step, cost = load(target, cwd), load(opts["cost"], cwd)
    params = load(opts["params"], cwd)
    names_arrays = blocks_of(params)
    arrays = [a.astype(float) for _, a in names_arrays]
    f = lambda arrs: float(cost(rebuild(params, [a.copy() for a in arrs]), *args))
    nums = numeric(f, arrays)
    moved = rebuild(params, [a.copy() for a in arrays])
    result = step(moved, *args)
    new = [np.asarray(x, dtype=float) for _, x in blocks_of(result if result is not None else moved)]
    return [n for (n, _), a, b, g in zip(names_arrays, arrays, new, nums)
            if wrong((a - b) / lr, g)]


def layer_truth(target, opts, cwd):
    inputs = load(opts["inputs"], cwd)
    inputs = inputs if isinstance(inputs, tuple) else tuple(inputs)
    is_float = [isinstance(x, np.ndarray) and x.dtype.kind == "f" for x in inputs]
    positions = [i for i, ok in enumerate(is_float) if ok]
    if "wrt" in opts:
        # names map to positions through the forward's signature
        import inspect
        fwd = load(opts.get("forward", target), cwd)
        params = list(inspect.signature(fwd).parameters)
        positions = [params.index(n) for n in opts["wrt"].split(",")]
    rng = np.random.RandomState(0)

    def with_values(arrs):
        vals = list(copy.deepcopy(inputs))
        for p, a in zip(positions, arrs):
            vals[p] = a.copy()
        return vals

    arrays = [np.asarray(inputs[p], dtype=float).copy() for p in positions]
    if "forward" in opts:
        forward, backward = load(opts["forward"], cwd), load(target, cwd)
        res = forward(*copy.deepcopy(inputs))
        outs = list(res[:-1]) if isinstance(res, tuple) else [res]
        cache = res[-1] if isinstance(res, tuple) else None
        douts = [rng.randn(*np.shape(o)) for o in outs]

        def f(arrs):
            r = forward(*with_values(arrs))
            os_ = list(r[:-1]) if isinstance(r, tuple) else [r]
            return float(sum(np.sum(o * d) for o, d in zip(os_, douts)))
        grads = backward(*douts, cache)
        grads = list(grads) if isinstance(grads, tuple) else [grads]
    else:  # loss layer: (loss, dx, ...)
        fun = load(target, cwd)
        f = lambda arrs: float(fun(*with_values(arrs))[0])
        grads = list(fun(*copy.deepcopy(inputs))[1:])
    nums = numeric(f, arrays)
    import inspect
    sig = load(opts.get("forward", target), cwd)
    names = list(inspect.signature(sig).parameters)
    return [names[p] for p, g, n in zip(positions, grads, nums) if wrong(g, n)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append")
    parser.add_argument("--root", type=Path, default=HERE,
                        help="set directory holding manifest.json (default: this directory)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    programs = json.loads((root / "manifest.json").read_text())["programs"]
    bad = 0
    for p in programs:
        if args.only and p["id"] not in args.only:
            continue
        cwd = root / p["dir"]
        kind, target, opts = flags(p["command"])
        sys.path.insert(0, str(cwd))
        MUTATED[0] = False
        try:
            np.random.seed(0)
            with np.errstate(all="ignore"):
                if kind == "layer":
                    found = layer_truth(target, opts, cwd)
                elif kind == "step":
                    found = step_truth(target, opts, cwd, p["truth_lr"])
                else:
                    found = network_truth(target, opts, cwd, p.get("truth_layout"),
                                          p.get("truth_order", "C"))
        except Exception as exc:  # noqa: BLE001 - report and go on
            found, verdict = None, f"ERROR {type(exc).__name__}: {exc}"
        finally:
            sys.path.remove(str(cwd))
        if found is not None:
            want = p.get("failing_blocks", []) if p["expected"] == "buggy" else []
            aliases = p.get("block_aliases", {})
            same = sorted(found) == sorted(want) or (
                len(found) == len(want)
                and all(f in want or any(f in aliases.get(w, []) for w in want) for f in found))
            verdict = "ok" if same else f"MISMATCH: wrong blocks {found}, documented {want}"
            if MUTATED[0] != bool(p.get("truth_mutates")):
                verdict = (f"MISMATCH: mutates params = {MUTATED[0]}, documented "
                           f"{bool(p.get('truth_mutates'))}")
        bad += verdict != "ok"
        print(f"{p['id']:45} {p['expected']:8} {verdict}")
    print(f"{bad} program(s) whose ground truth does not hold" if bad else "all ground truths hold")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
