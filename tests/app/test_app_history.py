"""Pilot tests of the history screen against real SQLite files in a temporary folder."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from textual.content import Content
from textual.widgets import DataTable, Static

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.plan import build_plan
from hiptimer.core.records import Overview
from hiptimer.core.settings import Settings
from hiptimer.store.port import HistoryService
from hiptimer.store.recorder import planned_sets
from hiptimer.store.sessions import load_overview, open_history
from hiptimer.testing import FakeClock, FixedHistory, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.done import DoneScreen
from hiptimer.ui.screens.history import HistoryScreen, week_chart
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.widgets.keybar import KeyBar
from tests.app.pilot import SHORT, advance, start
from tests.samples import (
    COUNTS,
    MARKUP_NAME,
    TODAY,
    WEEKS,
    add_session,
    make_history,
    noon,
    weeks_ago,
)

V1_HISTORY = Path(__file__).parents[1] / "corpus" / "history" / "v1.sqlite3"
"""A real history from schema 1 (see the README beside it)."""


def make_app(overview: Callable[[], Overview] | None) -> HipTimerApp:
    return HipTimerApp(
        player=RecordingPlayer(),
        clock=FakeClock(),
        history=FixedHistory(overview, week="1st of 2 this week") if overview else None,
    )


def plain(widget: object) -> str:
    assert isinstance(widget, Static)
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


def chart_lines(screen: HistoryScreen) -> list[str]:
    return plain(screen.query_one("#history-chart")).splitlines()


async def test_the_history_screen_shows_sessions_the_weeks_and_the_streak(tmp_path):
    path = tmp_path / "history.sqlite3"
    make_history(path)
    app = make_app(lambda: load_overview(path, 2, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        total = sum(WEEKS.values()) + 2
        assert plain(screen.query_one("#history-title")) == f"History  {total} sessions"
        assert plain(screen.query_one("#history-summary")) == (
            "1st of 2 this week · streak: 3 weeks in a row at 2 a week"
        )

        lines = chart_lines(screen)
        axis = next(i for i, line in enumerate(lines) if "└" in line)
        assert axis == 3  # three rows of bars: the top week has 3 sessions
        counts_line, marks = lines[axis + 1], lines[axis + 2]
        assert [int(n) for n in counts_line.split()] == COUNTS
        # Each week is three columns wide; its count and its ✓ sit under its bar.
        met = [marks[2 + 3 * i : 5 + 3 * i].strip() == "✓" for i in range(12)]
        assert met == [n >= 2 for n in COUNTS]
        bars = lines[:axis]
        assert [bars[2][3 + 3 * i : 5 + 3 * i] == "██" for i in range(12)] == [
            n > 0 for n in COUNTS
        ]
        assert bars[1].startswith("2┤") and bars[1].count("╌") > 10  # the goal line
        assert [bars[0][3 + 3 * i : 5 + 3 * i] == "██" for i in range(12)] == [
            n >= 3 for n in COUNTS
        ]
        assert lines[axis + 3].strip().startswith("15 Dec")
        assert lines[axis + 3].endswith("this week")
        assert lines[axis + 4].strip() == "╌╌ goal 2 a week  ✓ met"

        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == total
        newest = [cell.plain for cell in table.get_row_at(0)]
        assert newest == [
            datetime.fromtimestamp(noon(weeks_ago(0, 1))).strftime("%Y-%m-%d %H:%M"),
            MARKUP_NAME,
            "stopped",
            "2:05",
            "2/6",  # both bridge sets; the clam set has its left side only
        ]
        second = [cell.plain for cell in table.get_row_at(1)]
        assert second[1:] == ["Runner's hips", "completed", "6:45", "6/6"]

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_history_opens_from_the_button_the_palette_and_the_done_screen(tmp_path):
    path = tmp_path / "history.sqlite3"
    make_history(path)
    app = make_app(lambda: load_overview(path, 2, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#open-history")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("h")  # h closes it again
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "History" in titles

        app.push_screen(DoneScreen(6, 6, 435.0, lambda: "2nd of 2 this week"))
        await pilot.pause()
        assert plain(app.screen.query_one("#week-summary")) == "2nd of 2 this week"
        assert "History" in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DoneScreen)
        await pilot.click("#history")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_an_empty_history_and_history_turned_off_say_so(tmp_path):
    path = tmp_path / "history.sqlite3"
    app = make_app(lambda: load_overview(path, 3, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert "No sessions yet" in plain(screen.query_one("#history-empty"))
        assert plain(screen.query_one("#history-summary")).startswith("0 of 3 this week")
        assert not path.exists()  # reading never creates the database

    app = make_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert "History is off for this run" in plain(screen.query_one("#history-summary"))
        assert not screen.query("#history-chart")
        assert screen.query(KeyBar)


async def test_a_damaged_database_is_reported_on_the_screen(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, it is a [b]note[/b]\n" * 200)
    app = make_app(lambda: load_overview(path, 3, today=TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        notices = [plain(n) for n in screen.query(".history-notice")]
        assert len(notices) == 1
        assert "is damaged" in notices[0] and "moved it to history.sqlite3.corrupt-" in notices[0]
        assert "No sessions yet" in plain(screen.query_one("#history-empty"))
    moved = [p for p in tmp_path.iterdir() if p.name.startswith("history.sqlite3.corrupt-")]
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not a database")


def test_the_chart_scales_tall_weeks_and_still_marks_the_goal(tmp_path):
    path = tmp_path / "history.sqlite3"
    history, _ = open_history(path)
    assert history is not None
    for weekday in range(7):
        add_session(history, weeks_ago(1, weekday), done=0)
        add_session(history, weeks_ago(1, weekday), done=0)
    history.close()
    stats = load_overview(path, 3, today=TODAY).stats
    lines = week_chart(stats).plain.splitlines()
    assert lines[0].startswith("14┤")
    assert len(lines) == 5 + 5  # five rows of bars, axis, counts, marks, dates, legend
    # 3 of 14 on five rows rounds to the first row: the goal line runs along it.
    assert lines[4].startswith(" 3┤") and "╌" in lines[4]
    assert lines[6].split() == ["0"] * 10 + ["14", "0"]


def test_reading_and_drawing_a_100000_session_history_is_fast(tmp_path):
    path = tmp_path / "history.sqlite3"
    history, _ = open_history(path)
    assert history is not None
    # Bulk rows straight into the schema: a hundred thousand sessions through the API
    # would take minutes, and what is measured is the reading.
    start = noon(TODAY) - 100_000 * 3600.0
    planned = planned_sets(build_plan(BUILTIN_ROUTINE, Settings()))
    history.conn.execute("BEGIN")
    history.conn.executemany(
        "INSERT INTO sessions (id, started_at, ended_at, updated_at, routine, routine_name,"
        " status, active_seconds) VALUES (?, ?, ?, ?, 'runners-hips', 'Runner''s hips', ?, 400)",
        (
            (
                i,
                start + i * 3600.0,
                start + i * 3600.0 + 500,
                start + i * 3600.0 + 500,
                "completed" if i % 3 else "stopped",
            )
            for i in range(1, 100_001)
        ),
    )
    history.conn.executemany(
        "INSERT INTO sets (session_id, position, exercise, exercise_id, set_number, side,"
        " planned_seconds, done_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                p.position,
                p.exercise,
                p.exercise_id,
                p.set_number,
                p.side,
                p.planned_seconds,
                p.planned_seconds,
            )
            for i in range(1, 100_001)
            for p in planned
        ),
    )
    history.conn.execute("COMMIT")
    assert history.count() == 100_000
    history.close()

    began = time.perf_counter()
    overview = load_overview(path, 3, today=TODAY)
    chart = week_chart(overview.stats)
    took = time.perf_counter() - began
    assert overview.total == 100_000 and len(overview.recent) == 20
    # One session an hour: 112 completed in a full week (two thirds of 168; a daylight
    # saving change moves an hour).
    assert all(110 <= w.sessions <= 114 for w in overview.stats.weeks[:-1])
    assert overview.stats.streak > 500
    assert "✓" in chart.plain
    assert took < 0.2, f"took {took * 1000:.0f} ms"


# --- an honest log ------------------------------------------------------------------------


def recorded_app(path: Path, clock: FakeClock) -> tuple[HipTimerApp, HistoryService]:
    """An app wired to a real history as ``hiptimer`` wires it (the history port over the
    file): a recorder per workout and the done screen's line about the week read back."""
    service = HistoryService(path)
    app = HipTimerApp(player=RecordingPlayer(), clock=clock, overrides=SHORT, history=service)
    return app, service


def statuses(service: HistoryService) -> list[str]:
    """Close the app's history, then read back each session's status, newest first."""
    service.close()
    history, _ = open_history(service.path)
    assert history is not None
    try:
        return [s.status for s in history.recent()]
    finally:
        history.close()


async def test_pressing_n_through_every_phase_is_not_a_completed_session(tmp_path):
    clock = FakeClock()
    app, service = recorded_app(tmp_path / "history.sqlite3", clock)
    async with app.run_test(size=(50, 15)) as pilot:
        workout = await start(pilot)
        for _ in range(len(workout.plan.phases) - 1):
            await pilot.press("n")
            await advance(pilot, clock, 0.5)
        screen = app.screen
        assert isinstance(screen, DoneScreen)
        assert plain(screen.query_one("#done-title")) == "Workout finished."
        assert plain(screen.query_one("#done-stats")).startswith("0 of 6 sets done · ")
        assert plain(screen.query_one("#done-short")) == (
            "All 6 sets skipped or cut short: Glute bridge set 1, Glute bridge set 2,"
            " Hip clam set 1, Hip clam set 2 and 2 more"
        )
        assert plain(screen.query_one("#week-summary")) == (
            "Not counted toward the weekly goal · 0 of 3 this week"
        )
        # At 50 × 15 the longer page closes up: the week's line and the buttons still show.
        for part in ("#week-summary", "#home", "#quit"):
            region = screen.query_one(part).region
            assert region.height and region.bottom <= 14, part  # above the key bar
    assert statuses(service) == ["partial"]


async def test_one_side_cut_short_is_named_on_the_done_screen(tmp_path):
    clock = FakeClock()
    app, service = recorded_app(tmp_path / "history.sqlite3", clock)
    async with app.run_test(size=(100, 30)) as pilot:
        workout = await start(pilot)
        # prepare 4, bridge 20, rest 6, bridge 20, rest 8, clam left 20, switch 3: then the
        # right side, cut at 10 of 20 s.
        await advance(pilot, clock, 4 + 20 + 6 + 20 + 8 + 20 + 3 + 10)
        assert workout.engine.phase.side is not None
        assert workout.engine.phase.side.value == "right"
        await pilot.press("n")
        await advance(pilot, clock, 500)
        screen = app.screen
        assert isinstance(screen, DoneScreen)
        assert plain(screen.query_one("#done-title")) == "Workout finished."
        assert plain(screen.query_one("#done-stats")).startswith("5 of 6 sets done · ")
        assert plain(screen.query_one("#done-short")) == (
            "1 of 6 sets skipped or cut short: Hip clam set 1 right"
        )
        assert plain(screen.query_one("#week-summary")).startswith("Not counted")
    assert statuses(service) == ["partial"]


async def test_a_whole_workout_is_completed_and_counted(tmp_path):
    clock = FakeClock()
    app, service = recorded_app(tmp_path / "history.sqlite3", clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(pilot)
        await advance(pilot, clock, 500)
        screen = app.screen
        assert isinstance(screen, DoneScreen)
        assert plain(screen.query_one("#done-title")) == "Workout complete. Well done."
        assert plain(screen.query_one("#done-stats")).startswith("6 sets completed · ")
        assert not screen.query("#done-short")
        assert plain(screen.query_one("#week-summary")) == "1st of 3 this week"
    assert statuses(service) == ["completed"]


async def test_the_history_screen_reads_a_migrated_v1_file(tmp_path):
    path = tmp_path / "history.sqlite3"
    shutil.copyfile(V1_HISTORY, path)
    app = make_app(lambda: load_overview(path, 3, today=date(2026, 3, 6)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert plain(screen.query_one("#history-title")) == "History  6 sessions"
        # Five reached their end; two of those had sets skipped or cut short.
        assert plain(screen.query_one("#history-summary")).startswith("3rd of 3 this week")
        table = screen.query_one("#history-table", DataTable)
        cells = [[cell.plain for cell in table.get_row_at(i)][1:] for i in range(6)]
        assert [row[1:2] + row[3:] for row in cells] == [
            ["completed", "2/2"],
            ["stopped", "2/6"],
            ["partial", "5/6"],
            ["completed", "6/6"],
            ["partial", "0/6"],
            ["completed", "6/6"],
        ]
        assert cells[0][0] == "Clams [at level 2]"
