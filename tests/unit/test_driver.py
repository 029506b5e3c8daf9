"""Driver tests: the async loop wakes on the engine's deadlines, never on a fixed tick."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.command import Command
from hiptimer.core.engine import Engine, State
from hiptimer.core.events import Event, Finished, Paused, PhaseStarted
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.driver import Driver
from hiptimer.testing import FakeClock


def short_plan() -> Engine:
    settings = Settings(work=3, sets=1, rest=2, exercise_rest=2, switch=1, prepare=2)
    return Engine(build_plan(BUILTIN_ROUTINE, settings))


async def test_driver_runs_a_workout_on_a_fake_clock() -> None:
    clock = FakeClock()
    seen: list[Event] = []
    engine = short_plan()
    driver = Driver(engine, seen.extend, clock)
    task = asyncio.create_task(driver.run())
    await clock.settle()
    await clock.advance(engine.plan.total_seconds)
    await task
    assert isinstance(seen[-1], Finished) and seen[-1].completed
    starts = [e for e in seen if isinstance(e, PhaseStarted)]
    assert [e.index for e in starts] == list(range(len(engine.plan.phases)))


async def test_driver_wakes_only_at_deadlines() -> None:
    clock = FakeClock()
    batches: list[Sequence[Event]] = []
    engine = short_plan()
    driver = Driver(engine, batches.append, clock)
    task = asyncio.create_task(driver.run())
    await clock.settle()
    await clock.advance(0.5)  # nothing is due in the first half second
    assert len(batches) == 1  # only the start
    await clock.advance(0.5)  # the 1 s tick of the 2 s prepare phase
    assert len(batches) == 2
    driver.send(Command.STOP)
    await task


async def test_commands_take_effect_immediately() -> None:
    clock = FakeClock()
    seen: list[Event] = []
    engine = short_plan()
    driver = Driver(engine, seen.extend, clock)
    task = asyncio.create_task(driver.run())
    await clock.settle()
    await clock.advance(1)
    assert driver.toggle_pause()
    assert isinstance(seen[-1], Paused)
    await clock.advance(100)
    assert engine.state is State.PAUSED and engine.index == 0
    assert driver.toggle_pause()
    assert not driver.send(Command.PREVIOUS)  # illegal on the first phase: refused, no raise
    assert driver.send(Command.NEXT)
    assert engine.index == 1
    driver.send(Command.STOP)
    await task
    assert engine.state is State.STOPPED


async def test_line_mode_after_a_clock_jump_says_so_and_goes_on() -> None:
    import io

    from hiptimer.line.printer import LinePrinter
    from hiptimer.line.runner import drive_plain

    clock = FakeClock()
    engine = short_plan()
    out = io.StringIO()
    task = asyncio.create_task(
        drive_plain(engine, [LinePrinter(engine.plan, out)], clock=clock, signals=())
    )
    await clock.settle()
    await clock.advance(3)  # into the first work phase (prepare is 2 s)
    clock.jump(900)  # fifteen minutes asleep
    await clock.settle()
    await clock.advance(engine.plan.total_seconds)
    await task
    lines = out.getvalue().splitlines()
    pause = next(i for i, line in enumerate(lines) if " PAUSE " in line)
    assert "clock jumped 900 s" in lines[pause]
    assert lines[pause].startswith("00:03 ")  # paused where time was lost, not after it
    assert " RESUME" in lines[pause + 1]
    # Nothing was skipped: every set still ran, in full.
    assert lines[-1].startswith(f"{engine.plan.total_seconds // 60:02d}:")
    assert " DONE 3 sets" in lines[-1]
