"""What the History screen's exercise charts read: the sessions of the chart's weeks, summed
up per exercise and week by :func:`hiptimer.core.trends.exercise_trends`."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from hiptimer.core.catalog import EXERCISES
from hiptimer.core.records import CHART_WEEKS, week_bounds, week_start
from hiptimer.core.trends import Trends, exercise_trends
from hiptimer.store.sessions import open_for_reading


def load_trends(path: Path, *, today: date | None = None, tz: tzinfo | None = None) -> Trends:
    """Read each exercise's best clean dose and level per week. Never raises.

    A missing database gives empty weeks and is not created; one that cannot be read gives
    no exercises and ``readable`` False (the History screen's notices say why). Open the
    database in the thread that uses it (``sqlite3`` connections stay in their thread).

    Args:
        path: The history database.
        today: The day that is "now", in ``tz``; today when None.
        tz: The time zone weeks are counted in; local time when None.
    """
    now = today or datetime.now(tz).date()
    history, notices = open_for_reading(path)
    if history is None:
        if notices:
            return Trends((), readable=False)
        return exercise_trends((), EXERCISES, now, tz=tz)
    try:
        first = week_start(now) - timedelta(weeks=CHART_WEEKS - 1)
        sessions = list(history.started_since(week_bounds(first, tz)[0]))
        return exercise_trends(sessions, EXERCISES, now, tz=tz)
    except sqlite3.Error:
        return Trends((), readable=False)
    finally:
        history.close()
