"""Pilot tests of the workout screen's figure: the coming movement in GET READY, REST and
SWITCH, the current one in WORK, mirrored for the side; shown from 80x24 only, never with
``figures = false``, and its timer stopped whenever it cannot be seen or the workout is paused."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from hiptimer.core.ports import RunOnlySettings
from hiptimer.core.settings import Settings
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.screens.workout import WorkoutScreen
from hiptimer.ui.screens.workout_figure import FIGURE_FROM, FigureSpot
from hiptimer.ui.widgets.figure import FigureView
from tests.app.pilot import advance, make_app, start
from tests.app.screen_reader import render

# SHORT phases: prepare 4, bridge 20 / rest 6 / 20, rest 8, clam L 20 / switch 3 / R 20, ...
STEPS = [
    # (seconds to move on, phase word, figure, mirrored)
    (1, "GET READY", "basic-bridge", False),
    (4, "WORK", "basic-bridge", False),
    (20, "REST", "basic-bridge", False),
    (26, "REST", "side-lying-clam", False),  # between exercises: the clam's left comes next
    (9, "WORK", "side-lying-clam", False),  # drawn as it is: the figure's left knee opens
    (20, "SWITCH SIDES", "side-lying-clam", True),  # the right side comes next: the mirror image
    (3, "WORK", "side-lying-clam", True),
]


def parts(screen: WorkoutScreen) -> tuple[FigureSpot, FigureView]:
    return screen.query_one(FigureSpot), screen.query_one(FigureView)


def shown_figure(screen: WorkoutScreen) -> tuple[str, bool] | None:
    """The figure on screen and whether it is mirrored, or None when none shows."""
    spot, view = parts(screen)
    if not spot.shown or view.figure is None or not view.region:
        return None
    return view.figure.id, view.mirrored


async def test_each_phase_shows_the_movement_done_or_coming_on_its_side() -> None:
    clock = FakeClock()
    app = make_app(clock, RecordingPlayer())
    async with app.run_test(size=(FIGURE_FROM.width, FIGURE_FROM.height)) as pilot:
        screen = await start(pilot)
        for seconds, word, figure_id, mirrored in STEPS:
            await advance(pilot, clock, seconds)
            assert screen.phase_word == word
            assert shown_figure(screen) == (figure_id, mirrored), word
            assert parts(screen)[1].animating, word
            # Beside the digits, never over them.
            assert screen.query_one(FigureSpot).region.x > screen._time.region.x


async def test_the_runner_s_hinge_shows_the_left_leg_by_its_mirror_image() -> None:
    # Drawn standing on its right leg, so the left side is the mirrored drawing.
    clock = FakeClock()
    app = make_app(clock, RecordingPlayer(), settings_store=hinge_settings())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        assert shown_figure(screen) == ("runners-hinge", True)  # GET READY: left comes first
        await advance(pilot, clock, 4)
        assert screen.phase_word == "WORK" and screen._side.word == "LEFT"
        assert shown_figure(screen) == ("runners-hinge", True)
        await advance(pilot, clock, 20)
        assert screen.phase_word == "SWITCH SIDES" and shown_figure(screen) == (
            "runners-hinge",
            False,
        )


def hinge_settings() -> RunOnlySettings:
    return RunOnlySettings(Settings(levels={"glute-bridge": 3}))


async def test_the_figure_moves_with_the_workout_s_time_at_the_tempo() -> None:
    clock = FakeClock()
    app = make_app(clock, RecordingPlayer())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 4)
        _, view = parts(screen)
        lying = view.frame_lines()
        assert view.seconds == pytest.approx(0.0)  # each set starts at the start of a lift
        await advance(pilot, clock, 2.5)  # 2 s up, then the hold at the top
        assert view.seconds == pytest.approx(2.5)
        lifted = view.frame_lines()
        assert lifted != lying and drawn(pilot, view) == lifted


def drawn(pilot: Pilot[object], view: FigureView) -> list[str]:
    """What the screen shows where the figure is."""
    region = view.region
    lines = render(pilot.app).lines[region.y : region.bottom]
    return [line[region.x : region.right] for line in lines]


@pytest.mark.parametrize("size", [(79, 24), (80, 23), (60, 20), (40, 12)])
async def test_below_80x24_there_is_no_figure_and_no_timer(size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = make_app(clock, RecordingPlayer())
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 5)
        assert shown_figure(screen) is None
        assert not parts(screen)[1].animating


async def test_figures_off_shows_none_at_any_size() -> None:
    clock = FakeClock()
    settings = RunOnlySettings(Settings(figures=False))
    app = make_app(clock, RecordingPlayer(), settings_store=settings)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await start(pilot)
        for seconds in (1, 4, 20):
            await advance(pilot, clock, seconds)
            assert shown_figure(screen) is None and not parts(screen)[1].animating


async def test_the_timer_stops_while_paused_too_small_or_done() -> None:
    clock = FakeClock()
    app = make_app(clock, RecordingPlayer())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 5)
        _, view = parts(screen)
        assert view.animating
        await pilot.press("space")
        await pilot.pause()
        assert view.paused and not view.animating
        held = view.seconds
        await advance(pilot, clock, 3)
        assert view.seconds == held  # still while paused
        await pilot.press("space")
        await pilot.pause()
        assert view.animating
        await resize(pilot, 70, 30)
        assert shown_figure(screen) is None and not view.animating
        await resize(pilot, 100, 30)
        assert shown_figure(screen) is not None and view.animating
        await advance(pilot, clock, 400)  # past the last set: the summary covers the screen
        assert screen.engine.ended and view.figure is None
        assert not view.animating


async def resize(pilot: Pilot[object], width: int, height: int) -> None:
    await pilot.resize_terminal(width, height)
    await pilot.pause()
    await pilot.pause()
