"""What ``hiptimer status`` reads from the history: the week, the streak, each exercise's last
attempts. Read-only and quick, as a shell prompt runs it before every command."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import NamedTuple

from hiptimer.core.catalog import Exercise
from hiptimer.core.progression import (
    FULL_SLACK,
    Current,
    ExerciseSession,
    Suggestion,
    is_clean,
    suggest_all,
)
from hiptimer.core.records import DONE_SHARE, DONE_SLACK, week_bounds
from hiptimer.core.rhythm import REST_AFTER_SHARE, WeekStatus, week_status
from hiptimer.store.schema import not_regular

LOOKBACK = 60
"""Newest sessions read for the offers (about five months at three a week). The rule needs an
exercise's last two attempts; an exercise not attempted in this many sessions gets no offer,
and the cost stays the same however long the history grows."""

BUSY_TIMEOUT = 2.0
"""Seconds to wait for a writer; a prompt should not hang behind a stuck one for long."""


class StatusRead(NamedTuple):
    """The status, and notices for the user (a history that could not be read)."""

    status: WeekStatus
    notices: tuple[str, ...]


REAL_START = "typeof(started_at) IN ('integer', 'real') AND started_at BETWEEN 0 AND 32503680000"
"""Sessions that take part: a start that is a real time (up to the year 3000), as hiptimer
writes; a row made by hand with text or a far-off time is left out."""


def read_status(
    path: Path,
    goal: int,
    exercises: Sequence[Exercise],
    current: Mapping[str, Current] | None = None,
    *,
    today: date | None = None,
    tz: tzinfo | None = None,
) -> StatusRead:
    """Read the week, the streak, the last session and the offers to move up. Never raises.

    The database is opened read-only: nothing is created, migrated or tidied (a prompt
    should not write), and a missing file reads as an empty history.

    Args:
        path: The history database.
        goal: The weekly goal from the settings.
        exercises: The exercises offers are made for.
        current: What the settings ask for now, per exercise id (see
            :func:`hiptimer.core.progression.suggest`).
        today: The day that is "now", in ``tz``; today when None.
        tz: The time zone days and weeks are counted in; local time when None.
    """
    now_day = today or datetime.now(tz).date()
    empty = week_status(goal, now_day, lambda _monday: 0, None, None, tz=tz)
    if not path.exists():
        return StatusRead(empty, ())
    special = not_regular(path)
    if special is not None:
        return StatusRead(empty, (f"history: {path} could not be read: it {special}",))
    said = ""
    # Immutable the second time: a folder that cannot be written has no room for SQLite's
    # shared-memory file, as `hiptimer history` also finds.
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?{options}", uri=True, timeout=BUSY_TIMEOUT
            )
        except sqlite3.Error as error:
            said = str(error)
            continue
        try:
            suggestions = suggest_all(exercises, recent_attempts(conn), dict(current or {}))
            status = read_week(conn, goal, now_day, tz, suggestions=suggestions)
            return StatusRead(status, ())
        except sqlite3.OperationalError as error:
            said = str(error)
        except sqlite3.Error as error:
            return StatusRead(empty, (f"history: {path} could not be read: {error}",))
        except (ValueError, TypeError, OverflowError, OSError) as error:
            # A value hiptimer never writes (a file made or changed by hand): the prompt gets
            # the empty line and one notice, never a traceback.
            reason = f"holds a value hiptimer does not write ({error}); shown as empty"
            return StatusRead(empty, (f"history: {path}: {reason}",))
        finally:
            conn.close()
    return StatusRead(empty, (f"history: {path} could not be read: {said}",))


def read_week(
    conn: sqlite3.Connection,
    goal: int,
    today: date,
    tz: tzinfo | None = None,
    *,
    suggestions: Sequence[Suggestion] = (),
) -> WeekStatus:
    """The week, the streak and when the next session is due, from an open history.

    Args:
        conn: The history.
        goal: The weekly goal from the settings.
        today: The day that is "now", in ``tz``.
        tz: The time zone days and weeks are counted in; local time when None.
        suggestions: The offers to move up, to carry in the status.

    Raises:
        sqlite3.Error: The history could not be read.
        ValueError: A value hiptimer never writes (also TypeError, OverflowError).
    """
    earliest = conn.execute(
        "SELECT min(started_at) FROM sessions WHERE status = 'completed' AND " + REAL_START
    ).fetchone()[0]
    return week_status(
        goal,
        today,
        lambda monday: completed_in_week(conn, monday, tz),
        earliest,
        last_session(conn),
        suggestions=suggestions,
        tz=tz,
    )


def read_week_or_none(
    conn: sqlite3.Connection, goal: int, *, today: date | None = None, tz: tzinfo | None = None
) -> WeekStatus | None:
    """:func:`read_week` for the app's home screen, without offers (home has its own line for
    them); None when the history cannot be read or holds a value hiptimer does not write.

    Args:
        conn: The history.
        goal: The weekly goal from the settings.
        today: The day that is "now", in ``tz``; today when None.
        tz: The time zone days and weeks are counted in; local time when None.
    """
    try:
        return read_week(conn, goal, today or datetime.now(tz).date(), tz)
    except (sqlite3.Error, ValueError, TypeError, OverflowError, OSError):
        # A file changed by hand: home shows no week line rather than a traceback.
        return None


def completed_in_week(conn: sqlite3.Connection, monday: date, tz: tzinfo | None) -> int:
    """Completed sessions in the week that starts on ``monday`` (``tz``; local when None)."""
    start, end = week_bounds(monday, tz)
    result: int = conn.execute(
        "SELECT count(*) FROM sessions"
        " WHERE status = 'completed' AND started_at >= ? AND started_at < ? AND " + REAL_START,
        (start, end),
    ).fetchone()[0]
    return result


def last_session(conn: sqlite3.Connection) -> float | None:
    """Unix time the newest session that wants a rest day after it started: whatever its
    status (a workout stopped near its end was still a workout), once at least
    :data:`~hiptimer.core.rhythm.REST_AFTER_SHARE` of its sets were done (by
    :func:`~hiptimer.core.records.set_done`, in SQL); None when there is none."""
    row = conn.execute(
        "SELECT started_at FROM sessions AS s WHERE " + REAL_START + " AND"
        " (SELECT sum(done_seconds + ? >= ? * planned_seconds) >= ? * count(*) AND count(*) > 0"
        "  FROM sets WHERE sets.session_id = s.id)"
        " ORDER BY started_at DESC, id DESC LIMIT 1",
        (DONE_SLACK, DONE_SHARE, REST_AFTER_SHARE),
    ).fetchone()
    return None if row is None else float(row[0])


def recent_attempts(conn: sqlite3.Connection, lookback: int = LOOKBACK) -> list[ExerciseSession]:
    """What each of the newest ``lookback`` sessions did of each exercise, newest first.

    A session in which an exercise was never started (stopped before it, or during the
    get-ready) is not an attempt at it and is left out for that exercise.
    """
    columns = {row[1] for row in conn.execute("PRAGMA table_info(sets)")}
    # A history of schema 1 (before progressions were recorded) reads as level 1, never reset.
    level = "sets.level" if "level" in columns else "1"
    reset = "sets.reset" if "reset" in columns else "0"
    rows = conn.execute(
        f"SELECT recent.started_at, recent.status, sets.exercise_id, min({level}),"
        " count(DISTINCT sets.set_number), min(sets.planned_seconds),"
        # Every set done for its full time (core.progression.set_full, in SQL).
        " min(sets.done_seconds + ? >= sets.planned_seconds),"
        f" max({reset} != 0)"
        " FROM (SELECT id, started_at, status FROM sessions WHERE "
        + REAL_START
        + "       ORDER BY started_at DESC, id DESC LIMIT ?) AS recent"
        " JOIN sets ON sets.session_id = recent.id"
        " GROUP BY recent.id, sets.exercise_id"
        f" HAVING max(sets.done_seconds > 0 OR {reset} != 0)"
        " ORDER BY recent.started_at DESC, recent.id DESC",
        (FULL_SLACK, lookback),
    ).fetchall()
    return [
        ExerciseSession(
            exercise_id=str(exercise_id),
            level=int(level_value),
            sets=int(sets),
            work=round(planned),
            clean=is_clean(str(status), bool(full), bool(any_reset)),
            started_at=float(started_at),
        )
        for started_at, status, exercise_id, level_value, sets, planned, full, any_reset in rows
    ]
