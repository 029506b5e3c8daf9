"""Helpers for tests that run the installed ``hiptimer`` against files in a temporary home."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from hiptimer.store.sessions import open_history
from tests.home import IsolatedHome


def hiptimer_path() -> str:
    """Return the installed ``hiptimer`` script (the one beside this Python first)."""
    beside = Path(sys.executable).parent / "hiptimer"
    if beside.exists():
        return str(beside)
    found = shutil.which("hiptimer")
    assert found, "hiptimer is not installed: run the README's test command"
    return found


FAST = ("--work", "1", "--rest", "1", "--exercise-rest", "1", "--switch", "1", "--prepare", "1")
"""Options that make a workout take seconds."""

TINY_ROUTINE = """\
name = "Tiny"

[[exercises]]
name = "Bridge"
sets = 1
work = 1
cues = ["Hips level"]
"""
"""A valid one-set routine: the shortest real workout, for tests that only need a DONE line."""


class Home(IsolatedHome):
    """An isolated home in which to run the installed ``hiptimer``."""

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run ``hiptimer`` to its end and return what it printed."""
        return subprocess.run(
            [hiptimer_path(), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def history(self) -> list[dict[str, Any]]:
        """The sessions ``hiptimer history --json`` lists here (it must succeed)."""
        result = self.run("history", "--json")
        assert result.returncode == 0, result.stderr
        sessions: list[dict[str, Any]] = json.loads(result.stdout)
        return sessions

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start ``hiptimer`` in the background, its output in pipes."""
        return subprocess.Popen(
            [hiptimer_path(), *args],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def make_home(root: Path) -> Home:
    """Create a home with a config folder and the tiny routine."""
    home = Home(root)
    home.create()
    (home.routines_dir / "tiny.toml").write_text(TINY_ROUTINE, encoding="utf-8")
    return home


def wait_for(what: Callable[[], bool], timeout: float = 30.0, step: float = 0.05) -> None:
    """Poll until ``what()`` is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not what():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(step)


class LineReader:
    """Collect a process's stdout lines as they come (a thread reads the pipe)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert process.stdout is not None
        self._stream = process.stdout
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._stream:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, starts: Sequence[str], timeout: float = 30.0) -> str:
        """Wait for a line containing every one of ``starts``; return it."""
        found: list[str] = []

        def seen() -> bool:
            found[:] = [ln for ln in self.lines if all(s in ln for s in starts)]
            return bool(found)

        wait_for(seen, timeout)
        return found[0]

    def join(self, timeout: float = 10.0) -> None:
        """Wait until the pipe is closed."""
        self._thread.join(timeout)


FORMULA = "=cmd|' /C calc'!A0"
"""A cell a spreadsheet would run as a formula (the classic CSV injection)."""


def crafted_history(path: Path) -> None:
    """A history written by hand, not by hiptimer: hostile names and a spreadsheet formula
    (in the exercise and its progression)."""
    history, notices = open_history(path)  # today's schema, empty
    assert history is not None and notices == ()
    history.close()
    conn = sqlite3.connect(path)
    rows = [  # (id, routine id, routine name, exercise)
        (1, "\x1b]0;TITLE\x07", "\x1b[2J\x9b31m\u202eevil", "\x1b]52;c;aGk=\x07 bridge"),
        (2, FORMULA, FORMULA, "+SUM(1)"),
        (3, "@A1", "@A1", "-2+3"),
    ]
    for number, routine, name, exercise in rows:
        started = 1_700_000_000.0 + number * 3600
        conn.execute(
            "INSERT INTO sessions (id, started_at, ended_at, updated_at, routine, routine_name,"
            " status, active_seconds) VALUES (?, ?, ?, ?, ?, ?, 'completed', 30)",
            (number, started, started + 30, started + 30, routine, name),
        )
        conn.execute(
            "INSERT INTO sets (session_id, position, exercise, exercise_id, set_number, side,"
            " planned_seconds, done_seconds, progression)"
            " VALUES (?, 1, ?, 'x', 1, NULL, 30, 30, ?)",
            (number, exercise, exercise),
        )
    conn.commit()
    conn.close()


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
