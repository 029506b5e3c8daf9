"""The rhythm of the week: when the next session is due, the streak, and the status line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from hiptimer.core.progression import Suggestion
from hiptimer.core.rhythm import WeekStatus, day_text, due_date, week_status

WED = date(2026, 3, 4)
"""Today in these tests; its week began on Monday 2 March."""
MON = date(2026, 3, 2)
NEXT_MON = date(2026, 3, 9)
SUN = date(2026, 3, 8)


def day(d: date, hour: int = 7) -> float:
    """Unix time of ``hour`` o'clock UTC on ``d``."""
    return datetime.combine(d, time(hour), UTC).timestamp()


def weeks(counts: dict[date, int]) -> Callable[[date], int]:
    """A ``completed_in`` reading made-up counts per Monday."""
    return lambda monday: counts.get(monday, 0)


@pytest.mark.parametrize(
    ("today", "done", "goal", "last", "due"),
    [
        pytest.param(WED, 0, 3, None, WED, id="no session ever: today"),
        pytest.param(WED, 1, 3, WED - timedelta(days=1), WED, id="trained yesterday: today"),
        pytest.param(WED, 2, 3, WED - timedelta(days=9), WED, id="long rest: today"),
        pytest.param(WED, 1, 3, WED, WED + timedelta(days=1), id="trained today: tomorrow"),
        pytest.param(WED, 3, 3, WED - timedelta(days=1), NEXT_MON, id="goal met: next Monday"),
        pytest.param(WED, 4, 3, WED, NEXT_MON, id="goal passed: next Monday"),
        pytest.param(SUN, 3, 3, SUN, NEXT_MON, id="goal met on Sunday: Monday"),
        pytest.param(SUN, 1, 3, SUN, NEXT_MON, id="short on Sunday, trained today: Monday"),
        pytest.param(SUN, 1, 2, SUN - timedelta(days=2), SUN, id="short on Sunday, rested: today"),
        pytest.param(
            WED, 1, 3, WED + timedelta(days=2), WED + timedelta(days=3), id="a session dated ahead"
        ),
    ],
)
def test_due(today: date, done: int, goal: int, last: date | None, due: date) -> None:
    assert due_date(today, done, goal, last) == due


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (2, "Fri"),
        (5, "Mon"),
        (6, "Tue"),
        (7, "next Wed"),
        (9, "2026-03-13"),
    ],
)
def test_day_text(offset: int, text: str) -> None:
    assert day_text(WED + timedelta(days=offset), WED) == text


def test_an_empty_history_is_due_today_without_a_streak() -> None:
    status = week_status(3, WED, weeks({}), None, None, tz=UTC)
    assert status.line() == "hips 0/3 this week · next: today"
    assert status.as_json() == {
        "week_done": 0,
        "weekly_goal": 3,
        "streak_weeks": 0,
        "last_session": None,
        "due": "2026-03-04",
        "suggestions": [],
    }


def test_the_streak_counts_weeks_at_the_goal_and_this_week_once_met() -> None:
    counts = {MON - timedelta(weeks=w): 3 for w in range(1, 5)} | {MON - timedelta(weeks=5): 2}
    earliest = day(MON - timedelta(weeks=8))
    short = week_status(3, WED, weeks(counts | {MON: 1}), earliest, day(MON), tz=UTC)
    assert (short.week_done, short.streak_weeks, short.due) == (1, 4, WED)
    assert short.line() == "hips 1/3 this week · streak 4 wk · next: today"
    met = week_status(3, WED, weeks(counts | {MON: 3}), earliest, day(WED), tz=UTC)
    assert (met.week_done, met.streak_weeks, met.due) == (3, 5, NEXT_MON)
    assert met.line() == "hips 3/3 this week · streak 5 wk · next: Mon"


def test_a_missed_week_ends_the_streak() -> None:
    counts = {MON - timedelta(weeks=1): 3, MON - timedelta(weeks=2): 0, MON - timedelta(weeks=3): 3}
    status = week_status(3, WED, weeks(counts), day(MON - timedelta(weeks=3)), None, tz=UTC)
    assert status.streak_weeks == 1


def test_the_last_session_is_counted_in_the_time_zone_given() -> None:
    # 23:30 UTC on Tuesday is already Wednesday in UTC+2: trained today there, so tomorrow.
    late = datetime.combine(WED - timedelta(days=1), time(23, 30), UTC).timestamp()
    plus_two = timezone(timedelta(hours=2))
    assert week_status(3, WED, weeks({}), None, late, tz=UTC).due == WED
    assert week_status(3, WED, weeks({}), None, late, tz=plus_two).due == WED + timedelta(days=1)


def test_offers_end_the_line_and_fill_the_json() -> None:
    walk = Suggestion(
        "glute-bridge", "Glute bridge", 1, 2, "Bridge walk", 2, 30, "2 clean sessions in a row"
    )
    clam = Suggestion("hip-clam", "Hip clam", 1, 1, "Side-lying clam", 3, 35, "a clean session")
    status = WeekStatus(1, 3, 4, day(MON), WED, WED, (walk, clam))
    assert status.line() == (
        "hips 1/3 this week · streak 4 wk · next: today · ready: bridge walk, clam 3×35 s"
    )
    # Home has its own offer line: its week line leaves them out.
    assert status.line(offers=False) == "hips 1/3 this week · streak 4 wk · next: today"
    data = status.as_json()
    assert data["last_session"] == "2026-03-02T07:00:00Z"
    assert [s["exercise_id"] for s in data["suggestions"]] == ["glute-bridge", "hip-clam"]
    assert data["suggestions"][0]["to_level"] == 2
