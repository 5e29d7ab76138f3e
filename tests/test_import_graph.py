"""The package's modules form no import cycle.  Every import counts, also the ones inside
functions (a lazy import is still a dependency: it only hides the cycle until run time); only
imports under `if TYPE_CHECKING:` are left out, because they never run."""
import ast
import os

import backprop_doctor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(backprop_doctor.__file__)))
PACKAGE = "backprop_doctor"


def _modules():
    mods = {}
    for folder, _, files in os.walk(os.path.join(ROOT, PACKAGE)):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                dotted = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
                mods[dotted[:-len(".__init__")] if dotted.endswith(".__init__") else dotted] = path
    return mods


def _type_checking_nodes(tree):
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skip


def import_graph():
    mods = _modules()
    graph = {}
    for mod, path in mods.items():
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read(), path)
        skip = _type_checking_nodes(tree)
        is_package = path.endswith("__init__.py")
        deps = set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in mods)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = mod.split(".") if is_package else mod.split(".")[:-1]
                    parts = parts[:len(parts) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    deps.add(target if target in mods else base)
        graph[mod] = {d for d in deps if d in mods and d != mod}
    return graph


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_graph_sees_the_package():
    graph = import_graph()
    assert "backprop_doctor.gradcheck" in graph["backprop_doctor.api"]
    assert "backprop_doctor.fd" in graph["backprop_doctor.gradcheck"]


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# Known cycles still to break, each with the reason; this list may only shrink (it is empty).
KNOWN: set = set()


def test_no_import_cycles():
    graph = import_graph()
    found = [c for c in cycles(graph) if frozenset(c) not in KNOWN]
    detail = [{m: sorted(d for d in graph[m] if d in c) for m in c} for c in found]
    assert not found, f"import cycles: {detail}"


def test_known_cycles_are_still_there():
    """A known cycle that is gone must leave the list (so the list cannot hide a new one)."""
    present = {frozenset(c) for c in cycles(import_graph())}
    assert KNOWN <= present, f"no longer cycles, remove from KNOWN: {KNOWN - present}"
