"""The workout timer as a pure state machine: time comes in as an argument, events go out.

The engine never reads a clock, sleeps or plays a sound. Every method takes ``now``, a
monotonic time in seconds, and returns the events it caused. Phase ends are absolute
deadlines (the next phase starts exactly at the previous one's deadline, not when the
engine happened to be told), so lateness never accumulates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum, auto

from hiptimer.core.command import ADJUST_STEP, Command
from hiptimer.core.events import (
    Adjusted,
    Countdown,
    Event,
    ExerciseAhead,
    Finished,
    FormReminder,
    Halfway,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Reset,
    Resumed,
    Tick,
)
from hiptimer.core.marks import Mark, phase_marks
from hiptimer.core.plan import Phase, PhaseKind, Plan, Side
from hiptimer.core.records import set_done

JUMP_THRESHOLD = 5.0
"""A deadline missed by more than this means the clock jumped (the machine slept): the
engine pauses at the missed deadline instead of racing through the sets it slept past."""
RESET_WHEN = "reset is for a bridge set, when the hamstrings take over"
"""Why the reset is refused: it works during the work of a movement with a reset cue."""


class State(Enum):
    """Where the workout is."""

    IDLE = auto()
    RUNNING = auto()
    PAUSED = auto()
    FINISHED = auto()
    """Ran to the end."""
    STOPPED = auto()
    """Ended early by the user (or a signal)."""


TRANSITIONS: dict[tuple[State, Command], State] = {
    (State.IDLE, Command.START): State.RUNNING,
    (State.IDLE, Command.STOP): State.STOPPED,
    (State.RUNNING, Command.PAUSE): State.PAUSED,
    (State.RUNNING, Command.NEXT): State.RUNNING,
    (State.RUNNING, Command.PREVIOUS): State.RUNNING,
    (State.RUNNING, Command.RESTART): State.RUNNING,
    (State.RUNNING, Command.RESET): State.RUNNING,
    (State.RUNNING, Command.ADJUST): State.RUNNING,
    (State.RUNNING, Command.STOP): State.STOPPED,
    (State.PAUSED, Command.RESUME): State.RUNNING,
    (State.PAUSED, Command.NEXT): State.PAUSED,
    (State.PAUSED, Command.PREVIOUS): State.PAUSED,
    (State.PAUSED, Command.RESTART): State.PAUSED,
    (State.PAUSED, Command.RESET): State.PAUSED,
    (State.PAUSED, Command.ADJUST): State.PAUSED,
    (State.PAUSED, Command.STOP): State.STOPPED,
}
"""Legal commands per state and the state they lead to. NEXT on the last phase finishes;
RESET also needs a phase that has a reset (:attr:`Phase.reset_cue`)."""


class IllegalCommand(Exception):
    """A command that the engine's current state does not allow; nothing was changed."""


# --- the machine ------------------------------------------------------------------------


@dataclass(slots=True)
class _PhaseClock:
    """Where the current phase stands. Elapsed active time is ``before + (now - start)``
    while running, and ``before`` while paused."""

    index: int
    duration: float
    start: float
    before: float = 0.0
    cursor: int = 0
    """Index of the next mark to handle."""
    halfway_done: bool = False
    marks: list[Mark] = field(default_factory=list)


class Engine:
    """The timer state machine for one workout.

    Args:
        plan: The phases to run.
        jump_threshold: Lateness in seconds that counts as a clock jump.
    """

    def __init__(self, plan: Plan, *, jump_threshold: float = JUMP_THRESHOLD) -> None:
        self.plan = plan
        self.state = State.IDLE
        self.jump_threshold = jump_threshold
        self._phase = _PhaseClock(index=0, duration=0.0, start=0.0)
        self._active_before = 0.0
        self._last_now = -math.inf
        self.work_done: dict[int, float] = {}
        """Active seconds done per work phase index (the longest attempt)."""
        self._ahead_said: set[int] = set()  # first work phases an ExerciseAhead announced
        self.resets: set[int] = set()
        """Work phases whose set was reset (see :meth:`reset`), by index."""

    # -- queries --------------------------------------------------------------------------

    @property
    def index(self) -> int:
        """Index of the current phase."""
        return self._phase.index

    @property
    def phase(self) -> Phase:
        """The current phase."""
        return self.plan.phases[self._phase.index]

    @property
    def duration(self) -> float:
        """The current phase's length, adjustments included."""
        return self._phase.duration

    @property
    def ended(self) -> bool:
        """Whether the workout is over (finished or stopped)."""
        return self.state in (State.FINISHED, State.STOPPED)

    def can(self, command: Command) -> bool:
        """Whether ``command`` is legal now."""
        if command is Command.PREVIOUS and (self._phase.index == 0):
            return False
        if command is Command.RESET and self.phase.reset_cue is None:
            return False
        return (self.state, command) in TRANSITIONS

    def refusal(self, command: Command) -> str | None:
        """Why ``command`` is refused now, when there is more to say than "not possible now"
        (the reset says when it works), in the same words in the app and in line mode; None
        when it is possible or there is nothing more."""
        if command is Command.PREVIOUS and self._phase.index == 0:
            return "already at the first phase"
        return RESET_WHEN if command is Command.RESET and not self.can(command) else None

    def elapsed(self, now: float) -> float:
        """Active seconds into the current phase."""
        ph = self._phase
        if self.state is State.RUNNING:
            return min(ph.before + (self._clamp(now) - ph.start), ph.duration)
        return ph.before

    def remaining(self, now: float) -> float:
        """Active seconds left in the current phase, never negative."""
        return max(0.0, self._phase.duration - self.elapsed(now))

    def active(self, now: float) -> float:
        """The workout clock: active seconds since the start, pauses excluded."""
        if self.state is State.IDLE or self.ended:
            return self._active_before
        return self._active_before + self.elapsed(now)

    @property
    def next_deadline(self) -> float | None:
        """Monotonic time of the next event, or None when nothing is due (paused, ended)."""
        if self.state is not State.RUNNING:
            return None
        ph = self._phase
        offset = ph.marks[ph.cursor].offset if ph.cursor < len(ph.marks) else ph.duration
        return ph.start + (offset - ph.before)

    def sets_done(self) -> int:
        """Sets whose every side was done (see :func:`hiptimer.core.records.set_done`); a
        per-side set counts once."""
        phases = self.plan.phases
        done = 0
        for i, seconds in self.work_done.items():
            phase = phases[i]
            if not set_done(phase.duration, seconds) or phase.side is Side.LEFT:
                continue
            if phase.side is Side.RIGHT:
                left = i - 2
                if not set_done(phases[left].duration, self.work_done.get(left, 0.0)):
                    continue
            done += 1
        return done

    def _finished(self, now: float, completed: bool) -> Finished:
        return Finished(
            now,
            self._active_before,
            completed,
            self.sets_done(),
            self.plan.sets_planned,
            tuple(sorted(self.work_done.items())),
            tuple(sorted(self.resets)),
        )

    # -- commands -------------------------------------------------------------------------

    def start(self, now: float) -> list[Event]:
        """Start the workout at its first phase."""
        self._check(Command.START)
        now = self._clamp(now)
        self.state = State.RUNNING
        events: list[Event] = []
        self._enter(0, now, events)
        return events

    def pause(self, now: float, reason: str = "") -> list[Event]:
        """Stop counting (what is due up to ``now`` happens first)."""
        self._check(Command.PAUSE)
        events = self.advance(now)
        if self.state is not State.RUNNING:
            return events
        now = self._clamp(now)
        self._freeze(now)
        events.append(Paused(now, self.active(now), reason))
        return events

    def resume(self, now: float) -> list[Event]:
        """Count again from where the pause began."""
        self._check(Command.RESUME)
        now = self._clamp(now)
        self.state = State.RUNNING
        self._phase.start = now
        return [Resumed(now, self.active(now))]

    def toggle_pause(self, now: float) -> list[Event]:
        """Pause when running, resume when paused."""
        if self.state is State.PAUSED:
            return self.resume(now)
        return self.pause(now)

    def next(self, now: float) -> list[Event]:
        """Leave the current phase for the next one (the last one leads to DONE)."""
        self._check(Command.NEXT)
        events = self.advance(now)
        if self.ended:
            return events
        now = self._clamp(now)
        self._leave(now, events, completed=False)
        self._enter(self._phase.index + 1, now, events)
        return events

    def previous(self, now: float) -> list[Event]:
        """Go back to the start of the phase before this one."""
        self._check(Command.PREVIOUS)
        events = self.advance(now)
        if self.ended:
            return events
        if self._phase.index == 0:
            raise IllegalCommand("there is no phase before the first one")
        now = self._clamp(now)
        self._leave(now, events, completed=False)
        self._enter(self._phase.index - 1, now, events)
        return events

    def restart(self, now: float) -> list[Event]:
        """Start the current phase again from its full length."""
        self._check(Command.RESTART)
        events = self.advance(now)
        if self.ended:
            return events
        now = self._clamp(now)
        self._leave(now, events, completed=False)
        self._enter(self._phase.index, now, events)
        return events

    def reset(self, now: float) -> list[Event]:
        """Start the current set again because the wrong muscles took over (the article's
        reset: hamstrings doing the glutes' work in a bridge), and mark it reset.

        Only during the work of a movement with a reset (:attr:`Phase.reset_cue`). A set
        that ran out just before the call is not reset: what fell due happens, nothing more.
        """
        self._check(Command.RESET)
        if self.phase.reset_cue is None:
            raise IllegalCommand(RESET_WHEN)
        events = self.advance(now)
        cue = self.phase.reset_cue
        if self.ended or cue is None:
            return events
        now = self._clamp(now)
        index = self._phase.index
        self._leave(now, events, completed=False)
        self._enter(index, now, events)
        self.resets.add(index)
        events.append(Reset(now, self.active(now), index, cue))
        return events

    def adjust(self, now: float, delta: float = ADJUST_STEP) -> list[Event]:
        """Lengthen (positive ``delta``) or shorten the current phase.

        A phase is never shortened to less than one second from now, so what is left
        can still be seen and heard.
        """
        self._check(Command.ADJUST)
        events = self.advance(now)
        if self.ended:
            return events
        now = self._clamp(now)
        ph = self._phase
        elapsed = self.elapsed(now)
        new_duration = max(ph.duration + delta, min(ph.duration, elapsed + 1.0), 1.0)
        applied = new_duration - ph.duration
        if applied == 0:
            return events
        ph.duration = new_duration
        ph.marks = phase_marks(self.plan, ph.index, new_duration)
        # Moments that the change moved behind us are skipped, not fired late.
        ph.cursor = next(
            (i for i, mark in enumerate(ph.marks) if mark.offset > elapsed), len(ph.marks)
        )
        events.append(Adjusted(now, self.active(now), ph.index, applied, new_duration))
        return events

    def stop(self, now: float) -> list[Event]:
        """End the workout early; what was done so far counts."""
        self._check(Command.STOP)
        now = self._clamp(now)
        events: list[Event] = []
        if self.state is State.IDLE:
            self.state = State.STOPPED
            events.append(Finished(now, 0.0, False, 0, self.plan.sets_planned))
            return events
        events.extend(self.advance(now))
        if self.ended:
            return events
        self._leave(now, events, completed=False)
        self._freeze(now)
        self.state = State.STOPPED
        events.append(self._finished(now, False))
        return events

    def advance(self, now: float) -> list[Event]:
        """Emit everything that fell due up to ``now``. Legal in every state."""
        events: list[Event] = []
        if self.state is not State.RUNNING:
            return events
        now = self._clamp(now)
        while self.state is State.RUNNING:
            deadline = self.next_deadline
            assert deadline is not None
            if deadline > now:
                break
            late = now - deadline
            self._fire_next(deadline, events)
            if late > self.jump_threshold and self.state is State.RUNNING:
                self._freeze(deadline)
                events.append(
                    Paused(
                        deadline,
                        self.active(deadline),
                        f"the clock jumped {late:.0f} s (the computer slept?)",
                    )
                )
        return events

    # -- internals ------------------------------------------------------------------------

    def _check(self, command: Command) -> None:
        if (self.state, command) not in TRANSITIONS:
            raise IllegalCommand(f"{command.name.lower()} is not possible while {self.state.name}")

    def _clamp(self, now: float) -> float:
        # Monotonic by contract; a caller's stale reading must not move time backwards.
        if now < self._last_now:
            return self._last_now
        self._last_now = now
        return now

    def _freeze(self, now: float) -> None:
        ph = self._phase
        ph.before = min(ph.before + (now - ph.start), ph.duration)
        ph.start = now
        self.state = State.PAUSED

    def _fire_next(self, deadline: float, events: list[Event]) -> None:
        """Handle the single next mark (or the phase end) due at ``deadline``."""
        ph = self._phase
        if ph.cursor < len(ph.marks):
            mark = ph.marks[ph.cursor]
            ph.cursor += 1
            event = self._mark_event(mark, deadline)
            if event is not None:
                events.append(event)
            return
        # No mark left: the phase ends exactly at its deadline.
        ph.before = ph.duration
        ph.start = deadline
        self._leave(deadline, events, completed=True)
        self._enter(ph.index + 1, deadline, events)

    def _mark_event(self, mark: Mark, at: float) -> Event | None:
        ph = self._phase
        clock = self._active_before + mark.offset
        if mark.kind == "tick":
            return Tick(at, clock, ph.index, mark.number)
        if mark.kind == "countdown":
            return Countdown(at, clock, ph.index, mark.number, self.phase.is_work)
        if mark.kind == "halfway":
            if ph.halfway_done:
                return None
            ph.halfway_done = True
            return Halfway(at, clock, ph.index)
        phase = self.phase
        cues = phase.reminders
        cue = (phase.cue_start + mark.number) % len(cues)
        return FormReminder(at, clock, ph.index, cue, cues[cue])

    def _leave(self, now: float, events: list[Event], *, completed: bool) -> None:
        done = self.elapsed(now) if not completed else self._phase.duration
        index = self._phase.index
        phase = self.plan.phases[index]
        self._active_before += done
        if phase.is_work:
            self.work_done[index] = max(self.work_done.get(index, 0.0), done)
        events.append(PhaseEnded(now, self._active_before, index, phase, done, completed))

    def _enter(self, index: int, now: float, events: list[Event]) -> None:
        phase = self.plan.phases[index]
        duration = float(phase.duration)
        self._phase = _PhaseClock(
            index=index,
            duration=duration,
            start=now,
            marks=phase_marks(self.plan, index, duration),
        )
        events.append(PhaseStarted(now, self._active_before, index, phase, duration))
        coming = self.plan.first_set_ahead(index)  # an exercise's first set is ahead: HOW
        if coming is not None and coming not in self._ahead_said:
            self._ahead_said.add(coming)
            ahead = self.plan.phases[coming]
            events.append(ExerciseAhead(now, self._active_before, coming, ahead))
        if phase.kind is PhaseKind.DONE:
            self.state = State.FINISHED
            events.append(self._finished(now, True))
