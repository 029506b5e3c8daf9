"""Shared helpers for tests that run the installed ``hiptimer`` as a real process."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
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


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (a zombie not yet reaped has)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def poll(what: Callable[[], bool], timeout: float = 10.0) -> None:
    """Check ``what`` every 50 ms until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not what():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
