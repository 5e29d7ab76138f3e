"""--plot: a heat map per block in the block's own shape, and analytic against numerical values."""
import os
import sys

import numpy as np
import pytest

pytest.importorskip("matplotlib")

import backprop_doctor as bd  # noqa: E402
from backprop_doctor.cli import main  # noqa: E402
from backprop_doctor.errors import InputError  # noqa: E402
from backprop_doctor.render_plot import (fitted_scale, grid_of, plot_report,  # noqa: E402
                                         relative_error, report_figure, wrap_width)
from backprop_doctor.report import FAILED, NOT_CHECKED  # noqa: E402

PROGRAMS = os.path.join(os.path.dirname(__file__), "programs")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def seed001_report():
    import fmincg_net

    cost, grad = fmincg_net.make(buggy=True)
    theta, args = fmincg_net.point(0)
    return bd.check(cost, grad, theta, args, blocks=fmincg_net.BLOCKS, lint=False, config=False)


def _panels(figure, block_name):
    """(heat map axes, scatter axes) of a block: the heat map's title starts with its name."""
    axes = figure.axes
    for i, ax in enumerate(axes):
        if ax.get_title(loc="left").startswith(block_name + " ("):
            return ax, axes[i + 1]
    raise AssertionError(f"no panels for {block_name}")


def _scatter_points(ax, label_prefix):
    for collection in ax.collections:
        if collection.get_label().startswith(label_prefix):
            return collection.get_offsets()
    return np.empty((0, 2))


def test_seed001_png_is_written_and_not_trivial(seed001_report, tmp_path):
    path = tmp_path / "seed001.png"
    plot_report(seed001_report, str(path))
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 30_000
    from matplotlib.image import imread

    pixels = imread(str(path))
    assert pixels.shape[0] > 600 and pixels.shape[1] > 1000
    # a lit block: many strongly red pixels (the colour scale's top) on a mostly light page
    red = (pixels[..., 0] > 0.4) & (pixels[..., 1] < 0.15) & (pixels[..., 2] < 0.15)
    assert red.mean() > 0.05


def test_seed001_theta2_is_lit_and_on_y_equals_minus_x_theta1_clean(seed001_report):
    figure = report_figure(seed001_report)
    assert "FAILED" in figure._suptitle.get_text() and "sign-flip" in figure._suptitle.get_text()
    rtol = seed001_report.settings.rtol

    heat1, scatter1 = _panels(figure, "theta1")
    heat2, scatter2 = _panels(figure, "theta2")
    lit = heat2.images[0].get_array()
    clean = heat1.images[0].get_array()
    assert lit.shape == (3, 6) and clean.shape == (5, 4)          # the blocks' own shapes
    assert np.all(lit > 0.1) and np.all(clean < rtol)
    assert "sign-flip" in heat2.get_title(loc="left") and "FAILED 18 of 18" in heat2.get_title(loc="left")
    assert heat1.get_title(loc="left") == "theta1 (5x4): ok"

    failed = _scatter_points(scatter2, "failed")
    assert len(failed) == 18 and len(_scatter_points(scatter2, "ok")) == 0
    numeric, analytic = failed[:, 0], failed[:, 1]
    assert np.all(np.sign(analytic) == -np.sign(numeric))           # the y = -x side
    ok = _scatter_points(scatter1, "ok")
    assert len(ok) == 20 and np.allclose(ok[:, 1], ok[:, 0], rtol=1e-5, atol=1e-9)  # on y = x
    labels = [line.get_label() for line in scatter2.lines]
    assert "y = x (right)" in labels and "y = -x (sign flip)" in labels


def test_scale_mistake_draws_its_own_line():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(10, 3)), rng.normal(size=10)

    def cost(w):
        return 0.5 * np.mean((X @ w - y) ** 2)

    def grad(w):  # the 1/m is missing: analytic = 10 x true
        return X.T @ (X @ w - y)

    report = bd.check(cost, grad, rng.normal(size=3), lint=False, config=False)
    _, scatter = _panels(report_figure(report), "theta")
    labels = [line.get_label() for line in scatter.lines]
    assert "y = 10 x (fit to failed)" in labels


def test_fitted_scale_needs_points_on_one_line():
    n = np.linspace(-1, 1, 9)
    assert fitted_scale(0.5 * n, n) == pytest.approx(0.5)
    assert fitted_scale(np.cos(7 * n), n) is None
    assert fitted_scale(np.array([1.0]), np.array([2.0])) is None


@pytest.mark.parametrize("shape, grid_shape", [
    ((), (1, 1)), ((5,), (1, 5)), ((64,), (1, 64)), ((100,), (5, 20)), ((1000,), (15, 70)),
    ((3, 6), (3, 6)), ((2, 3, 4), (2, 12)), ((4, 2, 3, 3), (4, 18)),
], ids=["scalar", "short-vector", "strip-limit", "wrapped-100", "wrapped-1000", "matrix",
        "rank-3", "conv-kernel"])
def test_grid_of_lays_blocks_out_readably(shape, grid_shape):
    values = np.arange(int(np.prod(shape)), dtype=float).reshape(shape)
    grid, _, _ = grid_of(values)
    assert grid.shape == grid_shape
    flat = grid.ravel()
    assert np.array_equal(flat[: values.size], values.ravel())   # row-major, nothing moved
    assert np.all(np.isnan(flat[values.size:]))                  # the wrapped tail is padding


def test_wrap_width_keeps_wrapped_vectors_about_four_times_wider_than_tall():
    for n in (65, 100, 1000, 10_000):
        width = wrap_width(n)
        rows = -(-n // width)
        assert width % 10 == 0 and 2 <= width / rows <= 8


def test_screen_mode_shows_only_the_checked_entries():
    hidden, inputs, m = 30, 200, 40
    rng = np.random.default_rng(0)
    X, Y = rng.random((m, inputs)), rng.random((m, 1))
    n1 = hidden * (inputs + 1)

    def unpack(theta):
        return theta[:n1].reshape(hidden, inputs + 1), theta[n1:].reshape(1, hidden + 1)

    def cost(theta):
        t1, t2 = unpack(theta)
        a2 = np.tanh(np.hstack([np.ones((m, 1)), X]) @ t1.T)
        out = np.hstack([np.ones((m, 1)), a2]) @ t2.T
        return 0.5 * np.mean((out - Y) ** 2)

    def grad(theta):
        t1, t2 = unpack(theta)
        a1 = np.hstack([np.ones((m, 1)), X])
        a2 = np.tanh(a1 @ t1.T)
        d3 = (np.hstack([np.ones((m, 1)), a2]) @ t2.T - Y) / m
        d2 = (d3 @ t2[:, 1:]) * (1 - a2 ** 2)
        g2 = d3.T @ np.hstack([np.ones((m, 1)), a2])
        g2[0, 0] *= 2.0                                  # the output bias is wrong
        return np.concatenate([(d2.T @ a1).ravel(), g2.ravel()])

    theta = rng.uniform(-0.1, 0.1, n1 + hidden + 1)
    report = bd.check(cost, grad, theta, blocks=f"W1={hidden}x{inputs + 1},W2=1x{hidden + 1}",
                      max_checks=300, lint=False, config=False)
    assert report.mode == "screen"
    w1 = report.block("W1")
    rel = relative_error(w1)
    assert np.sum(np.isfinite(rel)) == w1.n_checked < rel.size
    figure = report_figure(report)
    heat, scatter = _panels(figure, "W1")
    image = heat.images[0].get_array()
    assert image.mask.sum() == rel.size - w1.n_checked            # grey: not checked
    assert f"checked {w1.n_checked} of {rel.size}" in heat.get_title(loc="left")
    shown = sum(len(c.get_offsets()) for c in scatter.collections)
    assert shown == int(np.sum(w1.status != NOT_CHECKED))
    w2_heat, w2_scatter = _panels(figure, "W2")
    assert "FAILED" in w2_heat.get_title(loc="left")
    assert len(_scatter_points(w2_scatter, "failed")) == int(np.sum(report.block("W2").status == FAILED)) >= 1


@pytest.mark.parametrize("name", ["dict-relu/kink", "dict-relu/float32", "list-softmax/deep-correct",
                                  "two-layer-sigmoid/unrolled-fortran-order",
                                  "logistic/numgrad-skips-first"])
def test_reference_cases_plot(name, tmp_path):
    from reference_models.cases import get_case
    from backprop_doctor.runner_cases import run_case

    report = run_case(get_case(name))
    path = plot_report(report, str(tmp_path / "case.png"))
    assert open(path, "rb").read(8) == PNG_MAGIC
    figure = report_figure(report)
    heat_maps = [ax for ax in figure.axes if ax.images]
    assert len(heat_maps) == len(report.blocks)


def test_plot_flag_writes_the_png_and_says_where(tmp_path, capsys):
    path = tmp_path / "check.png"
    code = main(["check", os.path.join(PROGRAMS, "seed001_buggy.py") + ":grad", "--json",
                 "--plot", str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and path.read_bytes().startswith(PNG_MAGIC)
    import json

    json.loads(out)                         # stdout is still exactly the JSON document
    assert f"saved {path}" in " ".join(err.split())


def test_plot_without_matplotlib_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)   # import matplotlib -> ImportError
    code = main(["check", os.path.join(PROGRAMS, "seed001_buggy.py") + ":grad",
                 "--plot", str(tmp_path / "x.png")])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.strip() == "plotting needs matplotlib: pip install 'backprop-doctor[plot]'"
    with pytest.raises(InputError, match=r"plotting needs matplotlib: pip install "
                                         r"'backprop-doctor\[plot\]'"):
        report_figure(None)


def test_unwritable_plot_path_is_exit_2(capsys, tmp_path):
    code = main(["check", os.path.join(PROGRAMS, "seed001_buggy.py") + ":grad",
                 "--plot", str(tmp_path / "no" / "such" / "dir" / "x.png")])
    _, err = capsys.readouterr()
    assert code == 2 and "cannot write" in err
