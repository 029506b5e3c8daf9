"""Session rows: writing a workout as it runs, reading sessions and weekly counts back."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from hiptimer.core.records import (
    CHART_WEEKS,
    Overview,
    PlannedSet,
    Session,
    SetRecord,
    Status,
    WeekStats,
    count_weeks,
    week_bounds,
    week_start,
)
from hiptimer.core.text import escape
from hiptimer.store.schema import open_database, utc_now

STALE_AFTER = 12 * 3600.0
"""A running session not written for this long is closed even when its process cannot be
checked (another machine sharing the folder, or Windows)."""
STATUSES = (Status.COMPLETED, Status.PARTIAL, Status.STOPPED)
"""The statuses a session is finished with."""


class HistoryOpen(NamedTuple):
    """The opened history (None when it cannot be used) and notices for the user."""

    history: History | None
    notices: tuple[str, ...]


def open_history(path: Path) -> HistoryOpen:
    """Open (creating or migrating) the history database. Never raises.

    A corrupt file, or one from a newer hiptimer (higher ``user_version``), is renamed
    aside with a notice and a new database takes its place. Sessions left running by a
    process that no longer exists are closed as ``stopped``.

    Args:
        path: The database (see :func:`hiptimer.config.paths.history_path`).

    Returns:
        The history, or None with notices saying why the workout will not be recorded.
    """

    def ready(conn: sqlite3.Connection) -> History:
        # Runs inside the open, so a file found damaged here is moved aside like any other.
        history = History(conn, path)
        history.close_abandoned()
        return history

    history, notices = open_database(path, ready)
    return HistoryOpen(history, notices)


def _pid_alive(pid: int) -> bool:
    if pid <= 0 or os.name == "nt":  # os.kill(pid, 0) would end the process on Windows
        return pid > 0
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class History:
    """An open history database. Each write is one short transaction.

    Args:
        conn: An autocommit connection (``isolation_level=None``) with the schema in place.
        path: Where the database lives.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.host = socket.gethostname()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- writing ------------------------------------------------------------------------

    def start_session(
        self,
        routine_id: str,
        routine_name: str,
        planned: Sequence[PlannedSet],
        started_at: float,
    ) -> int:
        """Write a new running session and its planned sets; return its id."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (started_at, updated_at, routine, routine_name, status,"
                " host, pid) VALUES (?, ?, ?, ?, 'running', ?, ?)",
                (started_at, started_at, routine_id, routine_name, self.host, os.getpid()),
            )
            session_id = cursor.lastrowid
            assert session_id is not None
            conn.executemany(
                "INSERT INTO sets (session_id, position, exercise, exercise_id, set_number,"
                " side, planned_seconds, level, progression) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        session_id,
                        p.position,
                        p.exercise,
                        p.exercise_id,
                        p.set_number,
                        p.side,
                        p.planned_seconds,
                        p.level,
                        p.progression,
                    )
                    for p in planned
                ],
            )
        return session_id

    def record_set(
        self, session_id: int, position: int, done_seconds: float, active_seconds: float, at: float
    ) -> None:
        """Store the seconds done on one set (the best attempt counts) and the active time."""
        with self._write() as conn:
            conn.execute(
                "UPDATE sets SET done_seconds = max(done_seconds, ?)"
                " WHERE session_id = ? AND position = ?",
                (done_seconds, session_id, position),
            )
            conn.execute(
                "UPDATE sessions SET active_seconds = ?, updated_at = ? WHERE id = ?",
                (active_seconds, at, session_id),
            )

    def finish_session(
        self, session_id: int, status: str, active_seconds: float, ended_at: float
    ) -> None:
        """Close a session as ``completed``, ``partial`` or ``stopped`` (see
        :func:`hiptimer.core.records.session_status`)."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET status = ?, active_seconds = ?, ended_at = ?, updated_at = ?"
                " WHERE id = ?",
                (status, active_seconds, ended_at, ended_at, session_id),
            )

    def close_abandoned(self, now: float | None = None) -> int:
        """Close, as ``stopped``, running sessions whose process is gone (killed, crashed).

        Returns:
            How many sessions were closed.
        """
        current = utc_now().timestamp() if now is None else now
        rows = self.conn.execute(
            "SELECT id, host, pid, updated_at FROM sessions WHERE status = 'running'"
        ).fetchall()
        abandoned = [
            (updated, session_id)
            for session_id, host, pid, updated in rows
            if current - updated > STALE_AFTER
            or (host == self.host and pid != os.getpid() and not _pid_alive(pid))
        ]
        if abandoned:
            with self._write() as conn:
                conn.executemany(
                    "UPDATE sessions SET status = 'stopped', ended_at = ?"
                    " WHERE id = ? AND status = 'running'",
                    abandoned,
                )
        return len(abandoned)

    # -- reading ------------------------------------------------------------------------

    def count(self) -> int:
        """Return how many sessions there are."""
        result: int = self.conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
        return result

    def recent(self, limit: int = 20) -> list[Session]:
        """Return the newest sessions with their sets, newest first."""
        rows = self.conn.execute(
            "SELECT id, started_at, ended_at, routine, routine_name, status, active_seconds"
            " FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return self._with_sets(rows)

    def all_sessions(self, batch: int = 500) -> Iterator[Session]:
        """Yield every session with its sets, newest first, a batch at a time."""
        cursor = self.conn.execute(
            "SELECT id, started_at, ended_at, routine, routine_name, status, active_seconds"
            " FROM sessions ORDER BY started_at DESC, id DESC"
        )
        while rows := cursor.fetchmany(batch):
            yield from self._with_sets(rows)

    def _with_sets(self, rows: list[Any]) -> list[Session]:
        if not rows:
            return []
        ids = [row[0] for row in rows]
        sets: dict[int, list[SetRecord]] = {i: [] for i in ids}
        marks = ",".join("?" * len(ids))
        for row in self.conn.execute(
            "SELECT session_id, exercise, exercise_id, set_number, side, planned_seconds,"
            " done_seconds, level, progression, reset"
            f" FROM sets WHERE session_id IN ({marks})"
            " ORDER BY session_id, position",
            ids,
        ):
            exercise, exercise_id, number, side, planned, done, level, progression, reset = row[1:]
            sets[row[0]].append(
                SetRecord(
                    _read_text(exercise),
                    _read_text(exercise_id),
                    number,
                    _read_text(side),
                    planned,
                    done,
                    level,
                    _read_text(progression),
                    bool(reset),
                )
            )
        return [
            Session(
                id=row[0],
                started_at=row[1],
                ended_at=row[2],
                routine=_read_text(row[3]),
                routine_name=_read_text(row[4]),
                status=_read_text(row[5]),
                active_seconds=row[6],
                sets=tuple(sets[row[0]]),
            )
            for row in rows
        ]

    def week_stats(
        self,
        goal: int,
        *,
        today: date | None = None,
        weeks: int = CHART_WEEKS,
        tz: tzinfo | None = None,
    ) -> WeekStats:
        """Completed sessions per week for the last ``weeks`` weeks, and the streak.

        Args:
            goal: Sessions a week to aim for.
            today: The day that is "now" (local); today when None.
            weeks: How many weeks the chart shows, this one included.
            tz: The time zone weeks are counted in; local time when None.
        """
        earliest = self.conn.execute(
            "SELECT min(started_at) FROM sessions WHERE status = 'completed'"
        ).fetchone()[0]
        return count_weeks(
            goal,
            today or datetime.now(tz).date(),
            lambda monday: self._completed_in_week(monday, tz),
            earliest,
            weeks=weeks,
            tz=tz,
        )

    def _completed_in_week(self, monday: date, tz: tzinfo | None) -> int:
        start, end = week_bounds(monday, tz)
        result: int = self.conn.execute(
            "SELECT count(*) FROM sessions"
            " WHERE status = 'completed' AND started_at >= ? AND started_at < ?",
            (start, end),
        ).fetchone()[0]
        return result

    def completed_this_week(self, *, today: date | None = None, tz: tzinfo | None = None) -> int:
        """Return how many sessions were completed this week (local time, Monday first)."""
        now_day = today or datetime.now(tz).date()
        return self._completed_in_week(week_start(now_day), tz)


def load_overview(path: Path, goal: int, *, limit: int = 20, today: date | None = None) -> Overview:
    """Read the weekly chart, the streak and the recent sessions. Never raises.

    A missing database gives an empty overview and is not created. Open the database
    in the thread that uses it (``sqlite3`` connections stay in their thread).

    Args:
        path: The history database.
        goal: The weekly goal from the settings.
        limit: How many recent sessions to return.
        today: The day that is "now"; today when None.
    """
    empty = WeekStats.empty(goal, today or date.today())
    if not path.exists():
        return Overview(empty, (), 0, ())
    history, notices = open_history(path)
    if history is None:
        return Overview(empty, (), 0, notices)
    try:
        return Overview(
            history.week_stats(goal, today=today),
            tuple(history.recent(limit)),
            history.count(),
            notices,
        )
    except sqlite3.Error as error:
        return Overview(empty, (), 0, (*notices, f"history: {path} could not be read: {error}"))
    finally:
        history.close()


def _read_text(value: Any) -> Any:
    """A text column as read, escaped: a history may come from another machine or hand, and
    every reader (table, JSON, CSV, the History screen) prints it."""
    return escape(value) if isinstance(value, str) else value
