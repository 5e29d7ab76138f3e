"""What a newcomer reads: whole `file.py:line` places, the legend only where it explains numbers,
why `demo` on a buggy case exits 0, and progress lines off a terminal."""
import textwrap

from backprop_doctor.cli import main
from backprop_doctor.commands import _common

SIGMOID_BUG = textwrap.dedent('''
    import numpy as np
    theta0 = np.array([0.3, -0.2, 0.5])
    def sigmoid(z):
        return 1 / (1 + np.exp(z))
    def cost(t):
        return float(np.sum(sigmoid(t)))
    def grad(t):
        s = sigmoid(t)
        return s * (1 - s)
''')


def test_where_column_keeps_a_long_file_and_line_whole(tmp_path, capsys):
    path = tmp_path / "my_long_homework_network.py"
    path.write_text(SIGMOID_BUG)
    assert main(["check", f"{path}:grad"]) == 1
    out = capsys.readouterr().out
    assert "my_long_homework_network.py:5" in out      # on one line, not cut at 18 characters


def test_legend_only_with_the_table_it_explains(tmp_path, capsys):
    path = tmp_path / "net.py"
    path.write_text(SIGMOID_BUG)
    assert main(["check", f"{path}:grad"]) == 1
    assert "rel error = |analytic - numeric|" in capsys.readouterr().out
    fixed = tmp_path / "net_fixed.py"
    fixed.write_text(SIGMOID_BUG.replace("np.exp(z)", "np.exp(-z)"))
    assert main(["check", f"{fixed}:grad"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PASSED") and "rel error = |analytic" not in out


def test_demo_of_a_buggy_case_says_why_it_exits_0(capsys):
    assert main(["demo", "seed001/original"]) == 0
    captured = capsys.readouterr()
    assert "FAILED" in captured.out
    assert "demo exits 0" in " ".join(captured.err.split())


def test_progress_off_a_terminal_is_a_plain_line_every_few_seconds(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(_common.LazyProgress, "PLAIN_EVERY", 0.05)
    path = tmp_path / "slow.py"
    path.write_text("import numpy as np, time\ntheta0 = np.linspace(-1, 1, 60)\n"
                    "def cost(t):\n    time.sleep(0.002)\n    return float(np.sum(t ** 2))\n"
                    "def grad(t):\n    return 2 * t\n")
    assert main(["check", f"{path}:grad"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("checking: ")]
    assert lines and all("evaluations" in line and line.endswith(" s") for line in lines)
