"""The pure history records: weekly counts and the streak, with no database behind them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from hiptimer.core.records import WeekStats, count_weeks

TODAY = date(2026, 3, 4)  # Wednesday; the week began on Monday 2 March
MONDAY = date(2026, 3, 2)


def counter(counts: dict[date, int], asked: list[date]) -> Callable[[date], int]:
    """A ``completed_in`` that reads ``counts`` and notes each week it is asked about."""

    def completed_in(monday: date) -> int:
        asked.append(monday)
        return counts.get(monday, 0)

    return completed_in


def test_the_streak_walks_past_the_chart_asking_only_for_weeks_it_lacks() -> None:
    counts = {MONDAY - timedelta(weeks=w): 2 for w in range(1, 15)}
    asked: list[date] = []
    earliest = datetime.combine(MONDAY - timedelta(weeks=20), datetime.min.time(), UTC)
    stats = count_weeks(2, TODAY, counter(counts, asked), earliest.timestamp(), tz=UTC)
    assert stats.streak == 14
    assert stats.this_week == 0
    chart = [MONDAY - timedelta(weeks=11 - i) for i in range(12)]
    assert [w.start for w in stats.weeks] == chart
    # The chart's twelve weeks, then weeks 12, 13 and 14 (met) and 15 (short): no repeats.
    assert asked == chart + [MONDAY - timedelta(weeks=w) for w in (12, 13, 14, 15)]


def test_without_an_earliest_session_only_the_chart_is_read() -> None:
    asked: list[date] = []
    stats = count_weeks(3, TODAY, counter({MONDAY: 5}, asked), None, weeks=4, tz=UTC)
    assert len(asked) == 4
    assert (stats.this_week, stats.streak) == (5, 1)


def test_an_empty_chart_ends_with_this_week() -> None:
    stats = WeekStats.empty(3, TODAY)
    assert [w.sessions for w in stats.weeks] == [0] * 12
    assert stats.weeks[-1].start == MONDAY
    assert stats.weeks[0].start == MONDAY - timedelta(weeks=11)
    assert (stats.goal, stats.streak, stats.progress_text()) == (3, 0, "0 of 3 this week")
