"""The rhythm of the week: sessions against the goal, the streak, when the next one is due. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from hiptimer.core.progression import Suggestion
from hiptimer.core.records import count_weeks, iso, week_start
from hiptimer.core.wording import SEP

REST_AFTER_SHARE = 0.5
"""A session wants a rest day after it once at least this share of its sets were done; one
stopped sooner (a phone call, a false start) can be taken up again the same day."""

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""How the status line names a day later this week (English, like every other word here)."""


def due_date(today: date, week_done: int, goal: int, last_day: date | None) -> date:
    """The day the next session is due.

    Today while the week is short of the goal and there was no session today (a rest day
    between sessions); the day after the last session when there was; next Monday once the
    week's goal is met.

    Args:
        today: The day that is "now".
        week_done: Completed sessions this week.
        goal: Sessions a week to aim for.
        last_day: The day of the last session that wants a rest day after it (of any status,
            with at least :data:`REST_AFTER_SHARE` of its sets done); None if none.
    """
    due = week_start(today) + timedelta(weeks=1) if week_done >= goal else today
    if last_day is not None:
        # A rest day since the last session, even when its clock ran ahead of this one's.
        due = max(due, last_day + timedelta(days=1))
    return due


def day_text(day: date, today: date) -> str:
    """A day as the status line says it: ``today``, ``tomorrow``, ``Thu``, ``next Mon`` (a week
    from today), or ``2026-03-16``."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if 1 < days < 7:
        return WEEKDAYS[day.weekday()]
    if days == 7:
        return f"next {WEEKDAYS[day.weekday()]}"
    return day.isoformat()


@dataclass(frozen=True, slots=True)
class WeekStatus:
    """Where the week stands: what ``hiptimer status`` prints and the home screen can show."""

    week_done: int
    """Completed sessions this week (Monday to Sunday, local time)."""
    weekly_goal: int
    streak_weeks: int
    """Weeks in a row at the goal, up to last week, plus this week once it is met."""
    last_session: float | None
    """Unix time the last session (of any status, with work done) started; None if none."""
    due: date
    today: date
    suggestions: tuple[Suggestion, ...] = ()

    def line(self, *, offers: bool = True) -> str:
        """One line for a prompt or a status bar.

        For example ``hips 1/3 this week · streak 4 wk · next: today · ready: bridge walk``;
        the streak is left out while there is none, the offers while there are none.

        Args:
            offers: Name the offers to move up (``ready: ...``). Home leaves them out: its
                own offer line already says the first one, and how to take it.
        """
        parts = [f"hips {self.week_done}/{self.weekly_goal} this week"]
        if self.streak_weeks:
            parts.append(f"streak {self.streak_weeks} wk")
        parts.append(f"next: {day_text(self.due, self.today)}")
        if offers and self.suggestions:
            parts.append("ready: " + ", ".join(s.label() for s in self.suggestions))
        return SEP.join(parts)

    def as_json(self) -> dict[str, Any]:
        """The status as ``hiptimer status --json`` gives it."""
        return {
            "week_done": self.week_done,
            "weekly_goal": self.weekly_goal,
            "streak_weeks": self.streak_weeks,
            "last_session": iso(self.last_session),
            "due": self.due.isoformat(),
            "suggestions": [s.as_json() for s in self.suggestions],
        }


def week_status(
    goal: int,
    today: date,
    completed_in: Callable[[date], int],
    earliest: float | None,
    last_session: float | None,
    *,
    suggestions: Sequence[Suggestion] = (),
    tz: tzinfo | None = None,
) -> WeekStatus:
    """Count this week and the streak, and say when the next session is due.

    Args:
        goal: Sessions a week to aim for.
        today: The day that is "now", in ``tz``.
        completed_in: Completed sessions in the week that starts on the given Monday.
        earliest: Unix time of the first completed session; None when there is none.
        last_session: Unix time of the last session with work done; None when there is none.
        suggestions: The offers to move up (see :mod:`hiptimer.core.progression`).
        tz: The time zone days and weeks are counted in; local time when None.
    """
    # One week of chart is all a status needs; the streak walks back past it on its own.
    stats = count_weeks(goal, today, completed_in, earliest, weeks=1, tz=tz)
    last_day = None if last_session is None else datetime.fromtimestamp(last_session, tz).date()
    return WeekStatus(
        week_done=stats.this_week,
        weekly_goal=goal,
        streak_weeks=stats.streak,
        last_session=last_session,
        due=due_date(today, stats.this_week, goal, last_day),
        today=today,
        suggestions=tuple(suggestions),
    )
