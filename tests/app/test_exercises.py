"""Pilot tests of the exercises screen: reached with e and the palette, every progression
explained, the user's level marked, and the figure's timer only running when it can be seen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from hiptimer.core.catalog import EXERCISES
from hiptimer.core.figures import FIGURES, Figure
from hiptimer.core.ports import RunOnlySettings
from hiptimer.core.settings import Settings
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.exercises import YOURS, ExercisesScreen
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.widgets.figure import FigureView
from hiptimer.ui.widgets.keybar import KeyBar


def make_app(**kwargs: object) -> HipTimerApp:
    return HipTimerApp(player=RecordingPlayer(), clock=FakeClock(), **kwargs)  # type: ignore[arg-type]


def text_of(screen: ExercisesScreen) -> str:
    content = screen.query_one("#exercises-text", Static).content
    assert isinstance(content, Content)
    return content.plain


def listing(screen: ExercisesScreen) -> list[str]:
    options = screen.query_one("#exercises-list", OptionList).options
    return [str(option.prompt) for option in options]


async def test_e_opens_every_exercise_and_progression_and_escape_closes_it() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        names = listing(screen)
        for exercise in EXERCISES:
            assert exercise.name in names
            for progression in exercise.progressions:
                assert any(progression.name in name for name in names)
        text = text_of(screen)
        for part in ("Set up", "Form", "Common mistakes", "Works", "Why it matters"):
            assert part in text
        assert "Basic bridge" in text and "2 s up · 1 s hold · 2 s down" in text
        view = screen.query_one(FigureView)
        assert view.figure is not None and view.figure.id == "basic-bridge"
        assert view.animating
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_levels_the_settings_use_are_marked() -> None:
    levels = {"glute-bridge": 3, "lateral-lunge": 2}
    app = make_app(settings_store=RunOnlySettings(Settings(levels=levels)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        marked = [name.strip() for name in listing(screen) if YOURS in name]
        assert marked == [
            f"Runner's hinge {YOURS}",
            f"Side-lying clam {YOURS}",
            f"Weighted {YOURS}",
        ]
        # It opens on the first exercise at the user's level: the hinge, one leg at a time.
        text = text_of(screen)
        assert "Runner's hinge" in text and "your level" in text and "each side" in text
        assert "Press through the heels" not in text


async def test_moving_down_the_list_shows_that_progression_and_its_figure() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        seen = []
        for _ in range(6):
            await pilot.press("down")
            await pilot.pause()
            view = screen.query_one(FigureView)
            assert view.figure is not None
            seen.append(view.figure.id)
        assert seen[:3] == ["bridge-walk", "runners-hinge", "side-lying-clam"]  # headings skipped
        assert "weighted-lunge" in seen
        assert "your settings use level 1" in text_of(screen)
        await pilot.press("o")  # the other side
        await pilot.pause()
        assert screen.query_one(FigureView).mirrored


async def settled(pilot: Pilot[object], condition: Callable[[], bool]) -> bool:
    """Whether ``condition`` holds once the app has handled what is pending: a Hide or Show
    comes after the compositor's next update, later than one pause on a busy machine."""
    for _ in range(100):
        if condition():
            return True
        await pilot.pause()
    return condition()


async def open_exercises(pilot: Pilot[object]) -> ExercisesScreen:
    """Press e on home; return the exercises screen."""
    await pilot.press("e")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ExercisesScreen)
    return screen


async def test_the_figure_timer_stops_when_paused_hidden_or_too_small() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_exercises(pilot)
        view = screen.query_one(FigureView)
        assert await settled(pilot, lambda: view.animating)
        await pilot.press("space")
        assert await settled(pilot, lambda: not view.animating and view.paused)
        await pilot.press("space")
        assert await settled(pilot, lambda: view.animating)
        await pilot.resize_terminal(40, 9)  # too short: the stylesheet hides the figure
        # The size classes change, then the figure hears it is hidden.
        assert await settled(pilot, lambda: not view.animating)
        await pilot.resize_terminal(100, 30)
        assert await settled(pilot, lambda: view.animating)
        view.display = False
        assert await settled(pilot, lambda: not view.animating)
        view.display = True  # (an inline style from here on)
        assert await settled(pilot, lambda: view.animating)


async def test_the_figure_repaints_only_when_its_picture_changes() -> None:
    now = [0.0]
    view = FigureView(clock=lambda: now[0])
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await app.screen.mount(view)
        await pilot.pause()
        assert view.frame_lines() == [] and not view.animating  # no figure: nothing, no timer
        from hiptimer.core.figures import FIGURES

        view.show_figure(FIGURES["basic-bridge"])
        await pilot.pause()
        assert view.animating
        first = view.frame_lines()
        now[0] += 1.0  # a second into the lift
        assert view.frame_lines() != first
        now[0] += 4.5  # a whole repetition later
        assert view.frame_lines() == first


async def test_the_palette_offers_the_exercises_screen() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Exercises" in titles
        await pilot.pause()


async def test_each_frame_is_drawn_once_and_the_box_once_per_figure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A tick once worked out the box of the whole repetition (110 poses) to draw one frame.
    boxes: list[str] = []
    box = Figure.box

    def counted_box(figure: Figure, mirrored: bool = False) -> tuple[float, ...]:
        boxes.append(figure.id)
        return box(figure, mirrored)

    monkeypatch.setattr(Figure, "box", counted_box)
    now = [0.0]
    view = FigureView(clock=lambda: now[0])

    def one_repetition(start: float) -> list[list[str]]:
        drawn = []
        for step in range(55):  # the bridge's 5.5 s at 10 frames a second
            now[0] = start + step / 10
            drawn.append(view.frame_lines())
        return drawn

    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await app.screen.mount(view)
        view.show_figure(FIGURES["basic-bridge"])
        await pilot.pause()
        first, again = one_repetition(0.0), one_repetition(5.5)
        assert again == first and all(a is b for a, b in zip(again, first, strict=True))
        assert boxes == ["basic-bridge"]


async def test_space_s_word_in_the_key_bar_says_what_it_will_do() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_exercises(pilot)
        bar = screen.query_one(KeyBar)
        assert await settled(pilot, lambda: "space Still" in bar.text)
        await pilot.press("space")
        assert await settled(pilot, lambda: "space Move" in bar.text)
        assert screen.query_one(FigureView).paused and "Still" not in bar.text
        await pilot.press("space")
        assert await settled(pilot, lambda: "space Still" in bar.text)
        assert not screen.query_one(FigureView).paused


async def test_o_on_a_both_legs_movement_says_so_and_keeps_the_side() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_exercises(pilot)
        assert screen.chosen is not None and screen.chosen[0].id == "glute-bridge"
        await pilot.press("o")
        await pilot.pause()
        assert not screen.mirrored
        assert any("no other side" in str(n.message) for n in app._notifications)


async def test_the_help_away_from_a_workout_says_q_quits() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        shown = str(app.screen.query_one("#help-keys", Static).content)
        assert "Quit hiptimer" in shown and "Quit at once" in shown
        assert "End the workout" not in shown and "sets done" not in shown
