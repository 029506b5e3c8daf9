"""Each exercise's weeks: the best clean dose and the level it was done at, for the History
screen's charts. Pure.

A week's point for an exercise:

- **level**: the progression of the week's *last* attempt, so the week shows where the user
  stood at its end (moved up on Thursday: the new level; tried it and went back: the old one).
- **best**: the biggest clean dose done at that level that week (sets × seconds per set, per
  side), clean as the moving-up rule says (:func:`hiptimer.core.progression.is_clean`: the
  session ran to its end, every set of the exercise done for its full time, none reset).
  None when no attempt at that level was clean: the week is shown as tried, not as a dose.

An attempt is one session's sets of one exercise, read as ``hiptimer status`` reads them
(:func:`hiptimer.store.progress.recent_attempts`): the lowest level and the fewest planned
seconds of its sets, the number of sets; a session in which the exercise was never started
is no attempt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

from hiptimer.core.catalog import Exercise
from hiptimer.core.progression import Dose, is_clean, set_full
from hiptimer.core.records import CHART_WEEKS, Session, SetRecord, week_start

MOST_CUSTOM = 4
"""Exercises of the user's own routines charted at most (the most recently done first); the
rest are counted in a line, so a history of many routines cannot push the table far down."""


@dataclass(frozen=True, slots=True)
class ExerciseWeek:
    """One exercise in one week (Monday to Sunday, local time)."""

    start: date
    """The week's Monday."""
    level: int | None = None
    """1-based progression of the week's last attempt; None: not attempted that week."""
    progression: str | None = None
    """That progression's name as the history recorded it (None: no ladder, or not known)."""
    best: Dose | None = None
    """The biggest clean dose at :attr:`level` that week; None when none was clean."""
    attempts: int = 0
    """Sessions that week in which the exercise was started."""
    clean: int = 0
    """Of those, the clean ones."""


@dataclass(frozen=True, slots=True)
class ExerciseTrend:
    """One exercise over the chart's weeks."""

    exercise_id: str
    name: str
    """The catalog's name for a built-in exercise; the history's for any other."""
    levels: int
    """Rungs on its ladder of progressions (1: none), or the highest level seen if above."""
    weeks: tuple[ExerciseWeek, ...]
    """Oldest first; the last one is this week."""

    @property
    def latest(self) -> ExerciseWeek | None:
        """The newest week in which it was attempted; None when it never was."""
        return next((w for w in reversed(self.weeks) if w.level is not None), None)

    @property
    def best_volume(self) -> int:
        """The biggest clean dose of the weeks in seconds per side (sets × seconds); 0: none."""
        return max((w.best.sets * w.best.work for w in self.weeks if w.best), default=0)

    def latest_text(self, this_week: date | None = None) -> str:
        """The newest week in words: ``3 × 40 s · Bridge walk (level 2 of 3) · this week``.

        Args:
            this_week: The current week's Monday; the chart's last week when None.
        """
        week = self.latest
        if week is None:
            return f"not done in the last {len(self.weeks)} weeks"
        if week.best is not None:
            dose = week.best.text()
        else:
            dose = "tried, not clean" if week.attempts == 1 else "tried, none clean"
        parts = [dose]
        if self.levels > 1 or (week.level or 1) > 1:
            name = f"{week.progression} " if week.progression else ""
            parts.append(f"{name}(level {week.level} of {self.levels})")
        current = this_week or self.weeks[-1].start
        ago = (current - week.start).days // 7
        parts.append("this week" if ago == 0 else "last week" if ago == 1 else f"{ago} weeks ago")
        return " · ".join(parts)


class Trends(NamedTuple):
    """The charts of the History screen's exercise section."""

    exercises: tuple[ExerciseTrend, ...]
    """The built-in exercises in the catalog's order, then the user's own (newest first)."""
    more: int = 0
    """Exercises of the user's own routines done in these weeks but not charted."""
    this_week: date | None = None
    """The current week's Monday (None: nothing was read)."""
    readable: bool = True
    """False when the history is there but could not be read (its notices say why)."""


class _Attempt(NamedTuple):
    started_at: float
    level: int
    progression: str | None
    dose: Dose
    clean: bool
    name: str


def attempt_of(status: str, started_at: float, sets: Sequence[SetRecord]) -> _Attempt | None:
    """One session's sets of one exercise as an attempt; None when it was never started."""
    if not any(s.done_seconds > 0 or s.reset for s in sets):
        return None
    lowest = min(sets, key=lambda s: s.level)
    clean = is_clean(
        status,
        all(set_full(s.planned_seconds, s.done_seconds) for s in sets),
        any(s.reset for s in sets),
    )
    dose = Dose(len({s.set for s in sets}), round(min(s.planned_seconds for s in sets)))
    return _Attempt(started_at, lowest.level, lowest.progression, dose, clean, sets[-1].exercise)


def _volume(dose: Dose) -> tuple[int, int]:
    return dose.sets * dose.work, dose.work


def _week(start: date, attempts: Sequence[_Attempt]) -> ExerciseWeek:
    """The week's point from its attempts, oldest first."""
    if not attempts:
        return ExerciseWeek(start)
    last = attempts[-1]
    clean = [a.dose for a in attempts if a.clean and a.level == last.level]
    return ExerciseWeek(
        start,
        last.level,
        last.progression,
        max(clean, key=_volume) if clean else None,
        len(attempts),
        sum(a.clean for a in attempts),
    )


def exercise_trends(
    sessions: Iterable[Session],
    exercises: Sequence[Exercise],
    today: date,
    *,
    weeks: int = CHART_WEEKS,
    tz: tzinfo | None = None,
    most_custom: int = MOST_CUSTOM,
) -> Trends:
    """Each exercise's best clean dose and level per week over the last ``weeks`` weeks.

    Args:
        sessions: Sessions with their sets, in any order; those outside the weeks are ignored.
        exercises: The built-in exercises: always charted, in this order, named as here.
        today: The day that is "now", in ``tz``.
        weeks: How many weeks, this one included.
        tz: The time zone weeks are counted in; local time when None.
        most_custom: Other exercises (of the user's routines) charted at most.
    """
    this_week = week_start(today)
    first = this_week - timedelta(weeks=weeks - 1)
    found: dict[str, list[_Attempt]] = {}
    for session in sessions:
        day = datetime.fromtimestamp(session.started_at, tz).date()
        if not first <= day < this_week + timedelta(weeks=1):
            continue
        by_exercise: dict[str, list[SetRecord]] = {}
        for s in session.sets:
            by_exercise.setdefault(s.exercise_id, []).append(s)
        for exercise_id, sets in by_exercise.items():
            attempt = attempt_of(session.status, session.started_at, sets)
            if attempt is not None:
                found.setdefault(exercise_id, []).append(attempt)

    def when(attempt: _Attempt) -> float:
        return attempt.started_at

    def trend(exercise_id: str, name: str, exercise: Exercise | None) -> ExerciseTrend:
        attempts = sorted(found.get(exercise_id, ()), key=when)
        by_week: dict[date, list[_Attempt]] = {}
        for a in attempts:
            if exercise is not None and 1 <= a.level <= len(exercise.progressions):
                # A built-in progression is named by the catalog, whatever the file says.
                a = a._replace(progression=exercise.progressions[a.level - 1].name)
            monday = week_start(datetime.fromtimestamp(a.started_at, tz).date())
            by_week.setdefault(monday, []).append(a)
        ladder = max(len(exercise.progressions), 1) if exercise else 1
        return ExerciseTrend(
            exercise_id,
            name,
            max([ladder, *(a.level for a in attempts)]),
            tuple(
                _week(monday, by_week.get(monday, ()))
                for monday in (first + timedelta(weeks=i) for i in range(weeks))
            ),
        )

    built_in = {e.id for e in exercises}
    charted = [trend(e.id, e.name, e) for e in exercises]
    newest = {i: max(found[i], key=when) for i in found if i not in built_in}
    # The user's own exercises, the most recently done first (then by name, for a stable order).
    custom = sorted(newest, key=lambda i: (-newest[i].started_at, newest[i].name, i))
    for exercise_id in custom[:most_custom]:
        charted.append(trend(exercise_id, newest[exercise_id].name, None))
    return Trends(tuple(charted), max(len(custom) - most_custom, 0), this_week)
