"""Sample user data shared by the app, snapshot and end-to-end tests: settings files as users
leave them, and a history of sessions over a quarter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.plan import build_plan
from hiptimer.core.records import PlannedSet
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


# Each exercise's climb over the chart's weeks, for the exercise charts: (weeks ago, weekday,
# bridge, clam, lunge), each an exercise's (level, sets, work, how) or None (not done); how is
# "full", "short" (a set cut short: the session is partial) or "reset" (a set restarted).
Did = tuple[int, int, int, str] | None
CLIMB: list[tuple[int, int, Did, Did, Did]] = [
    (11, 0, (1, 2, 30, "full"), (1, 2, 30, "full"), (1, 2, 30, "full")),
    (10, 1, (1, 3, 30, "full"), (1, 2, 30, "full"), None),
    (8, 0, (1, 3, 35, "full"), (1, 3, 30, "full"), (1, 2, 30, "full")),
    (8, 3, (1, 3, 40, "short"), (1, 3, 30, "full"), None),
    (7, 2, (1, 3, 40, "full"), (1, 3, 35, "full"), (1, 3, 30, "full")),
    (6, 0, (1, 3, 45, "full"), (1, 3, 35, "full"), None),
    (6, 3, (1, 3, 45, "full"), (1, 3, 40, "full"), (1, 3, 30, "full")),
    (5, 0, (1, 3, 45, "full"), (1, 3, 40, "reset"), None),
    (5, 3, (2, 2, 30, "full"), (1, 3, 40, "full"), (1, 3, 35, "full")),
    (4, 1, (2, 3, 30, "full"), (1, 3, 45, "full"), None),
    (3, 1, (2, 3, 35, "reset"), (1, 3, 45, "full"), (1, 3, 35, "short")),
    (2, 0, (2, 3, 35, "full"), (1, 3, 45, "full"), (1, 3, 40, "full")),
    (1, 2, (2, 3, 40, "full"), (2, 2, 30, "full"), (1, 3, 40, "full")),
    (0, 0, (2, 3, 40, "full"), (2, 3, 30, "full"), (1, 3, 45, "full")),
]
"""The bridge moves up to the bridge walk five weeks ago, the clam to the side plank last week;
a set cut short or reset holds a week's dose; the lunge has weeks off."""
CLIMB_EXERCISES = (
    ("glute-bridge", "Glute bridge", False, ("Basic bridge", "Bridge walk")),
    ("hip-clam", "Hip clam", True, ("Side-lying clam", "Side-plank clam")),
    ("lateral-lunge", "Lateral lunge", True, ("Bodyweight", "Weighted")),
)


def add_climb_session(
    history: History,
    at: float,
    did: list[tuple[str, str, bool, str | None, Did]],
    *,
    routine: tuple[str, str] = ("runners-hips", "Runner's hips"),
) -> None:
    """Record one session: each ``(exercise_id, name, per_side, progression, did)``."""
    planned: list[PlannedSet] = []
    how: list[str] = []
    for exercise_id, name, per_side, progression, each in did:
        if each is None:
            continue
        level, sets, work, outcome = each
        for number in range(1, sets + 1):
            for side in ("left", "right") if per_side else (None,):
                planned.append(
                    PlannedSet(
                        len(planned),
                        name,
                        exercise_id,
                        number,
                        side,
                        float(work),
                        level,
                        progression,
                    )
                )
                # The last set is the one cut short or reset.
                how.append(outcome if number == sets else "full")
    session_id = history.start_session(routine[0], routine[1], planned, at)
    for item, outcome in zip(planned, how, strict=True):
        done = item.planned_seconds / 2 if outcome == "short" else item.planned_seconds
        history.record_set(session_id, item.position, done, 60.0, at)
        if outcome == "reset":
            history.conn.execute(
                "UPDATE sets SET reset = 1 WHERE session_id = ? AND position = ?",
                (session_id, item.position),
            )
    status = "partial" if "short" in how else "completed"
    history.finish_session(session_id, status, 60.0 * len(planned), at + 900)


def make_climb_history(path: Path, *, custom: str | None = None) -> None:
    """Write :data:`CLIMB` to ``path``; with ``custom``, an exercise of that name in a
    routine of that name (its last four weeks) too."""
    history, notices = open_history(path)
    assert history is not None and notices == ()
    for ago, weekday, *dids in CLIMB:
        did = [
            (exercise_id, name, sided, None if each is None else ladder[each[0] - 1], each)
            for (exercise_id, name, sided, ladder), each in zip(CLIMB_EXERCISES, dids, strict=True)
        ]
        add_climb_session(history, noon(weeks_ago(ago, weekday)), did)
    if custom is not None:
        for ago in range(3, -1, -1):
            add_climb_session(
                history,
                noon(weeks_ago(ago, 4 if ago else 1)),
                [("balance", custom, True, None, (1, 2, 40 + 5 * (3 - ago), "full"))],
                routine=("mine", custom),
            )
    history.close()
