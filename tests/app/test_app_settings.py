"""Pilot tests of the settings screen against real ``config.toml`` files in a temporary folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Select, Static

from hiptimer.config.settings import load_settings
from hiptimer.config.store import SettingsFile
from hiptimer.core.catalog import BUILTIN_ROUTINES, Exercise, Progression, Routine, RoutineItem
from hiptimer.core.cues import Cue
from hiptimer.core.ports import RunOnlySettings
from hiptimer.core.settings import Settings
from hiptimer.sound.lazy import DeferredPlayer
from hiptimer.sound.player import AudioPlayer
from hiptimer.sound.setup import PlayerSetup
from hiptimer.testing import FakeBackend, FakeClock, RecordingPlayer, memory_sounds
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.settings import SettingsScreen
from hiptimer.ui.screens.workout import WorkoutScreen
from hiptimer.ui.screens.workout_figure import FigureSpot
from hiptimer.ui.widgets.figure import FigureView
from tests.samples import BROKEN_FILE, USER_FILE


def text_of(widget: object) -> str:
    assert isinstance(widget, Static)
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


class MuteCounting(SettingsFile):
    """The real settings file, noting each time the m key's state alone is saved."""

    def __init__(self, path: Path, settings: Settings) -> None:
        super().__init__(path, settings)
        self.mutes: list[bool] = []

    async def save_mute(self, muted: bool) -> str | None:
        self.mutes.append(muted)
        return await super().save_mute(muted)


def make_app(path: Path | None, settings: Settings | None = None, **kwargs: object) -> HipTimerApp:
    if settings is None and path is not None:
        settings = load_settings(path).settings
    store = (
        RunOnlySettings(settings) if path is None else MuteCounting(path, settings or Settings())
    )
    kwargs.setdefault("player", RecordingPlayer())
    return HipTimerApp(
        settings_store=store,
        clock=FakeClock(),
        **kwargs,  # type: ignore[arg-type]
    )


async def open_settings(pilot) -> SettingsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def type_into(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a field (its text gets selected) and type over it, as a user does."""
    screen = pilot.app.screen
    field = screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.select_all()
    await pilot.press(*text)
    await pilot.pause()
    assert field.value == text


async def test_a_changed_value_is_saved_and_the_comments_and_unknown_keys_are_kept(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "total 7:15" in text_of(home.query_one("#routine-title"))

        screen = await open_settings(pilot)
        assert screen.query_one("#field-work", Input).value == "30"
        assert "article: 30–45 s" in text_of(screen.query_one("#work-note", Label))
        assert "article: 2–3 sets" in text_of(screen.query_one("#sets-note", Label))
        assert "article: 2–3 a week" in text_of(screen.query_one("#weekly_goal-note", Label))
        await type_into(pilot, "#field-work", "40")
        await type_into(pilot, "#field-weekly_goal", "2")
        level = screen.query_one("#level-0", Select)
        assert [str(prompt) for prompt, _ in level._options] == [
            "1 · Basic bridge",
            "2 · Bridge walk",
            "3 · Runner's hinge",
        ]
        level.value = 2
        await pilot.press("ctrl+s")
        await pilot.pause()

        # Saved, back home, and home shows the new dose.
        assert app.screen is home
        # Only the changed values moved; every comment, the layout and the unknown key stay.
        assert path.read_text(encoding="utf-8") == USER_FILE.replace(
            "work = 30", "work = 40"
        ).replace("must survive\n", "must survive\nweekly_goal = 2\n").replace(
            "glute-bridge = 1", "glute-bridge = 2"
        )
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["levels"] == {"glute-bridge": 2}
        assert app.settings.work == 40 and app.settings.weekly_goal == 2
        assert "Glute bridge · 2 × 40 s" in home.overview_text
        assert "Bridge walk" in home.overview_text
        # Ten work phases (per-side sets count twice), each 10 s longer: 7:15 + 1:40.
        assert "total 8:55" in text_of(home.query_one("#routine-title"))


async def test_a_value_out_of_range_is_marked_and_nothing_is_saved(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, "#field-sets", "12")
        note = screen.query_one("#sets-note", Label)
        assert text_of(note) == "✗ must be a whole number of sets from 1 to 10, not 12"
        assert note.has_class("-invalid")
        rest = screen.query_one("#field-rest", Input)
        rest.focus()
        rest.select_all()
        await pilot.press("x", "backspace")  # an integer field drops the letter
        await pilot.pause()
        assert rest.value == ""
        assert (
            text_of(screen.query_one("#rest-note"))
            == "✗ must be a whole number of seconds from 1 to 3600, not empty text"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.status_text.startswith("Not saved: ")
        assert screen.status_text == "Not saved: 2 values marked ✗ need fixing."
        assert path.read_bytes() == before
        assert app.settings.sets == 2

        await type_into(pilot, "#field-sets", "3")
        assert text_of(note) == "article: 2–3 sets"
        assert not note.has_class("-invalid")
        await type_into(pilot, "#field-sets", "5")  # allowed, and said to be past the article
        assert text_of(note) == "article: 2–3 sets · above it"
        assert not note.has_class("-invalid")
        await type_into(pilot, "#field-work", "20")
        assert text_of(screen.query_one("#work-note")) == "article: 30–45 s · below it"


async def test_an_unparseable_file_is_never_overwritten_and_the_screen_says_why(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(BROKEN_FILE)
    loaded = load_settings(path)
    assert loaded.problems  # the app starts on defaults
    app = make_app(path, loaded.settings)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert screen.status_text.startswith("Saving is off: ")
        assert str(path) in screen.status_text and "not valid TOML" in screen.status_text
        assert screen.query_one("#settings-status").has_class("-error")

        await type_into(pilot, "#field-work", "45")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "settings not saved" in screen.status_text
        assert "left as it is" in screen.status_text
        assert path.read_bytes() == BROKEN_FILE
        # The new value still holds for this run.
        assert app.settings.work == 45


async def test_without_a_settings_file_the_values_apply_to_this_run_only(tmp_path):
    app = make_app(None, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert "not saved (no settings file)" in text_of(screen.query_one("#settings-title"))
        assert "this run only" in screen.status_text
        await pilot.click("#settings-preset-full")
        await pilot.pause()
        assert screen.query_one("#field-sets", Input).value == "3"
        assert screen.query_one("#field-work", Input).value == "45"
        await pilot.click("#settings-save")
        await pilot.pause()
        assert "Not saved: there is no settings file" in screen.status_text
        assert app.settings.sets == 3 and app.settings.work == 45
        assert list(tmp_path.iterdir()) == []
        await pilot.press("escape")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert "Glute bridge · 3 × 45 s" in home.overview_text


def lazy_real_player(backend: FakeBackend) -> DeferredPlayer:
    """The program's own player: the lazy one, over a real AudioPlayer on a fake device."""

    def make(muted: bool) -> PlayerSetup:
        player = AudioPlayer(memory_sounds(), [backend], muted=muted, on_bell=None)
        return PlayerSetup(player, ())

    return DeferredPlayer(make, muted=False)


async def test_a_new_file_is_created_with_the_header_and_mute_and_voice_apply(tmp_path):
    path = tmp_path / "sub" / "config.toml"
    backend = FakeBackend("fake")
    player = lazy_real_player(backend)
    app = make_app(path, Settings(), player=player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#mute", Checkbox).value = True
        screen.query_one("#voice", Checkbox).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data == {"voice": False, "mute": True}
        assert path.read_text(encoding="utf-8").startswith("# hiptimer settings")
        assert app.muted and app.player.muted
        # The file was saved whole; the m key's save (mute alone) is not needed.
        assert isinstance(app.store, MuteCounting) and app.store.mutes == []
        # Voice off reaches the running session's real player: a cue is its tone alone.
        await pilot.press("m")
        player.play([Cue("go", "go", "Go")])
        assert player.load().wait_idle(5)
        assert backend.played == [memory_sounds().tones["go"]]


async def test_the_home_screen_offers_settings_by_key_button_and_palette(tmp_path):
    app = make_app(None, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Settings" in titles and "History" in titles
        assert any(b.id == "settings" for b in HomeScreen.BINDINGS if hasattr(b, "id"))
        await pilot.click("#open-settings")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.click("#settings-back")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_an_exercise_id_that_is_no_widget_id_opens_and_saves(tmp_path):
    # An id with spaces crashed the screen (BadIdentifier) and the app exited with 0. The
    # loader now refuses such ids; the screen must not depend on it.
    exercise = Exercise(
        id="single leg bridge",
        name="Single leg bridge",
        per_side=True,
        targets="",
        why="",
        cues=(),
        progressions=(Progression("Both feet", ""), Progression("One foot", "")),
    )
    routine = Routine("mine", "Mine", (RoutineItem(exercise),), builtin=False)
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    app = make_app(path, routines=(routine, *BUILTIN_ROUTINES))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        level = screen.query_one("#level-0", Select)
        assert [str(prompt) for prompt, _ in level._options] == ["1 · Both feet", "2 · One foot"]
        level.value = 2
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["levels"] == {
        "glute-bridge": 1,
        "single leg bridge": 2,
    }


async def test_a_file_exercise_with_one_progression_has_one_step_not_one_steps(tmp_path):
    exercise = Exercise(
        id="wall-sit",
        name="Wall sit",
        per_side=False,
        targets="",
        why="",
        cues=(),
        progressions=(Progression("Thighs level", ""),),
    )
    routine = Routine("mine", "Mine", (RoutineItem(exercise),), builtin=False)
    app = make_app(None, Settings(), routines=(routine, *BUILTIN_ROUTINES))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert [str(prompt) for prompt, _ in screen.query_one("#level-0", Select)._options] == [
            "1 · Thighs level"
        ]
        assert text_of(screen.query_one("#level-note-0", Label)) == "1 step"
        assert text_of(screen.query_one("#level-note-1", Label)) == "3 steps, easiest first"


async def test_saving_keeps_what_another_hiptimer_saved_while_the_screen_was_open(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        # Another hiptimer saves rest and mute meanwhile (the screen still shows 15 and off).
        theirs = USER_FILE.replace("rest = 15", "rest = 20\nmute = true")
        path.write_text(theirs, encoding="utf-8")
        await type_into(pilot, "#field-sets", "3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert screen.opened.rest == 15
    assert path.read_text(encoding="utf-8") == theirs.replace("sets = 2", "sets = 3")
    assert load_settings(path).settings.mute is True


async def test_figures_off_is_saved_and_the_next_workout_draws_none(tmp_path):
    path = tmp_path / "config.toml"
    app = make_app(path, Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_settings(pilot)
        box = screen.query_one("#figures", Checkbox)
        assert box.value and "Figures: on" in str(box.label)
        box.toggle()
        await pilot.pause()
        assert "Figures: off" in str(box.label)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tomllib.loads(path.read_text(encoding="utf-8")) == {"figures": False}
        assert app.settings.figures is False
        await pilot.press("enter")
        await pilot.pause()
        workout = app.screen
        assert isinstance(workout, WorkoutScreen)
        assert not workout.query_one(FigureSpot).shown
        assert not workout.query_one(FigureView).animating
