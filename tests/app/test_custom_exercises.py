"""Pilot tests of routine files on the home, exercises and settings screens: their exercises
listed with the figure they name and what the file says, and never the article's range or its
"why hips" as if they were the built-in routine."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import Label, OptionList, Static

from hiptimer.config.routines import load_routines
from hiptimer.core.catalog import WHY_HIPS, Routine
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.exercises import ExercisesScreen, detail_text
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.settings import SettingsScreen
from hiptimer.ui.widgets.figure import FigureView
from hiptimer.ui.widgets.keybar import KeyBar
from tests.app.pilot import SHORT, advance, start
from tests.app.pilot import make_app as make_pilot_app

MINE = """\
name = "Mat [b]day[/b]"

[[exercises]]
name = "Clams [red]"
figure = "hip-clam"
per_side = true
cues = ["Knees [0] apart", "Slow"]
targets = "Side [/] hips"
why = "My physio [i]said so"

[[exercises]]
name = "Dead bug"
progressions = [{ name = "Arms only", description = "On your back" }, { name = "Full" }]
"""


def routines(tmp_path: Path) -> tuple[Routine, ...]:
    (tmp_path / "mine.toml").write_text(MINE, encoding="utf-8")
    loaded = load_routines(tmp_path)
    assert loaded.problems == ()
    return loaded.routines


def make_app(tmp_path: Path) -> HipTimerApp:
    return HipTimerApp(routines=routines(tmp_path), player=RecordingPlayer(), clock=FakeClock())


def plain(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


async def test_home_shows_the_article_only_for_the_built_in_routine(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        why = home.query_one("#why", Static)
        assert "article: 2–3 × 30–45 s" in home.overview_text and why.display
        await pilot.press("down")  # the routine file
        await pilot.pause()
        assert home.routine.name == "Mat [b]day[/b]"
        overview = home.overview_text
        assert "Clams [red] · 2 × 30 s each side" in overview
        assert "My physio [i]said so" in overview
        assert "article" not in overview and not why.display
        # Without progressions, only the exercise is named.
        assert "Clams [red] · Clams [red]" not in overview
        await pilot.press("up")
        await pilot.pause()
        assert "article: 2–3 × 30–45 s" in home.overview_text and why.display


async def test_exercises_screen_lists_routine_files_and_opens_on_the_one_on_home(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        prompts = [str(o.prompt) for o in screen.query_one(OptionList).options]
        # Built-in exercises first, then the file's under its routine's name.
        assert prompts.index("Glute bridge") < prompts.index("Mat [b]day[/b]")
        # An exercise without progressions is an entry of its own at the left, not
        # indented like a progression of the exercise before it.
        assert prompts[prompts.index("Mat [b]day[/b]") + 1] == "Clams [red]"
        assert prompts[prompts.index("Mat [b]day[/b]") + 2] == "Dead bug"
        assert "  Arms only ◂ yours" in prompts and "  Full" in prompts
        # It opens on the routine home showed: the clams, drawn with the figure named.
        view = screen.query_one(FigureView)
        assert view.figure is not None and view.figure.id == "side-lying-clam"
        text = plain(screen.query_one("#exercises-text", Static))
        assert text.startswith("Clams [red]  from Mat [b]day[/b]\n")
        for part in ("each side", "• Knees [0] apart", "Side [/] hips", "My physio [i]said so"):
            assert part in text
        # The pace the figure moves at, not "steady".
        assert "Pace 3 s open · 1 s hold · 3 s close · each side" in text
        assert "article" not in text and WHY_HIPS not in text and "Dose" not in text
        await pilot.press("o")  # the other side works for a file's figure too
        await pilot.pause()
        assert view.mirrored
        await pilot.press("down")  # Dead bug: a heading, then its first step
        await pilot.pause()
        text = plain(screen.query_one("#exercises-text", Static))
        assert text.startswith("Dead bug · Arms only  from Mat [b]day[/b] · level 1 of 2")
        assert "On your back" in text and "article" not in text
        assert "Pace steady · both legs together" in text  # no figure, no tempo
        assert view.figure is None  # no figure named: nothing drawn
        # Nothing to stop or turn round: the key bar offers neither.
        bar = screen.query_one(KeyBar).text
        assert "Still" not in bar and "Move" not in bar and "Side" not in bar


def test_a_files_progressions_with_a_figure_give_the_figures_pace(tmp_path: Path) -> None:
    (tmp_path / "walk.toml").write_text(
        'name = "Walk"\n[[exercises]]\nname = "Bridge"\nfigure = "bridge-walk"\n'
        'progressions = [{ name = "Easy" }, { name = "Hard" }]\n',
        encoding="utf-8",
    )
    walk = next(r for r in load_routines(tmp_path).routines if r.id == "walk")
    text = detail_text(walk.items[0].exercise, 2, 1, "Walk").plain
    assert text.startswith("Bridge · Hard  from Walk · level 2 of 2")
    assert "Pace 1 s a step, 2 steps out and 2 back, hips up" in text


async def test_exercises_screen_from_the_built_in_routine_opens_on_its_exercises(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        text = plain(screen.query_one("#exercises-text", Static))
        assert text.startswith("Glute bridge · Basic bridge")
        assert WHY_HIPS in text and "article: 2–3 × 30–45 s" in text


async def test_a_figure_only_exercise_is_named_once_on_the_workout_screen(
    tmp_path: Path,
) -> None:
    mine = next(r for r in routines(tmp_path) if not r.builtin)
    clock = FakeClock()
    app = make_pilot_app(clock, RecordingPlayer(), routines=[mine])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, SHORT["prepare"] + 0.5)
        assert screen.phase_word == "WORK"
        assert plain(screen.query_one("#exercise", Static)) == "Clams [red]"
        # The figure the exercise names is drawn, though it has no progression to carry it.
        view = screen.query_one(FigureView)
        assert view.figure is not None and view.figure.id == "side-lying-clam"


async def test_settings_list_levels_only_for_exercises_with_progressions(tmp_path: Path) -> None:
    # A figure-only exercise has no ladder: no level to choose (it had one of one step).
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert [e.name for e in screen.exercises] == [
            "Glute bridge",
            "Hip clam",
            "Lateral lunge",
            "Dead bug",
        ]
        labels = [plain(label) for label in screen.query(".setting-label").results(Label)]
        assert "Dead bug" in labels and "Clams [red]" not in labels
