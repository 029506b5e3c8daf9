"""Pilot tests of home's line about the week (``hiptimer status``'s line, without the offers):
read off the event loop after the first frame, in a row kept for it, read again after a
workout and when the weekly goal changes, absent with history off."""

from __future__ import annotations

import gc
import threading
import time
import warnings
from datetime import date
from pathlib import Path

from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Static

from hiptimer.core.catalog import EXERCISES
from hiptimer.core.progression import Suggestion, current_doses
from hiptimer.core.rhythm import WeekStatus
from hiptimer.core.settings import Settings
from hiptimer.store.port import HistoryService
from hiptimer.store.progress import read_status
from hiptimer.testing import FakeClock, FixedHistory, RecordingPlayer, RecordingSettings
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.done import DoneScreen
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.settings import SettingsScreen
from tests.app.pilot import advance, start
from tests.clean_sessions import DAY, clean_history

WED = date(2026, 3, 4)
MONDAY_7AM = 1_772_434_800.0
"""Unix time of 07:00 UTC on Monday 2 March 2026, the week's last session in these tests."""
WALK = Suggestion(
    "glute-bridge", "Glute bridge", 1, 2, "Bridge walk", 2, 30, "2 clean sessions in a row"
)
QUICK = {"prepare": 1, "rest": 1, "exercise_rest": 1, "switch": 1, "sets": 2, "work": 30}
"""The built-in routine with hardly any rest: a whole workout in a few fake minutes."""


def week_of(goal: int, done: int = 1, streak: int = 4) -> WeekStatus:
    """A Wednesday with ``done`` sessions this week, the last on Monday, and an offer (which
    home leaves to its offer line)."""
    return WeekStatus(done, goal, streak, MONDAY_7AM, WED, WED, (WALK,))


def week_shown(home: HomeScreen) -> str | None:
    """The week's line as shown; None when home has no row for it."""
    line = home.query_one("#week", Static)
    if not line.display:
        return None
    content = line.content
    assert isinstance(content, Content)  # never markup
    return content.plain


async def settle(pilot: Pilot[object]) -> None:
    """Let the reads in threads finish and their lines show."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def app_with(history: FixedHistory | HistoryService, **kwargs: object) -> HipTimerApp:
    return HipTimerApp(
        player=RecordingPlayer(),
        clock=kwargs.pop("clock", FakeClock()),  # type: ignore[arg-type]
        history=history,
        **kwargs,  # type: ignore[arg-type]
    )


async def test_home_shows_the_week_without_the_offers_the_offer_line_names() -> None:
    history = FixedHistory(status=week_of, attempts=[])
    async with app_with(history).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert week_shown(home) == "hips 1/3 this week · streak 4 wk · next: today"
        assert history.goals_read == [3]  # the settings' goal, read once at start


async def test_the_first_frame_keeps_the_row_and_the_line_moves_nothing() -> None:
    # The history answers only when the test says so: home is up and laid out before.
    answer = threading.Event()

    def slow(goal: int) -> WeekStatus:
        assert answer.wait(10)
        return week_of(goal)

    async with app_with(FixedHistory(status=slow)).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        line = home.query_one("#week", Static)
        assert week_shown(home) == ""
        assert line.region.height == 1  # kept for the line to come
        before = {w.id: w.region for w in home.query("#week, #offer, #presets, #overview")}
        answer.set()
        await settle(pilot)
        assert week_shown(home) == "hips 1/3 this week · streak 4 wk · next: today"
        after = {w.id: w.region for w in home.query("#week, #offer, #presets, #overview")}
        assert after == before


async def test_with_history_off_there_is_no_line_and_no_read() -> None:
    history = FixedHistory(attempts=[])  # no week given: history off, as --no-history
    async with app_with(history).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert week_shown(home) is None
        assert history.goals_read == []


async def test_a_new_weekly_goal_is_read_again_and_shown() -> None:
    history = FixedHistory(status=week_of)
    app = app_with(history, settings_store=RecordingSettings(Settings()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        field = app.screen.query_one("#field-work", Input)
        field.focus()
        field.select_all()
        await pilot.press("4", "0")  # not the goal: no new read
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is home and app.settings.work == 40
        assert history.goals_read == [3]
        await pilot.press("s")
        await pilot.pause()
        field = app.screen.query_one("#field-weekly_goal", Input)
        field.focus()
        field.select_all()
        await pilot.press("2", "ctrl+s")
        await settle(pilot)
        assert app.screen is home and app.settings.weekly_goal == 2
        assert history.goals_read == [3, 2]
        assert week_shown(home) == "hips 1/2 this week · streak 4 wk · next: today"


async def test_a_busy_history_keeps_the_line_read_before() -> None:
    answers: list[WeekStatus | None] = [week_of(3), None]
    history = FixedHistory(status=lambda goal: answers.pop(0))
    app = app_with(history, settings_store=RecordingSettings(Settings()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        app.settings = Settings(weekly_goal=2)
        app.week.follow_settings()
        await settle(pilot)
        assert history.goals_read == [3, 2]
        assert week_shown(home) == "hips 1/3 this week · streak 4 wk · next: today"


def status_text(path: Path, offers: bool = False) -> str:
    """What ``hiptimer status`` prints for this file (without its ``ready:`` part unless
    ``offers``)."""
    read = read_status(path, 3, EXERCISES, current_doses(Settings(), EXERCISES))
    assert read.notices == ()
    return read.status.line(offers=offers)


async def test_a_real_history_shows_the_status_line_and_a_workout_moves_it(tmp_path) -> None:
    path = tmp_path / "history.sqlite3"
    clock = FakeClock()
    service = HistoryService(path)
    app = app_with(service, clock=clock, overrides=QUICK)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            home = app.screen
            assert isinstance(home, HomeScreen)
            assert week_shown(home) == "hips 0/3 this week · next: today"
            await start(pilot)
            await advance(pilot, clock, 1000)
            await settle(pilot)
            assert isinstance(app.screen, DoneScreen) and app.screen.complete
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is home
            # Done today: one more this week, and a rest day before the next.
            assert week_shown(home) == "hips 1/3 this week · next: tomorrow"
    finally:
        service.close()
    assert status_text(path) == "hips 1/3 this week · next: tomorrow"


async def test_an_older_real_history_shows_what_status_prints(tmp_path) -> None:
    # Six clean sessions a day apart, the newest two days ago: a week count and maybe a
    # streak, whatever today is, and an offer; home says what ``hiptimer status`` says,
    # but for the offer, which its own offer line names.
    path = clean_history(tmp_path / "history.sqlite3", Settings(), 6, time.time() - 2 * DAY)
    printed = status_text(path, offers=True)
    assert " · ready: " in printed
    service = HistoryService(path)
    try:
        async with app_with(service).run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            home = pilot.app.screen
            assert isinstance(home, HomeScreen)
            assert week_shown(home) == printed.partition(" · ready: ")[0]
    finally:
        service.close()


async def test_reads_cancelled_before_they_start_leave_no_coroutine_behind() -> None:
    # SIGTERM right after the first frame ends the app before the reads' workers run; a
    # coroutine made for them and never awaited was printed as a RuntimeWarning on exit.
    history = FixedHistory(status=week_of, attempts=[])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        async with app_with(history).run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            pilot.app.week.load()
            pilot.app.offers.load()
            pilot.app.workers.cancel_all()
            await pilot.pause()
        gc.collect()
    assert [str(w.message) for w in caught if "never awaited" in str(w.message)] == []
    assert history.goals_read == [3]  # the cancelled read never ran
