"""End to end: the settings and history screens of the installed ``hiptimer``, in tmux."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from hiptimer.core.records import week_start
from hiptimer.store.sessions import open_history
from tests.e2e.tmux import Terminal
from tests.e2e.userfiles import hiptimer_path
from tests.samples import add_session

CONFIG = """\
# my settings, kept by hand
work = 30
sets = 2
"""


@pytest.fixture
def terminal(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Terminal]:
    width, height = request.param
    term = Terminal(tmp_path, width, height)
    yield term
    term.close()


def user_paths(term: Terminal) -> tuple[Path, Path]:
    """The settings file and history database the installed hiptimer uses in this home."""
    return term.home.settings_file, term.home.history_file


@pytest.mark.parametrize("terminal", [(80, 24)], indirect=True)
def test_settings_saved_from_the_screen_and_history_read_in_a_real_terminal(
    terminal: Terminal,
) -> None:
    config, history_file = user_paths(terminal)
    config.parent.mkdir(parents=True)
    config.write_text(CONFIG, encoding="utf-8")
    history, _ = open_history(history_file)
    assert history is not None
    monday = week_start(date.today())
    add_session(history, monday)
    add_session(history, monday, status="stopped", done=1, name="Hips [/b] at noon")
    history.close()

    terminal.start(hiptimer_path(), "--mute")
    terminal.wait_for(lambda s: "Start ▶" in s and "s Settings" in s)
    terminal.keys("s")
    terminal.wait_for(lambda s: "article: 30–45 s" in s and "article: 2–3 a week" in s)
    terminal.keys("4", "0")  # the work field has the focus, its text selected
    terminal.wait_for(lambda s: "40" in s.splitlines()[2])
    terminal.keys("C-s")
    screen = terminal.wait_for(lambda s: "Glute bridge · 2 × 40 s" in s)
    assert "total 8:55" in screen
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# my settings, kept by hand\n")
    assert tomllib.loads(text)["work"] == 40

    terminal.keys("h")
    screen = terminal.wait_for(lambda s: "History  2 sessions" in s)
    assert "streak" in screen and "╌╌ goal 3 a week" in screen
    # Each exercise's chart comes next; the recent sessions are below it, at the end.
    terminal.wait_for(lambda s: "Glute bridge  2 × 30 s" in s)
    terminal.keys("End")
    terminal.wait_for(lambda s: "Hips [/b] at noon" in s and "stopped" in s and "completed" in s)
    terminal.keys("Escape")
    terminal.wait_for(lambda s: "Start ▶" in s)
    terminal.keys("q")
    assert terminal.wait_exit() == "0"


@pytest.mark.parametrize("terminal", [(40, 12)], indirect=True)
def test_both_screens_fit_a_small_terminal_and_history_can_be_off(terminal: Terminal) -> None:
    terminal.start(hiptimer_path(), "--mute", "--no-history")
    terminal.wait_for(lambda s: "Start ▶" in s)
    terminal.keys("s")
    screen = terminal.wait_for(lambda s: "Work" in s and "Save (ctrl+s)" in s)
    assert all(len(line) <= 40 for line in screen.splitlines())
    assert "Quick 2×30s" in screen and "Full 3×45s" in screen
    terminal.keys("Escape")
    terminal.wait_for(lambda s: "Start ▶" in s)
    terminal.keys("h")
    terminal.wait_for(lambda s: "History is off for this run" in s)
    terminal.keys("Escape")
    terminal.wait_for(lambda s: "Start ▶" in s)
    terminal.keys("q")
    assert terminal.wait_exit() == "0"
    config, history_file = user_paths(terminal)
    assert not config.exists() and not history_file.exists()
