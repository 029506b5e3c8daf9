"""Workout records as the history keeps them, their JSON shape, and weekly counts. Pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple

from hiptimer.core.wording import ordinal

CHART_WEEKS = 12
"""Weeks the history chart shows, this one included."""


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


@dataclass(frozen=True, slots=True)
class SetRecord:
    """What was planned and done for one set (one side of a per-side set)."""

    exercise: str
    exercise_id: str
    set: int
    side: str | None
    planned_seconds: float
    done_seconds: float

    @property
    def done(self) -> bool:
        """Whether the full planned time was done."""
        return self.done_seconds + 0.05 >= self.planned_seconds


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
    """``completed``, ``stopped`` or (while it runs) ``running``."""
    active_seconds: float
    """Time spent working, resting and switching; pauses excluded."""
    sets: tuple[SetRecord, ...] = ()

    @property
    def sets_planned(self) -> int:
        """Sets in the plan (a per-side set counts once)."""
        return len({(s.exercise_id, s.set) for s in self.sets})

    @property
    def sets_done(self) -> int:
        """Sets done in full (a per-side set counts when both sides are)."""
        groups: dict[tuple[str, int], bool] = {}
        for s in self.sets:
            key = (s.exercise_id, s.set)
            groups[key] = groups.get(key, True) and s.done
        return sum(groups.values())

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
                    "set": s.set,
                    "side": s.side,
                    "planned_seconds": _number(s.planned_seconds),
                    "done_seconds": _number(s.done_seconds),
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
