"""Every way out of the installed app, at every moment of a workout, in a real terminal.

Sound stays at its default (no ``--mute``) over a sound device that does not exist, as on CI
and on most machines over SSH: the player falls back to the terminal bell and a flash of the
screen, the path that printed tracebacks at quit and hung on a closed terminal. The cases
are a small generated matrix: every exit at two moments, every moment met by two exits.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import time
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.e2e.alsa_capture import MISSING_DEVICE_CONFIG
from tests.e2e.tmux import Terminal, band
from tests.e2e.userfiles import gone, hiptimer_path, poll

pytestmark = pytest.mark.e2e

EXITS = ("ctrl-c", "sigterm", "sighup", "closed-pty", "q-y")
"""Ways out: keys typed in the terminal, signals sent to hiptimer, the terminal closed
(``tmux kill-session``: the pty goes, the kernel sends SIGHUP and SIGCONT)."""
MOMENTS = ("work", "paused", "countdown", "rest", "home")
"""Where the app is when it is asked to end; ordered so that the matrix below meets Ctrl+C
in the countdown and at work, and the closed terminal at work, as first reported."""

ENDED_WITHIN = 2.0
"""Seconds from the exit to the process gone."""

SHORT = ("--exercise-rest", "30", "--switch", "1", "--sets", "2")
TIMES = {
    "home": ("--prepare", "30", "--work", "30"),
    "countdown": ("--prepare", "30", "--work", "30"),
    "work": ("--prepare", "1", "--work", "30"),
    "paused": ("--prepare", "1", "--work", "30"),
    "rest": ("--prepare", "1", "--work", "1", "--rest", "30"),
}
"""Phase lengths per moment: the moment lasts long enough to be caught and left in."""

BANDS = {"countdown": "GET READY", "work": "WORK", "paused": "PAUSED · WORK", "rest": "REST"}

ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|[()][0-9A-Za-z]|[@-Z\\-_])")


class Case(NamedTuple):
    how: str
    moment: str


def exit_matrix(exits: tuple[str, ...], moments: tuple[str, ...], rounds: int) -> list[Case]:
    """Exit ``i`` at moments ``i``, ``i + 2``, ... (mod their number): with as many exits as
    moments, every exit meets ``rounds`` moments and every moment ``rounds`` exits, no pair
    twice, in ``rounds * len(exits)`` cases instead of the full product."""
    assert len(exits) == len(moments)
    count = len(moments)
    return [
        Case(how, moments[(i + 2 * k) % count])
        for k in range(rounds)
        for i, how in enumerate(exits)
    ]


CASES = exit_matrix(EXITS, MOMENTS, rounds=2)


def test_the_matrix_meets_every_exit_and_moment_twice() -> None:
    assert len(CASES) == len(set(CASES)) == 10
    for how in EXITS:
        assert sum(case.how == how for case in CASES) == 2
    for moment in MOMENTS:
        assert sum(case.moment == moment for case in CASES) == 2
    reported = {("ctrl-c", "countdown"), ("ctrl-c", "work"), ("closed-pty", "work")}
    assert reported <= set(CASES)


def start(terminal: Terminal, how: str, *args: str) -> int:
    """Start hiptimer in the pane; return its pid.

    For a closed terminal hiptimer is the pane's own process, the session leader, as with
    ``xterm -e hiptimer`` or a tmux window made for it: the kernel then sends it SIGCONT as
    well as SIGHUP, which is what left it hanging. Otherwise it runs under the wrapper that
    records its exit status.
    """
    if how == "closed-pty":
        env = [arg for key, value in terminal.env.items() for arg in ("-e", f"{key}={value}")]
        size = ("-x", str(terminal.width), "-y", str(terminal.height))
        terminal.tmux("new-session", "-d", "-s", "hip", *size, *env, hiptimer_path(), *args)
        return pane_pid(terminal)
    terminal.start(hiptimer_path(), *args)
    children = Path(f"/proc/{pane_pid(terminal)}/task/{pane_pid(terminal)}/children")
    poll(lambda: bool(children.read_text().split()))
    (child,) = children.read_text().split()
    return int(child)


def pane_pid(terminal: Terminal) -> int:
    return int(terminal.tmux("display-message", "-p", "-t", "hip", "#{pane_pid}").strip())


def reach(terminal: Terminal, moment: str) -> None:
    """Start a workout (unless the moment is home) and wait until the moment has come, with
    the bell fallback announced."""
    terminal.wait_for(lambda s: "Start" in s and "total" in s)
    if moment == "home":
        return
    terminal.keys("Enter")
    if moment == "paused":
        terminal.wait_for(lambda s: band(s) == "WORK")
        terminal.keys("Space")
    # The cues of the phase have gone to the bell by now: its flash may be on the screen.
    terminal.wait_for(lambda s: band(s) == BANDS[moment] and "terminal bell" in s)


def leave(terminal: Terminal, pid: int, how: str, mid_workout: bool) -> float:
    """Ask hiptimer to end ``how``; return the time of the last step."""
    if how == "q-y":
        terminal.keys("q")
        if mid_workout:
            terminal.wait_for(lambda s: "End the workout and quit?" in s, 5)
            terminal.keys("y")
    elif how == "ctrl-c":
        terminal.keys("C-c")
    elif how == "closed-pty":
        terminal.tmux("kill-session", "-t", "hip")
    else:
        sent = {"sigterm": signal.SIGTERM, "sighup": signal.SIGHUP, "sigint": signal.SIGINT}
        os.kill(pid, sent[how])
    return time.monotonic()


def expected_status(how: str, mid_workout: bool) -> str | None:
    """The exit status the wrapper records (None: it dies with the closed terminal)."""
    if how == "closed-pty":
        return None
    if how == "sigterm":
        return str(128 + signal.SIGTERM)
    if how == "sighup":
        return str(128 + signal.SIGHUP)
    return "130" if mid_workout else "0"  # stopped early, or nothing to stop


def sessions(terminal: Terminal) -> list[tuple[str, str | None]]:
    """Status and end of every recorded session, as the process left them."""
    path = Path(terminal.env["XDG_DATA_HOME"]) / "hiptimer" / "history.sqlite3"
    if not path.exists():
        return []
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.execute("SELECT status, ended_at FROM sessions ORDER BY id"))
    finally:
        conn.close()


EXTRA = [Case("sigint", "work"), Case("sigint", "countdown")]
"""SIGINT from outside (``kill -INT``), which exited 0 mid-workout: it ends as Ctrl+C does."""


@pytest.mark.parametrize(
    "case", CASES + EXTRA, ids=[f"{c.how}-at-{c.moment}" for c in CASES + EXTRA]
)
def test_every_way_out_ends_cleanly_within_2_s(terminal: Terminal, case: Case) -> None:
    home = terminal.tmp_path / "home"
    (home / ".asoundrc").write_text(MISSING_DEVICE_CONFIG)  # no sound device: the bell
    # Unbuffered, as in many containers: every write to a closed terminal fails at once,
    # which is how a closed terminal left hiptimer hanging (buffered, it got away).
    terminal.env["PYTHONUNBUFFERED"] = "1"
    log = terminal.tmp_path / "pane.log"
    pid = start(terminal, case.how, *TIMES[case.moment], *SHORT)
    # Everything written to the terminal, for what is printed after the full screen is left.
    terminal.tmux("pipe-pane", "-t", "hip", "-o", f"cat >> {log}")
    mid_workout = case.moment != "home"
    reach(terminal, case.moment)

    left_at = leave(terminal, pid, case.how, mid_workout)
    poll(lambda: gone(pid), timeout=ENDED_WITHIN + 1)
    took = time.monotonic() - left_at
    assert took <= ENDED_WITHIN, f"hiptimer took {took:.2f} s to end"

    status = expected_status(case.how, mid_workout)
    if status is not None:
        assert terminal.wait_exit() == status
        shown = terminal.tmux("capture-pane", "-p", "-S", "-", "-t", "hip")
        written = ANSI.sub("", log.read_text(errors="replace")) if log.exists() else ""
        for text in (shown, written):
            assert "Traceback" not in text and "Error:" not in text, text[-3000:]
        # The terminal is back from the full screen.
        assert terminal.tmux("display-message", "-p", "-t", "hip", "#{alternate_on}") == "0\n"
    if mid_workout:
        ((recorded, ended_at),) = sessions(terminal)
        assert (recorded, ended_at is not None) == ("stopped", True)
    else:
        assert sessions(terminal) == []
