"""A random walk through the real screens: seeded sequences of keys, resizes, clock jumps and
signals never raise, and after every step the workout screen shows what the engine says."""

from __future__ import annotations

import random
import signal

import pytest
from textual.pilot import Pilot

from hiptimer.core.engine import State
from hiptimer.core.wording import PHASE_WORDS, duration_text
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.workout import STOPPED_EARLY, WorkoutScreen, shown_seconds
from tests.app.pilot import SHORT

KEYS = [
    "space", "n", "p", "r", "plus", "minus", "m", "question_mark", "escape", "enter",
    "right", "left", "y", "q", "x", "1", "2", "3", "h", "s", "ctrl+s",
]  # fmt: skip
"""Keys a user presses, the ones that mean nothing here among them."""

SIZES = [(20, 6), (30, 10), (49, 14), (50, 15), (60, 18), (80, 24), (120, 40), (200, 60)]
"""Terminal sizes around the layout thresholds and beyond."""

STEPS = 60
"""Steps per walk: enough to cross several phases, screens and dialogs."""


def check_agrees(app: HipTimerApp, clock: FakeClock) -> bool:
    """On the workout screen, the band and the countdown are the engine's. Returns whether
    there was a running workout to check."""
    screen = app.screen
    if not isinstance(screen, WorkoutScreen) or screen.engine.ended:
        return False
    engine = screen.engine
    word = PHASE_WORDS[engine.phase.kind]
    paused = engine.state is State.PAUSED
    assert screen.phase_word == (f"PAUSED · {word}" if paused else word)
    expected = duration_text(shown_seconds(engine.remaining(clock.now())))
    assert screen.time_shown == expected
    return True


async def step(pilot: Pilot[object], clock: FakeClock, rng: random.Random) -> None:
    """One move of a user (or of the world) chosen by ``rng``."""
    roll = rng.random()
    if roll < 0.55:
        await pilot.press(rng.choice(KEYS))
    elif roll < 0.7:
        await pilot.resize_terminal(*rng.choice(SIZES))
    elif roll < 0.95:
        await clock.settle()
        await clock.advance(rng.choice([0.3, 1.0, 2.5, 7.0, 20.0]))
    else:
        clock.jump(rng.choice([6.0, 90.0]))  # the laptop slept
    await clock.settle()
    await pilot.pause()


@pytest.mark.parametrize("seed", range(8), ids=lambda s: f"seed{s}")
async def test_a_random_walk_never_raises_and_the_screen_agrees_with_the_engine(
    seed: int,
) -> None:
    rng = random.Random(seed)
    clock = FakeClock()
    app = HipTimerApp(player=RecordingPlayer(), clock=clock, overrides=SHORT)
    ended_by_signal = False
    checked = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # most walks should see a workout
        await pilot.pause()
        for _ in range(STEPS):
            if not app.is_running:
                break
            await step(pilot, clock, rng)
            checked += check_agrees(app, clock)
        if app.is_running and seed % 2:
            # Half the walks end as a closed terminal does.
            running = isinstance(app.screen, WorkoutScreen) and not app.screen.engine.ended
            app.quit_on_signal(signal.SIGHUP)
            await pilot.pause()
            ended_by_signal = running
    assert checked >= 5, "the walk hardly saw a workout: choose another seed"
    # What the process would exit with (cli.main returns the app's result).
    if ended_by_signal:
        assert app.return_value == 128 + signal.SIGHUP
    else:
        assert app.return_value in (None, 0, STOPPED_EARLY, 128 + signal.SIGHUP)
