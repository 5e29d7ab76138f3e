"""The point and arguments a script itself uses, read from how it calls the function.

A homework script says how its cost is called: `J, grad = nnCostFunction(nn_params,
input_layer_size, hidden_layer_size, num_labels, X, y, lmbda)`, `softmax_loss_naive(W, X_dev,
y_dev, 0.000005)`, `minimize(costFunction, initial_theta, args=(X, y), jac=True)`,
`fmin_cg(computeCost, theta0, fprime=gradient, args=args)`.  The call's argument expressions are
evaluated in the module's namespace after import, and only when each is plain data access
(names, attributes, constants, subscripts, tuples): nothing is called, so reading a call cannot
run anything.  Calls inside functions whose names are local simply do not resolve and are skipped.
"""
from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable, List, Optional, Tuple

OPTIMIZERS = ("minimize", "fmin_cg", "fmin_bfgs", "fmin_tnc", "fmin_l_bfgs_b", "fmin_ncg",
              "check_grad", "approx_fprime")


@dataclass(frozen=True)
class CallSite:
    params: Any
    args: Tuple[Any, ...]
    line: int
    text: str            # the call as written, for the user


def find_call(module: ModuleType, target: str, fn: Callable) -> Optional[CallSite]:
    """The first call in the module's source of `target` (a dotted name as the script writes it,
    e.g. "nnCostFunction" or "model.loss") whose arguments can be read; None if there is none.
    For a method (model.loss) the params are None and every argument goes to args."""
    tree, source = _parse(module)
    if tree is None:
        return None
    method = "." in target
    local = _locals_by_call(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _uses(node, local.get(id(node), ())):
            continue
        name = _dotted(node.func)
        if name is None:
            continue
        site = None
        if name == target or (not method and name.endswith("." + target)):
            site = _direct(node, module, fn, method)
        elif name.split(".")[-1] in OPTIMIZERS and not method:
            site = _optimizer(node, module, target)
        if site is not None:
            params, args = site
            text = ast.get_source_segment(source, node) or name
            return CallSite(params, args, node.lineno, " ".join(text.split())[:160])
    return None


def _locals_by_call(tree: ast.AST) -> dict:
    """For each call inside a function: the names local to the functions around it (their
    parameters and what they assign).  Such a call's arguments mean the function's own values
    at run time, whatever module variables share their names, so it is not the script's call."""
    out: dict = {}

    def visit(node: ast.AST, local: frozenset) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = node.args
            names = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs}
            names |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.add(sub.id)
            local = local | names
        if isinstance(node, ast.Call) and local:
            out[id(node)] = local
        for child in ast.iter_child_nodes(node):
            visit(child, local)

    visit(tree, frozenset())
    return out


def _uses(call: ast.Call, names) -> bool:
    if not names:
        return False
    exprs = list(call.args) + [k.value for k in call.keywords]
    return any(isinstance(n, ast.Name) and n.id in names for e in exprs for n in ast.walk(e))


def _parse(module: ModuleType):
    try:
        source = inspect.getsource(module)
        return ast.parse(source), source
    except (OSError, TypeError, SyntaxError, ValueError):
        return None, None


def _dotted(node: ast.AST) -> Optional[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


_MISSING = object()


def _value(node: ast.AST, module: ModuleType) -> Any:
    """The value of a plain data expression in the module's namespace, or _MISSING."""
    if not _plain(node):
        return _MISSING
    try:
        return eval(compile(ast.Expression(body=node), "<call site>", "eval"),  # noqa: S307
                    dict(vars(module)))
    except Exception:  # noqa: BLE001 - a name that is local to some function: not this call
        return _MISSING


def _plain(node: ast.AST) -> bool:
    if isinstance(node, (ast.Name, ast.Constant)):
        return True
    if isinstance(node, ast.Attribute):
        return _plain(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return _plain(node.operand)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div, ast.Add, ast.Sub)):
        return _plain(node.left) and _plain(node.right)      # 1e-3 * 5, lambda_ / 2
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_plain(e) for e in node.elts)
    if isinstance(node, ast.Subscript):
        return _plain(node.value) and _plain(node.slice)
    if isinstance(node, ast.Slice):
        return all(p is None or _plain(p) for p in (node.lower, node.upper, node.step))
    return False


def _direct(node: ast.Call, module: ModuleType, fn: Callable, method: bool):
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        return None
    values: List[Any] = [_value(a, module) for a in node.args]
    keywords = {k.arg: _value(k.value, module) for k in node.keywords}
    if any(v is _MISSING for v in values) or any(v is _MISSING for v in keywords.values()):
        return None
    try:
        bound = inspect.signature(fn).bind(*values, **keywords)
    except (TypeError, ValueError):
        return None
    positional = list(bound.args) + _keywords_in_order(fn, bound)
    if method:
        return None, tuple(positional)
    if not positional:
        return None
    return positional[0], tuple(positional[1:])


def _keywords_in_order(fn: Callable, bound) -> List[Any]:
    """Keyword arguments that are positional parameters, appended in the signature's order."""
    out = []
    for name, p in inspect.signature(fn).parameters.items():
        if name in bound.kwargs and p.kind == p.POSITIONAL_OR_KEYWORD:
            out.append(bound.kwargs[name])
    return out


def _optimizer(node: ast.Call, module: ModuleType, target: str):
    """minimize(f, x0, args=...), fmin_cg(f, x0, fprime, args=...), check_grad(f, g, x0, *args)."""
    kw = {k.arg: k.value for k in node.keywords if k.arg}
    name = _dotted(node.func).split(".")[-1]
    fun = node.args[0] if node.args else kw.get("fun") or kw.get("f") or kw.get("func")
    named = [fun, kw.get("fprime"), kw.get("jac")]
    if name == "check_grad" and len(node.args) > 1:
        named.append(node.args[1])
    if not any(n is not None and _dotted(n) == target for n in named):
        return None
    if name == "check_grad":
        x0 = node.args[2] if len(node.args) > 2 else kw.get("x0")
        extra = node.args[3:]
        args_node = ast.Tuple(elts=list(extra), ctx=ast.Load()) if extra else None
    else:
        x0 = node.args[1] if len(node.args) > 1 else kw.get("x0")
        args_node = kw.get("args")
    if x0 is None:
        return None
    params = _value(x0, module)
    args = () if args_node is None else _value(args_node, module)
    if params is _MISSING or args is _MISSING:
        return None
    return params, args if isinstance(args, tuple) else (args,)
