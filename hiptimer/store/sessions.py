"""Session rows: writing a workout as it runs, reading sessions and weekly counts back."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

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
from hiptimer.store import journal, schema
from hiptimer.store.rows import LATEST_TIME, RowProblems, session_from_row, set_from_row
from hiptimer.store.schema import BUSY_TIMEOUT, _connect, check_file, open_database, utc_now

STALE_AFTER = 12 * 3600.0
"""A running session not written for this long is closed even when its process cannot be
checked (another machine sharing the folder, or Windows)."""
STATUSES = (Status.COMPLETED, Status.PARTIAL, Status.STOPPED)
"""The statuses a session is finished with."""


class HistoryOpen(NamedTuple):
    """The opened history (None when it cannot be used) and notices for the user."""

    history: History | None
    notices: tuple[str, ...]


def open_history(
    path: Path, *, busy_timeout: float = BUSY_TIMEOUT, raise_busy: bool = False
) -> HistoryOpen:
    """Open (creating or migrating) the history database. Never raises (but see
    ``raise_busy``).

    A corrupt file, one from a newer hiptimer (higher ``user_version``) or one with a version
    no hiptimer writes is renamed aside with a notice and a new database takes its place.
    Sessions kept in the journal (written while another program held the lock) are merged.
    Sessions left running by a process that no longer exists are closed as ``stopped``.

    Args:
        path: The database (see :func:`hiptimer.config.paths.history_path`).
        busy_timeout: Seconds each statement waits for another program's lock.
        raise_busy: Raise when the lock is held longer (see
            :func:`hiptimer.store.schema.open_database`).

    Returns:
        The history, or None with notices saying why the workout will not be recorded.
    """
    merged: list[str] = []

    def ready(conn: sqlite3.Connection) -> History:
        # Runs inside the open, so a file found damaged here is moved aside like any other.
        history = History(conn, path)
        merged[:] = journal.merge(history)
        history.close_abandoned()
        return history

    history, notices = open_database(path, ready, busy_timeout=busy_timeout, raise_busy=raise_busy)
    return HistoryOpen(history, (*notices, *merged))


def open_for_reading(path: Path) -> HistoryOpen:
    """Open the history to read it: as :func:`open_history`, or read-only when it cannot be
    written. Never raises. None with no notices: there is no history yet; None with notices:
    it is there but cannot be read (the notices say why, naming the path)."""
    try:
        present = path.exists() or journal.journal_path(path).exists()
    except OSError as error:
        return HistoryOpen(None, (f"history: {path} cannot be read: {_why(error)}",))
    if not present:
        return HistoryOpen(None, ())
    special = schema.not_regular(path)
    if special is not None:
        return HistoryOpen(None, (f"history: {path} cannot be read: it {special}",))
    history, notices = open_history(path)
    if history is not None:
        return HistoryOpen(history, notices)
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        return HistoryOpen(None, (f"history: {path} cannot be read: {_why(error)}",))
    for immutable in (False, True):
        try:
            conn = _connect(path, read_only=True, immutable=immutable)
        except sqlite3.Error:
            continue
        why = "; ".join(n.rsplit(": ", 1)[-1] for n in notices) or "read-only"
        return HistoryOpen(
            History(conn, path),
            (
                f"history: {path} cannot be written ({why}); shown as it is, and new sessions "
                "are not saved",
            ),
        )
    return HistoryOpen(None, notices or (f"history: {path} cannot be read",))


def check_history(path: Path) -> str | None:
    """Check the history without changing it (doctor): None when usable, else the reason,
    a row holding values hiptimer never writes included."""

    def read(conn: sqlite3.Connection) -> str | None:
        history = History(conn, path)
        for _session in history.all_sessions():
            pass
        found = history.problems.notices()
        if not found:
            return None
        first = found[0].removeprefix("history: ")
        more = f" (and {len(history.problems) - 1} more)" if len(history.problems) > 1 else ""
        return f"holds values hiptimer does not write: {first}{more}"

    return check_file(path, read)


def _why(error: OSError) -> str:
    return error.strerror or str(error)


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

    WRITES: ClassVar[frozenset[str]] = frozenset(
        {"start_session", "record_set", "mark_reset", "finish_session"}
    )
    """The methods that write: what :class:`~hiptimer.store.writer.HistoryWriter` queues and
    the journal replays (any other name in a journal is refused)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.problems = RowProblems()
        """Values read that hiptimer never writes, named by row (see :mod:`.rows`)."""

    @contextlib.contextmanager
    def acting_for(self, host: str, pid: int) -> Iterator[None]:
        """Write as the process ``pid`` on ``host`` would have (replaying its journal)."""
        saved = self.host, self.pid
        self.host, self.pid = host, pid
        try:
            yield
        finally:
            self.host, self.pid = saved

    def find_session(self, routine_id: str, started_at: float) -> int | None:
        """The id of the session this process (see :meth:`acting_for`) started then."""
        row = self.conn.execute(
            "SELECT id FROM sessions WHERE routine = ? AND started_at = ? AND host = ? AND pid = ?",
            (routine_id, started_at, self.host, self.pid),
        ).fetchone()
        return None if row is None else int(row[0])

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
                (started_at, started_at, routine_id, routine_name, self.host, self.pid),
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

    def mark_reset(self, session_id: int, position: int, at: float) -> None:
        """Record that a set was started again because the wrong muscles took over (it then
        holds the dose: see :func:`hiptimer.core.progression.is_clean`)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE sets SET reset = 1 WHERE session_id = ? AND position = ?",
                (session_id, position),
            )
            conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (at, session_id))

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
            if not isinstance(updated, int | float)
            or current - updated > STALE_AFTER
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
        """Return the newest sessions with their sets, newest first. A start that is not a
        time hiptimer writes (text, 1e300: a row made by hand) sorts last, so it can never
        push the real sessions out of the ``limit``; read, it is named as ever."""
        rows = self.conn.execute(
            "SELECT id, started_at, ended_at, routine, routine_name, status, active_seconds"
            " FROM sessions ORDER BY typeof(started_at) IN ('integer', 'real')"
            " AND started_at BETWEEN 0 AND ? DESC, started_at DESC, id DESC LIMIT ?",
            (LATEST_TIME, limit),
        ).fetchall()
        return self._with_sets(rows)

    def all_sessions(
        self, batch: int = 500, *, limit: int | None = None, escaped: bool = True
    ) -> Iterator[Session]:
        """Yield every session with its sets, newest first, a batch at a time.

        Args:
            batch: Sessions read at a time.
            limit: At most this many rows (the newest); all of them when None.
            escaped: Text escaped for a terminal, as every other reader has it; False for
                the text as stored (``--json``, whose writer escapes it its own way).
        """
        cursor = self.conn.execute(
            "SELECT id, started_at, ended_at, routine, routine_name, status, active_seconds"
            " FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?",
            (-1 if limit is None else limit,),  # SQLite: a negative limit is none
        )
        while rows := cursor.fetchmany(batch):
            yield from self._with_sets(rows, escaped=escaped)

    def started_since(self, start: float, batch: int = 500) -> Iterator[Session]:
        """Yield the sessions started at or after ``start`` (Unix time) with their sets,
        newest first, a batch at a time."""
        cursor = self.conn.execute(
            "SELECT id, started_at, ended_at, routine, routine_name, status, active_seconds"
            " FROM sessions WHERE typeof(started_at) IN ('integer', 'real')"
            " AND started_at BETWEEN ? AND ? ORDER BY started_at DESC, id DESC",
            (start, LATEST_TIME),
        )
        while rows := cursor.fetchmany(batch):
            yield from self._with_sets(rows)

    def _with_sets(self, rows: list[Any], *, escaped: bool = True) -> list[Session]:
        """Sessions with their sets; a row holding values hiptimer never writes is named in
        :attr:`problems` (and left out when it has no usable start time)."""
        if not rows:
            return []
        ids = [row[0] for row in rows]
        sets: dict[Any, list[SetRecord]] = {i: [] for i in ids}
        marks = ",".join("?" * len(ids))
        for row in self.conn.execute(
            "SELECT session_id, position, exercise, exercise_id, set_number, side,"
            " planned_seconds, done_seconds, level, progression, reset"
            f" FROM sets WHERE session_id IN ({marks})"
            " ORDER BY session_id, position",
            ids,
        ):
            sets.setdefault(row[0], []).append(set_from_row(row, self.problems, escaped=escaped))
        found = (
            session_from_row(row, sets[row[0]], self.problems, escaped=escaped) for row in rows
        )
        return [session for session in found if session is not None]

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
        # Only times a clock could have written: a crafted text or far-off number is no start.
        earliest = self.conn.execute(
            "SELECT min(started_at) FROM sessions WHERE status = 'completed'"
            " AND typeof(started_at) IN ('integer', 'real') AND started_at BETWEEN 0 AND ?",
            (LATEST_TIME,),
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
    history, notices = open_for_reading(path)
    if history is None:
        return Overview(empty, (), 0, notices, readable=not notices)
    try:
        stats = history.week_stats(goal, today=today)
        recent = tuple(history.recent(limit))
        total = history.count()
        return Overview(stats, recent, total, (*notices, *history.problems.notices()))
    except sqlite3.Error as error:
        return Overview(
            empty, (), 0, (*notices, f"history: {path} could not be read: {error}"), False
        )
    finally:
        history.close()
