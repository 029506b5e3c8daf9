"""Shared helpers for tests that run the installed ``hiptimer`` as a real process."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def hiptimer_path() -> str:
    """Return the installed ``hiptimer`` script (the one beside this Python first)."""
    beside = Path(sys.executable).parent / "hiptimer"
    if beside.exists():
        return str(beside)
    found = shutil.which("hiptimer")
    assert found, "hiptimer is not installed: run the README's test command"
    return found


def hiptimer_command() -> list[str]:
    """Return the command that runs the installed ``hiptimer``."""
    return [hiptimer_path()]


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """Return an environment whose HOME and XDG folders are inside ``home``, so a test
    never reads or writes the real user's settings, routines or history."""
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("HIPTIMER_CONFIG", None)
    env.update(extra)
    return env
