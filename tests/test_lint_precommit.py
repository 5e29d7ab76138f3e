"""The pre-commit hook `.pre-commit-hooks.yaml` run from a clean git repository.

The `pre-commit` package is not a test dependency and installing a hook needs the network, so the
test runs the hook the way pre-commit does: its `entry` split like a shell word list, followed by the
staged files that match `types: [python]` (paths relative to the repository root, which is the
working directory), and the hook fails when the command exits non-zero.  The `backprop-doctor`
console script of `entry` is replaced by this interpreter running the package under test.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _hook():
    hooks = yaml.safe_load(HOOKS.read_text())
    return next(h for h in hooks if h["id"] == "backprop-doctor-lint")


def test_hook_definition():
    hook = _hook()
    assert hook["language"] == "python" and hook["types"] == ["python"]
    assert shlex.split(hook["entry"]) == ["backprop-doctor", "lint"]
    assert hook["name"] and hook.get("pass_filenames", True) is True


def _git(repo, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)


def _staged_python_files(repo):
    """What pre-commit passes for `types: [python]`: staged files that are Python by extension or
    by a python shebang."""
    names = _git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMR").stdout.split()
    out = []
    for name in names:
        path = repo / name
        first = path.read_text(errors="replace").split("\n", 1)[0]
        if name.endswith((".py", ".pyi")) or (first.startswith("#!") and "python" in first):
            out.append(name)
    return out


def _run_hook(repo):
    argv = shlex.split(_hook()["entry"])
    assert argv[0] == "backprop-doctor"
    command = [sys.executable, "-m", "backprop_doctor", *argv[1:], *_staged_python_files(repo)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def repo(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("not python\n")
    (tmp_path / "notes.txt").write_text("def sigmoid(z): return 1 / (1 + np.exp(z))\n")
    _git(tmp_path, "add", "README.md", "notes.txt")
    _git(tmp_path, "commit", "-q", "-m", "start")
    return tmp_path


def test_hook_stops_a_commit_with_a_flipped_sigmoid(repo):
    (repo / "net").mkdir()
    (repo / "net" / "model.py").write_text("import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(z))\n")
    (repo / "train").write_text("#!/usr/bin/env python3\nimport numpy as np\nW1 = np.random.rand(3, 4)\n")
    _git(repo, "add", "net/model.py", "train")
    assert _staged_python_files(repo) == ["net/model.py", "train"]
    result = _run_hook(repo)
    assert result.returncode == 1, result.stderr
    assert "net/model.py:4" in result.stdout and "sigmoid-sign" in result.stdout
    assert "positive-init" in result.stdout          # the shebang script was linted too
    assert "notes.txt" not in result.stdout           # not a Python file: never passed


def test_hook_lets_clean_code_and_warnings_through(repo):
    (repo / "model.py").write_text("import numpy as np\n\ndef sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"
                                   "W1 = np.random.rand(3, 4)\n")
    _git(repo, "add", "model.py")
    result = _run_hook(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "positive-init" in result.stdout and "1 finding in 1 file: 1 warning" in result.stdout


def test_hook_stops_a_commit_with_a_python2_file(repo):
    (repo / "old.py").write_text('print "hello"\n')
    _git(repo, "add", "old.py")
    result = _run_hook(repo)
    assert result.returncode == 2 and "syntax-error" in result.stdout
