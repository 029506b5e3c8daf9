"""Pilot tests of the own doses (``[dose.<id>]``) on the settings and home screens, against
real ``config.toml`` files in a temporary folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from hiptimer.config.settings import load_settings
from hiptimer.config.store import SettingsFile
from hiptimer.core.settings import ExerciseDose
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.settings import SettingsScreen
from tests.samples import USER_FILE

BRIDGE_DOSE = "\n[dose.glute-bridge]\n# taken when hiptimer offered it\nsets = 2\nwork = 30\n"
"""What accepting an offer to move up leaves in the file (with a comment of the user's)."""


def text_of(widget: object) -> str:
    assert isinstance(widget, Static)
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


def make_app(path: Path) -> HipTimerApp:
    return HipTimerApp(
        settings_store=SettingsFile(path, load_settings(path).settings),
        player=RecordingPlayer(),
        clock=FakeClock(),
    )


def user_file(tmp_path: Path, extra: str = BRIDGE_DOSE) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE + extra, encoding="utf-8")
    return path


async def open_settings(pilot) -> SettingsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def type_into(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a field (its text gets selected) and type over it, as a user does."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.select_all()
    await pilot.press(*text)
    await pilot.pause()
    assert field.value == text


async def save(pilot) -> HomeScreen:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+s")
    await pilot.pause()
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    return home


async def test_the_settings_screen_shows_an_own_dose_and_says_it_beats_work_and_sets(tmp_path):
    app = make_app(user_file(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert "Glute bridge · 2 × 30 s · own dose" in home.overview_text
        screen = await open_settings(pilot)
        assert text_of(screen.query_one("#level-note-0", Label)) == "own dose 2 × 30 s"
        assert text_of(screen.query_one("#level-note-1", Label)) == "2 steps, easiest first"
        assert screen.query_one("#dose-sets-0", Input).value == "2"
        assert screen.query_one("#dose-work-0", Input).value == "30"
        note = screen.query_one("#own-doses-note", Label)
        assert screen.query_one("#own-doses").display
        assert text_of(note) == "Glute bridge keeps its own 2 × 30 s (below)"
        # Typing a new own dose is quoted at once where Work and Sets are.
        await type_into(pilot, "#dose-work-0", "35")
        assert text_of(note) == "Glute bridge keeps its own 2 × 35 s (below)"
        assert text_of(screen.query_one("#level-note-0", Label)) == "own dose 2 × 35 s"


async def test_without_an_own_dose_nothing_is_said(tmp_path):
    app = make_app(user_file(tmp_path, extra=""))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        assert not screen.query_one("#own-doses").display
        assert not screen.query(".dose-row")
        assert text_of(screen.query_one("#level-note-0", Label)) == "3 steps, easiest first"


async def test_the_full_preset_and_a_new_work_leave_the_own_dose_and_say_so(tmp_path):
    """The report: Full preset (3 × 45 s) saved, yet the bridge kept 2 × 30 s without a word."""
    path = user_file(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await pilot.click("#settings-preset-full")
        await pilot.pause()
        assert screen.status_text == (
            "Full preset: 3 × 45 s. Save to keep it. Glute bridge keeps its own 2 × 30 s."
        )
        home = await save(pilot)
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert (data["work"], data["sets"]) == (45, 3)
        assert data["dose"] == {"glute-bridge": {"sets": 2, "work": 30}}
        assert "# taken when hiptimer offered it" in path.read_text(encoding="utf-8")
        assert "Glute bridge · 2 × 30 s · own dose" in home.overview_text
        assert "Hip clam · 3 × 45 s each side" in home.overview_text


async def test_an_edited_own_dose_is_saved_in_its_table(tmp_path):
    path = user_file(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        await type_into(pilot, "#dose-sets-0", "3")
        await type_into(pilot, "#dose-work-0", "40")
        home = await save(pilot)
        assert path.read_text(encoding="utf-8") == USER_FILE + BRIDGE_DOSE.replace(
            "sets = 2\nwork = 30", "sets = 3\nwork = 40"
        )
        assert app.settings.doses["glute-bridge"] == ExerciseDose(3, 40)
        assert "Glute bridge · 3 × 40 s · own dose" in home.overview_text


async def test_a_cleared_own_dose_leaves_the_file_and_the_global_dose_applies(tmp_path):
    path = user_file(tmp_path, extra="\n[dose.glute-bridge]\nsets = 2\nwork = 30\n")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, "#field-work", "45")
        await pilot.click("#dose-clear-0")
        await pilot.pause()
        assert str(screen.query_one("#dose-clear-0", Button).label) == "Keep"
        assert screen.query_one("#dose-work-0", Input).disabled
        assert text_of(screen.query_one("#dose-note-0", Label)) == "cleared: global dose from Save"
        assert text_of(screen.query_one("#own-doses-note", Label)) == ""
        assert not screen.query_one("#own-doses").display
        assert text_of(screen.query_one("#level-note-0", Label)) == "3 steps, easiest first"
        home = await save(pilot)
        # Back to the file as the user wrote it, with the new work.
        assert path.read_text(encoding="utf-8") == USER_FILE.replace("work = 30", "work = 45")
        assert "glute-bridge" not in load_settings(path).settings.doses
        assert "Glute bridge · 2 × 45 s · article" in home.overview_text


async def test_clear_then_keep_saves_nothing_of_the_dose(tmp_path):
    path = user_file(tmp_path)
    before = path.read_text(encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        # A button ignores a press during its 0.2 s pressed look; a user's second press comes
        # later than that, a test's at once: no pressed look here.
        button = screen.query_one("#dose-clear-0", Button)
        button.active_effect_duration = 0
        button.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.edited
        await pilot.press("enter")
        await pilot.pause()
        assert str(screen.query_one("#dose-clear-0", Button).label) == "Clear"
        assert not screen.edited
        await save(pilot)
        assert path.read_text(encoding="utf-8") == before


async def test_an_own_dose_out_of_range_is_marked_and_nothing_is_saved(tmp_path):
    path = user_file(tmp_path)
    before = path.read_text(encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        await type_into(pilot, "#dose-sets-0", "12")
        note = screen.query_one("#dose-note-0", Label)
        assert text_of(note) == "✗ must be a whole number of sets from 1 to 10, not 12"
        assert note.has_class("-invalid")
        # Until fixed, the note by Work and Sets quotes the dose that stays.
        keeps = screen.query_one("#own-doses-note", Label)
        assert text_of(keeps) == "Glute bridge keeps its own 2 × 30 s (below)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.status_text == "Not saved: 1 value marked ✗ need fixing."
        assert path.read_text(encoding="utf-8") == before
        await type_into(pilot, "#dose-sets-0", "3")
        assert screen.status_text == "Every value is fine now · ctrl+s: save · esc: back"


async def test_home_presets_beat_the_own_dose_for_one_run_and_say_so(tmp_path):
    path = user_file(tmp_path)
    before = path.read_text(encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("3")
        await pilot.pause()
        assert (
            "Glute bridge · 3 × 45 s · full preset this run, not its own 2 × 30 s"
            in home.overview_text
        )
        work = [p for p in home.plan.phases if p.is_work]
        assert [p.duration for p in work if p.exercise.id == "glute-bridge"] == [45, 45, 45]
        assert path.read_text(encoding="utf-8") == before  # one run only


async def test_a_dose_for_an_id_no_routine_has_is_listed_by_its_id_and_can_be_cleared(tmp_path):
    """A typo in the file (``[dose."[b]glute-brige"]``): named as written, never as markup."""
    path = user_file(tmp_path, extra='\n[dose."[b]glute-brige"]\nsets = 3\n')
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_settings(pilot)
        row = screen.query_one(".dose-row")
        assert text_of(row.query_one(".setting-label", Label)) == "[b]glute-brige"
        assert text_of(screen.query_one("#own-doses-note", Label)) == (
            "[b]glute-brige keeps its own 3 × 30 s (below)"
        )
        await pilot.click("#dose-clear-0")
        await save(pilot)
        assert path.read_text(encoding="utf-8") == USER_FILE
