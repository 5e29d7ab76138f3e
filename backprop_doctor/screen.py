"""Big models: screen every block with random directional derivatives, localise what fails.

For a direction v that moves only the entries of a group S (random signs and magnitudes, in units
of each entry's step h_i, unit length), one pair of evaluations gives

    f(x + v) - f(x - v) = 2 g_true . v + O(|v|^3 f''') + noise (std sigma * sqrt 2),

to compare with the analytic 2 g . v.  A wrong entry k adds err_k * v_k; random weights make several
wrong entries cancel only by chance.  So two evaluations test a whole block:

1. every block gets a few random directions; a direction that fails is looked at again with 2v
   (for a bug the mismatch doubles, for truncation it grows eightfold: Richardson separates them);
2. a failing block that is small (WHOLE_BLOCK_FRACTION of the parameters, at most
   WHOLE_BLOCK_MAX entries) is handed back whole, so the diagnosis can read its pattern;
3. a bigger one is localised by group testing: bisection over its rows and over its columns finds
   the failing lines (a bias column, one unit's row), then bisection over the entries where they
   cross finds the wrong entries (a failing line that no found entry explains, because two wrong
   entries cancelled in one test, is searched on its own); a bug that is everywhere (a scale, a
   sign) is recognised early and answered with a sample instead of a search;
4. every block also gets a small random sample of single entries, as a backup.

On the 400-25-10 network (10,285 parameters) this costs 53 evaluations when the gradient is right
and 259 (1.3% of a full check) to find all 10 wrong output-bias entries of a regularised bias.

The runner then checks the returned entries one by one.  Every evaluation goes through the
runner's `evaluate_many`, so it is counted and can run in parallel.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

import numpy as np

from .fd import with_values

N_DIRECTIONS = 2             # random directions per block
SAMPLE_PER_BLOCK = 4         # single entries per block, as a backup
SAMPLE_FAILING_BLOCK = 32    # extra single entries of a localised failing block
WHOLE_BLOCK_MAX = 2000       # a failing block up to this size (and fraction) goes back whole
WHOLE_BLOCK_FRACTION = 0.02
WHOLE_BLOCK_MIN = 64
DIRECT_TEST = 4              # groups of at most this many items are split into singles
DENSE_FRACTION = 0.75        # this share of groups failing at a level of >= DENSE_MIN: everywhere
DENSE_MIN = 8
DENSE_SAMPLE = 128           # entries checked of a big block that is wrong everywhere

Evaluator = Callable[[Sequence[np.ndarray]], np.ndarray]


def select_entries(problem, x0, analytic, steps, noise, options, rng, evaluate_many) -> np.ndarray:
    """Flat indices to check entry by entry in screen mode (evaluations go through evaluate_many)."""
    screen = Screen(problem.layout, x0, analytic, steps, noise.sigma, noise.relative,
                    options.rtol, rng, evaluate_many)
    return screen.run(options.max_checks)


@dataclass(frozen=True)
class GroupResult:
    failed: bool
    mismatch: float      # analytic - numeric, for f(x+v) - f(x-v)
    tolerance: float


class Screen:
    """Directional tests on groups of entries of one layout, and the searches built on them."""

    def __init__(self, layout, x0, analytic, steps, sigma, noise_relative, rtol,
                 rng: np.random.Generator, evaluate_many: Evaluator):
        from .tolerances import NOISE_SIGMAS, analytic_allowance

        self.layout = layout
        self.x0 = x0
        self.g = analytic
        self.steps = steps
        self.sigma = sigma
        self.rtol = rtol
        self.rng = rng
        self.evaluate_many = evaluate_many
        self.noise_sigmas = NOISE_SIGMAS
        self.allowance = analytic_allowance(layout, analytic, noise_relative)
        self.failing_blocks: List[str] = []

    # -- the directional test ---------------------------------------------------------------
    def directions(self, group: np.ndarray, scale: float = 1.0) -> np.ndarray:
        """Random signs and magnitudes in [0.5, 1.5]: no entry is nearly left out (a Gaussian
        weight near 0 would hide that entry), yet wrong entries cancel only by chance."""
        z = self.rng.choice([-1.0, 1.0], size=group.size) * self.rng.uniform(0.5, 1.5, group.size)
        return scale * z / max(float(np.linalg.norm(z)), 1e-300) * self.steps[group]

    def test(self, groups: Sequence[np.ndarray], moves: Optional[Sequence[np.ndarray]] = None
             ) -> List[GroupResult]:
        """One pair of evaluations per group, all groups in one evaluate_many call."""
        if not groups:
            return []
        from .parallel import SparsePoints   # points built on demand: memory O(P), not O(P k)

        moves = [self.directions(s) for s in groups] if moves is None else moves
        changes, shifts = [], []
        for s, v in zip(groups, moves):
            xp = self._representable(s, self.x0[s] + v)
            xm = self._representable(s, self.x0[s] - v)
            shifts.append((xp - self.x0[s]) + (self.x0[s] - xm))
            changes += [(s, xp), (s, xm)]
        values = self.evaluate_many(SparsePoints(self.x0, changes))
        out = []
        for k, (s, shift) in enumerate(zip(groups, shifts)):
            numeric = values[2 * k] - values[2 * k + 1]
            analytic = float(self.g[s] @ shift)
            out.append(self._verdict(s, shift, analytic - numeric))
        return out

    def _verdict(self, s: np.ndarray, shift: np.ndarray, mismatch: float) -> GroupResult:
        tol = (self.noise_sigmas * np.sqrt(2.0) * self.sigma
               + float(self.allowance[s] @ np.abs(shift)))
        # an entry k with relative error r adds r |g_k shift_k|; rtol * rms is the size it must beat
        rms = float(np.sqrt(np.mean((self.g[s] * shift) ** 2)))
        limit = max(tol, self.rtol * rms)
        return GroupResult(bool(abs(mismatch) > limit), float(mismatch), float(limit))

    def confirm(self, groups: Sequence[np.ndarray], moves: Sequence[np.ndarray],
                first: Sequence[GroupResult]) -> List[bool]:
        """Look again at failing directions with twice the move: a bug's mismatch doubles,
        truncation's grows 8 times, so (8 e1 - e2) / 6 keeps the bug and drops the truncation."""
        again = self.test(groups, [2.0 * v for v in moves])
        out = []
        for r1, r2 in zip(first, again):
            corrected = (8 * r1.mismatch - r2.mismatch) / 6   # its noise is 1.34 times e1's
            out.append(bool(abs(corrected) > 1.35 * r1.tolerance and r2.failed))
        return out

    def _representable(self, s: np.ndarray, values: np.ndarray) -> np.ndarray:
        if all(b.dtype == np.float64 for b in self.layout.blocks):
            return values
        return self.layout.representable(with_values(self.x0, s, values))[s]

    # -- the screen ---------------------------------------------------------------------------
    def run(self, max_checks: int) -> np.ndarray:
        blocks = self.layout.blocks
        groups, moves, owners = [], [], []
        for b in blocks:
            members = np.arange(b.offset, b.offset + b.size)
            for _ in range(N_DIRECTIONS):
                groups.append(members)
                moves.append(self.directions(members))
                owners.append(b)
        first = self.test(groups, moves)
        failing = [k for k, r in enumerate(first) if r.failed]
        confirmed = self.confirm([groups[k] for k in failing], [moves[k] for k in failing],
                                 [first[k] for k in failing]) if failing else []
        failing_blocks = []
        for k, ok in zip(failing, confirmed):
            if ok and owners[k] not in failing_blocks:
                failing_blocks.append(owners[k])
        self.failing_blocks = [b.name for b in failing_blocks]

        total = self.layout.size
        whole_limit = min(WHOLE_BLOCK_MAX, max(WHOLE_BLOCK_MIN, int(WHOLE_BLOCK_FRACTION * total)))
        share = min(DENSE_SAMPLE, max(SAMPLE_FAILING_BLOCK, max_checks // max(1, len(blocks))))
        picked = [self.sample(b, SAMPLE_PER_BLOCK) for b in blocks]
        for b in failing_blocks:
            if b.size <= whole_limit:
                picked.append(np.arange(b.offset, b.offset + b.size))
                continue
            found = self.localise(b)
            if found is None:      # wrong everywhere: a sample shows the pattern
                picked.append(self.sample(b, min(b.size, share)))
            else:
                picked.append(found)
                picked.append(self.sample(b, SAMPLE_FAILING_BLOCK))
        return np.unique(np.concatenate(picked)).astype(np.int64)

    def sample(self, block, k: int) -> np.ndarray:
        k = min(k, block.size)
        return block.offset + np.sort(self.rng.choice(block.size, size=k, replace=False))

    # -- localisation -------------------------------------------------------------------------
    def localise(self, block) -> Optional[np.ndarray]:
        """Flat indices of the block's wrong entries, or None when they are everywhere."""
        rows, cols = _as_matrix_shape(block.shape)
        if cols == 1:
            return self.search_entries(np.arange(block.offset, block.offset + block.size))
        grid = np.arange(block.size).reshape((rows, cols), order=block.order) + block.offset
        # a wrong line (a column) makes every line across it fail: dense on one axis narrows
        # nothing on that axis; dense on both means wrong everywhere
        bad_rows = self.find_failing([grid[r, :] for r in range(rows)])
        bad_cols = self.find_failing([grid[:, c] for c in range(cols)])
        if bad_rows is None and bad_cols is None:
            return None
        bad_rows = list(range(rows)) if bad_rows is None else bad_rows
        bad_cols = list(range(cols)) if bad_cols is None else bad_cols
        found = self.search_entries(grid[np.ix_(bad_rows, bad_cols)].ravel())
        if found is None:
            return None
        # two wrong entries can cancel in one line's test and hide their column or row: a failing
        # line that no entry found explains is searched on its own
        hit_rows = {int(r) for r in np.flatnonzero(np.isin(grid, found).any(axis=1))}
        hit_cols = {int(c) for c in np.flatnonzero(np.isin(grid, found).any(axis=0))}
        lines = [grid[r, :] for r in bad_rows if r not in hit_rows]
        lines += [grid[:, c] for c in bad_cols if c not in hit_cols]
        extra = [found]
        for line in lines:
            more = self.search_entries(np.setdiff1d(line, found), known_failing=False)
            if more is not None:
                extra.append(more)
        return np.unique(np.concatenate(extra))

    def search_entries(self, candidates: np.ndarray, known_failing: bool = True
                       ) -> Optional[np.ndarray]:
        """The wrong entries among candidates by bisection; all of them when they are all wrong
        (up to WHOLE_BLOCK_MAX), None when wrong everywhere in a bigger set."""
        if candidates.size == 0:
            return candidates
        if not known_failing and not self.test([candidates])[0].failed:
            return np.empty(0, dtype=np.int64)
        if candidates.size == 1:
            return candidates
        order = self.rng.permutation(candidates.size)
        found = self.find_failing([candidates[[i]] for i in order])
        if found is None:
            return None if candidates.size > WHOLE_BLOCK_MAX else np.sort(candidates)
        return np.sort(candidates[order[found]])

    def find_failing(self, items: List[np.ndarray]) -> Optional[List[int]]:
        """Which items (each a set of flat indices) hold a wrong entry, knowing their union does.

        Bisection: a failing group is split in halves (groups of at most DIRECT_TEST items into
        single items) and the halves are tested, a level at a time in one batch.  Returns None
        when most groups of a wide level fail: the error is everywhere and a search would cost
        more than it saves.
        """
        level = [list(range(len(items)))]
        found: List[int] = []
        while level:
            children: List[List[int]] = []
            for group in level:
                if len(group) == 1:
                    found.append(group[0])
                elif len(group) <= DIRECT_TEST:
                    children.extend([[i] for i in group])
                else:
                    half = len(group) // 2
                    children.extend([group[:half], group[half:]])
            if not children:
                break
            results = self.test([np.concatenate([items[i] for i in c]) for c in children])
            failed = [c for c, r in zip(children, results) if r.failed]
            if len(children) >= DENSE_MIN and len(failed) >= DENSE_FRACTION * len(children) \
                    and any(len(c) > 1 for c in failed):
                return None
            level = []
            for c in failed:
                if len(c) == 1:
                    found.append(c[0])
                else:
                    level.append(c)
        return sorted(found)


def _as_matrix_shape(shape: Tuple[int, ...]) -> Tuple[int, int]:
    """Rows and columns of a block seen as a matrix (first axis x the rest)."""
    if len(shape) < 2:
        return (int(np.prod(shape, dtype=np.int64)) if shape else 1), 1
    return int(shape[0]), int(np.prod(shape[1:], dtype=np.int64))

