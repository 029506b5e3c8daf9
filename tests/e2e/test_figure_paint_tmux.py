"""End to end: the moving figure, written straight to a real terminal (tmux), is always a
whole picture of itself at its place: every capture of its room is one of its frames, also
while and after the terminal is resized, and no braille shows outside its room."""

from __future__ import annotations

import time
from pathlib import Path

from textual.geometry import Size

from hiptimer.core.figures import FIGURES
from hiptimer.ui.widgets.figure import Frames
from tests.e2e.tmux import BRAILLE, Terminal, band
from tests.e2e.userfiles import hiptimer_path

BRIDGE = FIGURES["basic-bridge"]
LONG_WORK = ["--work", "300", "--prepare", "1", "--no-history"]
"""A long first set of the bridge after a second to get ready; sound left at its default
(the terminal bell on a machine without a sound card), as a runner would start it."""


def rows_of(screen: str, width: int) -> list[str]:
    return [row.ljust(width) for row in screen.splitlines()]


def room(screen: str, width: int) -> tuple[int, int, int]:
    """Where the bridge is drawn: its left column, its floor's row and its width, read from
    the floor line (the figure's last row of braille, across its whole room)."""
    rows = rows_of(screen, width)
    floor = max(y for y, row in enumerate(rows) if BRAILLE.search(row))
    columns = [x for x, char in enumerate(rows[floor]) if BRAILLE.match(char)]
    return columns[0], floor, columns[-1] + 1 - columns[0]


def pictures(width: int, height: int) -> set[tuple[str, ...]]:
    frames = Frames(BRIDGE, False, Size(width, height))
    return {tuple(frames.lines(step)) for step in range(frames.count)}


def check_figure(screens: list[str], width: int) -> int:
    """Assert that every screen shows the bridge whole, at one place, with no braille
    elsewhere; return how many different pictures they showed."""
    x, floor, figure_width = room(screens[0], width)
    for height in range(3, floor + 2):
        known = pictures(figure_width, height)
        top = floor + 1 - height
        seen = [
            tuple(row[x : x + figure_width] for row in rows_of(screen, width)[top : floor + 1])
            for screen in screens
        ]
        if all(picture in known for picture in seen):
            break
    else:
        raise AssertionError("a capture shows no frame of the bridge:\n" + "\n".join(screens))
    for screen in screens:
        for y, row in enumerate(rows_of(screen, width)):
            outside = row[:x] + row[x + figure_width :] if top <= y <= floor else row
            assert not BRAILLE.search(outside), f"braille outside the figure:\n{screen}"
    return len(set(seen))


def captures(term: Terminal, count: int, every: float = 0.2) -> list[str]:
    shots = []
    for _ in range(count):
        shots.append(term.screen())
        time.sleep(every)
    return shots


def start_working(term: Terminal) -> None:
    """Start the workout from home and wait for the figure moving in the first set."""
    term.start(hiptimer_path(), *LONG_WORK)
    term.wait_for(lambda s: "Start" in s)
    term.keys("Enter")
    term.wait_for(lambda s: band(s) == "WORK" and bool(BRAILLE.search(s)), 15)


def quit_asked(term: Terminal) -> None:
    """Quit as a runner does mid-workout (q, then y) and check the status."""
    term.keys("q")
    term.wait_for(lambda s: "End the workout" in s, 5)
    term.keys("y")
    assert term.wait_exit() == "130"


def test_every_capture_of_the_moving_figure_is_one_of_its_frames(tmp_path: Path) -> None:
    term = Terminal(tmp_path, 80, 24)
    try:
        start_working(term)
        # The bridge changes picture about three times a second at 80x24.
        assert check_figure(captures(term, 15), 80) >= 3
        quit_asked(term)
    finally:
        term.close()


def test_the_figure_is_whole_after_the_terminal_is_resized_while_it_moves(
    tmp_path: Path,
) -> None:
    term = Terminal(tmp_path, 80, 24)
    try:
        start_working(term)
        # Quick changes of size while it moves, ending larger; then smaller again.
        for width, height in ((120, 40), (90, 26), (100, 30)):
            term.tmux("resize-window", "-t", "hip", "-x", str(width), "-y", str(height))
            time.sleep(0.1)
        time.sleep(0.5)
        assert check_figure(captures(term, 10), 100) >= 2
        term.tmux("resize-window", "-t", "hip", "-x", "80", "-y", "24")
        time.sleep(0.5)
        assert check_figure(captures(term, 10), 80) >= 2
        assert "Traceback" not in term.screen()
        quit_asked(term)
    finally:
        term.close()
