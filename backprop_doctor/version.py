"""The installed version, for --version and for what an internal-error message asks to report."""
from __future__ import annotations


def version() -> str:
    try:
        from importlib.metadata import version as installed

        return installed("backprop-doctor")
    except Exception:  # noqa: BLE001 - running from a source tree without metadata
        return "0+unknown"
