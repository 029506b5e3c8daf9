"""Sample user data shared by the app, snapshot and end-to-end tests: settings files as users
leave them, and a history of sessions over a quarter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.store.recorder import planned_sets
from hiptimer.store.sessions import History, open_history

USER_FILE = """\
# My hip settings -- tuned for marathon block
work = 30  # start easy
sets = 2

# rest is short on purpose
rest = 15
coach_name = "Ana"  # not a hiptimer key: must survive

[levels]
glute-bridge = 1
"""
"""A settings file as a user keeps it: comments, a key hiptimer does not know, a table."""

BROKEN_FILE = b'# half edited\nwork = 40\nsets = "3\n'
"""A settings file left half edited: not valid TOML."""


TODAY = date(2026, 3, 4)
"""A Wednesday; its week began on Monday 2 March."""
MONDAY = date(2026, 3, 2)
MARKUP_NAME = "[/b] Hips [0] [bold red]loud"
"""A routine name that Textual would choke on if it were read as markup."""


def weeks_ago(n: int, weekday: int = 0) -> date:
    """The day ``weekday`` (0 is Monday) of the week ``n`` weeks before :data:`TODAY`'s."""
    return MONDAY - timedelta(weeks=n) + timedelta(days=weekday)


def noon(day: date) -> float:
    """Noon UTC on ``day``, as a timestamp."""
    # Noon UTC is the same day in every time zone from UTC-11 to UTC+11.
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()


def add_session(
    history: History,
    day: date,
    *,
    status: str = "completed",
    done: int | None = None,
    name: str = "Runner's hips",
) -> None:
    """Record a session the way the recorder does: start, sets done one by one, finish."""
    plan = build_plan(BUILTIN_ROUTINE, Settings())
    planned = planned_sets(plan)
    at = noon(day)
    session_id = history.start_session("runners-hips", name, planned, at)
    count = len(planned) if done is None else done
    for n, item in enumerate(planned[:count]):
        history.record_set(session_id, item.position, item.planned_seconds, 40.0 * (n + 1), at)
    history.finish_session(session_id, status, 40.0 * count + 5, at + 600)


# Goal 2. Eleven weeks ago: 2; then nothing until four weeks ago: 1; three weeks ago: 2
# completed and 1 stopped; two weeks ago: 3; last week: 2; this week: 1. Twelve weeks ago
# (outside the chart): 5.
WEEKS = {12: 5, 11: 2, 4: 1, 3: 2, 2: 3, 1: 2, 0: 1}
COUNTS = [2, 0, 0, 0, 0, 0, 0, 1, 2, 3, 2, 1]
"""Completed sessions per chart week, oldest first."""


def make_history(path: Path) -> None:
    """Write the sample history (:data:`WEEKS`, and two stopped sessions) to ``path``."""
    history, notices = open_history(path)
    assert history is not None and notices == ()
    for ago, count in sorted(WEEKS.items(), reverse=True):
        for weekday in range(count):
            add_session(history, weeks_ago(ago, weekday))
    add_session(history, weeks_ago(3, 5), status="stopped", done=2)
    add_session(history, weeks_ago(0, 1), status="stopped", done=3, name=MARKUP_NAME)
    history.close()
