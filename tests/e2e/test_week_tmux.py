"""End to end: the installed app's home shows the line ``hiptimer status`` prints, from the
same real history, but for the offers (home names the first on its own line)."""

from __future__ import annotations

import subprocess
import time

from hiptimer.core.settings import Settings
from tests.clean_sessions import clean_history
from tests.e2e.tmux import Terminal
from tests.e2e.userfiles import hiptimer_path


def test_home_shows_the_status_line_without_its_offers(terminal: Terminal) -> None:
    home = terminal.home
    # Two clean sessions at 3 × 45 s, the newest an hour ago: one or two this week, the
    # next due tomorrow, and the bridge walk offered.
    clean_history(home.history_file, Settings(sets=3, work=45), 2, time.time() - 3600)
    printed = subprocess.run(
        [hiptimer_path(), "status"],
        env=terminal.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()
    week, ready, offers = printed.partition(" · ready: ")
    assert week.startswith("hips ") and ready and offers.startswith("bridge walk"), printed

    terminal.start(hiptimer_path(), "--mute")
    screen = terminal.wait_for(lambda s: "ready for the bridge walk? u to move up" in s)
    screen = terminal.wait_for(lambda s: week in s)
    [line] = [row.strip() for row in screen.splitlines() if week in row]
    assert line == week  # the same words, and no "ready:" after them
    assert "ready: " not in screen
    terminal.keys("q")
    assert terminal.wait_exit() == "0"
