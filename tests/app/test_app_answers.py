"""Pilot tests that the app answers what the user does: keys that do nothing say so, mute
shows on home, a theme from the palette is kept, help stops the clock, the routine's time
agrees from home to workout, and the settings screen keeps its status and asks before
dropping edits."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import Checkbox, Input, Static
from textual.widgets._toast import Toast

from hiptimer.config.settings import load_settings
from hiptimer.config.store import SettingsFile
from hiptimer.core.settings import Settings
from hiptimer.testing import FakeClock, RecordingPlayer, RecordingSettings
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.ask import AskScreen
from hiptimer.ui.screens.help import HelpScreen
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.settings import SettingsScreen
from hiptimer.ui.screens.workout import WorkoutScreen
from tests.app.pilot import advance, make_app, start
from tests.samples import USER_FILE


def text_of(widget: object) -> str:
    assert isinstance(widget, Static)
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


def toasts(app: HipTimerApp) -> list[str]:
    """The text of every toast on the current screen."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def settings_app(path: Path) -> HipTimerApp:
    return HipTimerApp(
        settings_store=SettingsFile(path, load_settings(path).settings),
        player=RecordingPlayer(),
        clock=FakeClock(),
    )


async def test_m_on_home_shows_the_muted_badge(clock: FakeClock, player: RecordingPlayer):
    store = RecordingSettings()
    changes = store.mutes
    app = make_app(clock, player, settings_store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        badge = app.screen.query_one("#home-muted")
        assert not badge.display
        await pilot.press("m")
        assert changes == [True] and badge.display and text_of(badge) == "MUTED"
        await pilot.press("m")
        assert changes == [True, False] and not badge.display


async def test_home_says_muted_from_the_start(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player, settings_store=RecordingSettings(Settings(mute=True)))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        badge = app.screen.query_one("#home-muted")
        assert badge.display and badge.region.width > 0
        # The badge leaves Start on the screen.
        assert app.screen.query_one("#start").region.right <= 40


async def test_a_theme_picked_in_the_palette_is_saved(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    app = settings_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_change_theme()  # the palette's "Theme" entry
        await pilot.pause()
        await pilot.press(*"nord", "enter")
        await pilot.pause()
        assert app.theme == "nord"
        assert load_settings(path).settings.theme == "nord"
        assert "coach_name" in path.read_text(encoding="utf-8")  # the user's key is kept
        assert app.settings.theme == "nord"


async def test_help_stops_the_clock_and_closing_it_goes_on(
    clock: FakeClock, player: RecordingPlayer
):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 2)
        assert screen.time_shown == "0:02"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await advance(pilot, clock, 10)
        assert screen.time_shown == "0:02" and screen.phase_word == "PAUSED · GET READY"
        await pilot.press("escape")
        assert app.screen is screen and screen.phase_word == "GET READY"
        await advance(pilot, clock, 1)
        assert screen.time_shown == "0:01"
        # Paused before the help: it stays paused after.
        await pilot.press("space", "question_mark", "escape")
        await advance(pilot, clock, 5)
        assert screen.time_shown == "0:01" and screen.phase_word.startswith("PAUSED")
        # Space on the help closes it and goes on, as space on the workout would.
        await pilot.press("question_mark", "space")
        assert app.screen is screen and screen.phase_word == "GET READY"
        await advance(pilot, clock, 1)
        assert screen.time_shown != "0:01" and screen.phase_word == "WORK"


async def test_a_key_that_does_nothing_says_so(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert toasts(app) == ["x does nothing here · ? lists the keys"]
        screen = await start(pilot)
        await pilot.press("p")  # nothing before the first phase: the words line mode says
        await pilot.pause()
        assert "p/←: already at the first phase" in toasts(app)
        await pilot.press("z")
        await pilot.pause()
        assert "z does nothing here · ? lists the keys" in toasts(app)
        count = len(toasts(app))
        await pilot.press("n", "r", "plus")  # keys that work say nothing
        await pilot.pause()
        assert len(toasts(app)) == count
        assert screen.phase_word == "WORK"


async def test_the_routine_left_agrees_with_the_home_total(
    clock: FakeClock, player: RecordingPlayer
):
    app = HipTimerApp(player=player, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "total 7:15" in text_of(app.screen.query_one("#routine-title"))
        screen = await start(pilot)
        assert text_of(screen.query_one("#routine-left")) == " about 7 min left"
        assert isinstance(screen, WorkoutScreen)


async def test_the_settings_status_follows_the_fixes(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    app = settings_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        field = screen.query_one("#field-sets", Input)
        field.focus()
        field.select_all()
        await pilot.press("1", "2", "ctrl+s")
        await pilot.pause()
        assert screen.status_text == "Not saved: 1 value marked ✗ need fixing."
        await pilot.press("backspace")  # 1: a good value
        await pilot.pause()
        assert "need fixing" not in screen.status_text
        assert screen.status_text.startswith("Every value is fine now")


async def test_esc_asks_before_dropping_edits(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    before = path.read_bytes()
    app = settings_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        await pilot.press("escape")  # nothing edited: straight home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        await pilot.press("4", "0", "escape")  # the work field has the focus
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        assert text_of(app.screen.query_one("#question")) == "Discard your changes?"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and screen.query_one("#field-work", Input).value == "40"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert path.read_bytes() == before and app.settings.work == 30


async def test_check_boxes_look_different_on_and_off(tmp_path: Path):
    app = settings_app(tmp_path / "config.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        voice = app.screen.query_one("#voice", Checkbox)
        mute = app.screen.query_one("#mute", Checkbox)
        assert str(voice.render()).startswith("▐✓▌")
        assert str(mute.render()).startswith("▐ ▌")
        mute.toggle()
        await pilot.pause()
        assert str(mute.render()).startswith("▐✓▌") and "Mute: on" in str(mute.render())
