"""Evaluating the cost at many points: on any `concurrent.futures.Executor`, or a process pool.

`parallel_evaluation(problem, executor=..., workers=N)` yields an `evaluate_many(points)` for
`CheckOptions.evaluate_many`.  Points go out in chunks as sparse changes to a base point (a
central difference changes one entry), so a check of P parameters sends O(P) numbers per chunk,
not P^2.  Evaluations and in-place changes are counted in the parent, as in a serial run, and the
values come back in submission order, so the results do not depend on the number of workers.

    with ProcessPoolExecutor(4) as pool:            # or workers=4: a pool with BLAS pinned
        bd.check(cost, grad, theta, args, executor=pool)

    from dask.distributed import Client             # a cluster: Dask's Executor interface
    client = Client("scheduler:8786")
    bd.check(cost, grad, theta, args, executor=client.get_executor())

Processes need the cost to be picklable: functions defined at module level of an importable module
(and data that pickles).  Lambdas and functions defined inside other functions are not; use
workers=1 or a ThreadPoolExecutor for those.
"""
from __future__ import annotations

import math
import os
import pickle
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np

from .errors import InputError, UserCodeError

ProgressFn = Callable[[int, int], None]
MAX_CHUNK = 256             # points per task: small enough for progress and load balance
TASKS_PER_WORKER = 4
_BLAS_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


class PerturbedPoints(Sequence):
    """`base` with entry indices[k] set to values[k], built on demand: 2P points in O(P) memory."""

    def __init__(self, base: np.ndarray, indices: np.ndarray, values: np.ndarray):
        self.base = np.asarray(base, dtype=np.float64)
        self.indices = np.asarray(indices, dtype=np.int64)
        self.values = np.asarray(values, dtype=np.float64)
        if self.indices.shape != self.values.shape:
            raise ValueError("indices and values must have the same shape")

    def __len__(self) -> int:
        return int(self.indices.size)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return PerturbedPoints(self.base, self.indices[k], self.values[k])
        point = self.base.copy()
        point[self.indices[k]] = self.values[k]
        return point

    def sparse_changes(self, start: int, stop: int):
        return self.base, [(self.indices[k:k + 1], self.values[k:k + 1]) for k in range(start, stop)]


class SparsePoints(Sequence):
    """`base` with positions[k] set to values[k] (several entries per point), built on demand."""

    def __init__(self, base: np.ndarray, changes: Sequence[Tuple[np.ndarray, np.ndarray]]):
        self.base = np.asarray(base, dtype=np.float64)
        self.changes = [(np.asarray(p, dtype=np.int64), np.asarray(v, dtype=np.float64))
                        for p, v in changes]

    def __len__(self) -> int:
        return len(self.changes)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return SparsePoints(self.base, self.changes[k])
        positions, values = self.changes[k]
        point = self.base.copy()
        point[positions] = values
        return point

    def sparse_changes(self, start: int, stop: int):
        return self.base, self.changes[start:stop]


# A chunk travels as (base, changes): changes[k] is (positions, values) or (None, dense point).
_Change = Tuple[Optional[np.ndarray], np.ndarray]


def _encode(points: Sequence[np.ndarray], start: int, stop: int) -> Tuple[np.ndarray, List[_Change]]:
    if hasattr(points, "sparse_changes"):       # PerturbedPoints, SparsePoints
        return points.sparse_changes(start, stop)
    base = np.asarray(points[start], dtype=np.float64)
    changes: List[_Change] = []
    for k in range(start, stop):
        p = np.asarray(points[k], dtype=np.float64)
        where = np.flatnonzero(p != base)
        changes.append((where, p[where]) if where.size * 4 < p.size else (None, p))
    return base, changes


# -- the worker side ------------------------------------------------------------------------

_WORKER_PROBLEM: Any = None
_WORKER_LIMITS: Any = None


def _install(problem_bytes: bytes, parent_pid: Optional[int] = None) -> None:
    """Process-pool initializer: die with the parent, one BLAS thread, the problem unpickled once."""
    global _WORKER_PROBLEM
    if parent_pid is not None:
        die_with_parent(parent_pid)
    pin_blas_threads()
    _WORKER_PROBLEM = pickle.loads(problem_bytes)


def die_with_parent(parent_pid: int) -> None:
    """A worker must not outlive the check: when the parent is killed (SIGKILL from a supervisor,
    subprocess.run(timeout=...)), orphaned workers would keep the caller's pipes open forever.
    Linux: the kernel sends SIGKILL on the parent's death (prctl PR_SET_PDEATHSIG); elsewhere a
    daemon thread watches the parent's pid."""
    import signal
    import sys
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent_pid:      # the parent died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        import time

        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="backprop-doctor-parent-watch", daemon=True).start()


def pin_blas_threads() -> None:
    """One BLAS/OpenMP thread in this process (threadpoolctl when installed, env vars anyway)."""
    global _WORKER_LIMITS
    for name in _BLAS_ENV:
        os.environ[name] = "1"
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    _WORKER_LIMITS = threadpool_limits(limits=1)


def _run_chunk(problem: Any, base: np.ndarray, changes: List[_Change]):
    """Evaluate one chunk; returns (values, evaluations, mutation events, portable error)."""
    problem = _WORKER_PROBLEM if problem is None else problem
    values = np.full(len(changes), np.nan)
    start = problem.evaluations
    point = base.copy()
    error = None
    try:
        for k, (where, v) in enumerate(changes):
            if where is None:
                values[k] = problem.cost(v)
            else:
                point[where] = v
                values[k] = problem.cost(point)
                point[where] = base[where]
    except BaseException as exc:  # noqa: BLE001 - sent back and re-raised in the parent
        error = _portable(exc)
    events = list(problem.mutations.events)
    problem.mutations.events.clear()
    return values, problem.evaluations - start, events, error


def _portable(exc: BaseException):
    """An exception in a form that survives pickling (UserCodeError's __init__ does not)."""
    if isinstance(exc, UserCodeError):
        original = exc.original
        try:
            pickle.dumps(original)
        except Exception:  # noqa: BLE001
            original = RuntimeError(f"{type(original).__name__}: {original}")
        return ("user", exc.where, original, str(exc), exc.user_traceback)
    try:
        pickle.dumps(exc)
        return ("plain", exc)
    except Exception:  # noqa: BLE001
        return ("plain", RuntimeError(f"{type(exc).__name__}: {exc}"))


def _reraise(error) -> None:
    if error[0] == "user":
        _, where, original, message, user_traceback = error
        exc = UserCodeError.__new__(UserCodeError)
        RuntimeError.__init__(exc, message)
        exc.where, exc.original, exc.user_traceback = where, original, user_traceback
        raise exc
    raise error[1]


# -- the parent side ------------------------------------------------------------------------

class ExecutorEvaluator:
    """`evaluate_many` on an executor: chunks out, values back in order, counts kept here."""

    def __init__(self, problem, executor: Executor, payload: Any, parallelism: int,
                 progress: Optional[ProgressFn] = None):
        self.problem = problem
        self.executor = executor
        self.payload = payload          # None: installed in the workers; else sent with each task
        self.parallelism = max(1, int(parallelism))
        self.progress = progress

    def chunk_bounds(self, n: int) -> List[Tuple[int, int]]:
        size = max(1, min(MAX_CHUNK, math.ceil(n / (self.parallelism * TASKS_PER_WORKER))))
        return [(a, min(n, a + size)) for a in range(0, n, size)]

    def __call__(self, points: Sequence[np.ndarray]) -> np.ndarray:
        n = len(points)
        out = np.empty(n)
        if n == 0:
            return out
        bounds = self.chunk_bounds(n)
        try:
            futures = [self.executor.submit(_run_chunk, self._payload(), *_encode(points, a, b))
                       for a, b in bounds]
        except RuntimeError as exc:     # "cannot schedule new futures after shutdown"
            raise InputError(f"the executor cannot take work ({exc}); pass one that is running "
                             "(not shut down), or leave executor out.") from None
        try:
            for (a, b), future in zip(bounds, futures):
                values, count, events, error = future.result()
                self.problem.add_evaluations(count, events)
                if error is not None:
                    _reraise(error)
                out[a:b] = values
                if self.progress is not None:
                    self.progress(b, n)
        finally:
            for future in futures:
                future.cancel()
        return out

    def _payload(self):
        if self.payload == "copy":      # threads share memory: a private counter per task
            return _fresh(self.problem)
        return self.payload


def _fresh(problem):
    from .problem import MutationLog

    return replace(problem, evaluations=0, mutations=MutationLog())


def picklable_problem(problem) -> bytes:
    """The problem pickled for other processes, or an InputError naming what cannot travel."""
    fresh = _fresh(problem)
    try:
        return pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - PicklingError, AttributeError, TypeError
        culprit = _unpicklable_part(problem)
        raise InputError(
            f"workers/executor run the cost in other processes, which needs {culprit} to be "
            f"picklable, and it is not ({type(exc).__name__}: {exc}). Define the function at "
            "module level of an importable module (lambdas and functions defined inside other "
            "functions cannot be sent), or use workers=1, or pass "
            "executor=concurrent.futures.ThreadPoolExecutor(...).") from None


def _unpicklable_part(problem) -> str:
    for name, value in (("cost", problem.user_cost), ("forward", problem.forward),
                        ("loss", problem.loss), ("grad", problem.user_grad),
                        ("args", problem.args)):
        if value is None:
            continue
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001
            label = getattr(value, "__qualname__", None)
            return f"{name} ({label})" if label and name != "args" else name
    return "the problem"


def useful_workers(requested: int, n_params: int) -> int:
    """No more processes than CPUs, nor than parameters (2 evaluations each): --workers 1000
    must not start 1000 processes.  Two stay allowed on a one-CPU machine, so the parallel path
    behaves (and is tested) the same everywhere."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(int(requested), max(2, cpus or 1), max(1, int(n_params))))


@contextmanager
def parallel_evaluation(problem, executor: Optional[Executor] = None,
                        workers: Optional[int] = None,
                        progress: Optional[ProgressFn] = None) -> Iterator[Optional[Callable]]:
    """An evaluate_many for the check, or None for the serial default (no executor, workers<=1).

    `workers=N` (N > 1) starts a process pool of N workers with one BLAS thread each and shuts
    it down afterwards; `executor` is used as given and left running (workers, if also given, only
    sizes the chunks).
    """
    if workers is not None:
        if isinstance(workers, bool) or not isinstance(workers, (int, np.integer)) or workers < 1:
            raise InputError(f"workers must be a whole number >= 1, got {workers!r}.")
        workers = int(workers)
    if executor is None and (workers is None or workers == 1):
        yield None
        return
    if executor is not None:
        if not isinstance(executor, Executor) and not hasattr(executor, "submit"):
            raise InputError(f"executor must be a concurrent.futures.Executor (something with "
                             f"submit()), got {type(executor).__name__}.")
        parallelism = workers or getattr(executor, "_max_workers", None) or os.cpu_count() or 1
        if isinstance(executor, ThreadPoolExecutor):
            payload: Any = "copy"
        else:
            if isinstance(executor, ProcessPoolExecutor):
                picklable_problem(problem)   # fail early with a clear message; Dask and loky
            payload = _fresh(problem)        # use cloudpickle, which also sends lambdas
        yield ExecutorEvaluator(problem, executor, payload, parallelism, progress)
        return
    workers = useful_workers(workers, problem.layout.size)
    if workers == 1:
        yield None
        return
    problem_bytes = picklable_problem(problem)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_install,
                               initargs=(problem_bytes, os.getpid()))
    try:
        yield ExecutorEvaluator(problem, pool, None, workers, progress)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
