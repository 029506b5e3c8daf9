"""Soak: a routine over an hour long, second by second through the real app under a fake
clock, with every cue accounted for and memory and tasks flat from start to end (memory once
Textual's bounded caches have filled, in the first quarter)."""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
import tracemalloc
import weakref
from collections.abc import Sequence

from textual._styles_cache import StylesCache
from textual.screen import Screen
from textual.widget import Widget

from hiptimer.core.catalog import EXERCISES, Routine, RoutineItem
from hiptimer.core.events import Event, Finished
from hiptimer.core.marks import COUNTDOWN
from hiptimer.core.plan import Phase, PhaseKind, Plan, Side
from hiptimer.core.wording import duration_text
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.done import DoneScreen
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.workout import WorkoutScreen, shown_seconds

LONG = Routine(
    id="soak",
    name="Soak",
    items=tuple(RoutineItem(exercise, sets=5) for exercise in (*EXERCISES, *EXERCISES)),
)
"""Every built-in exercise twice, five sets each: 50 work phases (per side counted)."""
OVERRIDES = {"work": 60, "rest": 20, "exercise_rest": 40, "switch": 5, "prepare": 10}

STEP = 5
"""Seconds of fake time between two looks at the screen."""
MEMORY_MARGIN = 512 * 1024
"""Bytes the traced memory of the last quarter of the hour may exceed the second quarter's by.

The first quarter is warm-up: Textual's bounded render caches fill as each exercise is
first shown (about 4.2 to 4.5 MiB traced). From there the memory is flat: about 65 KiB more
in the last quarter, partly the cues the test's own player keeps. Each leak found so
far broke this bound within the hour: the watchers of Textual's footer
(Textualize/textual#6666, about 17 MB an hour), and the styles caches of its removed keys
that Textual's ``get_inner_outer`` cache kept (Textualize/textual#6665, about 2.6 MiB from
the second quarter to the last). The app now draws its keys as one line (``KeyBar``)."""


def start_tone(phase: Phase) -> str:
    """The tone a work phase starts with (see ``cues_for``)."""
    if phase.is_last_set and phase.sets > 1 and phase.side is not Side.RIGHT:
        return "last_set"
    return "go"


def expected_tones(plan: Plan) -> list[str]:
    """Every tone the plan calls for, in order, worked out from the plan alone: each work
    phase starts with go (or last set) after 3 ticks, says halfway, and ticks 3 times
    before its end; rests and switches have their own tone; the end says done."""
    tones: list[str] = []
    phases = plan.phases
    for index, phase in enumerate(phases):
        if phase.kind is PhaseKind.DONE:
            tones.append("done")
            break
        if phase.is_work:
            tones.append(start_tone(phase))
            tones.append("halfway")  # at half time, long before the last 3 s here
        elif phase.kind is PhaseKind.REST:
            tones.append("rest")
        elif phase.kind is PhaseKind.SWITCH:
            tones.append("switch")
        leads_to_work = phases[index + 1].is_work
        if phase.is_work or leads_to_work:
            tones.extend("tick" for n in COUNTDOWN if phase.duration - n > 0)
    return tones


async def test_an_hour_long_routine_with_every_cue_and_flat_tasks() -> None:
    clock = FakeClock()
    player = RecordingPlayer()
    finished_events: list[Finished] = []

    def keep_finished(events: Sequence[Event]) -> None:
        # Only what is checked: a log of every tick would grow the memory measured here.
        finished_events.extend(e for e in events if isinstance(e, Finished))

    app = HipTimerApp(
        routines=[LONG], player=player, clock=clock, sinks=[keep_finished], overrides=OVERRIDES
    )
    began = time.perf_counter()
    tracemalloc.start()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, WorkoutScreen)
            plan = screen.plan
            total = plan.total_seconds
            assert total >= 3600
            memory: list[int] = []
            tasks: list[int] = []
            widgets: list[int] = []
            # The fake clock stops at every deadline on the way (every cue, every shown
            # second); the screen is checked and repainted every STEP seconds.
            for second in range(STEP, int(total) + STEP, STEP):
                await clock.settle()
                await clock.advance(STEP)
                await pilot.pause()
                if second < total:
                    left = shown_seconds(screen.engine.remaining(clock.now()))
                    assert screen.time_shown == duration_text(left), f"at {second} s"
                if second % 60 == 0:
                    gc.collect()
                    memory.append(tracemalloc.get_traced_memory()[0])
                    tasks.append(len(asyncio.all_tasks()))
                    widgets.append(sum(isinstance(o, Widget) for o in gc.get_objects()))
            await pilot.pause()
            assert isinstance(app.screen, DoneScreen)
    finally:
        tracemalloc.stop()
    spent = time.perf_counter() - began

    (finished,) = finished_events
    assert finished.completed and finished.sets_done == finished.sets_planned == 30
    assert finished.clock == total
    assert player.tones == expected_tones(plan)
    spoken = [c.voice for c in player.played if c.voice]
    assert spoken.count("halfway") == sum(p.is_work for p in plan.phases) == 50
    assert spoken[-1] == "workout-complete"

    quarter = len(memory) // 4
    # The first quarter is warm-up (see MEMORY_MARGIN).
    growth = statistics.mean(memory[-quarter:]) - statistics.mean(memory[quarter : 2 * quarter])
    assert growth <= MEMORY_MARGIN, f"{growth / 1024:+.0f} KiB: {memory}"
    assert max(tasks[-quarter:]) <= max(tasks[:quarter]), tasks
    assert max(widgets[-quarter:]) <= max(widgets[:quarter]) + 10, widgets
    # Not a speed target (benchmarks/ hold those): a guard against a runaway loop, loose
    # enough for a busy machine running the suite on three workers (tracemalloc slows it 2x).
    assert spent < 600, f"the soak took {spent:.0f} s"


SHORT = Routine(id="short", name="Short", items=(RoutineItem(EXERCISES[0], sets=2),))


async def test_finished_workouts_leave_no_screens_or_widgets_behind() -> None:
    """Workout after workout, each one's screens go once the user is back home, and so does
    every widget removed on the way, styles cache and all. Each workout left about 0.9 MB
    behind through its screens' watchers on the app (Textualize/textual#6666), Textual's
    footer (since replaced) 18 keys (0.4 MB) per return home (the same issue), and Textual
    kept the styles caches of 1,024 removed widgets (Textualize/textual#6665); the one-hour
    soak above shows none of the first two."""
    clock = FakeClock()
    app = HipTimerApp(routines=[SHORT], player=RecordingPlayer(), clock=clock, overrides=OVERRIDES)
    finished: list[weakref.ref[Screen[None]]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.press("enter")
            await pilot.pause()
            workout = app.screen
            assert isinstance(workout, WorkoutScreen)
            await clock.settle()
            await clock.advance(workout.plan.total_seconds + 1)
            await pilot.pause()
            done = app.screen
            assert isinstance(done, DoneScreen)
            finished += [weakref.ref(workout), weakref.ref(done)]
            del workout, done
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        gc.collect()
        assert [ref() for ref in finished] == [None] * 6
        objects = gc.get_objects()
        widgets = [o for o in objects if isinstance(o, Widget)]
        assert [w for w in widgets if not w.is_attached] == []
        # One styles cache per widget, none kept for a widget that has gone.
        assert sum(isinstance(o, StylesCache) for o in objects) == len(widgets)
