"""SVG snapshots of the figures at their key frames and of the exercises screen, reviewed by
eye (rendered to PNG) before they were committed.

Update with ``pytest tests/snapshots/test_snapshots_figures.py --snapshot-update`` and look at
every changed file (render it to PNG with cairosvg) before committing it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.app import App, ComposeResult
from textual.containers import Grid
from textual.pilot import Pilot
from textual.widgets import Label

from hiptimer.core.figures import FIGURES
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.widgets.figure import FigureView

KEY_FRAMES: dict[str, tuple[float, bool]] = {
    "basic-bridge": (2.5, False),  # hips up
    "bridge-walk": (3.2, False),  # both feet stepped out
    "runners-hinge": (2.0, False),  # hinged forward, the free leg reaching back
    "side-lying-clam": (3.5, False),  # top knee open
    "side-plank-clam": (3.5, True),  # top knee open, the other side
    "lateral-lunge": (2.5, False),  # sitting into the left hip
    "weighted-lunge": (2.5, True),  # the right hip, holding a weight
}
"""Seconds into each movement, and whether it is the mirrored side."""


class KeyFrames(App[None]):
    """Every figure held at its key frame, with its name above."""

    CSS = """
    Grid { grid-size: 2; grid-rows: 8; }
    Label { height: 1; }
    FigureView { height: 7; }
    """

    def compose(self) -> ComposeResult:
        with Grid():
            for figure_id, (seconds, mirrored) in KEY_FRAMES.items():
                with Grid(classes="cell") as cell:
                    cell.styles.grid_size_columns = 1
                    cell.styles.grid_rows = "1 7"
                    yield Label(f"{figure_id} at {seconds} s{' mirrored' if mirrored else ''}")
                    yield FigureView(FIGURES[figure_id], mirrored=mirrored, at=seconds, paused=True)


def test_key_frames(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(KeyFrames(), terminal_size=(100, 32))


def exercises(*keys: str, seconds: float) -> Callable[[Pilot[object]], object]:
    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.press("e")
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        pilot.app.screen.query_one(FigureView).hold(seconds)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize(
    ("size", "keys", "seconds"),
    [((100, 30), (), 2.5), ((80, 24), ("down", "down", "down"), 3.5)],
    ids=["bridge_100x30", "clam_80x24"],
)
def test_exercises_screen(
    size: tuple[int, int], keys: tuple[str, ...], seconds: float, snap_compare: Callable[..., bool]
) -> None:
    app = HipTimerApp(player=RecordingPlayer(), clock=FakeClock())
    assert snap_compare(app, terminal_size=size, run_before=exercises(*keys, seconds=seconds))


def workout(*seconds: float) -> tuple[HipTimerApp, Callable[[Pilot[object]], object]]:
    """The default routine started, with the fake clock moved on by each of ``seconds``."""
    clock = FakeClock()
    app = HipTimerApp(player=RecordingPlayer(), clock=clock)

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.press("enter")
        await pilot.pause()
        for step in seconds:
            await clock.settle()
            await clock.advance(step)
            await pilot.pause()

    return app, run_before


# Default routine: prepare 10, bridge 30 / rest 15 / 30, rest 30, clam L 30 / switch 5 / R 30.
WORKOUTS: dict[str, tuple[float, ...]] = {
    # Getting ready for the bridge, 2.5 s into its movement: the hips at the top.
    "get_ready": (2.5,),
    # The clam's right side, 3.5 s in: the top knee open, the drawing mirrored.
    "work_right": (10 + 30 + 15 + 30 + 30 + 30 + 5, 3.5),
}


@pytest.mark.parametrize("name", list(WORKOUTS))
def test_workout_with_a_figure(name: str, snap_compare: Callable[..., bool]) -> None:
    app, run_before = workout(*WORKOUTS[name])
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
