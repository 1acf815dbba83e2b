"""Running the ``pixcore`` command line in-process, for the CLI's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pixcore.cli import main

__all__ = ["run"]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """``pixcore ARGV...``: the exit code, then what it wrote to stdout and stderr."""
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err
