"""What the engine says happened: one frozen value per moment of a workout."""

from __future__ import annotations

from dataclasses import dataclass

from hiptimer.core.plan import Phase


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, with when: ``at`` on the monotonic clock and ``clock``,
    the workout clock (active seconds since start, pauses excluded)."""

    at: float
    clock: float


@dataclass(frozen=True, slots=True)
class PhaseStarted(Event):
    """A phase began; for DONE this comes right before :class:`Finished`."""

    index: int
    phase: Phase
    duration: float


@dataclass(frozen=True, slots=True)
class ExerciseAhead(Event):
    """An exercise's first set comes next (or starts now): the moment to say how to set up.

    Follows the :class:`PhaseStarted` of the GET READY or REST that leads into the first
    set (of the first set itself when nothing leads into it), once per exercise per workout:
    going back and forth over it does not say it again.
    """

    index: int
    """Index of the exercise's first work phase."""
    phase: Phase
    """That work phase: its exercise and progression say what to set up for."""


@dataclass(frozen=True, slots=True)
class PhaseEnded(Event):
    """A phase ended: ran out (``completed``) or was left by next/previous/restart/stop."""

    index: int
    phase: Phase
    done: float
    """Active seconds spent in it."""
    completed: bool


@dataclass(frozen=True, slots=True)
class Tick(Event):
    """The whole seconds left in the phase changed (``remaining`` as shown, rounded up)."""

    index: int
    remaining: int


@dataclass(frozen=True, slots=True)
class Countdown(Event):
    """3, 2, 1 before a work phase starts (``ending`` False) or before it ends."""

    index: int
    number: int
    ending: bool


@dataclass(frozen=True, slots=True)
class Halfway(Event):
    """Half of a work phase is done."""

    index: int


@dataclass(frozen=True, slots=True)
class FormReminder(Event):
    """Time to show the next form reminder of the current exercise."""

    index: int
    cue: int
    """Index into the exercise's cues."""
    text: str


@dataclass(frozen=True, slots=True)
class Paused(Event):
    """The timer stopped counting; ``reason`` is empty for a user pause."""

    reason: str = ""


@dataclass(frozen=True, slots=True)
class Resumed(Event):
    """The timer counts again."""


@dataclass(frozen=True, slots=True)
class Adjusted(Event):
    """The current phase got longer or shorter by ``delta`` seconds."""

    index: int
    delta: float
    duration: float


@dataclass(frozen=True, slots=True)
class Reset(Event):
    """The set of phase ``index`` started again because the wrong muscles took over; it comes
    right after the :class:`PhaseStarted` of the restart, and speaks for it."""

    index: int
    text: str
    """The reset's words (:attr:`hiptimer.core.catalog.Progression.reset_cue`)."""


@dataclass(frozen=True, slots=True)
class Finished(Event):
    """The workout ended: ``completed`` when it ran to the end, False when stopped.
    ``clock`` is the active time of the whole workout."""

    completed: bool
    sets_done: int
    sets_planned: int
    work_done: tuple[tuple[int, float], ...] = ()
    """Active seconds done per work phase entered, by phase index (the longest attempt): what
    :func:`hiptimer.core.records.workout_sets` turns into the session's sets."""
    resets: tuple[int, ...] = ()
    """The work phases that were reset (see :class:`Reset`), by index."""
