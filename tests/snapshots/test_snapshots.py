"""SVG snapshots of each screen, reviewed by eye before they were committed.

Update with ``pytest tests/snapshots/test_snapshots.py --snapshot-update`` and look at every changed
file (render it to PNG with ``rsvg-convert``) before committing it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from hiptimer.testing import FakeClock, FixedHistory, RecordingPlayer
from hiptimer.ui.app import HipTimerApp

Step = str | float
"""A key to press, or seconds to move the fake clock on."""


def scenario(
    steps: tuple[Step, ...],
) -> tuple[HipTimerApp, Callable[[Pilot[object]], Awaitable[None]]]:
    clock = FakeClock()
    app = HipTimerApp(
        player=RecordingPlayer(), clock=clock, history=FixedHistory(week="2nd of 3 this week")
    )

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()
        for step in steps:
            if isinstance(step, str):
                await pilot.press(step)
            else:
                await clock.settle()
                await clock.advance(step)
            await pilot.pause()

    return app, run_before


# Default routine: prepare 10, bridge 30 / rest 15 / 30, rest 30, clam L 30 / switch 5 / R 30 ...
CASES: dict[str, tuple[tuple[int, int], tuple[Step, ...]]] = {
    "home": ((80, 24), ()),
    "work": ((80, 24), ("enter", 10 + 5.5)),
    "switch": ((80, 24), ("enter", 10 + 30 + 15 + 30 + 30 + 30 + 2)),
    "rest": ((80, 24), ("enter", 10 + 30 + 3)),
    "paused": ((80, 24), ("enter", 10 + 30 + 15 + 30 + 8.5, "space", "m")),
    "done": ((80, 24), ("enter", 500)),
    "work_compact": ((40, 12), ("enter", 10 + 30 + 15 + 30 + 30 + 30 + 12)),
    "work_tiny": ((20, 6), ("enter", 10 + 5.5)),
    # Low: the bars and the blank rows give way so the digits keep 7 rows and the side word.
    "work_low": ((80, 15), ("enter", 10 + 30 + 15 + 30 + 30 + 5.5)),
    # Under 80 columns the preset pills give way to the buttons.
    "home_medium": ((50, 15), ()),
    # m on home: the MUTED badge beside the buttons.
    "home_muted": ((80, 24), ("m",)),
    # Half of set 1 done: the HALFWAY mark in the band, for three seconds.
    "halfway": ((80, 24), ("enter", 10 + 15 + 0.5)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_snapshot(name: str, snap_compare: Callable[..., bool]) -> None:
    size, steps = CASES[name]
    app, run_before = scenario(steps)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_home_with_the_week_line(snap_compare: Callable[..., bool]) -> None:
    """Home at 100×30 with the week's line (muted) above an offer to move up."""
    from datetime import date

    from hiptimer.core.progression import ExerciseSession
    from hiptimer.core.rhythm import WeekStatus

    wed = date(2026, 3, 4)
    week = WeekStatus(1, 3, 4, 1_772_434_800.0, wed, wed)  # Monday's session, this Wednesday
    at_top = [ExerciseSession("glute-bridge", 1, 3, 45, True, 1_772_434_800.0 - d) for d in (0, 1)]
    app = HipTimerApp(
        player=RecordingPlayer(),
        clock=FakeClock(),
        history=FixedHistory(status=lambda goal: week, attempts=at_top),
    )

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()  # the week and the offer, read in threads
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
