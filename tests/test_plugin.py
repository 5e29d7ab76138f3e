"""The pytest plugin, exercised with pytester as a user's test suite would use it."""
# numpy (and the package) imported here, before pytester's in-process runs snapshot sys.modules:
# numpy cannot be loaded twice in one process, so this file failed when run alone
import numpy  # noqa: F401

import backprop_doctor  # noqa: F401

USER_TESTS = '''
import numpy as np

def cost(w, X, y):
    return float(0.5 * np.mean((X @ w - y) ** 2))

def good_grad(w, X, y):
    return X.T @ (X @ w - y) / len(y)

def bad_grad(w, X, y):
    return X.T @ (y - X @ w) / len(y)

X = np.array([[1.0, 2.0], [0.5, -1.0], [0.0, 3.0]])
y = np.array([1.0, 0.0, 2.0])
w = np.array([0.3, -0.2])

def test_good(gradcheck):
    report = gradcheck(cost, good_grad, w, args=(X, y))
    assert report.ok

def test_bad(gradcheck):
    gradcheck(cost, bad_grad, w, args=(X, y))
'''


def test_fixture_passes_and_fails_with_report(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*gradient check failed*", "*FAILED gradient check*theta*",
                                 "*worst entries*"])


def test_failure_points_at_user_test_not_plugin(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-k", "bad")
    text = result.stdout.str()
    assert "pytest_plugin.py" not in text


def test_options_are_registered_and_used(pytester):
    pytester.makepyfile(test_opts='''
import numpy as np

def test_seed_option(gradcheck):
    report = gradcheck(lambda w: float(w @ w), lambda w: 2 * w, np.ones(3))
    assert report.settings.seed == 7
    assert report.settings.rtol == 1e-4
''')
    result = pytester.runpytest("--bd-seed", "7", "--bd-tol", "1e-4")
    result.assert_outcomes(passed=1)
    help_text = pytester.runpytest("--help").stdout.str()
    assert "--bd-seed" in help_text and "backprop-doctor" in help_text


def test_assert_gradients_in_plain_test(pytester):
    pytester.makepyfile(test_plain='''
import numpy as np
import backprop_doctor as bd

def test_it():
    bd.assert_gradients(lambda w: float(w @ w), lambda w: -2 * w, np.ones(3))
''')
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AssertionError*", "*FAILED gradient check*"])
    assert "api.py" not in result.stdout.str()


def test_a_failing_check_prints_the_report_once(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-p", "no:randomly", "-k", "bad", "-rA")
    # the message is one line (the headline), the report a section of the failure: the tables
    # appear once whatever pytest repeats in its short summary
    text = result.stdout.str()
    assert text.count("worst entries (") == 1 and text.count("per block") == 1
    assert "Captured backprop-doctor report call" in text
    assert "gradient check failed: FAILED gradient check: 2 of 2 entries disagree, in theta." \
        in text
    summary = text.split("short test summary info")[1]
    assert "FAILED test_user.py::test_bad - Failed: gradient check failed" in summary
