"""The recorder: a driver sink that turns the engine's events into history rows as they happen."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hiptimer.core.events import Event, Finished, PhaseEnded, PhaseStarted, Reset
from hiptimer.core.plan import Plan
from hiptimer.core.records import (
    NOT_COUNTED,
    PlannedSet,
    Status,
    phase_level,
    session_ordinal_text,
    session_status,
    workout_sets,
)
from hiptimer.store.schema import utc_now
from hiptimer.store.sessions import History
from hiptimer.store.writer import HistoryWriter, Pending

SUMMARY_WAIT = 1.0
"""Seconds the DONE line waits for the week's count (the writes before it must land first);
without it, the line has no count."""


def planned_sets(plan: Plan) -> list[PlannedSet]:
    """Return the work phases of a plan as the history stores them."""
    return [
        PlannedSet(
            position=index,
            exercise=phase.exercise.name,
            exercise_id=phase.exercise.id,
            set_number=phase.set_number,
            side=phase.side.value if phase.side else None,
            planned_seconds=float(phase.duration),
            level=phase_level(phase),
            progression=phase.progression.name if phase.progression else None,
        )
        for index, phase in enumerate(plan.phases)
        if phase.is_work and phase.exercise is not None
    ]


class Recorder:
    """A driver sink that writes the workout to the history as it happens.

    The session row is written when the workout starts and updated after every work
    phase ends (and a set as reset when it is), so a killed process loses at most the phase
    in progress. Each write is
    queued to the history's writer and the sink returns at once: a slow disk or another
    program's lock delays the row, never the timer. The writer turns a failed write into a
    notice, never an exception. The session's status follows the honest-log rule of
    :func:`hiptimer.core.records.session_status`.

    Args:
        writer: Where to write; None records nothing (history is off).
        plan: The workout being run.
        clock: Wall-clock Unix time; tests pass their own.
    """

    def __init__(
        self,
        writer: HistoryWriter | None,
        plan: Plan,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.writer = writer
        self.plan = plan
        self.clock = clock or (lambda: utc_now().timestamp())
        self.session: Pending | None = None
        self.status: Status | None = None

    def __call__(self, events: Sequence[Event]) -> None:
        for event in events:
            self._handle(event)

    def _handle(self, event: Event) -> None:
        if isinstance(event, Finished):
            self.status = self._status(event)
        writer = self.writer
        if writer is None:
            return
        if isinstance(event, PhaseStarted):
            if self.session is None and self.status is None:
                routine = self.plan.routine
                self.session = writer.write(
                    "start_session", routine.id, routine.name, planned_sets(self.plan), self.clock()
                )
        elif isinstance(event, PhaseEnded):
            if event.phase.is_work and self.session is not None:
                writer.write(
                    "record_set", self.session, event.index, event.done, event.clock, self.clock()
                )
        elif isinstance(event, Reset) and self.session is not None:
            writer.write("mark_reset", self.session, event.index, self.clock())
        elif isinstance(event, Finished) and self.session is not None:
            writer.write("finish_session", self.session, self.status, event.clock, self.clock())

    def _status(self, event: Finished) -> Status:
        sets = workout_sets(self.plan, dict(event.work_done), event.resets)
        return session_status((s.done for s in sets), ended_early=not event.completed)

    def summary(self, timeout: float = SUMMARY_WAIT) -> str | None:
        """The DONE line's words on the weekly goal: ``2nd session this week``, or that a
        session with a set skipped or cut short does not count; None when not recorded (or
        not known within ``timeout`` seconds: the history is busy)."""
        if self.writer is None or self.session is None:
            return None
        if self.status is Status.PARTIAL:
            return NOT_COUNTED
        if self.status is not Status.COMPLETED:
            return None
        session = self.session

        def count(history: History) -> str | None:
            if not session.done:
                return None
            return session_ordinal_text(history.completed_this_week())

        return self.writer.read(count, timeout)
