"""Start-up: the command line loads what the command needs (speed is measured in
benchmarks/bench_screen.py; here: which modules a command imports)."""
import importlib
import os
import subprocess
import sys

import pytest

from backprop_doctor import cli

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize("name", cli.COMMANDS)
def test_the_top_level_help_shows_each_command_s_own_help_line(name):
    module = importlib.import_module(f"backprop_doctor.commands.{name}")
    assert cli.SUMMARIES[name] == module.HELP


def _modules_after(argv, tmp_path):
    code = ("import sys\nfrom backprop_doctor import cli\ntry:\n    cli.main(%r)\n"
            "except SystemExit:\n    pass\nprint('MODULES', ' '.join(sorted(sys.modules)))" % (argv,))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=ROOT), cwd=tmp_path)
    line = [s for s in out.stdout.splitlines() if s.startswith("MODULES")][-1]
    return set(line.split()[1:])


def test_help_loads_no_command_and_no_numpy(tmp_path):
    loaded = _modules_after(["--help"], tmp_path)
    assert "numpy" not in loaded and "rich.console" not in loaded
    assert not any(m.startswith("backprop_doctor.commands.") for m in loaded)


def test_lint_loads_only_the_lint_command_and_no_numpy(tmp_path):
    src = tmp_path / "net.py"
    src.write_text("def sigmoid(z):\n    return 1 / (1 + exp(z))\n")
    loaded = _modules_after(["lint", str(src)], tmp_path)
    assert "numpy" not in loaded
    commands = {m for m in loaded if m.startswith("backprop_doctor.commands.")}
    assert "backprop_doctor.commands.lint" in commands
    assert not commands & {f"backprop_doctor.commands.{n}" for n in ("check", "layer", "demo", "train")}


def test_a_command_still_gets_its_full_parser():
    parser = cli.build_parser(command="check")
    ns = parser.parse_args(["check", "m:grad", "--screen"])
    assert ns.screen and ns._module.__name__ == "backprop_doctor.commands.check"


def test_version_is_printed_on_request(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert capsys.readouterr().out.startswith("backprop-doctor ")
