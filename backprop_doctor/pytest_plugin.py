"""pytest plugin: a `gradcheck` fixture and options, registered through the pytest11 entry point.

    def test_my_gradient(gradcheck):
        gradcheck(cost, grad, params, args=(X, y))        # fails with the readable report

Options (group "backprop-doctor"): --bd-seed, --bd-tol.  A failing check fails the test with
the report as its message: pytest and CI logs show the table once.
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
        self.reports.append(report)
        if not report.ok:   # the message only: a report section as well would print it twice
            pytest.fail("gradient check failed\n" + str(report), pytrace=False)
        return report

    def layer(self, forward, backward, inputs, **kwargs):
        __tracebackhide__ = True
        from .layer import check_layer

        report = check_layer(forward, backward, inputs, **kwargs)
        self.reports.append(report)
        if not report.ok:
            pytest.fail("layer check failed\n" + str(report), pytrace=False)
        return report


@pytest.fixture
def gradcheck(request) -> GradCheck:
    """Check a gradient in a test; a failing check fails the test with the readable report."""
    return GradCheck(request)
