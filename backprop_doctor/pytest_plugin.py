"""pytest plugin: a `gradcheck` fixture and options, registered through the pytest11 entry point.

    def test_my_gradient(gradcheck):
        gradcheck(cost, grad, params, args=(X, y))        # fails with the readable report

Options (group "backprop-doctor"): --bd-seed, --bd-tol.  A failing check fails the test with
the report's headline as its one-line message (what `-rA` and CI summaries repeat) and the whole
report as a section of the failure ("Captured backprop-doctor report call"): the table once.
"""
from __future__ import annotations

import pytest

OPTION_SEED = "--bd-seed"
OPTION_TOL = "--bd-tol"
SECTION = "backprop-doctor report"


def pytest_addoption(parser) -> None:
    group = parser.getgroup("backprop-doctor", "gradient checks with backprop-doctor")
    group.addoption(OPTION_SEED, type=int, default=None, dest="bd_seed",
                    help="seed for the gradcheck fixture's checks (default 0)")
    group.addoption(OPTION_TOL, type=float, default=None, dest="bd_tol",
                    help="relative tolerance for the gradcheck fixture (default 1e-6)")


class GradCheck:
    """Callable fixture object: `gradcheck(cost, grad, params, args=..., **options)`."""

    def __init__(self, request):
        self._request = request
        self.reports = []

    def __call__(self, cost, grad=None, params=None, args=(), **kwargs):
        __tracebackhide__ = True
        from . import api  # lazy: importing the plugin must stay cheap for every pytest run

        config = self._request.config
        seed = config.getoption("bd_seed")
        tol = config.getoption("bd_tol")
        if seed is not None:
            kwargs.setdefault("seed", seed)
        if tol is not None:
            kwargs.setdefault("rtol", tol)
        report = api.check(cost, grad, params, args, **kwargs)
        return self._verdict(report, "gradient check failed")

    def layer(self, forward, backward, inputs, **kwargs):
        __tracebackhide__ = True
        from .layer import check_layer

        report = check_layer(forward, backward, inputs, **kwargs)
        return self._verdict(report, "layer check failed")

    def _verdict(self, report, what: str):
        __tracebackhide__ = True
        self.reports.append(report)
        if not report.ok:
            text = str(report)
            self._request.node.add_report_section("call", SECTION, text)
            # one line: pytest repeats a multi-line message in its short summary (9.1+)
            pytest.fail(f"{what}: {_headline(text)} (report below)", pytrace=False)
        return report


def _headline(text: str) -> str:
    """The report's first paragraph (its headline, wrapped by the renderer) as one line."""
    head = text.strip().split("\n\n", 1)[0]
    return " ".join(head.split())


@pytest.fixture
def gradcheck(request) -> GradCheck:
    """Check a gradient in a test; a failing check fails the test with the readable report."""
    return GradCheck(request)
