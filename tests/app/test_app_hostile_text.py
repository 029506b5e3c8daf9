"""Hostile text in the full-screen app: a theme written as markup, an unknown theme, notices
and history rows carrying escape sequences. Shown as plain, escaped text; nothing runs."""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import DataTable, Select, Static
from textual.widgets._select import SelectCurrent

from hiptimer.config.settings import load_settings
from hiptimer.config.store import SettingsFile
from hiptimer.store.sessions import load_overview
from hiptimer.store.trends import load_trends
from hiptimer.testing import FakeClock, FixedHistory, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.history import HistoryScreen
from hiptimer.ui.screens.settings import SettingsScreen
from hiptimer.ui.widgets.trendchart import ExerciseChart
from tests.e2e.userfiles import crafted_history

STEERING = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
"""Characters that must never reach the terminal."""

MARKUP_THEMES = ["[@click=app.quit]Q[/]", "[/]", "[0]", "[@click=app.quit]Q[/] [bold red]T"]


def app_with_theme(tmp_path: Path, theme: str, **kwargs: object) -> HipTimerApp:
    path = tmp_path / "config.toml"
    path.write_text(f"theme = {theme!r}\n".replace("'", '"'), encoding="utf-8")
    settings, problems = load_settings(path)
    assert problems == () and settings.theme == theme  # one line of text: the file accepts it
    return HipTimerApp(
        settings_store=SettingsFile(path, settings),
        player=RecordingPlayer(),
        clock=FakeClock(),
        **kwargs,  # type: ignore[arg-type]
    )


def notices(app: HipTimerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize("theme", MARKUP_THEMES)
async def test_the_settings_screen_shows_a_markup_theme_literally(
    theme: str, tmp_path: Path
) -> None:
    app = app_with_theme(tmp_path, theme)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        current = screen.query_one("#theme", Select).query_one(SelectCurrent)
        label = current.query_one("#label", Static)
        assert isinstance(label.visual, Content)
        assert label.visual.plain == theme
        assert not label.visual.spans  # no style, no link: nothing to click
        # A click where the markup would have put its link: nothing is run.
        await pilot.click(label, offset=(0, 0))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.theme == "textual-dark"


async def test_an_unknown_theme_gives_one_notice_naming_the_file_key_and_themes(
    tmp_path: Path,
) -> None:
    app = app_with_theme(tmp_path, "nord-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = notices(app)
        assert app.theme == "textual-dark"
    path = tmp_path / "config.toml"
    assert len(shown) == 1, shown
    assert shown[0].startswith(
        f"{path}: key 'theme': unknown theme 'nord-dark'; using 'textual-dark'. Themes: "
    )
    assert "nord" in shown[0] and "gruvbox" in shown[0]


async def test_a_known_theme_is_used_without_a_notice(tmp_path: Path) -> None:
    app = app_with_theme(tmp_path, "nord")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert notices(app) == []


async def test_notices_are_escaped(tmp_path: Path) -> None:
    app = app_with_theme(tmp_path, "nord", notices=["/x/\x1b]0;TITLE\x07\x9b2J\u202e.toml: bad"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert notices(app) == ["/x/\\x1b]0;TITLE\\x07\\x9b2J\\u202e.toml: bad"]


async def test_the_history_screen_shows_hostile_names_escaped(tmp_path: Path) -> None:
    history = tmp_path / "history.sqlite3"
    crafted_history(history)
    app = app_with_theme(tmp_path, "nord", history=FixedHistory(lambda: load_overview(history, 3)))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one("#history-table", DataTable)
        cells = [cell.plain for row in range(table.row_count) for cell in table.get_row_at(row)]
    assert "\\x1b[2J\\x9b31m\\u202eevil" in cells
    assert [c for c in cells if STEERING.search(c)] == []


HOSTILE_EXERCISES = [
    "[@click=app.quit]Q[/]",
    "[/b] \x1b]0;TITLE\x07 [bold red]loud",
    "\u202eevil\x9b2J",
]


async def test_the_exercise_charts_show_hostile_names_from_the_history_escaped(
    tmp_path: Path,
) -> None:
    history = tmp_path / "history.sqlite3"
    crafted_history(history)  # its sessions are from 2023: outside the chart's weeks
    today = date.today()
    conn = sqlite3.connect(history)
    for number, name in enumerate(HOSTILE_EXERCISES, start=10):
        started = time.time() - 60 * number
        conn.execute(
            "INSERT INTO sessions (id, started_at, ended_at, updated_at, routine, routine_name,"
            " status, active_seconds) VALUES (?, ?, ?, ?, ?, ?, 'completed', 30)",
            (number, started, started + 30, started + 30, name, name),
        )
        conn.execute(
            "INSERT INTO sets (session_id, position, exercise, exercise_id, set_number, side,"
            " planned_seconds, done_seconds, progression) VALUES (?, 1, ?, ?, 1, NULL, 30, 30, ?)",
            (number, name, f"id-{number}", name),
        )
    conn.commit()
    conn.close()
    app = app_with_theme(
        tmp_path,
        "nord",
        history=FixedHistory(
            lambda: load_overview(history, 3), trends=lambda: load_trends(history, today=today)
        ),
    )
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        charts = list(screen.query(ExerciseChart))
        texts = [chart.text for chart in charts]
        titles = [chart.lines(100)[0] for chart in charts[3:]]
        # A click on each title, where markup would have put a link: nothing is run.
        for chart in charts[3:]:
            await pilot.click(chart, offset=(1, 0))
        await pilot.pause()
        assert app.is_running and app.return_code is None
    assert [t.plain.split("  ")[0] for t in titles] == [
        "[@click=app.quit]Q[/]",
        "[/b] \\x1b]0;TITLE\\x07 [bold red]loud",
        "\\u202eevil\\x9b2J",
    ]
    # The name is bold and nothing else: no style or link came from the text.
    assert all({span.style for span in t.spans} == {"bold"} for t in titles)
    lines = [line for text in texts for line in text.splitlines()]
    # Three built-in exercises not done (a line each), three drawn (a title and three rows of
    # dose; no ladder, no levels), and the weeks' dates.
    assert len(lines) == 3 + 3 * 4 + 1
    assert [line for line in lines if STEERING.search(line)] == []
