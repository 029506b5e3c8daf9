"""The recorder: a driver sink that turns the engine's events into history rows as they happen."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from hiptimer.core.engine import Event, Finished, PhaseEnded, PhaseStarted
from hiptimer.core.plan import Plan
from hiptimer.core.ports import Notify
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
    phase ends, so a killed process loses at most the phase in progress. A failure to
    write (disk full, read-only folder, damaged file) becomes a notice, never an exception.

    Args:
        history: Where to write; None records nothing (the history could not be opened).
        plan: The workout being run.
        notify: Called with each new notice (line mode prints it to stderr).
        clock: Wall-clock Unix time; tests pass their own.
    """

    def __init__(
        self,
        history: History | None,
        plan: Plan,
        *,
        notify: Notify | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.history = history
        self.plan = plan
        self.notify = notify
        self.clock = clock or (lambda: utc_now().timestamp())
        self.session_id: int | None = None
        self.status: Status | None = None
        self.notices: list[str] = []

    def __call__(self, events: Sequence[Event]) -> None:
        for event in events:
            try:
                self._handle(event)
            except (sqlite3.Error, OSError) as error:
                self._failed(error)

    def _handle(self, event: Event) -> None:
        if self.history is None:
            if isinstance(event, Finished):
                self.status = self._status(event)
            return
        if isinstance(event, PhaseStarted):
            if self.session_id is None and self.status is None:
                routine = self.plan.routine
                self.session_id = self.history.start_session(
                    routine.id, routine.name, planned_sets(self.plan), self.clock()
                )
        elif isinstance(event, PhaseEnded):
            if event.phase.is_work and self.session_id is not None:
                self.history.record_set(
                    self.session_id, event.index, event.done, event.clock, self.clock()
                )
        elif isinstance(event, Finished):
            self.status = self._status(event)
            if self.session_id is not None:
                self.history.finish_session(self.session_id, self.status, event.clock, self.clock())

    def _status(self, event: Finished) -> Status:
        sets = workout_sets(self.plan, dict(event.work_done))
        return session_status((s.done for s in sets), ended_early=not event.completed)

    def _failed(self, error: Exception) -> None:
        path = self.history.path if self.history else "history"
        message = f"history: could not write to {path}: {error}"
        if message in self.notices:
            return
        self.notices.append(message)
        if self.notify is not None:
            self.notify(message)

    def summary(self) -> str | None:
        """The DONE line's words on the weekly goal: ``2nd session this week``, or that a
        session with a set skipped or cut short does not count; None when not recorded."""
        if self.history is None or self.session_id is None:
            return None
        if self.status is Status.PARTIAL:
            return NOT_COUNTED
        if self.status is not Status.COMPLETED:
            return None
        try:
            return session_ordinal_text(self.history.completed_this_week())
        except sqlite3.Error:
            return None
