"""Pilot tests of the History screen's exercise charts, read from real SQLite files."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import DataTable, Static

from hiptimer.core.trends import Trends
from hiptimer.store.port import HistoryService
from hiptimer.store.sessions import load_overview, open_history
from hiptimer.store.trends import load_trends
from hiptimer.testing import FakeClock, FixedHistory, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.history import HistoryScreen
from hiptimer.ui.widgets.trendchart import ExerciseChart, chart_lines, dose_rows
from tests.samples import TODAY, add_climb_session, make_climb_history, make_history

CUSTOM = "Single-leg balance"


def climb_app(path: Path, trends: Callable[[], Trends] | None = None) -> HipTimerApp:
    return HipTimerApp(
        player=RecordingPlayer(),
        clock=FakeClock(),
        history=FixedHistory(
            lambda: load_overview(path, 2, today=TODAY),
            trends=trends or (lambda: load_trends(path, today=TODAY)),
        ),
    )


async def open_history_screen(app: HipTimerApp, pilot: object) -> HistoryScreen:
    await pilot.press("h")  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def charts(screen: HistoryScreen) -> dict[str, list[str]]:
    """Each chart's lines as plain text, by the exercise's name."""
    return {c.trend.name: c.text.splitlines() for c in screen.query(ExerciseChart)}


def plain(widget: object) -> str:
    assert isinstance(widget, Static)
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


async def test_each_exercise_gets_a_chart_with_its_latest_dose_and_level(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    make_climb_history(path, custom=CUSTOM)
    app = climb_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history_screen(app, pilot)
        shown = charts(screen)
        assert not screen.query("#trends-waiting")
        legend = plain(screen.query_one("#trends-legend"))
    assert [lines[0] for lines in shown.values()] == [
        "Glute bridge  3 × 40 s · Bridge walk (level 2 of 3) · this week",
        "Hip clam  3 × 30 s · Side-plank clam (level 2 of 2) · this week",
        "Lateral lunge  3 × 45 s · Bodyweight (level 1 of 2) · this week",
        f"{CUSTOM}  2 × 55 s · this week",
    ]
    bridge = shown["Glute bridge"]
    # Three rows of dose from 135 s a side down to 0, then the level, three columns a week.
    assert bridge[1].startswith("135┤") and bridge[3].startswith("  0┤")
    levels = bridge[4].removeprefix("lvl│")
    weeks = [levels[3 * i : 3 * i + 3] for i in range(12)]
    # Not done nine weeks ago; level 1 until it moved up to the bridge walk five weeks ago.
    assert weeks == ["▃▃▃", "▃▃▃", "   ", "▃▃▃", "▃▃▃", "▃▃▃"] + ["▆▆▆"] * 6
    # Three weeks ago a set was reset: tried, not clean (dots on the floor, no dose).
    floor = bridge[3].removeprefix("  0┤")
    assert floor[3 * 8 : 3 * 9] == "···"
    assert all(floor[3 * i : 3 * i + 3] == "███" for i in (0, 1, 3, 4, 5, 6, 7, 9, 10, 11))
    # The top row: full only in the week of 3 × 45 s (135 s), six weeks ago.
    top = bridge[1].removeprefix("135┤")
    assert [i for i in range(12) if top[3 * i : 3 * i + 3] == "███"] == [5]
    # The user's own exercise has no ladder: no level strip; the weeks' dates close the charts.
    assert len(shown[CUSTOM]) == 5 and shown[CUSTOM][-1].strip().startswith("15 Dec")
    assert "tried, not clean" in legend and "135 at the top" in legend


async def test_the_screen_is_up_and_usable_while_the_weeks_are_read(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    make_climb_history(path)
    release = threading.Event()

    def slow() -> Trends:
        # As a long history or another program's lock would: the read waits in its thread.
        release.wait(10)
        return load_trends(path, today=TODAY)

    app = climb_app(path, slow)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert plain(screen.query_one("#trends-waiting")) == "Reading each exercise's weeks…"
        assert screen.query_one("#history-table", DataTable).row_count > 0
        assert not screen.query(ExerciseChart)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen.query(ExerciseChart)) == 3
        assert not screen.query("#trends-waiting")


async def test_history_off_or_unreadable_gives_no_exercise_charts(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    make_climb_history(path)
    unreadable = climb_app(path, lambda: Trends((), readable=False))
    async with unreadable.run_test(size=(100, 30)) as pilot:
        screen = await open_history_screen(unreadable, pilot)
        assert not screen.query("#history-trends")
        assert screen.query_one("#history-table", DataTable).row_count > 0
    off = HipTimerApp(player=RecordingPlayer(), clock=FakeClock())
    async with off.run_test(size=(100, 30)) as pilot:
        screen = await open_history_screen(off, pilot)
        assert not screen.query("#history-trends")


async def test_the_real_history_port_reads_the_charts_in_a_thread(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    history, _ = open_history(path)
    assert history is not None
    ladder = ("glute-bridge", "Glute bridge", False, "Basic bridge", (1, 3, 35, "full"))
    add_climb_session(history, time.time() - 60, [ladder])
    history.close()
    service = HistoryService(path)
    app = HipTimerApp(player=RecordingPlayer(), clock=FakeClock(), history=service)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_history_screen(app, pilot)
            shown = charts(screen)
    finally:
        service.close()
    assert shown["Glute bridge"][0] == (
        "Glute bridge  3 × 35 s · Basic bridge (level 1 of 3) · this week"
    )
    assert shown["Hip clam"][0] == "Hip clam  not done in the last 12 weeks"


def test_a_missing_history_reads_as_empty_weeks_and_a_broken_one_as_unreadable(
    tmp_path: Path,
) -> None:
    missing = load_trends(tmp_path / "none.sqlite3", today=TODAY)
    assert missing.readable and len(missing.exercises) == 3
    assert all(t.latest is None for t in missing.exercises)
    assert not (tmp_path / "none.sqlite3").exists()
    folder = tmp_path / "a-folder.sqlite3"
    folder.mkdir()
    assert load_trends(folder, today=TODAY) == Trends((), readable=False)


def test_a_week_with_a_stopped_session_keeps_its_clean_one(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    make_history(path)  # every session at the default dose; this week one done, one stopped
    trends = load_trends(path, today=TODAY)
    bridge = trends.exercises[0]
    assert bridge.latest_text() == "2 × 30 s · Basic bridge (level 1 of 3) · this week"
    assert (bridge.weeks[-1].attempts, bridge.weeks[-1].clean) == (2, 1)
    # Eleven weeks ago, then nothing for six weeks (the sessions chart's weeks).
    assert [w.attempts for w in bridge.weeks] == [2, 0, 0, 0, 0, 0, 0, 1, 3, 3, 2, 2]


@pytest.mark.parametrize(
    ("width", "cells"),
    [
        pytest.param(80, 3, id="wide"),
        pytest.param(40, 3, id="just-wide-enough-for-three-cells-a-week"),
        pytest.param(39, 2, id="squeezed-to-two-cells-a-week"),
        pytest.param(28, 2, id="just-fits"),
        pytest.param(27, 0, id="gives-way-to-the-words"),
        pytest.param(5, 0, id="tiny"),
    ],
)
def test_the_chart_shrinks_then_gives_way_to_text_never_cut(
    width: int, cells: int, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    make_climb_history(path)
    bridge = load_trends(path, today=TODAY).exercises[0]
    lines = [line.plain for line in chart_lines(bridge, 135, width)]
    assert all(len(line) <= width for line in lines)
    rows = [line for line in lines if line[3:4] in ("┤", "│")]
    assert len(rows) == (4 if cells else 0)
    assert all(len(row) == 4 + 12 * cells for row in rows)
    words = " ".join(line for line in lines if line not in rows)
    assert "3 × 40 s" in words.replace("\n", " ") or width < 10


def test_a_dose_above_the_top_is_drawn_full_not_past_it() -> None:
    from hiptimer.core.progression import Dose
    from hiptimer.core.trends import ExerciseTrend, ExerciseWeek

    monday = date(2026, 3, 2)
    trend = ExerciseTrend("x", "X", 1, (ExerciseWeek(monday, 1, None, Dose(5, 60), 1, 1),))
    assert [line.plain for line in dose_rows(trend, 135, 2)] == ["██", "██", "██"]


async def test_an_exercise_not_done_in_the_weeks_is_one_line_and_the_dates_follow_the_last_drawn(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    history, _ = open_history(path)
    assert history is not None
    bridge = ("glute-bridge", "Glute bridge", False, "Basic bridge", (1, 2, 30, "full"))
    add_climb_session(history, time.time() - 3600, [bridge])
    history.close()
    app = HipTimerApp(
        player=RecordingPlayer(),
        clock=FakeClock(),
        history=FixedHistory(lambda: load_overview(path, 2), trends=lambda: load_trends(path)),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        shown = charts(await open_history_screen(app, pilot))
    assert shown["Hip clam"] == ["Hip clam  not done in the last 12 weeks"]
    assert shown["Lateral lunge"] == ["Lateral lunge  not done in the last 12 weeks"]
    assert len(shown["Glute bridge"]) == 6 and shown["Glute bridge"][-1].endswith("this week")
