"""The app while another program holds the history's write lock (a real process): every
phase starts on time, no false clock jump, one notice, and the rows land once it is free."""

from __future__ import annotations

import asyncio
import time
from itertools import accumulate
from pathlib import Path

from textual.pilot import Pilot

from hiptimer.core.catalog import HIP_CLAM, Routine, RoutineItem
from hiptimer.core.events import Paused, PhaseStarted
from hiptimer.core.plan import Plan
from hiptimer.core.ports import Notify
from hiptimer.driver import Sink
from hiptimer.store.recorder import Recorder
from hiptimer.store.sessions import open_history
from hiptimer.store.writer import BUSY_NOTICE, HistoryWriter
from hiptimer.testing import EventLog, FakeClock, FixedHistory, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.done import DoneScreen
from tests.app.pilot import advance, make_app, start
from tests.badhistories import LockHolder

CLAMS = Routine("clams", "Clams", (RoutineItem(HIP_CLAM),))
"""Per side, two sets: a write at the start, after each of four work phases, at the end."""
STEP_BUDGET = 1.0
"""Real seconds one phase of the fake clock may take (the old code waited 10 s per write)."""


def notices(app: HipTimerApp) -> list[str]:
    return [n.message for n in app._notifications]


async def until(pilot: Pilot[object], what: object, timeout: float = 10.0) -> None:
    """Let the loop run until ``what()`` is true (the writer's thread reports in real time)."""
    deadline = time.monotonic() + timeout
    while not what():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)
        await pilot.pause()


async def test_a_held_history_lock_never_holds_up_a_phase(
    tmp_path: Path, clock: FakeClock, player: RecordingPlayer
) -> None:
    path = tmp_path / "history.sqlite3"
    history, _ = open_history(path)
    assert history is not None
    history.close()
    log = EventLog()
    plans: list[Plan] = []
    with LockHolder(path) as holder:
        writer = HistoryWriter(path, busy_after=0.3).start()

        class WriterHistory(FixedHistory):
            """The history port as the program has it: a recorder on the writer, and the
            done screen's line read through the writer (a bounded wait while locked)."""

            def recorder(self, plan: Plan, notify: Notify) -> Sink | None:
                plans.append(plan)
                return Recorder(writer, plan)

            def week_summary(self, goal: int) -> str | None:
                return writer.read(lambda h: str(h.count()), 0.5)

        app = make_app(clock, player, routines=[CLAMS], sinks=[log], history=WriterHistory())
        async with app.run_test(size=(80, 24)) as pilot:
            loop = asyncio.get_running_loop()
            writer.notify = lambda m: loop.call_soon_threadsafe(app.notify_plain, m)
            screen = await start(pilot)
            slowest = 0.0
            while not isinstance(app.screen, DoneScreen):
                deadline = screen.engine.next_deadline
                assert deadline is not None
                began = time.monotonic()
                await advance(pilot, clock, deadline - clock.now())
                slowest = max(slowest, time.monotonic() - began)
            assert slowest < STEP_BUDGET
            await until(pilot, lambda: BUSY_NOTICE in notices(app))
            shown = notices(app)
            assert shown.count(BUSY_NOTICE) == 1
            assert not any("clock jumped" in n or "could not write" in n for n in shown)
        (plan,) = plans
        starts = [e for e in log.events if isinstance(e, PhaseStarted)]
        planned = [0.0, *accumulate(float(p.duration) for p in plan.phases)]
        assert [e.clock for e in starts] == planned[: len(starts)]
        assert [e.at - starts[0].at for e in starts] == planned[: len(starts)]
        assert not [e for e in log.events if isinstance(e, Paused)]
        assert writer.read(lambda h: h.count(), 0.2) is None  # still held
        holder.release()
        assert writer.flush(10.0)
    writer.close(5.0)
    history, _ = open_history(path)
    assert history is not None
    (session,) = history.recent()
    assert session.status == "completed"
    assert session.sets_done == session.sets_planned
