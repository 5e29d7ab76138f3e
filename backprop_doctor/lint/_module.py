"""A parsed source file and the small AST questions every lint rule asks about it.

Rules never execute code: they look at names (resolved through the file's imports), at the last
assignment of a name before a line in the same function, and at the shape of expressions.  That
is cheap, and precise enough when every rule also demands corroborating evidence.
"""
from __future__ import annotations

import ast
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Tuple

SCOPE_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)

# Names people give weights, gradients, data batches; used only together with structural evidence.
WEIGHT_NAME = re.compile(r"^[wW](\d+|_\w*)?$|weight|theta|^w[io]h$|^wh[oh]?$|^who$|kernel|^syn\d*$|^coef",
                         re.IGNORECASE)
GRAD_NAME = re.compile(r"grad|delta|nabla|^g$|^g_|^gw\d*$|^d[A-Z]|^d_|^d(?!t$|ata$|im$|ir$)[a-z]{0,3}\d*$")
NETWORK_WORDS = re.compile(r"sigmoid|relu|softmax|tanh|backprop|feed_?forward|^ff$|^forward|activat|neural|"
                           r"perceptron|mlp|^nn$|network|^net$|layer", re.IGNORECASE)
BATCH_NAME = re.compile(r"^(X|X_?\w*|inputs|batch\w*|x_batch|data|A\d+|H\d*|train\w*)$")


_ARRAY_LIBS = ("numpy", "math", "cmath", "torch", "cupy", "jax", "tensorflow", "autograd", "mxnet")


def unparse(node: Optional[ast.AST]) -> str:
    return ast.unparse(node) if node is not None else ""


def last_ident(node: Optional[ast.AST]) -> Optional[str]:
    """The identifier a reader would call this expression by: `self.W2` -> W2, `params["W1"]` -> W1,
    `theta1.T` / `theta1.transpose()` -> theta1, `grads[i]` -> grads."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        if node.attr in ("T", "real"):
            return last_ident(node.value)
        return node.attr
    if isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
        return last_ident(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("transpose", "reshape", "copy", "astype", "ravel", "flatten"):
        return last_ident(node.func.value)
    return None


def span(node: ast.AST, end_line: Optional[int] = None) -> Dict[str, int]:
    """The evidence every lint finding carries about where it is: last line and 1-based column."""
    return {"end_line": end_line or getattr(node, "end_lineno", None) or node.lineno,
            "col": node.col_offset + 1}


def base_name(node: ast.AST) -> ast.AST:
    """`x[i][j]` -> `x`; anything else itself."""
    while isinstance(node, ast.Subscript):
        node = node.value
    return node


def is_weight_like(node: ast.AST) -> bool:
    name = last_ident(node)
    return bool(name and WEIGHT_NAME.search(name))


def is_grad_like(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        return is_grad_like(node.func)
    name = last_ident(node)
    return bool(name and GRAD_NAME.search(name))


def names_in(node: ast.AST) -> set:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def mult_factors(node: ast.AST) -> List[ast.AST]:
    """The factors of a product: `lr * w * g` -> [lr, w, g]; the numerator of a division counts;
    `np.multiply(a, b)` counts; anything else is one factor."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return mult_factors(node.left) + mult_factors(node.right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return mult_factors(node.left)
    if isinstance(node, ast.Call) and _func_tail(node) == "multiply" and len(node.args) == 2:
        return mult_factors(node.args[0]) + mult_factors(node.args[1])
    return [node]


def _func_tail(call: ast.Call) -> Optional[str]:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


def keyword(call: ast.Call, name: str) -> Optional[ast.expr]:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def const_int(node: Optional[ast.AST]) -> Optional[int]:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = const_int(node.operand)
        return -inner if inner is not None else None
    return None


def walk_scope(node: ast.AST) -> Iterator[ast.AST]:
    """Every node inside a function (or module) body, not descending into nested functions/classes."""
    stack = list(ast.iter_child_nodes(node))[::-1]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, SCOPE_TYPES):
            continue
        stack.extend(list(ast.iter_child_nodes(n))[::-1])


@dataclass
class Scope:
    """A function body (or the module body): its assignments in source order."""

    node: ast.AST
    assigns: List[Tuple[int, str, Optional[ast.expr], ast.AST]] = field(default_factory=list)
    members: List[ast.AST] = field(default_factory=list)  # every node in it, not in nested scopes
    _by_key: Optional[Dict[str, Tuple[List[int], list]]] = field(default=None, repr=False)

    def last_value(self, key: str, before: int) -> Optional[ast.expr]:
        """The value last assigned to `key` on a line before `before` (None when unknown: never
        assigned here, or assigned by unpacking or a for loop).  A binary search: a generated
        file assigns the same name thousands of times."""
        if self._by_key is None:
            self._by_key = {}
            for line, k, value, _ in self.assigns:
                lines, values = self._by_key.setdefault(k, ([], []))
                lines.append(line)
                values.append(value)
        entry = self._by_key.get(key)
        if entry is None:
            return None
        i = bisect_left(entry[0], before)
        return entry[1][i - 1] if i > 0 else None

    def params(self) -> List[str]:
        node = self.node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = node.args
            return [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs]
        return []


def _record_assignment(scope: Scope, n: ast.AST) -> None:
    """Add what `n` binds (if anything) to its scope's assignment list."""
    if isinstance(n, ast.Assign):
        for target in n.targets:
            if isinstance(target, (ast.Tuple, ast.List)):
                for elt in target.elts:
                    scope.assigns.append((n.lineno, unparse(elt), None, n))
            else:
                scope.assigns.append((n.lineno, unparse(target), n.value, n))
    elif isinstance(n, ast.AnnAssign) and n.value is not None:
        scope.assigns.append((n.lineno, unparse(n.target), n.value, n))
    elif isinstance(n, (ast.For, ast.comprehension)):
        tgt = n.target
        elts = tgt.elts if isinstance(tgt, (ast.Tuple, ast.List)) else [tgt]
        line = getattr(n, "lineno", getattr(tgt, "lineno", 0))
        for elt in elts:
            scope.assigns.append((line, unparse(elt), None, n))
    elif isinstance(n, ast.NamedExpr):
        scope.assigns.append((n.lineno, unparse(n.target), n.value, n))


def _param_default(args: ast.arguments, name: str) -> Optional[ast.expr]:
    positional = args.posonlyargs + args.args
    for param, default in zip(positional[len(positional) - len(args.defaults):], args.defaults):
        if param.arg == name:
            return default
    for param, default in zip(args.kwonlyargs, args.kw_defaults):
        if param.arg == name:
            return default
    return None


class LintModule:
    """One parsed file: tree, lines, import aliases, parents and scopes."""

    def __init__(self, source: str, filename: str, tree: ast.Module, aliases: Optional[Dict[str, str]] = None):
        self.source, self.filename, self.tree = source, filename, tree
        self.lines = source.splitlines()
        # forum snippets often omit the import; `np` means numpy unless the file says otherwise
        self.aliases: Dict[str, str] = {"np": "numpy", **(aliases or {})}
        self.parents: Dict[int, ast.AST] = {}
        self.scope_of: Dict[int, Scope] = {}
        self.scopes: List[Scope] = []
        self.functions: Dict[str, ast.AST] = {}
        self._network: Optional[bool] = None
        self.cache: Dict[object, object] = {}  # per-file indexes the rules share
        self._by_type: Dict[type, List[ast.AST]] = {}
        # One pass over the tree, breadth first (the order of ast.walk; a parent is seen before its
        # children): every node, its parent, its type, imports, functions, and the scope it belongs
        # to (that of its nearest enclosing function, lambda or class; the module otherwise).
        # Linear in the size of the file, and the only full walk: rules ask `of_type`.
        module_scope = Scope(tree)
        self.scopes.append(module_scope)
        own_scope: Dict[int, Scope] = {id(tree): module_scope}  # scope nodes -> their body's scope
        self.nodes: List[ast.AST] = [tree]
        nodes, parents, scope_of, by_type = self.nodes, self.parents, self.scope_of, self._by_type
        AST = ast.AST
        i = 0
        while i < len(nodes):
            node = nodes[i]
            i += 1
            by_type.setdefault(type(node), []).append(node)
            inner = own_scope.get(id(node)) or scope_of[id(node)]
            for name in node._fields:
                value = getattr(node, name, None)
                children = value if isinstance(value, list) else (value,)
                for child in children:
                    if not isinstance(child, AST):
                        continue
                    nodes.append(child)
                    parents[id(child)] = node
                    scope_of[id(child)] = inner
                    inner.members.append(child)
                    if isinstance(child, SCOPE_TYPES):
                        child_scope = Scope(child)
                        own_scope[id(child)] = child_scope
                        self.scopes.append(child_scope)
            if node is not tree:
                _record_assignment(scope_of[id(node)], node)
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        self.aliases[a.asname] = a.name
                    else:
                        self.aliases.setdefault(a.name.split(".")[0], a.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom) and node.module:
                for a in node.names:
                    if a.name != "*":
                        self.aliases[a.asname or a.name] = f"{node.module}.{a.name}"
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions.setdefault(node.name, node)
        for scope in self.scopes:
            scope.assigns.sort(key=lambda t: t[0])

    @property
    def looks_like_a_network(self) -> bool:
        """The file defines or calls network pieces (sigmoid, relu, softmax, backprop, layers...):
        the gate for rules whose pattern is innocent elsewhere (positive weights in a weighted mean)."""
        if self._network is None:
            names = {last_ident(n.func) for n in self.of_type(ast.Call)}
            names |= set(self.functions) | {n.name for n in self.of_type(ast.ClassDef)}
            self._network = any(name and NETWORK_WORDS.search(name) for name in names)
        return self._network

    # -- names --------------------------------------------------------------------------------
    def qualname(self, node: ast.AST) -> Optional[str]:
        """`np.random.rand` -> numpy.random.rand, `exp` (from numpy import exp) -> numpy.exp."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            inner = self.qualname(node.value)
            return f"{inner}.{node.attr}" if inner else None
        return None

    def call_name(self, node: ast.AST) -> Optional[str]:
        return self.qualname(node.func) if isinstance(node, ast.Call) else None

    def callee_name(self, call: ast.AST) -> Optional[str]:
        """The qualified name of what a call calls, also when the callee is a local name bound to
        a library function by assignment (`e = np.exp`) or by a parameter default
        (`def f(z, exp_=np.exp)`)."""
        if not isinstance(call, ast.Call):
            return None
        func = call.func
        if isinstance(func, ast.Name) and func.id not in self.aliases:
            bound = self.bound_value(func)
            if isinstance(bound, (ast.Name, ast.Attribute)) and not (
                    isinstance(bound, ast.Name) and bound.id == func.id):
                return self.qualname(bound)
        return self.qualname(func)

    def bound_value(self, name: ast.Name) -> Optional[ast.expr]:
        """What a bare name holds where it is read: its last assignment in the function, else a
        parameter default of an enclosing function, else a module-level assignment."""
        scope = self.scope(name)
        value = scope.last_value(name.id, name.lineno)
        if value is not None:
            return value
        for anc in self.ancestors(name):
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                default = _param_default(anc.args, name.id)
                if default is not None:
                    return default
                if any(p.arg == name.id for p in anc.args.posonlyargs + anc.args.args + anc.args.kwonlyargs):
                    return None  # a parameter without a default: unknown
        if scope is not self.scopes[0]:
            return self.scopes[0].last_value(name.id, 10 ** 9)
        return None

    def is_exp(self, node: ast.AST) -> bool:
        """exp from numpy (any alias), math, torch, cupy, jax, tensorflow, autograd, or a bare exp;
        also through a name bound to one (`e = np.exp`, `def f(z, exp=math.exp)`)."""
        if not (isinstance(node, ast.Call) and len(node.args) == 1):
            return False
        parts = (self.callee_name(node) or "").split(".")
        return parts[-1] == "exp" and (len(parts) == 1 or parts[0] in _ARRAY_LIBS)


    # -- structure ----------------------------------------------------------------------------
    def parent(self, node: ast.AST) -> Optional[ast.AST]:
        return self.parents.get(id(node))

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        p = self.parent(node)
        while p is not None:
            yield p
            p = self.parent(p)

    def scope(self, node: ast.AST) -> Scope:
        return self.scope_of.get(id(node), self.scopes[0])

    def enclosing_loops(self, node: ast.AST) -> List[ast.AST]:
        """For/While statements around `node` inside its own function, innermost first."""
        out = []
        for a in self.ancestors(node):
            if isinstance(a, SCOPE_TYPES):
                break
            if isinstance(a, (ast.For, ast.While)):
                out.append(a)
        return out

    def statement(self, node: ast.AST) -> ast.AST:
        n = node
        while not isinstance(n, ast.stmt):
            p = self.parent(n)
            if p is None:
                return n
            n = p
        return n

    def resolve(self, node: ast.AST, depth: int = 6) -> ast.AST:
        """Follow a name (or attribute) to the value last assigned to it before this line, so
        `e = np.exp(z); e / e.sum()` sees the exp.  Stops when the value is unknown."""
        seen = 0
        while isinstance(node, (ast.Name, ast.Attribute)) and seen < depth:
            value = self.scope(node).last_value(unparse(node), node.lineno)
            if value is None or value is node:
                break
            node = value
            seen += 1
        return node

    def calls_to(self, fdef: ast.AST) -> List[ast.Call]:
        """Every call in this file that `func_def` resolves to `fdef` (indexed once per file)."""
        index = self.cache.get("calls_to")
        if index is None:
            index = {}
            for node in self.of_type(ast.Call):
                if isinstance(node, ast.Call):
                    target = self.func_def(node)
                    if target is not None:
                        index.setdefault(id(target), []).append(node)
            self.cache["calls_to"] = index
        return index.get(id(fdef), [])

    def calls_by_name(self, name: str) -> List[ast.Call]:
        """Every call `name(...)` of a bare name in this file (indexed once per file)."""
        index = self.cache.get("calls_by_name")
        if index is None:
            index = {}
            for node in self.of_type(ast.Call):
                if isinstance(node.func, ast.Name):
                    index.setdefault(node.func.id, []).append(node)
            self.cache["calls_by_name"] = index
        return index.get(name, [])

    def scope_nodes(self, scope: Scope, kind) -> List[ast.AST]:
        """The nodes of one kind in a scope (walked once per scope and kind, then cached)."""
        key = ("scope_nodes", id(scope.node), kind)
        found = self.cache.get(key)
        if found is None:
            found = [n for n in scope.members if isinstance(n, kind)]
            self.cache[key] = found
        return found

    def of_type(self, *kinds) -> List[ast.AST]:
        """Every node of these AST types, in walk order (no rule walks the whole tree itself)."""
        if len(kinds) == 1:
            return self._by_type.get(kinds[0], [])
        return [n for n in self.nodes if isinstance(n, kinds)]

    def func_def(self, call: ast.Call) -> Optional[ast.AST]:
        """The function or method of this module a call refers to (`f(x)` or `self.f(x)`)."""
        f = call.func
        if isinstance(f, ast.Name):
            return self.functions.get(f.id)
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ("self", "cls"):
            return self.functions.get(f.attr)
        return None



# -- expression shapes shared by the softmax rules --------------------------------------------
MATMUL_FUNCS = ("numpy.dot", "numpy.matmul", "dot", "matmul")


def matmul_operands(mod: LintModule, node: ast.AST) -> Optional[Tuple[ast.AST, ast.AST]]:
    """(left, right) of `a @ b`, `np.dot(a, b)`, `a.dot(b)`, also under a `+ bias`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return node.left, node.right
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        return matmul_operands(mod, node.left) or matmul_operands(mod, node.right)
    if isinstance(node, ast.Call):
        name = mod.call_name(node)
        if name in MATMUL_FUNCS and len(node.args) == 2:
            return node.args[0], node.args[1]
        if isinstance(node.func, ast.Attribute) and node.func.attr == "dot" and len(node.args) == 1 \
                and mod.qualname(node.func.value) not in ("numpy",):
            return node.func.value, node.args[0]
    return None


def is_plain_logit(mod, arg) -> bool:
    """z, self.z, z[i], +z, W @ x, np.dot(X, w), X @ w + b: a logit as such.  Anything with a
    coefficient (`s * z`, Platt's `A * f + B`) may carry its sign in the coefficient: left alone."""
    if isinstance(arg, ast.UnaryOp) and isinstance(arg.op, ast.UAdd):
        return is_plain_logit(mod, arg.operand)
    if isinstance(arg, (ast.Name, ast.Attribute, ast.Subscript)):
        return True
    if matmul_operands(mod, arg) is not None:
        if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add):
            return any(matmul_operands(mod, side) is not None and not isinstance(side, ast.BinOp) or
                       isinstance(side, ast.BinOp) and isinstance(side.op, ast.MatMult)
                       for side in (arg.left, arg.right))
        return not (isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Sub))
    return False
