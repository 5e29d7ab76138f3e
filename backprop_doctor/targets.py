"""Command-line values: `MODULE:ATTR` targets, auto-discovery, and the user's stdout.

`MODULE` is an importable dotted name (the current directory is importable) or a path to a .py
file; an attribute may be a value or a zero-argument callable returning it.
"""
from __future__ import annotations

import contextlib
import importlib
import importlib.util
import inspect
import os
import sys
from types import ModuleType
from typing import Any, Iterable, Iterator, Optional, Tuple

from ._safe_path import add_user_folder
from .errors import InputError, UserCodeError, call_user

COST_NAMES = ("cost", "computeCost", "compute_cost", "loss", "J", "nnCostFunction", "costFunction")
PARAMS_NAMES = ("theta0", "initial_theta", "nn_params", "params", "theta", "initial_nn_params")
ARGS_NAMES = ("args", "ARGS")
BLOCKS_NAMES = ("BLOCKS", "LAYOUT")


def split_target(spec: str) -> Tuple[str, str]:
    """`pkg.mod:attr` or `path/to/file.py:attr` -> (module, attr)."""
    if ":" not in spec or spec.endswith(":"):
        raise InputError(f"{spec!r} is not MODULE:ATTR; write e.g. mymodule:grad or "
                         "path/to/file.py:grad.")
    module, _, attr = spec.rpartition(":")
    if len(module) == 1 and module.isalpha() and attr[:1] in ("\\", "/"):  # C:\path: a drive
        raise InputError(f"{spec!r} is not MODULE:ATTR.")
    return module, attr


def names_attribute(spec: str) -> bool:
    """`mod:attr` names an attribute; `mynet.py` or `pkg.mod` alone names only a module."""
    module, sep, attr = spec.rpartition(":")
    return bool(sep) and bool(attr) and not (len(module) == 1 and module.isalpha()
                                             and attr[:1] in ("\\", "/"))


def load_module(name: str) -> ModuleType:
    """Import a dotted module name or a .py path; errors name the module and what went wrong."""
    if name.endswith(".py") or os.sep in name or "/" in name:
        path = os.path.abspath(name)
        if not os.path.isfile(path):
            raise InputError(f"no such file: {name}.")
        dotted, root = _package_name(path)
        if dotted is not None:
            # a file inside a package (it may use relative imports): import it by its dotted
            # name with the package's parent folder importable, as pytest does
            add_user_folder(root)
            return _import_dotted(dotted, name)
        add_user_folder(os.path.dirname(path))  # so the file's own sibling imports work
        mod_name = os.path.splitext(os.path.basename(path))[0]
        existing = sys.modules.get(mod_name)
        if existing is not None and os.path.abspath(getattr(existing, "__file__", "") or "") == path:
            return existing
        spec = importlib.util.spec_from_file_location(mod_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[mod_name] = module
        try:
            call_user(f"importing {name}", spec.loader.exec_module, module)
        except UserCodeError:
            sys.modules.pop(mod_name, None)
            raise
        return module
    add_user_folder(os.getcwd())
    return _import_dotted(name, name)


def _import_dotted(dotted: str, shown: str) -> ModuleType:
    try:
        return importlib.import_module(dotted)
    except ModuleNotFoundError as exc:
        if exc.name and dotted.startswith(exc.name):
            raise InputError(f"cannot import module {shown!r}: no such module (the current directory "
                             f"is {os.getcwd()}; give a path like path/to/{shown}.py or run from "
                             "its folder).") from None
        raise UserCodeError(f"importing {shown}", exc) from exc
    except (KeyboardInterrupt, InputError, UserCodeError):
        raise
    except BaseException as exc:  # noqa: BLE001 - the user's module raised (or sys.exit) on import
        raise UserCodeError(f"importing {shown}", exc) from exc


def _package_name(path: str):
    """(dotted module name, folder to put on sys.path) for a file inside a package, else (None, None)."""
    folder, base = os.path.split(path)
    if not os.path.isfile(os.path.join(folder, "__init__.py")):
        return None, None
    parts = [os.path.splitext(base)[0]]
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        folder, pkg = os.path.split(folder)
        parts.insert(0, pkg)
    return ".".join(parts), folder


def resolve_function(spec: str, what: str, flag: str) -> Tuple[Any, ModuleType]:
    module_name, attr = split_target(spec)
    module = load_module(module_name)
    value = _getattr(module, attr, module_name, what, flag)
    if not callable(value):
        raise InputError(f"{module_name}:{attr} should be the {what} function, got "
                         f"{type(value).__name__}.")
    return value, module


def resolve_value(spec: str, what: str, flag: str, default_module: Optional[ModuleType] = None) -> Any:
    if ":" not in spec and default_module is not None:
        module, attr, module_name = default_module, spec, default_module.__name__
    else:
        module_name, attr = split_target(spec)
        module = load_module(module_name)
    return call_if_factory(_getattr(module, attr, module_name, what, flag), f"{module_name}:{attr}")


def discover(module: ModuleType, names: Iterable[str]) -> Optional[Tuple[str, Any]]:
    for name in names:
        if hasattr(module, name):
            return name, getattr(module, name)
    return None


def discover_function(module: ModuleType, names: Iterable[str],
                      exclude: Any = None) -> Optional[Tuple[str, Any]]:
    """The first of `names` that is a function in the module (a script's `J = 0.3` is not)."""
    for name in names:
        value = getattr(module, name, None)
        if callable(value) and not isinstance(value, type) and value is not exclude:
            return name, value
    return None


def resolve_target(spec: str, what: str, flag: str) -> Tuple[Any, ModuleType, str]:
    """A function, a bound method or an object (a model) named by MODULE:ATTR."""
    module_name, attr = split_target(spec)
    module = load_module(module_name)
    return _getattr(module, attr, module_name, what, flag), module, attr


def call_if_factory(value: Any, where: str) -> Any:
    """A zero-argument callable stands for the value it returns (e.g. def params(): ...)."""
    if callable(value) and not isinstance(value, type) and _takes_no_arguments(value):
        return call_user(where + "()", value)
    return value


def _takes_no_arguments(fn: Any) -> bool:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in sig.parameters.values())


def _getattr(module: ModuleType, attr: str, module_name: str, what: str, flag: str) -> Any:
    value: Any = module
    for part in attr.split("."):
        if not hasattr(value, part):
            public = sorted(n for n in dir(module) if not n.startswith("_"))
            import difflib

            close = difflib.get_close_matches(part, [n for n in dir(value) if not n.startswith("__")],
                                              n=3, cutoff=0.6)
            hint = f" Did you mean {' or '.join(close)}?" if close else ""
            raise InputError(f"{module_name} has no attribute {attr!r} (the {what}, given with "
                             f"{flag}).{hint} It defines: {', '.join(public[:12]) or 'nothing public'}"
                             f"{', ...' if len(public) > 12 else ''}.")
        value = getattr(value, part)
    return value


def as_args(value: Any) -> tuple:
    """`--args`: a tuple is unpacked into positional arguments; anything else is one argument."""
    return value if isinstance(value, tuple) else (value,)


@contextlib.contextmanager
def user_stdout_to_stderr(enabled: bool) -> Iterator[None]:
    """Under --json, stdout carries exactly one JSON document: the user's output goes to stderr.

    Both levels: `sys.stdout` (print) and file descriptor 1 (os.write(1, ...), os.system,
    print(file=sys.__stdout__), C extensions, worker processes started meanwhile)."""
    if not enabled:
        yield
        return
    _flush_stdout()
    try:
        saved = os.dup(1)
        os.dup2(2, 1)
    except OSError:        # no fd 1 (closed, or an embedded interpreter): Python level only
        saved = None
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        _flush_stdout()
        if saved is not None:
            os.dup2(saved, 1)
            os.close(saved)


def _flush_stdout() -> None:
    for stream in (sys.stdout, sys.__stdout__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass


def load_point(ns, module: ModuleType, what: str = "the point to check", fn: Any = None,
               need_params: bool = True, call_name: Optional[str] = None
               ) -> Tuple[Any, tuple, Optional[str]]:
    """--params, --args and --blocks, or the usual names in the module (shared by the commands).

    With `fn` (the user's function), what the usual names do not give is taken from how the
    script itself calls `call_name` (`nnCostFunction(nn_params, ..., X, y, lmbda)`,
    `minimize(costFunction, initial_theta, args=(X, y), jac=True)`; see call_sites.py), then from
    variables named like fn's parameters (`X`, `y`, `lambda_`).  `ns.found` (a list, when
    present) collects what was found where, for the user."""
    found_notes = getattr(ns, "found", None)

    def note(text: str) -> None:
        if found_notes is not None:
            found_notes.append(text)

    names = _parameter_names(fn)
    site_cache: list = []

    def site():
        if not site_cache:
            from .call_sites import find_call

            site_cache.append(find_call(module, call_name, fn) if call_name and fn else None)
        return site_cache[0]

    params = None
    if getattr(ns, "params", None):
        params = resolve_value(ns.params, "parameters", "--params", module)
    elif need_params:
        found = discover(module, PARAMS_NAMES)
        if found is None and site() is not None and site().params is not None:
            found = (f"from the call at line {site().line}", site().params)
        if found is None and names and _is_data(getattr(module, names[0], None)):
            found = (names[0], getattr(module, names[0]))
        if found is None:
            looked = PARAMS_NAMES + ((names[0],) if names else ())
            raise InputError(f"no parameters found in {module.__name__} (looked for "
                             f"{', '.join(looked)}); give {what} with --params MODULE:PARAMS.")
        params = call_if_factory(found[1], f"{module.__name__}:{found[0]}")
        note(f"parameters {found[0]}")
    if getattr(ns, "args", None):
        args = as_args(resolve_value(ns.args, "arguments", "--args", module))
    else:
        found = discover(module, ARGS_NAMES)
        data = _module_of_value(getattr(ns, "params", None), module)
        if found is None and data is not None:
            # --params harness.py:theta: the arguments usually sit beside the point
            found = discover(data, ARGS_NAMES)
            if found is not None:
                found = (f"{data.__name__}:{found[0]}", found[1])
        if found:
            args = as_args(call_if_factory(found[1], found[0]))
            note(f"args {found[0]}")
        elif site() is not None:
            args = site().args
            note(f"args as the script calls it at line {site().line}: {site().text}")
        else:
            rest = names[1:] if need_params else names
            args = _args_by_parameter_names(module, fn, rest)
            if args:
                note("args " + ", ".join(rest[:len(args)]))
    blocks = getattr(ns, "blocks", None)
    if blocks is None:
        found = discover(module, BLOCKS_NAMES)
        blocks = found[1] if found and isinstance(found[1], str) else None
    return params, args, blocks


def _module_of_value(spec: Optional[str], module: ModuleType) -> Optional[ModuleType]:
    """The module a --params MODULE:ATTR names, when it is not the function's own module."""
    if not spec or not names_attribute(spec):
        return None
    other = load_module(split_target(spec)[0])
    return other if other is not module else None


def _parameter_names(fn: Any) -> Tuple[str, ...]:
    """The names of fn's positional parameters (a bound method's without self)."""
    if fn is None:
        return ()
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return ()
    return tuple(p.name for p in sig.parameters.values()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))


def _is_data(value: Any) -> bool:
    return value is not None and not callable(value) and not isinstance(value, ModuleType)


def _args_by_parameter_names(module: ModuleType, fn: Any, names: Tuple[str, ...]) -> tuple:
    """fn's remaining parameters from the module's variables of the same names; a parameter with
    a default and no such variable keeps its default (and ends the list)."""
    if fn is None or not names:
        return ()
    sig = inspect.signature(fn)
    values, missing = [], []
    for name in names:
        param = sig.parameters[name]
        value = getattr(module, name, None)
        if _is_data(value):
            if missing:
                break
            values.append(value)
        elif param.default is not param.empty:
            break
        else:
            missing.append(name)
    if missing:
        raise InputError(f"{module.__name__} has no args or ARGS, and no variables named like the "
                         f"parameters {', '.join(missing)} of {getattr(fn, '__name__', 'the function')}; "
                         "give the arguments with --args MODULE:ARGS (a tuple is unpacked).")
    return tuple(values)
