"""Scale benchmark: plan a 500-phase routine, then run it through the real driver under a
fast fake clock and print memory along the way (it should stay flat). This is the engine and
driver alone; the whole app's memory over an hour is checked by ``tests/app/test_soak.py``.

    python benchmarks/scale.py
"""

from __future__ import annotations

import asyncio
import gc
import time
import tracemalloc
from collections.abc import Sequence

from hiptimer.core.catalog import EXERCISES, Routine, RoutineItem
from hiptimer.core.engine import Engine
from hiptimer.core.events import Event
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.driver import Driver
from hiptimer.testing import FakeClock


def big_routine(target_phases: int = 500) -> Routine:
    """A routine of the built-in exercises repeated until its plan has ``target_phases``."""
    items: list[RoutineItem] = []
    while True:
        routine = Routine("scale", "Scale", tuple(items))
        if len(build_plan(routine, Settings()).phases) >= target_phases:
            return routine
        items.append(RoutineItem(EXERCISES[len(items) % len(EXERCISES)], sets=3))


async def run_fast(engine: Engine, samples: int = 10) -> list[tuple[float, int, int]]:
    """Run the whole plan on a fake clock, sampling (workout seconds, bytes, tasks)."""
    clock = FakeClock()
    count = 0

    def sink(events: Sequence[Event]) -> None:
        nonlocal count
        count += len(events)

    task = asyncio.create_task(Driver(engine, sink, clock).run())
    await clock.settle()
    total = engine.plan.total_seconds
    step = total / samples
    readings = []
    for _ in range(samples):
        await clock.advance(step)
        gc.collect()
        current, _peak = tracemalloc.get_traced_memory()
        readings.append((engine.active(clock.now()), current, len(asyncio.all_tasks())))
    await clock.advance(1)
    await task
    return readings


def main() -> dict[str, float]:
    routine = big_routine()
    settings = Settings()
    started = time.perf_counter()
    for _ in range(20):
        plan = build_plan(routine, settings)
    planning_ms = (time.perf_counter() - started) / 20 * 1000
    print(f"plan of {len(plan.phases)} phases ({plan.total_seconds} s): {planning_ms:.2f} ms")

    tracemalloc.start()
    engine = Engine(plan)
    readings = asyncio.run(run_fast(engine))
    tracemalloc.stop()
    print("workout s   traced KiB   tasks")
    for seconds, current, tasks in readings:
        print(f"{seconds:9.0f} {current / 1024:12.1f} {tasks:7d}")
    first, last = readings[0][1], readings[-1][1]
    growth = (last - first) / 1024
    print(f"memory growth from the first to the last sample: {growth:+.1f} KiB")
    # What is expected to grow: the record of each set done, which the history needs.
    print(f"  (the engine keeps one entry per work phase done: {len(engine.work_done)} entries)")
    return {"phases": float(len(plan.phases)), "planning_ms": planning_ms, "growth_kib": growth}


if __name__ == "__main__":
    main()
