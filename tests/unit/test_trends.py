"""Each exercise's weeks for the History screen's charts: best clean dose and level per week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from hiptimer.core.catalog import EXERCISES
from hiptimer.core.progression import Dose
from hiptimer.core.records import Session, SetRecord
from hiptimer.core.trends import ExerciseTrend, ExerciseWeek, Trends, exercise_trends

TODAY = date(2026, 3, 18)
"""A Wednesday; its week starts on Monday 16 March, the chart's first on 29 December."""
THIS_WEEK = date(2026, 3, 16)


def at(day: date, hour: int = 7) -> float:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).timestamp()


@dataclass(frozen=True)
class Did:
    """One exercise in one session, written the short way."""

    exercise_id: str = "glute-bridge"
    sets: int = 3
    work: int = 45
    level: int = 1
    done: float | None = None
    """Seconds done on every set; the planned work when None."""
    reset: bool = False
    name: str = ""


def session(day: date, *did: Did, status: str = "completed", hour: int = 7) -> Session:
    sets = tuple(
        SetRecord(
            d.name or d.exercise_id,
            d.exercise_id,
            n,
            None,
            float(d.work),
            float(d.work if d.done is None else d.done),
            d.level,
            None,
            d.reset and n == 1,
        )
        for d in did
        for n in range(1, d.sets + 1)
    )
    return Session(1, at(day, hour), at(day, hour + 1), "r", "R", status, 600.0, sets)


def trends(*sessions: Session, most_custom: int = 4) -> Trends:
    return exercise_trends(sessions, EXERCISES, TODAY, tz=UTC, most_custom=most_custom)


def bridge(result: Trends) -> ExerciseTrend:
    return result.exercises[0]


def week(result: Trends, monday: date, index: int = 0) -> ExerciseWeek:
    found = [w for w in result.exercises[index].weeks if w.start == monday]
    assert len(found) == 1
    return found[0]


def test_no_sessions_gives_the_three_exercises_with_twelve_empty_weeks() -> None:
    result = trends()
    assert [t.name for t in result.exercises] == ["Glute bridge", "Hip clam", "Lateral lunge"]
    assert [t.levels for t in result.exercises] == [3, 2, 2]
    for t in result.exercises:
        assert len(t.weeks) == 12
        assert t.weeks[0].start == date(2025, 12, 29)
        assert t.weeks[-1].start == THIS_WEEK
        assert all(w == ExerciseWeek(w.start) for w in t.weeks)
        assert t.latest is None
        assert t.latest_text() == "not done in the last 12 weeks"
    assert result.more == 0
    assert result.this_week == THIS_WEEK


W = date(2026, 3, 2)
"""A Monday two weeks before this one."""


@pytest.mark.parametrize(
    ("sessions", "expected"),
    [
        pytest.param(
            [session(W, Did(sets=2, work=30))],
            ExerciseWeek(W, 1, "Basic bridge", Dose(2, 30), 1, 1),
            id="one-clean-session",
        ),
        pytest.param(
            [session(W, Did(sets=2, work=30)), session(date(2026, 3, 5), Did(sets=3, work=30))],
            ExerciseWeek(W, 1, "Basic bridge", Dose(3, 30), 2, 2),
            id="the-best-of-two-clean",
        ),
        pytest.param(
            [
                session(W, Did(sets=3, work=35)),
                session(date(2026, 3, 5), Did(sets=3, work=40, done=20)),
            ],
            ExerciseWeek(W, 1, "Basic bridge", Dose(3, 35), 2, 1),
            id="a-set-cut-short-is-not-the-best",
        ),
        pytest.param(
            [session(W, Did(sets=3, work=40), status="partial")],
            ExerciseWeek(W, 1, "Basic bridge", None, 1, 0),
            id="a-partial-session-is-tried-not-clean",
        ),
        pytest.param(
            [session(W, Did(sets=3, work=40), status="stopped")],
            ExerciseWeek(W, 1, "Basic bridge", None, 1, 0),
            id="a-stopped-session-is-tried-not-clean",
        ),
        pytest.param(
            [session(W, Did(sets=3, work=40, reset=True))],
            ExerciseWeek(W, 1, "Basic bridge", None, 1, 0),
            id="a-reset-set-holds-the-dose",
        ),
        pytest.param(
            [session(W, Did(sets=2, work=30, done=0.0), Did("hip-clam", sets=2, work=30))],
            ExerciseWeek(W),
            id="never-started-is-no-attempt",
        ),
        pytest.param(
            [session(W, Did(sets=2, work=30, done=0.0, reset=True))],
            ExerciseWeek(W, 1, "Basic bridge", None, 1, 0),
            id="reset-before-any-second-is-an-attempt",
        ),
        pytest.param(
            [
                session(W, Did(sets=3, work=45)),
                session(date(2026, 3, 6), Did(sets=2, work=30, level=2)),
            ],
            ExerciseWeek(W, 2, "Bridge walk", Dose(2, 30), 2, 2),
            id="moved-up-mid-week-shows-the-new-level-and-its-dose",
        ),
        pytest.param(
            [
                session(W, Did(sets=2, work=30, level=2, done=10)),
                session(date(2026, 3, 6), Did(sets=3, work=45)),
            ],
            ExerciseWeek(W, 1, "Basic bridge", Dose(3, 45), 2, 1),
            id="tried-the-next-level-and-went-back",
        ),
        pytest.param(
            [
                session(W, Did(sets=3, work=45)),
                session(date(2026, 3, 6), Did(sets=2, work=30, level=2, done=5)),
            ],
            ExerciseWeek(W, 2, "Bridge walk", None, 2, 1),
            id="moved-up-and-not-clean-yet-shows-no-dose",
        ),
        pytest.param(
            [session(W, Did(sets=3, work=45, level=7))],
            ExerciseWeek(W, 7, None, Dose(3, 45), 1, 1),
            id="a-level-past-the-ladder-keeps-its-number",
        ),
    ],
)
def test_a_weeks_point(sessions: list[Session], expected: ExerciseWeek) -> None:
    assert week(trends(*sessions), W) == expected


def test_weeks_land_where_they_started_and_old_sessions_are_left_out() -> None:
    result = trends(
        session(date(2025, 12, 28), Did(sets=3, work=45)),  # a Sunday before the chart
        session(date(2025, 12, 29), Did(sets=2, work=30), hour=0),  # its first minute-ish
        session(date(2026, 3, 22), Did(sets=3, work=30), hour=22),  # this week's Sunday night
    )
    weeks = bridge(result).weeks
    assert weeks[0].best == Dose(2, 30)
    assert weeks[-1].best == Dose(3, 30)
    assert sum(w.attempts for w in weeks) == 2


def test_each_exercise_is_judged_on_its_own_sets() -> None:
    result = trends(session(W, Did(sets=3, work=40, reset=True), Did("hip-clam", sets=2, work=35)))
    assert week(result, W, 0).best is None
    assert week(result, W, 1).best == Dose(2, 35)
    assert week(result, W, 1).progression == "Side-lying clam"
    assert week(result, W, 2) == ExerciseWeek(W)


def test_custom_exercises_follow_the_built_in_ones_newest_first_and_the_rest_are_counted() -> None:
    result = trends(
        session(W, Did("plank", sets=2, work=60, name="Plank")),
        session(date(2026, 3, 10), Did("step-up", sets=3, work=30, name="Step-up")),
        session(date(2026, 3, 11), Did("wall-sit", sets=1, work=90, name="Wall sit")),
        most_custom=2,
    )
    assert [t.name for t in result.exercises[3:]] == ["Wall sit", "Step-up"]
    assert [t.levels for t in result.exercises[3:]] == [1, 1]
    assert result.more == 1
    assert result.exercises[3].latest_text() == "1 × 90 s · last week"


def test_a_custom_exercise_outside_the_weeks_is_not_charted() -> None:
    result = trends(session(date(2025, 6, 2), Did("plank", name="Plank")))
    assert len(result.exercises) == 3
    assert result.more == 0


@pytest.mark.parametrize(
    ("sessions", "text"),
    [
        pytest.param(
            [session(date(2026, 3, 17), Did(sets=3, work=40))],
            "3 × 40 s · Basic bridge (level 1 of 3) · this week",
            id="this-week",
        ),
        pytest.param(
            [session(date(2026, 2, 3), Did(sets=2, work=35, level=2))],
            "2 × 35 s · Bridge walk (level 2 of 3) · 6 weeks ago",
            id="weeks-ago",
        ),
        pytest.param(
            [session(date(2026, 3, 9), Did(sets=2, work=35), status="stopped")],
            "tried, not clean · Basic bridge (level 1 of 3) · last week",
            id="tried-once",
        ),
        pytest.param(
            [
                session(date(2026, 3, 9), Did(sets=2, work=35, done=3)),
                session(date(2026, 3, 10), Did(sets=2, work=35, done=3)),
            ],
            "tried, none clean · Basic bridge (level 1 of 3) · last week",
            id="tried-twice",
        ),
    ],
)
def test_the_latest_in_words(sessions: list[Session], text: str) -> None:
    assert bridge(trends(*sessions)).latest_text() == text


def test_best_volume_is_the_biggest_clean_dose_of_the_weeks() -> None:
    result = trends(
        session(W, Did(sets=3, work=45)),
        session(date(2026, 3, 9), Did(sets=2, work=30, level=2)),
    )
    assert bridge(result).best_volume == 135
    assert result.exercises[1].best_volume == 0
