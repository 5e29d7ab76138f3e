"""syntax-error: a file Python 3 cannot parse, with the likely reason in one line."""
from __future__ import annotations

from ..findings import Finding, RuleInfo, register

INFO = register(RuleInfo(
    id="syntax-error", title="the file does not parse as Python 3", severity="error", kind="lint",
    explanation=(
        "What it does: reports a file that Python 3 cannot parse, with the line and the likely "
        "reason. The rest of the files are still linted.\n"
        "Why it matters: nothing in the file can be checked. Old tutorials and forum posts are often "
        "Python 2 (`print x`), and code copied from a web page often loses its indentation."),
    fix="Make the file valid Python 3: run `2to3 -w FILE` or add parentheses to print, and "
        "re-indent code copied from a web page.",
    bad='print "loss:", loss',
    good='print("loss:", loss)',
))

_PY2_HINTS = (
    ("Missing parentheses in call to 'print'", "print statement", "run 2to3 or add parentheses"),
    ("Missing parentheses in call to 'exec'", "exec statement", "run 2to3 or call exec(...)"),
    ("multiple exception types must be parenthesized", "`except E, e:`", "write `except E as e:`"),
    ("leading zeros in decimal integer literals", "octal literal like 0777", "write 0o777"),
)


def describe(exc: BaseException) -> tuple:
    """(line, one-line message) for a parse failure."""
    line = getattr(exc, "lineno", None) or 1
    msg = getattr(exc, "msg", None) or str(exc)
    for needle, what, fix in _PY2_HINTS:
        if needle in msg:
            return line, (f"line {line}: this looks like Python 2 ({what}); backprop-doctor reads "
                          f"Python 3 — {fix}")
    if isinstance(exc, IndentationError):
        return line, (f"line {line}: {msg} — code copied from a web page often loses its "
                      "indentation; re-indent it")
    return line, f"line {line}: Python 3 cannot parse this file: {msg}"


def syntax_finding(exc: BaseException, filename: str) -> Finding:
    line, message = describe(exc)
    col = getattr(exc, "offset", None) or 1
    return INFO.finding(message, file=filename, line=line,
                        evidence={"python_message": str(exc), "col": max(1, int(col))})


def too_deep_finding(filename: str) -> Finding:
    return INFO.finding("line 1: the file is nested too deeply for Python's parser to read "
                        "(a generated file?)", file=filename, line=1)
