"""Faults against the installed ``hiptimer`` in a real terminal: signals and a closed terminal."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.tmux import Terminal, band
from tests.e2e.userfiles import gone, hiptimer_path, poll

RUN = ("--work", "3", "--rest", "1", "--exercise-rest", "1", "--switch", "1")
RUN_ARGS = (*RUN, "--prepare", "1", "--sets", "2", "--mute")
"""Prepare 1 s, then the built-in routine at 2 sets of 3 s: the first set is done after 4 s."""


def history_file(terminal: Terminal) -> Path:
    return terminal.home.history_file


def raw_sessions(terminal: Terminal) -> list[tuple[str, float | None, float]]:
    """Status, end and active seconds as the process left them (nothing tidies them first)."""
    conn = sqlite3.connect(f"{history_file(terminal).as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT status, ended_at, active_seconds FROM sessions ORDER BY id")
        return list(rows)
    finally:
        conn.close()


def hiptimer_pid(terminal: Terminal) -> int:
    """The hiptimer process: the child of the status-recording wrapper in the pane."""
    wrapper = int(terminal.tmux("display-message", "-p", "-t", "hip", "#{pane_pid}").strip())
    children = Path(f"/proc/{wrapper}/task/{wrapper}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def into_second_set(terminal: Terminal) -> int:
    """Start a workout and return hiptimer's pid once the first set is done."""
    terminal.start(hiptimer_path(), *RUN_ARGS)
    terminal.wait_for(lambda s: "Start" in s and "total" in s)
    terminal.keys("Enter")
    terminal.wait_for(lambda s: band(s) == "WORK" and "set 2 of 2" in s, 20)
    return hiptimer_pid(terminal)


def assert_partial_session(terminal: Terminal) -> None:
    ((status, ended_at, active),) = raw_sessions(terminal)
    assert status == "stopped"  # closed by hiptimer itself, not tidied up by a later start
    assert ended_at is not None
    assert active >= 4  # prepare and the first set, at least
    (session,) = terminal.home.history()
    assert session["status"] == "stopped"
    done = [s["done_seconds"] for s in session["sets"]]
    assert done[0] == 3  # the completed set is kept
    assert 0 <= done[1] < 3 and all(d == 0 for d in done[2:])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_mid_workout_keeps_the_partial_session(terminal: Terminal, signum: int) -> None:
    pid = into_second_set(terminal)
    os.kill(pid, signum)
    assert terminal.wait_exit() == str(128 + signum)  # what a shell reports for the signal
    assert "Traceback" not in terminal.screen()
    assert_partial_session(terminal)


@pytest.mark.parametrize("how", ["kill-session", "kill-pane"])
def test_closing_the_terminal_keeps_the_partial_session(terminal: Terminal, how: str) -> None:
    pid = into_second_set(terminal)
    terminal.tmux(how, "-t", "hip")
    poll(lambda: gone(pid))
    assert_partial_session(terminal)


def test_enter_pressed_twice_on_home_starts_one_workout(terminal: Terminal) -> None:
    # Both keys arrive in one read, before the workout screen is up.
    terminal.start(hiptimer_path(), *RUN_ARGS)
    terminal.wait_for(lambda s: "Start" in s and "total" in s)
    terminal.keys("Enter", "Enter")
    terminal.wait_for(lambda s: band(s) == "WORK" and "set 2 of 2" in s, 20)
    terminal.keys("q")
    terminal.wait_for(lambda s: "End the workout" in s, 5)
    terminal.keys("y")
    assert terminal.wait_exit() == "130"
    assert [session["status"] for session in terminal.home.history()] == ["stopped"]
