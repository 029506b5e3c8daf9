"""Timing benchmark: run the real driver over a long plan in real time and print how far
each phase boundary landed from its deadline, and the drift at the end.

Targets: median boundary error <= 2 ms, worst <= 10 ms, end drift <= 5 ms.

    python benchmarks/timing.py [--phases N] [--phase-seconds S]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Sequence

from hiptimer.core.catalog import GLUTE_BRIDGE, HIP_CLAM, Routine, RoutineItem
from hiptimer.core.engine import Engine
from hiptimer.core.events import Event, Finished, PhaseStarted
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.driver import Driver


def long_plan(phases: int, seconds: int) -> Engine:
    """A plan of about ``phases`` phases, each ``seconds`` long."""
    items = tuple(RoutineItem(GLUTE_BRIDGE if i % 2 else HIP_CLAM) for i in range(phases // 8 + 1))
    settings = Settings(
        work=seconds, sets=2, rest=seconds, exercise_rest=seconds, switch=seconds, prepare=seconds
    )
    return Engine(build_plan(Routine("bench", "bench", items), settings))


async def measure(engine: Engine) -> tuple[list[float], float]:
    errors: list[float] = []
    drift = 0.0
    start = time.monotonic()

    def sink(events: Sequence[Event]) -> None:
        nonlocal drift
        now = time.monotonic()
        for event in events:
            if isinstance(event, PhaseStarted) and event.index > 0:
                errors.append(now - event.at)
            if isinstance(event, Finished):
                drift = now - (start + engine.plan.total_seconds)

    await Driver(engine, sink).run()
    return errors, drift


def main(argv: Sequence[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phases", type=int, default=60)
    parser.add_argument("--phase-seconds", type=int, default=1)
    args = parser.parse_args(argv)
    engine = long_plan(args.phases, args.phase_seconds)
    errors, drift = asyncio.run(measure(engine))
    ms = sorted(e * 1000 for e in errors)
    figures = {
        "boundaries": float(len(ms)),
        "median_ms": statistics.median(ms),
        "worst_ms": max(ms),
        "end_drift_ms": drift * 1000,
        "planned_s": float(engine.plan.total_seconds),
    }
    print(f"timing over {engine.plan.total_seconds} s, {len(ms)} boundaries")
    print(f"  boundary error median {figures['median_ms']:.3f} ms (target <= 2)")
    print(f"  boundary error worst  {figures['worst_ms']:.3f} ms (target <= 10)")
    print(f"  drift at the end      {figures['end_drift_ms']:.3f} ms (target <= 5)")
    return figures


if __name__ == "__main__":
    main()
