"""Workout records as the history keeps them, their JSON shape, and weekly counts; the rule
that says which sets were done and whether a session counts. Pure."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, NamedTuple

from hiptimer.core.plan import Phase, Plan
from hiptimer.core.wording import ordinal

CHART_WEEKS = 12
"""Weeks the history chart shows, this one included."""

DONE_SHARE = 0.8
"""A set (one side of a per-side set) is done when it was worked for at least this share of
its planned time: a set cut a few seconds short still counts, one skipped with ``n`` does not."""
DONE_SLACK = 0.05
"""Seconds of float noise forgiven when comparing (``0.8 * 35`` is ``28.000000000000004``)."""
NOT_COUNTED = "not counted toward the weekly goal"
"""What the done screen and line mode say of a session with a set skipped or cut short."""
SHORT_NAMES_SHOWN = 4
"""Sets named on the done screen before the rest are counted (``and 2 more``)."""


class Status(StrEnum):
    """What became of a session, as the history stores it."""

    RUNNING = "running"
    """Still under way (or its process died; it is closed as stopped when found)."""
    COMPLETED = "completed"
    """Ran to its end with every set done: the only status that counts toward the goal."""
    PARTIAL = "partial"
    """Ran to its end with a set skipped or cut short."""
    STOPPED = "stopped"
    """Ended early: quit, Ctrl+C, a signal, the terminal closed."""


def set_done(planned_seconds: float, done_seconds: float) -> bool:
    """Whether a set counts as done: worked for at least :data:`DONE_SHARE` of its plan."""
    return done_seconds + DONE_SLACK >= DONE_SHARE * planned_seconds


def session_status(done: Iterable[bool], *, ended_early: bool) -> Status:
    """The status of a finished session.

    Args:
        done: Whether each set (each side of a per-side set) was done, by :func:`set_done`.
        ended_early: The workout was stopped before its end (quit, a signal...).

    Returns:
        ``stopped`` when ended early, else ``completed`` when every set was done, else
        ``partial``.
    """
    if ended_early:
        return Status.STOPPED
    return Status.COMPLETED if all(done) else Status.PARTIAL


def phase_level(phase: Phase) -> int:
    """The 1-based level of a phase's progression on its exercise's ladder; 1 without one."""
    if phase.exercise is None or phase.progression is None:
        return 1
    return phase.exercise.progressions.index(phase.progression) + 1


def iso(ts: float | None) -> str | None:
    """Format Unix time as ISO 8601 UTC to the second, for example ``2026-03-02T07:15:00Z``."""
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class PlannedSet:
    """One work phase of a plan as the history keeps it."""

    position: int
    """Index of the phase in the plan."""
    exercise: str
    exercise_id: str
    set_number: int
    side: str | None
    planned_seconds: float
    level: int = 1
    """1-based place of the progression on the exercise's ladder."""
    progression: str | None = None
    """The progression's name; None for an exercise without a ladder."""


@dataclass(frozen=True, slots=True)
class SetRecord:
    """What was planned and done for one set (one side of a per-side set)."""

    exercise: str
    exercise_id: str
    set: int
    side: str | None
    planned_seconds: float
    done_seconds: float
    level: int = 1
    """1-based place of the progression on the exercise's ladder (1 where not known)."""
    progression: str | None = None
    """The progression's name; None for an exercise without a ladder, or not known."""
    reset: bool = False
    """The set was restarted because the wrong muscles took over."""

    @property
    def done(self) -> bool:
        """Whether the set counts as done (see :func:`set_done`)."""
        return set_done(self.planned_seconds, self.done_seconds)

    @property
    def name(self) -> str:
        """The set in words: ``Hip clam set 2 right``."""
        return f"{self.exercise} set {self.set}" + (f" {self.side}" if self.side else "")


def workout_sets(
    plan: Plan, work_done: Mapping[int, float], resets: Collection[int] = ()
) -> tuple[SetRecord, ...]:
    """The work phases of a plan with the seconds done on each, as the history keeps them.

    Args:
        plan: The workout.
        work_done: Active seconds done per work phase index (phases not reached: none).
        resets: The work phases whose set was reset, by index.
    """
    return tuple(
        SetRecord(
            phase.exercise.name,
            phase.exercise.id,
            phase.set_number,
            phase.side.value if phase.side else None,
            float(phase.duration),
            work_done.get(index, 0.0),
            phase_level(phase),
            phase.progression.name if phase.progression else None,
            index in resets,
        )
        for index, phase in enumerate(plan.phases)
        if phase.is_work and phase.exercise is not None
    )


def set_groups(sets: Sequence[SetRecord]) -> list[tuple[SetRecord, ...]]:
    """Group the sides of each per-side set: a right side joins the left just before it."""
    groups: list[tuple[SetRecord, ...]] = []
    for s in sets:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and s.side == "right"
            and last.side == "left"
            and (last.exercise_id, last.set) == (s.exercise_id, s.set)
        ):
            groups[-1] = (*groups[-1], s)
        else:
            groups.append((s,))
    return groups


def short_set_names(sets: Sequence[SetRecord]) -> list[str]:
    """Name each set skipped or cut short: ``Hip clam set 2`` when every side of it is,
    ``Hip clam set 2 right`` when one side is."""
    names: list[str] = []
    for group in set_groups(sets):
        short = [s for s in group if not s.done]
        if len(short) == len(group):
            names.append(f"{group[0].exercise} set {group[0].set}")
        elif short:
            names.append(short[0].name)
    return names


def shortfall_text(
    sets: Sequence[SetRecord], *, limit: int | None = SHORT_NAMES_SHOWN
) -> str | None:
    """What was skipped or cut short, such as ``2 of 6 sets skipped or cut short: Hip clam set
    2 right, Lateral lunge set 1``; None when every set was done.

    Args:
        sets: The session's sets.
        limit: Name at most this many sets and count the rest; None names them all.
    """
    names = short_set_names(sets)
    if not names:
        return None
    total = len(set_groups(sets))
    counted = f"All {total}" if len(names) == total > 1 else f"{len(names)} of {total}"
    shown = names if limit is None else names[:limit]
    more = len(names) - len(shown)
    listed = ", ".join(shown) + (f" and {more} more" if more else "")
    return f"{counted} {'set' if total == 1 else 'sets'} skipped or cut short: {listed}"


@dataclass(frozen=True, slots=True)
class Session:
    """One workout in the history."""

    id: int
    started_at: float
    """Unix time."""
    ended_at: float | None
    routine: str
    """Routine id."""
    routine_name: str
    status: str
    """A :class:`Status`: ``completed``, ``partial``, ``stopped`` or ``running``."""
    active_seconds: float
    """Time spent working, resting and switching; pauses excluded."""
    sets: tuple[SetRecord, ...] = ()

    @property
    def sets_planned(self) -> int:
        """Sets in the plan (a per-side set counts once)."""
        return len(set_groups(self.sets))

    @property
    def sets_done(self) -> int:
        """Sets done (a per-side set counts when both sides are; see :func:`set_done`)."""
        return sum(all(s.done for s in group) for group in set_groups(self.sets))

    def as_json(self) -> dict[str, Any]:
        """Return the session as DESIGN section 6 shapes it for ``--json``."""
        return {
            "started_at": iso(self.started_at),
            "ended_at": iso(self.ended_at),
            "routine": self.routine,
            "status": self.status,
            "active_seconds": _number(self.active_seconds),
            "sets": [
                {
                    "exercise": s.exercise,
                    "exercise_id": s.exercise_id,
                    "set": s.set,
                    "side": s.side,
                    "level": s.level,
                    "progression": s.progression,
                    "planned_seconds": _number(s.planned_seconds),
                    "done_seconds": _number(s.done_seconds),
                    "reset": s.reset,
                }
                for s in self.sets
            ],
        }


def _number(seconds: float) -> int | float:
    """Seconds to one decimal; whole numbers as integers (``30``, not ``30.0``)."""
    value = round(seconds, 1)
    return int(value) if value == int(value) else value


@dataclass(frozen=True, slots=True)
class WeekCount:
    """Completed sessions in one week (Monday to Sunday, local time)."""

    start: date
    sessions: int


@dataclass(frozen=True, slots=True)
class WeekStats:
    """Sessions per week for the chart, against the weekly goal."""

    weeks: tuple[WeekCount, ...]
    """Oldest first; the last one is this week."""
    goal: int
    streak: int
    """Weeks in a row that met the goal, up to last week, plus this week once it has."""

    @classmethod
    def empty(cls, goal: int, today: date, weeks: int = CHART_WEEKS) -> WeekStats:
        """The chart of a history with no sessions: ``weeks`` weeks up to ``today``'s."""
        this_week = week_start(today)
        return cls(
            tuple(WeekCount(this_week - timedelta(weeks=weeks - 1 - i), 0) for i in range(weeks)),
            goal,
            0,
        )

    @property
    def this_week(self) -> int:
        """Completed sessions so far this week."""
        return self.weeks[-1].sessions if self.weeks else 0

    def progress_text(self) -> str:
        """Where this week stands, such as ``2nd of 3 this week``."""
        return goal_progress_text(self.this_week, self.goal)

    def streak_text(self) -> str:
        """The streak in words, such as ``3 weeks in a row at 3 a week``."""
        if self.streak == 0:
            return f"no streak yet (goal: {self.goal} a week)"
        weeks = "week" if self.streak == 1 else "weeks in a row"
        return f"{self.streak} {weeks} at {self.goal} a week"


def session_ordinal_text(n: int) -> str:
    """The line mode's DONE summary: ``2nd session this week``."""
    return f"{ordinal(n)} session this week"


def goal_progress_text(n: int, goal: int) -> str:
    """The done screen's line: ``2nd of 3 this week`` (``4th this week, goal 3`` beyond)."""
    if n == 0:
        return f"0 of {goal} this week"
    if n <= goal:
        return f"{ordinal(n)} of {goal} this week"
    return f"{ordinal(n)} this week, goal {goal}"


def week_start(day: date) -> date:
    """Return the Monday of the week ``day`` is in."""
    return day - timedelta(days=day.weekday())


def week_bounds(monday: date, tz: tzinfo | None) -> tuple[float, float]:
    """Unix times of the start of ``monday`` and of the Monday after (local time for None)."""
    start = datetime.combine(monday, time(), tzinfo=tz)
    end = datetime.combine(monday + timedelta(weeks=1), time(), tzinfo=tz)
    return start.timestamp(), end.timestamp()


def count_weeks(
    goal: int,
    today: date,
    completed_in: Callable[[date], int],
    earliest: float | None,
    *,
    weeks: int = CHART_WEEKS,
    tz: tzinfo | None = None,
) -> WeekStats:
    """Completed sessions per week for the last ``weeks`` weeks, and the streak.

    Args:
        goal: Sessions a week to aim for.
        today: The day that is "now", in ``tz``.
        completed_in: Completed sessions in the week that starts on the given Monday.
        earliest: Unix time of the first completed session; None when there is none.
        weeks: How many weeks the chart shows, this one included.
        tz: The time zone weeks are counted in; local time when None.
    """
    this_week = week_start(today)
    first = this_week - timedelta(weeks=weeks - 1)
    chart = tuple(
        WeekCount(first + timedelta(weeks=i), completed_in(first + timedelta(weeks=i)))
        for i in range(weeks)
    )
    counts = {w.start: w.sessions for w in chart}
    streak = 0
    # Walk back from last week until a week falls short, asking only for weeks the chart
    # does not hold: the cost grows with the streak, not with the number of sessions.
    week = this_week - timedelta(weeks=1)
    while earliest is not None and week_bounds(week, tz)[1] > earliest:
        count = counts.get(week)
        if count is None:
            count = completed_in(week)
        if count < max(goal, 1):
            break
        streak += 1
        week -= timedelta(weeks=1)
    if counts[this_week] >= max(goal, 1):
        streak += 1
    return WeekStats(chart, goal, streak)


class Overview(NamedTuple):
    """What the history screen and the done screen show, read in one go."""

    stats: WeekStats
    recent: tuple[Session, ...]
    """Newest first."""
    total: int
    """Sessions in the whole history."""
    notices: tuple[str, ...]
    """Say what was wrong with the database, if anything (it was moved aside)."""
    readable: bool = True
    """False when the history is there but could not be read (the notices say why)."""
