"""The exit-status contract through the real command line: exit 1 only for a wrong gradient, every
other failure exit 2 with one paragraph (under --json one JSON error document), no traceback of
ours, the user's data unchanged.  The cases live in hardening_cases.py; benchmarks/
fuzz_hardening.py runs them all again in subprocesses, plain and under --json, with figures."""
import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

import backprop_doctor as bd
from backprop_doctor.cli import main
from backprop_doctor.errors import ExitCode
from hardening_cases import GOOD, HEAD, STDOUT_WRITERS, cases, program, write_files

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = cases()
CHECKING = ("check", "layer", "step", "train")


def _no_traceback_of_ours(text):
    assert "Traceback (most recent call last)" not in text, text
    assert not re.search(r'File "[^"]*backprop_doctor[/\\]', text), text


def run_in_folder(tmp_path, monkeypatch, capfd, files, argv):
    write_files(str(tmp_path), files)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "m", raising=False)
    try:
        code = main(list(argv))
    except SystemExit as exc:   # argparse's usage errors leave main() this way
        code = exc.code
    out, err = capfd.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_exits_as_the_contract_says(case, tmp_path, monkeypatch, capfd):
    for module in case.needs:
        pytest.importorskip(module)
    argv = list(case.argv) + (["--json"] if case.json_ok else [])
    code, out, err = run_in_folder(tmp_path, monkeypatch, capfd, case.files, argv)
    assert code in case.exits, (code, err)
    _no_traceback_of_ours(out + err)
    if case.stderr:
        assert re.search(case.stderr, " ".join((err + out).split())), err
    if case.json_ok:
        doc = json.loads(out)      # exactly one JSON document, whatever happened
        if code == 2 and case.kind in CHECKING:
            assert doc["ok"] is None and doc["schema_version"] == 1
            assert doc["error"]["kind"] in ("input", "user-code", "internal")
            assert doc["error"]["message"] and isinstance(doc["error"]["traceback"], list)


def test_there_are_at_least_150_adversarial_cases():
    assert len(CASES) >= 150
    assert len({c.name for c in CASES}) == len(CASES)


def test_exit_codes_are_an_enum_matching_the_contract():
    assert [int(ExitCode.OK), int(ExitCode.FAILED), int(ExitCode.INPUT_ERROR)] == [0, 1, 2]


def test_user_sys_exit_json_document_holds_only_the_users_frames(tmp_path, monkeypatch, capfd):
    files = {"m.py": program(cost="def cost(t):\n    sys.exit(0)\n")}
    code, out, err = run_in_folder(tmp_path, monkeypatch, capfd, files, ["check", "m.py:grad", "--json"])
    doc = json.loads(out)
    assert code == 2 and doc["error"]["kind"] == "user-code"
    assert "called sys.exit(0)" in doc["error"]["message"]
    assert any("m.py" in line for line in doc["error"]["traceback"])
    assert not any("backprop_doctor" in line or "<frozen" in line for line in doc["error"]["traceback"])


def test_import_error_traceback_has_no_frozen_importlib_frames(tmp_path, monkeypatch, capfd):
    files = {"m.py": HEAD + "import helper\n", "helper.py": "raise ValueError('in helper')\n"}
    code, out, err = run_in_folder(tmp_path, monkeypatch, capfd, files, ["check", "m:grad"])
    assert code == 2 and "helper.py" in err and "in helper" in err
    assert "<frozen" not in err


def test_an_internal_error_is_exit_2_never_1_and_says_what_to_report(tmp_path, monkeypatch, capfd):
    import backprop_doctor.gradcheck as gradcheck

    def broken(*a, **k):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr(gradcheck, "run_check", broken)
    monkeypatch.setattr("backprop_doctor.api.run_check", broken)
    code, out, err = run_in_folder(tmp_path, monkeypatch, capfd, GOOD, ["check", "m.py:grad", "--json"])
    assert code == 2
    doc = json.loads(out)
    assert doc["ok"] is None and doc["error"]["kind"] == "internal"
    text = " ".join(err.split())
    assert "internal error: this is a bug in backprop-doctor (ZeroDivisionError: a bug of ours)" in text
    assert "Please report it" in text and "traceback is in" in text
    saved = re.search(r"traceback is in (\S+)\.txt", text).group(1) + ".txt"
    assert "ZeroDivisionError" in open(saved).read()
    os.remove(saved)
    _no_traceback_of_ours(out + err)


def _run_cli(args, cwd, **kwargs):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH")) if p))
    return subprocess.run([sys.executable, "-m", "backprop_doctor", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, **kwargs)


def test_json_stdout_is_one_document_when_user_code_writes_to_fd_1(tmp_path):
    write_files(str(tmp_path), {"m.py": STDOUT_WRITERS})
    done = _run_cli(["check", "m.py:grad", "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True
    assert "fd1" in done.stderr and "from-a-shell" in done.stderr and "to __stdout__" in done.stderr


def test_json_to_a_full_disk_is_exit_2_with_one_paragraph(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    write_files(str(tmp_path), GOOD)
    with open("/dev/full", "w") as full:
        done = _run_cli(["check", "m.py:grad", "--json"], tmp_path, stdout=full, stderr=subprocess.PIPE) \
            if False else subprocess.run(
                [sys.executable, "-m", "backprop_doctor", "check", "m.py:grad", "--json"], cwd=tmp_path,
                env=dict(os.environ, PYTHONPATH=ROOT), stdout=full, stderr=subprocess.PIPE, text=True,
                timeout=120)
    assert done.returncode == 2
    assert "cannot write the report to standard output: No space left on device" in " ".join(done.stderr.split())
    _no_traceback_of_ours(done.stderr)


@pytest.mark.parametrize("module", ["copy", "queue", "random"])
def test_a_users_file_named_like_a_stdlib_module_does_not_replace_it(tmp_path, module):
    write_files(str(tmp_path), {**GOOD, f"{module}.py": f"raise RuntimeError('user {module}.py')\n"})
    for target in ("m.py:grad", "m:grad"):
        done = _run_cli(["check", target, "--workers", "2"], tmp_path)
        assert done.returncode == 0, done.stderr
        assert f"user {module}.py" not in done.stderr


def test_killing_the_parent_leaves_no_worker_holding_the_pipes(tmp_path):
    """subprocess.run(timeout=...) kills only the parent: the workers must die with it, or the
    caller's communicate() waits for their copies of the pipes forever."""
    slow = HEAD + "theta0 = np.linspace(-1, 1, 400)\n" + \
        "def cost(t):\n    import time; time.sleep(0.01)\n    return float(np.sum(t ** 2))\n" + \
        "def grad(t):\n    return 2 * t\n"
    write_files(str(tmp_path), {"m.py": slow})
    tag = f"bd-orphan-{os.getpid()}"
    env = dict(os.environ, PYTHONPATH=ROOT, BD_ORPHAN_TAG=tag)
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([sys.executable, "-m", "backprop_doctor", "check", "m.py:grad", "--workers", "2"],
                       cwd=tmp_path, env=env, capture_output=True, timeout=4)
    import time

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        left = _tagged_processes(tag)
        if not left:
            break
        time.sleep(0.2)
    for pid in left:  # ours (tagged above); killed so a failure does not leak them
        os.kill(pid, 9)
    assert not left


def _tagged_processes(tag):
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/environ", "rb") as fh:
                    if f"BD_ORPHAN_TAG={tag}".encode() in fh.read():
                        found.append(int(pid))
            except OSError:
                pass
    return found


def test_workers_are_capped_at_the_useful_number():
    from backprop_doctor.parallel import useful_workers

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert useful_workers(1000, 10_000) == max(2, cpus)
    assert useful_workers(1000, 3) == min(3, max(2, cpus))
    assert useful_workers(1000, 1) == 1


# -- the API ---------------------------------------------------------------------------------
def _cost(t):
    return float(np.sum(t ** 2))


def _grad(t):
    return 2 * t


@pytest.mark.parametrize("kwargs, match", [
    (dict(rtol=float("nan")), r"rtol must be positive and below 2.*nan"),
    (dict(rtol=float("inf")), r"rtol must be positive and below 2.*pass every entry"),
    (dict(rtol=2.0), r"rtol must be positive and below 2"),
    (dict(seed=-1), r"seed must be a non-negative integer"),
    (dict(blocks=4), r"blocks should be a layout string"),
    (dict(config={"tol": float("inf")}), r"tol must be positive and below 2"),
], ids=["nan-rtol", "inf-rtol", "rtol-2", "negative-seed", "blocks-int", "config-inf-tol"])
def test_api_misuse_is_an_input_error(kwargs, match):
    with pytest.raises(bd.InputError, match=match):
        bd.check(_cost, _grad, np.ones(3), lint=False, **kwargs)


def test_a_shut_down_executor_is_an_input_error():
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(2)
    pool.shutdown()
    with pytest.raises(bd.InputError, match=r"executor cannot take work.*shut down"):
        bd.check(_cost, _grad, np.ones(3), lint=False, executor=pool)


def test_complex_parameters_are_refused_not_coerced():
    with pytest.raises(bd.InputError, match=r"params is complex .*non-zero imaginary"):
        bd.check(lambda z: float(np.sum(np.abs(z) ** 2)), lambda z: 2 * z, np.array([1 + 1j, 2.0]),
                 lint=False)


def test_a_cost_returning_none_says_missing_return():
    with pytest.raises(bd.InputError, match=r"returned None \(missing return\?\)"):
        bd.check(lambda t: None, _grad, np.ones(3), lint=False)


def test_params_nested_thousands_deep_is_an_input_error():
    p = np.array([0.5])
    for _ in range(5000):
        p = [p]
    with pytest.raises(bd.InputError, match=r"params is nested too deeply"):
        bd.check(lambda q: 0.0, lambda q: q, p, lint=False)
