"""Helpers for the Pilot tests: an app on short phases, a fake clock and a recording player,
and the steps every workout test takes (start it, let time pass)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.pilot import Pilot

from hiptimer.core.catalog import Routine
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.workout import WorkoutScreen

SHORT = {"prepare": 4, "work": 20, "rest": 6, "exercise_rest": 8, "switch": 3, "sets": 2}
"""Short phases: prepare 4, bridge 20 / rest 6 / 20, rest 8, clam L 20 / switch 3 / R 20 ..."""


def make_app(
    clock: FakeClock,
    player: RecordingPlayer,
    *,
    routines: Sequence[Routine] | None = None,
    **kwargs: object,
) -> HipTimerApp:
    """An app on :data:`SHORT` phases (unless ``overrides`` says otherwise), its other
    arguments passed on."""
    extra: dict[str, object] = {"overrides": SHORT, **kwargs}
    if routines is not None:
        extra["routines"] = routines
    return HipTimerApp(player=player, clock=clock, **extra)  # type: ignore[arg-type]


async def start(pilot: Pilot[object]) -> WorkoutScreen:
    """Start the workout from the home screen; return the workout screen."""
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WorkoutScreen)
    return screen


async def advance(pilot: Pilot[object], clock: FakeClock, seconds: float) -> None:
    """Let the driver reach its wait, move the fake time, and let the screen repaint."""
    await clock.settle()
    await clock.advance(seconds)
    await pilot.pause()
