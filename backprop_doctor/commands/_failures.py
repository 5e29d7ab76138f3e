"""Every way a command can end other than with its answer, and writing the answer at all.

An input that cannot be checked, the user's code raising or calling sys.exit, a bug of ours, a
stdout that cannot be written: each is exit status 2 with one paragraph on stderr and, under
--json, one JSON error document on stdout (CONTRACT "Verdict and exit status").  Exit 1 is left
to "your gradient is wrong".  Kept free of numpy so the error path loads fast and cannot fail on
an import.
"""
from __future__ import annotations

import sys
from typing import Callable, List, Optional

from rich.text import Text

from ..console import ConsoleIO
from ..errors import ExitCode, InputError, UserCodeError, error_document, safe_str, what_happened

EXIT_INPUT_ERROR = ExitCode.INPUT_ERROR


class OutputError(InputError):
    """The report could not be written (stdout closed or on a full disk, an unwritable file)."""


def report_input_error(io: ConsoleIO, exc: Exception) -> int:
    """One paragraph, never a traceback of ours; the user's own frames when their code raised.
    Under --json the same as one JSON document on stdout."""
    if isinstance(exc, UserCodeError):
        message = f"{exc.where} {what_happened(exc.original)}."
        frames = exc.user_traceback.splitlines()
        kind = "user-code"
    else:
        message, frames, kind = safe_str(exc), [], "input"
    if io.json and not isinstance(exc, OutputError):
        _emit_error_json(io, kind, message, frames)
    io.err.print(Text.assemble(("cannot check: ", "bold red"), message + (
        " Your code's traceback:" if frames else "")))
    if frames:
        io.err.print(Text("\n".join(frames)), soft_wrap=True)
    return EXIT_INPUT_ERROR


def report_internal_error(io: ConsoleIO, exc: BaseException) -> int:
    """A bug of ours: exit 2 (never 1), one paragraph saying what to report, the traceback in a
    file (printed too with BACKPROP_DOCTOR_DEBUG=1)."""
    import os
    import traceback

    from ..version import version

    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    saved = _save_crash_report(details)
    where = f" The full traceback is in {saved}." if saved else ""
    message = (f"internal error: this is a bug in backprop-doctor ({type(exc).__name__}: "
               f"{safe_str(exc)[:300]}). Please report it to the backprop-doctor maintainers with the "
               f"command you ran, backprop-doctor {version()}, Python {sys.version.split()[0]}, "
               f"numpy {_numpy_version()}, and the traceback.{where}")
    if io.json:
        _emit_error_json(io, "internal", message, [])
    io.err.print(Text.assemble(("cannot check: ", "bold red"), message))
    if os.environ.get("BACKPROP_DOCTOR_DEBUG"):
        io.err.print(Text(details), soft_wrap=True)
    return EXIT_INPUT_ERROR


def _save_crash_report(details: str) -> Optional[str]:
    import tempfile

    try:
        with tempfile.NamedTemporaryFile("w", prefix="backprop-doctor-crash-", suffix=".txt",
                                         delete=False, encoding="utf-8") as fh:
            fh.write(" ".join(sys.argv) + "\n\n" + details)
            return fh.name
    except OSError:
        return None


def _emit_error_json(io: ConsoleIO, kind: str, message: str, frames: List[str]) -> None:
    import json

    try:
        print_json(io, json.dumps(error_document(kind, message, frames), indent=2))
    except OutputError:
        pass  # stdout itself is what failed; the paragraph on stderr still says why


def run_guarded(io: ConsoleIO, body: Callable[[], int]) -> int:
    """Run a command body; whatever goes wrong becomes exit 2 with one paragraph (never 1)."""
    try:
        return int(body())
    except (InputError, UserCodeError) as exc:
        return report_input_error(io, exc)
    except KeyboardInterrupt:
        raise
    except SystemExit as exc:  # the user's code, outside a guarded call (our code never exits)
        return report_input_error(io, UserCodeError("your code", exc))
    except RecursionError as exc:
        return report_input_error(io, InputError(
            "the input is nested too deeply to be handled (Python's recursion limit was reached "
            f"inside backprop-doctor: {safe_str(exc)}); flatten the parameters or the data."))
    except MemoryError:
        return report_input_error(io, InputError(
            "ran out of memory; check a smaller model or use --max-checks to screen it."))
    except Exception as exc:  # noqa: BLE001 - a bug of ours: exit 2 with what to report
        return report_internal_error(io, exc)


def print_json(io: ConsoleIO, text: str) -> None:
    # Plain write: rich would wrap or highlight; stdout must carry exactly the JSON document.
    out = io.out.file if io.out.file is not None else sys.stdout
    try:
        out.write(text + "\n")
        out.flush()
    except OSError as exc:
        raise _stdout_failed(exc) from None


def print_report(io: ConsoleIO, renderable) -> None:
    """The report on stdout; a stdout that cannot be written is an OutputError, not a crash."""
    try:
        io.out.print(renderable)
        io.out.file.flush()
    except OSError as exc:
        raise _stdout_failed(exc) from None


def _stdout_failed(exc: OSError) -> OutputError:
    # Point fd 1 at /dev/null so the interpreter's final flush does not fail a second time.
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    return OutputError(f"cannot write the report to standard output: "
                       f"{exc.strerror or safe_str(exc)}.")


def _numpy_version() -> str:
    numpy = sys.modules.get("numpy")
    return getattr(numpy, "__version__", "not loaded")
