"""Big models: screen every block with directional derivatives, and say what the screen guarantees.

Error model.  For a direction d that moves only the entries of a group S and multipliers t = 1, 2, 3,

    D(t) = f(x + t d) - f(x - t d) = 2t g_true.d + t^3 c3 + t^5 c5 + O(t^7) + noise (std sigma sqrt 2).

The combination (45 D(1) - 9 D(2) + D(3)) / 30 keeps 2 g_true.d and removes the t^3 and t^5 terms;
its noise is 1.53 sigma sqrt 2.  The same combination of the analytic side g.u(t) (u(t) the actual
move from x - t d to x + t d after rounding to the user's dtype) gives the mismatch M = err.u, with
u about 2d.  A test fails when |M| exceeds

    thr = NOISE_SIGMAS * 1.53 sigma sqrt 2      the cost's measured noise, as in the per-entry check
        + allowance * ||u||                     the user's gradient's own rounding
        + |M - M2|                              M2 is the two-step estimate (8 D(1) - D(2)) / 6; the
                                                difference bounds what is left of the truncation
                                                (or of a kink the move crossed)

A single wrong entry k with error e (the others right) moves M by e u_k, so it fails the test for
certain when |e| >= 2 thr / |u_k|: that is the test's *floor* for entry k.  Unlike a tolerance taken
relative to the directional derivative, it does not dilute a single entry by the square root of the
group size: the step grows with the group instead, and the floor is set where it must be.

Plan.  Each block's *target* is what `--full` would fail for an entry of the block's typical size:
max(its per-entry noise tolerance, rtol * typical |g|).  Each block is covered by groups (two
passes with different cuts) whose step makes every entry's floor reach the target; a group needs a
step that grows like sqrt(size), and steps are capped (S_MAX, relative to the parameters), so a big
block is cut into as many groups as the numbers require, within a budget.  A test whose floor
misses the target (truncation or a kink on its way) is repeated with a quarter of the step.  What
the evaluations bought is reported per block as `floor` (relative to the typical entry): the
smallest single-entry error the screen would have found.

A failing block is then looked at:
1. a small one goes back whole (the diagnosis reads its pattern);
2. otherwise DENSE_PARTS tiny random sets are tested: if most of them fail, the block is wrong
   everywhere (a scale, a sign, a transpose, a hidden-layer mistake) and a sample of DENSE_SAMPLE
   entries shows the pattern, for a few hundred evaluations whatever the size;
3. otherwise bisection over its rows and columns finds the failing lines (a bias column, one
   unit's row), then bisection over their crossings finds the wrong entries.
The runner then checks the returned entries one by one, as `--full` would.  Every evaluation goes
through the runner's `evaluate_many`, so it is counted and can run in parallel.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple, Union

import numpy as np

from .report import BlockFloor
from .tolerances import NOISE_SIGMAS, analytic_allowance

N_PASSES = 2                 # coverage passes per block (different cuts, different directions)
S_MAX = 0.01                 # largest move |d| per group, times max(1, rms |x|) of the group
RETRIES = 2                  # a test whose floor misses its target: again with 1/4 of the step
BUDGET_FRACTION = 0.002      # coverage budget: this share of a full check's 2P evaluations...
BUDGET_MIN = 96              # ...but at least this many
SMALL_BLOCK = 64             # a failing block up to this size goes back whole
DENSE_PARTS = 6              # a failing block: this many tiny random sets are tested...
DENSE_SET = 4                # ...of this many entries each
DENSE_FRACTION = 0.75        # this share of the parts failing: wrong everywhere
DENSE_SAMPLE = 32            # entries checked of a block that is wrong everywhere
SAMPLE_PER_BLOCK = 2         # single entries per block, checked as a backup
SAMPLE_FAILING_BLOCK = 8     # extra single entries of a localised failing block
DIRECT_TEST = 4              # groups of at most this many items are split into singles
LINE_DENSE_MIN = 8           # bisection: this many groups at one level, DENSE_FRACTION failing...

# (45 D(1) - 9 D(2) + D(3)) / 30 and (8 D(1) - D(2)) / 6, as weights on t = 1, 2, 3
MULTIPLIERS = (1.0, 2.0, 3.0)
WEIGHTS3 = np.array([45.0, -9.0, 1.0]) / 30.0
WEIGHTS2 = np.array([8.0, -1.0, 0.0]) / 6.0
NOISE3 = float(np.sqrt(np.sum(WEIGHTS3 ** 2)))     # 1.53
NOISE2 = float(np.sqrt(np.sum(WEIGHTS2 ** 2)))     # 1.34

Evaluator = Callable[[Sequence[np.ndarray]], np.ndarray]
Positions = Union[slice, np.ndarray]


@dataclass(frozen=True)
class ScreenResult:
    indices: np.ndarray                 # flat indices to check entry by entry
    blocks: Tuple[BlockFloor, ...]
    failing_blocks: Tuple[str, ...]     # blocks a directional test found wrong
    dense_blocks: Tuple[str, ...]       # ...of which wrong nearly everywhere (sampled)

    @property
    def floor(self) -> float:
        return max((b.floor for b in self.blocks), default=0.0)

    @property
    def covered(self) -> bool:
        return all(b.covered for b in self.blocks)


def select_entries(run) -> ScreenResult:
    """The screen's verdicts and the entries to check one by one (evaluations via evaluate_many).
    `run` is the check's state (gradcheck._Run): problem, x0, analytic, steps, noise, options,
    rng, evaluate_many."""
    return Screen(run).run()


@dataclass(frozen=True)
class Test:
    """One group, one direction: the mismatch, the threshold, and the move each entry made."""

    positions: Positions
    failed: bool
    mismatch: float
    threshold: float
    move: np.ndarray        # u, the combined move of each entry of the group
    step: float
    inflated: bool          # truncation (or a kink crossed) at least doubled the threshold


class DirectionalPoints(Sequence):
    """x0 with a group moved by +-t d, t in MULTIPLIERS, built on demand (O(group) memory)."""

    def __init__(self, base: np.ndarray, moves: Sequence[Tuple[Positions, np.ndarray]],
                 values: Callable[[Positions, np.ndarray], np.ndarray], n_mult: int):
        self.base = base
        self.moves = list(moves)
        self.values = values
        self.n_mult = n_mult

    def __len__(self) -> int:
        return 2 * self.n_mult * len(self.moves)

    def change(self, k: int) -> Tuple[Positions, np.ndarray]:
        group, rest = divmod(k, 2 * self.n_mult)
        t, sign = divmod(rest, 2)
        positions, d = self.moves[group]
        delta = MULTIPLIERS[t] * d
        return positions, self.values(positions, self.base[positions] + (delta if sign == 0 else -delta))

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        positions, values = self.change(k)
        point = self.base.copy()
        point[positions] = values
        return point

    def sparse_changes(self, start: int, stop: int):
        return self.base, [self.change(k) for k in range(start, stop)]


class Screen:
    """Directional tests on groups of entries of one layout, and the searches built on them."""

    def __init__(self, run):
        layout = self.layout = run.problem.layout
        self.x0 = run.x0
        analytic = self.g = run.analytic
        steps = self.steps = run.steps
        sigma = self.sigma = run.noise.sigma
        rtol = self.rtol = run.options.rtol
        self.rng = run.rng
        self.evaluate_many: Evaluator = run.evaluate_many
        noise_sigmas = self.noise_sigmas = NOISE_SIGMAS
        self.float64 = all(b.dtype == np.float64 for b in layout.blocks)
        allowance = analytic_allowance(layout, analytic, run.noise.relative)
        self.allowance = {}
        self.typical = {}
        self.target = {}
        for b in layout.blocks:
            block = analytic[b.slice]
            self.allowance[b.name] = float(allowance[b.offset]) if b.size else 0.0
            nonzero = np.abs(block[block != 0])
            self.typical[b.name] = float(np.median(nonzero)) if nonzero.size else 1.0
            h = float(np.median(steps[b.slice])) if b.size else 1.0
            per_entry = noise_sigmas * sigma * np.sqrt(2.0) / (2 * h) + self.allowance[b.name]
            self.target[b.name] = max(per_entry, rtol * self.typical[b.name])
        self.floor_abs = np.full(layout.size, np.inf, dtype=np.float32)
        self.n_tests = {b.name: 0 for b in layout.blocks}
        self.sampled = False

    # -- the directional test ---------------------------------------------------------------
    def direction(self, positions: Positions, size: int, step: float) -> np.ndarray:
        """Random signs and magnitudes in [0.5, 1.5] (in units of each entry's h), norm `step`:
        no entry is nearly left out, yet wrong entries cancel only by chance."""
        z = self.rng.uniform(0.5, 1.5, size)
        z *= self.rng.choice([-1.0, 1.0], size=size)
        z *= self.steps[positions]
        z *= step / max(float(np.linalg.norm(z)), 1e-300)
        return z

    def needed_step(self, positions: Positions, size: int, block) -> float:
        """The move |d| that puts the worst entry's floor at the block's target (noise part only;
        margin 1.25 for the rest), capped at S_MAX."""
        h = self.steps[positions]
        hz_norm = float(np.sqrt(np.sum(h ** 2) * (13 / 12)))     # E|z|^2 = 13/12
        thr = self.noise_sigmas * NOISE3 * self.sigma * np.sqrt(2.0)
        # u_k = 2 step h_k z_k / |h z|, z_k >= 0.5: 2 thr / u_k <= target
        step = 1.25 * 2 * thr * hz_norm / (float(np.min(h)) * self.target[block.name])
        return min(step, self.max_step(positions))

    def max_step(self, positions: Positions) -> float:
        """S_MAX relative to the parameters, and never below a few per-entry steps (a noisy
        float32 cost needs steps of 1e-3 or more even for one entry)."""
        x = self.x0[positions]
        h = self.steps[positions]
        scale = max(1.0, float(np.sqrt(np.mean(x * x))) if x.size else 1.0)
        return max(S_MAX * scale, 16 * (float(np.max(h)) if h.size else 0.0))

    def _values(self, positions: Positions, values: np.ndarray) -> np.ndarray:
        if self.float64:
            return values
        from .fd import with_values

        idx = np.arange(self.layout.size)[positions]
        return self.layout.representable(with_values(self.x0, idx, values))[idx]

    def test(self, groups: Sequence[Tuple[Positions, float]], order: int = 3) -> List[Test]:
        """One test per (positions, step), all in one evaluate_many call.  order 3 uses t = 1, 2, 3
        (the coverage tests: their floors are the guarantee); order 2 uses t = 1, 2 (searches)."""
        if not groups:
            return []
        moves = []
        for positions, step in groups:
            size = _size(positions)
            moves.append((positions, self.direction(positions, size, step)))
        n_mult = order
        values = self.evaluate_many(DirectionalPoints(self.x0, moves, self._values, n_mult))
        weights = WEIGHTS3 if order == 3 else WEIGHTS2[:2]
        out = []
        for k, (positions, d) in enumerate(moves):
            g = self.g[positions]
            x = self.x0[positions]
            mism = np.empty(n_mult)
            move = np.zeros(d.size)
            for j in range(n_mult):     # one move u(t) at a time: O(group) memory
                u = self._values(positions, x + MULTIPLIERS[j] * d)
                u -= self._values(positions, x - MULTIPLIERS[j] * d)
                f_plus, f_minus = values[2 * n_mult * k + 2 * j], values[2 * n_mult * k + 2 * j + 1]
                mism[j] = float(g @ u) - (f_plus - f_minus)
                move += weights[j] * u
                del u
            m = float(weights @ mism)
            if order == 3:
                rest = abs(m - float(WEIGHTS2[:2] @ mism[:2]))
                noise = NOISE3
            else:
                rest, noise = 0.0, NOISE2
            block = self._block_of(positions)
            noise_part = self.noise_sigmas * noise * self.sigma * np.sqrt(2.0)
            thr = noise_part + self.allowance[block.name] * float(np.linalg.norm(move)) + rest
            self.n_tests[block.name] += 1
            out.append(Test(positions, bool(abs(m) > thr), m, thr, move,
                            float(np.linalg.norm(d)), bool(thr > 2 * noise_part)))
        return out

    def record_floor(self, test: Test) -> None:
        """A passing test rules out, for each of its entries, a single error above 2 thr / |u_k|."""
        floor = 2 * test.threshold / np.maximum(np.abs(test.move), 1e-300)
        current = self.floor_abs[test.positions]
        self.floor_abs[test.positions] = np.minimum(current, floor)

    # -- the screen ---------------------------------------------------------------------------
    def plan(self, block, budget_groups: int, members: Optional[np.ndarray] = None
             ) -> List[Tuple[Positions, float]]:
        """Groups covering the block (or the given members of it), as many as its target needs
        (within budget), each with the step that puts its floor at the target."""
        everything: Positions = slice(block.offset, block.offset + block.size) if members is None else members
        n = block.size if members is None else int(members.size)
        if n == 0:
            return []
        h = self.steps[everything]
        thr = self.noise_sigmas * NOISE3 * self.sigma * np.sqrt(2.0)
        full_step = 1.25 * 2 * thr * float(np.sqrt(np.sum(h ** 2) * 13 / 12)) \
            / (float(np.min(h)) * self.target[block.name])
        cap = self.max_step(everything)
        wanted = 1 if full_step < cap else int(np.ceil((full_step / cap) ** 2))
        n_groups = int(min(n, max(1, min(wanted, budget_groups))))
        cuts = np.linspace(0, n, n_groups + 1).astype(np.int64)
        groups = []
        if members is not None:
            for a, b in zip(cuts[:-1], cuts[1:]):
                if b > a:
                    positions = members[a:b]
                    groups.append((positions, self.needed_step(positions, int(b - a), block)))
            return groups
        shift = int(self.rng.integers(n)) if n_groups > 1 else 0
        for a, b in zip(cuts[:-1] + shift, cuts[1:] + shift):
            if b <= a:
                continue
            if b <= n or a >= n:   # passes cut the block in different places
                a, b = (a, b) if b <= n else (a - n, b - n)
                positions = slice(block.offset + int(a), block.offset + int(b))
            else:                  # the one group that wraps around
                positions = block.offset + np.r_[np.arange(a, n), np.arange(0, b - n)]
            groups.append((positions, self.needed_step(positions, int(b - a), block)))
        return groups

    def cover(self) -> List[Test]:
        """The coverage passes; returns the tests that failed."""
        blocks = [b for b in self.layout.blocks if b.size]
        budget = max(BUDGET_MIN, int(BUDGET_FRACTION * 2 * self.layout.size))
        per_pass = budget // (2 * len(MULTIPLIERS) * N_PASSES)
        # share the groups between blocks in proportion to what each needs
        wanted = {b.name: len(self.plan(b, 1 << 30)) for b in blocks}
        total = sum(wanted.values())
        failed: List[Test] = []
        tested: dict = {}           # groups per block in the previous pass
        for n_pass in range(N_PASSES):
            groups = []
            for b in blocks:
                if n_pass and self._wrong_everywhere(b, failed, tested):
                    continue    # a second cut adds nothing to a block that fails in every group
                share = max(1, int(per_pass * wanted[b.name] / total)) if total > per_pass else wanted[b.name]
                groups += self.plan(b, share)
            tested = {}
            for positions, _ in groups:
                name = self._block_of(positions).name
                tested[name] = tested.get(name, 0) + 1
            for attempt in range(RETRIES + 1):
                retry = []
                for t in self.test(groups):
                    if t.inflated and attempt < RETRIES:
                        retry.append((t.positions, t.step / 4))   # truncation or a kink: shorter
                    elif t.failed:
                        failed.append(t)
                    else:
                        self.record_floor(t)
                groups = retry
                if not groups:
                    break
        return failed

    def _wrong_everywhere(self, block, failed: List[Test], tested) -> bool:
        """The first pass failed at least DENSE_FRACTION of this block's groups: the block is
        searched (is_dense, localise) and reported wrong whatever a second cut shows, and what
        the search leaves unscreened is screened again (recover)."""
        n = tested.get(block.name, 0)
        bad = sum(1 for t in failed if self._block_of(t.positions).name == block.name)
        return bad >= 1 and bad >= DENSE_FRACTION * n

    def run(self) -> ScreenResult:
        failed = self.cover()
        failing_blocks, dense = [], []
        picked = [self.sample(b, SAMPLE_PER_BLOCK) for b in self.layout.blocks if b.size]
        by_block = {}
        for t in failed:
            by_block.setdefault(self._block_of(t.positions).name, []).append(t)
        for b in self.layout.blocks:
            if b.name not in by_block:
                continue
            failing_blocks.append(b.name)
            whole = np.arange(b.offset, b.offset + b.size)
            if b.size <= SMALL_BLOCK:
                picked.append(whole)
                continue
            if self.is_dense(b):
                dense.append(b.name)
                picked.append(self.sample(b, DENSE_SAMPLE))
                continue
            found = self.localise(b)
            if found is None:
                dense.append(b.name)
                picked.append(self.sample(b, DENSE_SAMPLE))
                continue
            picked.append(found)
            picked.append(self.sample(b, SAMPLE_FAILING_BLOCK))
            if not self.sampled:
                picked += self.recover(b, found)
        # a block the tests could not cover (kinks or noise kept the steps short) is checked
        # entry by entry when that is cheap: the numbers call for it
        indices = np.unique(np.concatenate(picked)).astype(np.int64)
        for f in self.floors(indices):
            b = self.layout.block(f.name)
            if not f.covered and b.name not in failing_blocks and b.size <= SMALL_BLOCK:
                picked.append(np.arange(b.offset, b.offset + b.size))
        indices = np.unique(np.concatenate(picked)).astype(np.int64)
        return ScreenResult(indices, self.floors(indices), tuple(failing_blocks), tuple(dense))

    def recover(self, block, found: np.ndarray) -> List[np.ndarray]:
        """The searches leave big passing groups behind, whose floors may miss the target: the
        rest of the block (without the entries found) is screened again where it needs it.  A
        group that fails again holds another wrong entry: searched on its own."""
        rest = np.flatnonzero(self.floor_abs[block.slice] > self.target[block.name]) + block.offset
        rest = np.setdiff1d(rest, found, assume_unique=True)
        if not rest.size:
            return []
        budget = max(BUDGET_MIN, int(BUDGET_FRACTION * 2 * self.layout.size))
        more = []
        for t in self.test(self.plan(block, budget // (2 * len(MULTIPLIERS)), rest)):
            if not t.failed:
                self.record_floor(t)
                continue
            hit = self.search_entries(np.asarray(t.positions))
            if hit is not None:
                more.append(hit)
        return more

    def floors(self, checked: np.ndarray) -> Tuple[BlockFloor, ...]:
        """Per block: the worst entry's floor; entries checked one by one are covered as by --full."""
        out = []
        for b in self.layout.blocks:
            own = self.floor_abs[b.slice].astype(np.float64)
            mine = checked[(checked >= b.offset) & (checked < b.offset + b.size)] - b.offset
            own[mine] = 0.0
            worst = float(np.max(own)) if own.size else 0.0
            typical = self.typical[b.name]
            out.append(BlockFloor(b.name, worst / typical, self.target[b.name] / typical, typical,
                                  self.n_tests[b.name]))
        return tuple(out)

    def sample(self, block, k: int) -> np.ndarray:
        k = min(k, block.size)
        return block.offset + np.sort(self.rng.choice(block.size, size=k, replace=False))

    def _block_of(self, positions: Positions):
        first = positions.start if isinstance(positions, slice) else int(positions[0])
        return self.layout.locate(first)[0]

    # -- a failing block ------------------------------------------------------------------------
    def is_dense(self, block) -> bool:
        """A few tiny random sets: when nearly all of them fail, the block is wrong nearly
        everywhere.  (Tiny, so that one wrong row or column, a few percent of the block, makes
        only a few of them fail.)"""
        size = min(DENSE_SET, block.size)
        sets = [np.sort(block.offset + self.rng.choice(block.size, size=size, replace=False))
                for _ in range(DENSE_PARTS)]
        results = self.test([(p, self.needed_step(p, p.size, block)) for p in sets], order=2)
        return sum(r.failed for r in results) >= DENSE_FRACTION * len(results)

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
        self.sampled = False
        found = self.search_entries(grid[np.ix_(bad_rows, bad_cols)].ravel())
        if found is None or self.sampled:   # a wrong line: its sample shows the pattern
            return found
        # two wrong entries can cancel in one line's test and hide their column or row: a failing
        # line that no entry found explains is searched on its own
        hit = np.isin(grid, found)
        hit_rows = {int(r) for r in np.flatnonzero(hit.any(axis=1))}
        hit_cols = {int(c) for c in np.flatnonzero(hit.any(axis=0))}
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
        """The wrong entries among candidates by bisection; a sample of DENSE_SAMPLE of them when
        they are wrong nearly everywhere (a wrong row or column)."""
        if candidates.size == 0:
            return candidates
        if not known_failing and not self._test_sets([np.sort(candidates)])[0]:
            return np.empty(0, dtype=np.int64)
        if candidates.size == 1:
            return candidates
        order = self.rng.permutation(candidates.size)
        found = self.find_failing([candidates[[i]] for i in order])
        if found is None:   # wrong nearly everywhere among them: a sample shows the pattern
            self.sampled = True
            return np.sort(candidates[order[:DENSE_SAMPLE]])
        return np.sort(candidates[order[found]])

    def _test_sets(self, sets: List[np.ndarray]) -> List[bool]:
        """Search tests: two-step Richardson, each set with the step that puts its floor at the
        block's target (smaller sets, smaller steps: less truncation, fewer kinks crossed)."""
        block = self._block_of(sets[0])
        tests = self.test([(s, self.needed_step(s, s.size, block)) for s in sets], order=2)
        for t in tests:
            if not t.failed:
                self.record_floor(t)
        return [t.failed for t in tests]

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
            results = self._test_sets([np.sort(np.concatenate([items[i] for i in c])) for c in children])
            failed = [c for c, r in zip(children, results) if r]
            if len(children) >= LINE_DENSE_MIN and len(failed) >= DENSE_FRACTION * len(children) \
                    and any(len(c) > 1 for c in failed):
                return None
            level = []
            for c in failed:
                if len(c) == 1:
                    found.append(c[0])
                else:
                    level.append(c)
        return sorted(found)


def _size(positions: Positions) -> int:
    if isinstance(positions, slice):
        return positions.stop - positions.start
    return int(positions.size)


def _as_matrix_shape(shape: Tuple[int, ...]) -> Tuple[int, int]:
    """Rows and columns of a block seen as a matrix (first axis x the rest)."""
    if len(shape) < 2:
        return (int(np.prod(shape, dtype=np.int64)) if shape else 1), 1
    return int(shape[0]), int(np.prod(shape[1:], dtype=np.int64))
