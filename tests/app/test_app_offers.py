"""Pilot tests of the offers to move up: home and the done screen show them, ``u`` asks, a yes
saves the level and dose through the settings port, a no changes nothing."""

from __future__ import annotations

import time

from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Label, Static

from hiptimer.core.progression import ExerciseSession
from hiptimer.core.settings import ExerciseDose, Settings
from hiptimer.store.port import HistoryService
from hiptimer.testing import FakeClock, FixedHistory, RecordingPlayer, RecordingSettings
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.palette import palette_commands
from hiptimer.ui.screens.ask import AskScreen
from hiptimer.ui.screens.done import DoneScreen
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.offered import OfferScreen
from tests.app.pilot import advance, start
from tests.clean_sessions import clean_history

NOW = 1_800_000_000.0


def clean(exercise_id: str, *doses: str) -> list[ExerciseSession]:
    """Clean sessions of one exercise at level 1, newest first (doses as ``"3x45"``)."""
    made = []
    for age, dose in enumerate(doses):
        sets, work = (int(n) for n in dose.split("x"))
        made.append(ExerciseSession(exercise_id, 1, sets, work, True, NOW - age * 86400))
    return made


BRIDGE_TWICE_AT_TOP = clean("glute-bridge", "3x45", "3x45")
CLAM_AT_35 = clean("hip-clam", "3x35")


def text_of(widget: object) -> str:
    assert isinstance(widget, Static | Label)
    content = widget.content if isinstance(widget, Static) else widget.render()
    return content.plain if isinstance(content, Content) else str(content)


def offer_shown(screen: OfferScreen) -> str | None:
    """The offer line as shown, or None when it is hidden (and ``u`` with it)."""
    line = screen.query_one("#offer", Static)
    if not line.display:
        assert "u" not in screen.active_bindings
        return None
    assert screen.active_bindings["u"].enabled  # hidden in the key bar, listed in the help
    return text_of(line)


def app_with(history: FixedHistory, store: RecordingSettings) -> HipTimerApp:
    return HipTimerApp(
        player=RecordingPlayer(), clock=FakeClock(), history=history, settings_store=store
    )


async def settle(pilot: Pilot[object]) -> None:
    """Let the offers be read (in a thread) and shown."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_home_shows_the_offer_and_yes_saves_the_level_and_dose() -> None:
    store = RecordingSettings(Settings())
    history = FixedHistory(attempts=[*BRIDGE_TWICE_AT_TOP, *CLAM_AT_35])
    app = app_with(history, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert offer_shown(home) == (
            "Glute bridge: ready for the bridge walk? u to move up · 1 more after this"
        )
        await pilot.press("u")
        await pilot.pause()
        ask = app.screen
        assert isinstance(ask, AskScreen)
        assert text_of(ask.query_one("#question")) == "Glute bridge: move up to the bridge walk?"
        assert text_of(ask.query_one("#question-detail")) == (
            "Glute bridge at level 2 (Bridge walk), 2 × 30 s.\n"
            "Earned by 2 clean sessions in a row at 3 × 45 s.\n"
            "Settings: not saved (no settings file)"
        )
        assert store.saved == []  # nothing before the yes
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is home
        saved = store.saved[-1]
        assert dict(saved.levels) == {"glute-bridge": 2}
        assert dict(saved.doses) == {"glute-bridge": ExerciseDose(2, 30)}
        assert app.settings == saved
        # The next offer shows, and home shows the routine the next workout runs.
        assert offer_shown(home) == "Hip clam: ready for 3 × 40 s? u to move up"
        assert "Glute bridge · 2 × 30 s" in home.overview_text
        assert "Bridge walk" in home.overview_text
        await pilot.press("u", "y")
        await settle(pilot)
        assert dict(store.saved[-1].doses) == {
            "glute-bridge": ExerciseDose(2, 30),
            "hip-clam": ExerciseDose(3, 40),
        }
        assert "Hip clam · 3 × 40 s each side" in home.overview_text
        assert offer_shown(home) is None
        assert len(store.saved) == 2


async def test_no_changes_nothing() -> None:
    store = RecordingSettings(Settings())
    app = app_with(FixedHistory(attempts=CLAM_AT_35), store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        before = home.overview_text
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is home
        assert store.saved == []
        assert app.settings == Settings()
        assert offer_shown(home) == "Hip clam: ready for 3 × 40 s? u to move up"
        assert home.overview_text == before


async def test_an_offer_the_settings_reach_is_not_made() -> None:
    # The clam already runs 3 × 40 s (set by hand): the offer the last session earned is met.
    store = RecordingSettings(Settings(doses={"hip-clam": ExerciseDose(3, 40)}))
    app = app_with(FixedHistory(attempts=CLAM_AT_35), store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert offer_shown(home) is None
        assert "Move up" not in [c.title for c in palette_commands(app, home)]
        await pilot.press("u")
        await pilot.pause()
        assert app.screen is home and store.saved == []


QUICK = {"prepare": 1, "rest": 1, "exercise_rest": 1, "switch": 1, "sets": 3, "work": 45}
"""Three sets of 45 s with hardly any rest: the top of the range, quickly."""


async def test_the_done_screen_shows_the_offer_the_workout_earned(tmp_path) -> None:
    # One clean session at 3 × 45 s is on record; the workout is the second in a row.
    path = clean_history(tmp_path / "history.sqlite3", Settings(sets=3, work=45), 1, time.time())
    service = HistoryService(path)
    store = RecordingSettings(Settings())
    clock = FakeClock()
    app = HipTimerApp(
        player=RecordingPlayer(),
        clock=clock,
        history=service,
        settings_store=store,
        overrides=QUICK,
    )
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            home = app.screen
            assert isinstance(home, HomeScreen)
            assert offer_shown(home) is None  # one session at the top is not yet enough
            await start(pilot)
            await advance(pilot, clock, 1000)
            await settle(pilot)
            done = app.screen
            assert isinstance(done, DoneScreen) and done.complete
            assert offer_shown(done) == (
                "Glute bridge: ready for the bridge walk? u to move up · 2 more after this"
            )
            await pilot.press("u", "y")
            await settle(pilot)
            assert app.screen is done
            assert dict(store.saved[-1].levels) == {"glute-bridge": 2}
            next_offer = "Hip clam: ready for the side-plank clam? u to move up · 1 more after this"
            assert offer_shown(done) == next_offer
            await pilot.press("enter")  # home shows the same offers
            await pilot.pause()
            assert app.screen is home
            assert offer_shown(home) == next_offer
    finally:
        service.close()


async def test_u_is_in_the_help_and_the_palette_while_an_offer_shows() -> None:
    from hiptimer.ui.screens.help import HelpScreen

    app = app_with(FixedHistory(attempts=CLAM_AT_35), RecordingSettings(Settings()))
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await settle(pilot)
        assert "Move up" in [c.title for c in palette_commands(app, home)]
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert "Take the offer to move up" in text_of(help_screen.query_one("#help-keys"))
