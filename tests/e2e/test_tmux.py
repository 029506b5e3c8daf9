"""End to end: the installed ``hiptimer`` in a real terminal (tmux), read as a user would."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.e2e.tmux import Terminal, band, countdown, short_run
from tests.e2e.userfiles import hiptimer_path


def test_whole_workout_in_a_real_terminal(terminal: Terminal) -> None:
    terminal.start(hiptimer_path(), *short_run())
    home = terminal.wait_for(lambda s: "Start" in s and "total" in s)
    assert "Glute bridge · 1 × 3 s" in home
    assert "Hip clam · 1 × 3 s each side" in home

    terminal.keys("Enter")
    words: list[str] = []
    paused_checked = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        screen = terminal.screen()
        word = band(screen)
        if word and (not words or words[-1] != word):
            words.append(word)
        if word == "WORK" and not paused_checked:
            terminal.keys("Space")
            # The band and the prompt are separate widgets: a capture can fall between them.
            paused = terminal.wait_for(
                lambda s: band(s) == "PAUSED · WORK" and "press space to resume" in s, 5
            )
            time.sleep(1.5)  # a real second passes: nothing may move while paused
            still = terminal.screen()
            assert band(still) == "PAUSED · WORK"
            assert countdown(still) == countdown(paused)
            terminal.keys("Space")
            terminal.wait_for(lambda s: band(s) == "WORK", 5)
            paused_checked = True
            words.append("PAUSED · WORK")
            words.append("WORK")
        if word == "DONE" and "Workout complete" in screen:
            break
        time.sleep(0.05)
    assert words == [
        "GET READY",
        "WORK",
        "PAUSED · WORK",
        "WORK",
        "REST",
        "WORK",
        "SWITCH SIDES",
        "WORK",
        "REST",
        "WORK",
        "SWITCH SIDES",
        "WORK",
        "DONE",
    ]
    done = terminal.screen()
    assert "3 sets completed" in done  # a per-side set counts once
    terminal.keys("q")
    assert terminal.wait_exit() == "0"
    assert "Traceback" not in terminal.screen()


def test_quit_mid_workout_asks_first(terminal: Terminal) -> None:
    terminal.start(hiptimer_path(), *short_run(30, mute=False))
    terminal.wait_for(lambda s: "Start" in s)
    terminal.keys("Enter")
    terminal.wait_for(lambda s: band(s) == "WORK")
    assert "MUTED" not in terminal.screen()
    terminal.keys("m")
    terminal.wait_for(lambda s: "MUTED" in s, 5)
    terminal.keys("q")
    asked = terminal.wait_for(lambda s: "End the workout and quit?" in s, 5)
    assert band(asked) == "PAUSED · WORK"
    terminal.keys("n")
    terminal.wait_for(lambda s: band(s) == "WORK" and "End the workout" not in s, 5)
    terminal.keys("q")
    terminal.wait_for(lambda s: "End the workout and quit?" in s, 5)
    terminal.keys("y")
    assert terminal.wait_exit() == "130"  # stopped early: as line mode's Ctrl+C
    assert "Traceback" not in terminal.screen()


def test_footer_says_resume_and_ctrl_c_mid_workout_exits_130(terminal: Terminal) -> None:
    terminal.start(hiptimer_path(), *short_run(30))
    terminal.wait_for(lambda s: "Start" in s)
    terminal.keys("Enter")
    terminal.wait_for(lambda s: band(s) == "WORK")
    footer = terminal.wait_for(lambda s: "Pause" in s.splitlines()[-1], 5).splitlines()[-1]
    assert "Resume" not in footer
    terminal.keys("Space")
    terminal.wait_for(lambda s: band(s) == "PAUSED · WORK", 5)
    footer = terminal.wait_for(lambda s: "Resume" in s.splitlines()[-1], 5).splitlines()[-1]
    assert "Pause" not in footer
    terminal.keys("C-c")
    assert terminal.wait_exit() == "130"
    assert "Traceback" not in terminal.screen()


def test_ctrl_c_on_the_home_screen_exits_0(tmp_path: Path) -> None:
    term = Terminal(tmp_path, 80, 24)
    try:
        term.start(hiptimer_path(), *short_run(30))
        term.wait_for(lambda s: "Start" in s)
        term.keys("C-c")
        assert term.wait_exit() == "0"
    finally:
        term.close()


@pytest.mark.parametrize("size", [(120, 40), (40, 12), (20, 6)])
def test_other_sizes_and_resizing(tmp_path: Path, size: tuple[int, int]) -> None:
    term = Terminal(tmp_path, *size)
    try:
        term.start(hiptimer_path(), *short_run(30))
        term.wait_for(lambda s: "⏎" in s)  # at 20 columns the key bar has no room for "Start"
        term.keys("Enter")
        screen = term.wait_for(lambda s: band(s) == "WORK")
        compact = size[0] < 50 or size[1] < 15
        assert (countdown(screen) == []) is compact
        assert re.search(r"0:[0-3]\d", screen) or not compact
        term.tmux("resize-window", "-t", "hip", "-x", "30", "-y", "8")
        term.wait_for(lambda s: len(s.splitlines()[0]) <= 30 and band(s) == "WORK", 5)
        term.tmux("resize-window", "-t", "hip", "-x", "80", "-y", "24")
        term.wait_for(lambda s: countdown(s) != [], 5)
        term.keys("q")
        term.wait_for(lambda s: "End the workout" in s, 5)
        term.keys("y")
        assert term.wait_exit() == "130"
        assert "Traceback" not in term.screen()
    finally:
        term.close()


def braille_rows(screen: str) -> list[str]:
    """The rows that hold braille dots (U+2800 to U+28FF): where a figure is drawn."""
    return [row for row in screen.splitlines() if any("\u2800" <= c <= "\u28ff" for c in row)]


REST_RUN = ["--work", "3", "--rest", "30", "--prepare", "2", "--sets", "2"]
REST_RUN += ["--no-history", "--mute"]
"""Get ready 2 s, the bridge's first set 3 s, then 30 s of rest before the second."""


@pytest.mark.parametrize("figures", [True, False], ids=["figures", "figures-off"])
def test_rest_shows_the_coming_movement_drawn_in_braille(tmp_path: Path, figures: bool) -> None:
    term = Terminal(tmp_path, 100, 30)
    try:
        if not figures:
            term.home.settings_file.parent.mkdir(parents=True)
            term.home.settings_file.write_text("figures = false\n", encoding="utf-8")
        term.start(hiptimer_path(), *REST_RUN)
        term.wait_for(lambda s: "Start" in s)
        term.keys("Enter")
        rest = term.wait_for(lambda s: band(s) == "REST" and "set 2 of 2" in s, 15)
        if not figures:
            assert braille_rows(rest) == []
        else:
            # Beside the digits, on their rows, and moving: the bridge lifts within 2 s.
            rows = braille_rows(rest)
            assert rows and all("█" in row or "┃" in row or "━" in row for row in rows)
            term.wait_for(lambda s: braille_rows(s) != braille_rows(rest), 5)
        term.keys("q")
        term.wait_for(lambda s: "End the workout" in s, 5)
        term.keys("y")
        assert term.wait_exit() == "130"
        assert "Traceback" not in term.screen()
    finally:
        term.close()
