"""The workout log: SQLite with WAL, a versioned schema, a recorder sink, and weekly stats."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from time import monotonic, sleep
from typing import Any, NamedTuple

from hiptimer.core.engine import Event, Finished, PhaseEnded, PhaseStarted
from hiptimer.core.plan import Plan
from hiptimer.core.text import escape

SCHEMA_VERSION = 1
"""The schema this hiptimer writes, kept in ``PRAGMA user_version``."""

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at REAL NOT NULL,      -- Unix time (UTC), seconds
            ended_at REAL,                 -- NULL while the workout runs
            updated_at REAL NOT NULL,      -- last write: the end of a crashed session
            routine TEXT NOT NULL,         -- routine id
            routine_name TEXT NOT NULL,
            status TEXT NOT NULL,          -- running, completed or stopped
            active_seconds REAL NOT NULL DEFAULT 0,
            host TEXT NOT NULL DEFAULT '',
            pid INTEGER NOT NULL DEFAULT 0 -- the process that runs it, to spot crashes
        )
        """,
        "CREATE INDEX sessions_by_start ON sessions (started_at)",
        "CREATE INDEX sessions_by_status ON sessions (status, started_at)",
        """
        CREATE TABLE sets (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,     -- phase index in the plan
            exercise TEXT NOT NULL,
            exercise_id TEXT NOT NULL,
            set_number INTEGER NOT NULL,
            side TEXT,                     -- left, right or NULL
            planned_seconds REAL NOT NULL,
            done_seconds REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (session_id, position)
        ) WITHOUT ROWID
        """,
    ),
}
"""Statements that take the schema from version ``n - 1`` to ``n``; add ``2: (...)`` to grow it."""

BUSY_TIMEOUT = 10.0
"""Seconds to wait for another hiptimer's write; every transaction is a few rows long."""
STALE_AFTER = 12 * 3600.0
"""A running session not written for this long is closed even when its process cannot be
checked (another machine sharing the folder, or Windows)."""
STATUSES = ("completed", "stopped")

Notify = Callable[[str], None]


def utc_now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def iso(ts: float | None) -> str | None:
    """Format Unix time as ISO 8601 UTC to the second, for example ``2026-03-02T07:15:00Z``."""
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class PlannedSet:
    """One work phase of a plan as the history keeps it."""

    position: int
    """Index of the phase in the plan."""
    exercise: str
    exercise_id: str
    set_number: int
    side: str | None
    planned_seconds: float


@dataclass(frozen=True, slots=True)
class SetRecord:
    """What was planned and done for one set (one side of a per-side set)."""

    exercise: str
    exercise_id: str
    set: int
    side: str | None
    planned_seconds: float
    done_seconds: float

    @property
    def done(self) -> bool:
        """Whether the full planned time was done."""
        return self.done_seconds + 0.05 >= self.planned_seconds


@dataclass(frozen=True, slots=True)
class Session:
    """One workout in the history."""

    id: int
    started_at: float
    """Unix time."""
    ended_at: float | None
    routine: str
    """Routine id."""
    routine_name: str
    status: str
    """``completed``, ``stopped`` or (while it runs) ``running``."""
    active_seconds: float
    """Time spent working, resting and switching; pauses excluded."""
    sets: tuple[SetRecord, ...] = ()

    @property
    def sets_planned(self) -> int:
        """Sets in the plan (a per-side set counts once)."""
        return len({(s.exercise_id, s.set) for s in self.sets})

    @property
    def sets_done(self) -> int:
        """Sets done in full (a per-side set counts when both sides are)."""
        groups: dict[tuple[str, int], bool] = {}
        for s in self.sets:
            key = (s.exercise_id, s.set)
            groups[key] = groups.get(key, True) and s.done
        return sum(groups.values())

    def as_json(self) -> dict[str, Any]:
        """Return the session as DESIGN section 6 shapes it for ``--json``."""
        return {
            "started_at": iso(self.started_at),
            "ended_at": iso(self.ended_at),
            "routine": self.routine,
            "status": self.status,
            "active_seconds": _number(self.active_seconds),
            "sets": [
                {
                    "exercise": s.exercise,
                    "set": s.set,
                    "side": s.side,
                    "planned_seconds": _number(s.planned_seconds),
                    "done_seconds": _number(s.done_seconds),
                }
                for s in self.sets
            ],
        }


def _number(seconds: float) -> int | float:
    """Seconds to one decimal; whole numbers as integers (``30``, not ``30.0``)."""
    value = round(seconds, 1)
    return int(value) if value == int(value) else value


@dataclass(frozen=True, slots=True)
class WeekCount:
    """Completed sessions in one week (Monday to Sunday, local time)."""

    start: date
    sessions: int


@dataclass(frozen=True, slots=True)
class WeekStats:
    """Sessions per week for the chart, against the weekly goal."""

    weeks: tuple[WeekCount, ...]
    """Oldest first; the last one is this week."""
    goal: int
    streak: int
    """Weeks in a row that met the goal, up to last week, plus this week once it has."""

    @property
    def this_week(self) -> int:
        """Completed sessions so far this week."""
        return self.weeks[-1].sessions if self.weeks else 0

    def progress_text(self) -> str:
        """Where this week stands, such as ``2nd of 3 this week``."""
        return goal_progress_text(self.this_week, self.goal)

    def streak_text(self) -> str:
        """The streak in words, such as ``3 weeks in a row at 3 a week``."""
        if self.streak == 0:
            return f"no streak yet (goal: {self.goal} a week)"
        weeks = "week" if self.streak == 1 else "weeks in a row"
        return f"{self.streak} {weeks} at {self.goal} a week"


def ordinal(n: int) -> str:
    """Return ``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``21st``..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def session_ordinal_text(n: int) -> str:
    """The line mode's DONE summary: ``2nd session this week``."""
    return f"{ordinal(n)} session this week"


def goal_progress_text(n: int, goal: int) -> str:
    """The done screen's line: ``2nd of 3 this week`` (``4th this week, goal 3`` beyond)."""
    if n == 0:
        return f"0 of {goal} this week"
    if n <= goal:
        return f"{ordinal(n)} of {goal} this week"
    return f"{ordinal(n)} this week, goal {goal}"


def week_start(day: date) -> date:
    """Return the Monday of the week ``day`` is in."""
    return day - timedelta(days=day.weekday())


def _week_bounds(monday: date, tz: tzinfo | None) -> tuple[float, float]:
    """Unix times of the start of ``monday`` and of the Monday after (local time for None)."""
    start = datetime.combine(monday, time(), tzinfo=tz)
    end = datetime.combine(monday + timedelta(weeks=1), time(), tzinfo=tz)
    return start.timestamp(), end.timestamp()


class HistoryOpen(NamedTuple):
    """The opened history (None when it cannot be used) and notices for the user."""

    history: History | None
    notices: tuple[str, ...]


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return True
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


def move_aside(path: Path, why: str) -> Path:
    """Rename a database (and its WAL and shared-memory files) out of the way; never delete.

    Returns:
        The new name of the database file.
    """
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{why}-{stamp}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.{why}-{stamp}-{n}")
        n += 1
    os.rename(path, target)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.rename(f"{path}{suffix}", f"{target}{suffix}")
    return target


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
    notices: list[str] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return HistoryOpen(None, (f"history not recorded: {path.parent}: {_why(error)}",))
    for _attempt in range(3):
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                conn = None
                moved = move_aside(path, f"newer-v{version}")
                notices.append(
                    f"history: {path} comes from a newer hiptimer (schema {version}, this one "
                    f"reads up to {SCHEMA_VERSION}); moved it to {moved.name} and started a new one"
                )
                continue
            _prepare_for_writing(conn)
            _migrate(conn)
            history = History(conn, path)
            history.close_abandoned()
            return HistoryOpen(history, tuple(notices))
        except sqlite3.DatabaseError as error:
            if conn is not None:
                conn.close()
            if not _is_corrupt(error):
                return HistoryOpen(None, (*notices, f"history not recorded: {path}: {error}"))
            try:
                moved = move_aside(path, "corrupt")
            except OSError as move_error:
                return HistoryOpen(
                    None,
                    (
                        *notices,
                        f"history not recorded: {path} is damaged ({error}) and could "
                        f"not be moved aside: {_why(move_error)}",
                    ),
                )
            notices.append(
                f"history: {path} is damaged ({error}); moved it to {moved.name} "
                "and started a new one"
            )
        except OSError as error:
            if conn is not None:
                conn.close()
            return HistoryOpen(None, (*notices, f"history not recorded: {path}: {_why(error)}"))
    return HistoryOpen(None, (*notices, f"history not recorded: {path} could not be opened"))


def _why(error: OSError) -> str:
    return error.strerror or str(error)


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            timeout=BUSY_TIMEOUT,
            isolation_level=None,
        )
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        # Reading the schema is what reveals a file that is not a database.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare_for_writing(conn: sqlite3.Connection) -> None:
    """Switch to WAL (readers never wait for the writer). Only once the version is known
    to be ours: this rewrites the file header."""
    # Switching to WAL needs the file to itself, and SQLite reports "database is locked" at
    # once, without the busy timeout, while another hiptimer is opening it at the same time.
    deadline = monotonic() + BUSY_TIMEOUT
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or monotonic() > deadline:
                raise
            sleep(delay)
            delay = min(delay * 2, 0.2)
    # In WAL mode NORMAL survives a crashed process (kill -9); only a power cut can cost
    # the last commit.
    conn.execute("PRAGMA synchronous = NORMAL")


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another hiptimer may have migrated while this one waited for the lock.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target:d}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


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
                " side, planned_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        session_id,
                        p.position,
                        p.exercise,
                        p.exercise_id,
                        p.set_number,
                        p.side,
                        p.planned_seconds,
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
        """Close a session as ``completed`` or ``stopped``."""
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
            f" done_seconds FROM sets WHERE session_id IN ({marks})"
            " ORDER BY session_id, position",
            ids,
        ):
            exercise, exercise_id, number, side, planned, done = row[1:]
            sets[row[0]].append(
                SetRecord(
                    _read_text(exercise),
                    _read_text(exercise_id),
                    number,
                    _read_text(side),
                    planned,
                    done,
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
        self, goal: int, *, today: date | None = None, weeks: int = 12, tz: tzinfo | None = None
    ) -> WeekStats:
        """Completed sessions per week for the last ``weeks`` weeks, and the streak.

        Args:
            goal: Sessions a week to aim for.
            today: The day that is "now" (local); today when None.
            weeks: How many weeks the chart shows, this one included.
            tz: The time zone weeks are counted in; local time when None.
        """
        now_day = today or datetime.now(tz).date()
        this_week = week_start(now_day)
        first = this_week - timedelta(weeks=weeks - 1)
        chart = tuple(
            WeekCount(
                first + timedelta(weeks=i), self._completed_in_week(first + timedelta(weeks=i), tz)
            )
            for i in range(weeks)
        )
        counts = {w.start: w.sessions for w in chart}
        earliest = self.conn.execute(
            "SELECT min(started_at) FROM sessions WHERE status = 'completed'"
        ).fetchone()[0]
        streak = 0
        # One indexed count per week, walking back from last week until a week falls short:
        # the cost grows with the streak, not with the number of sessions.
        week = this_week - timedelta(weeks=1)
        while earliest is not None and _week_bounds(week, tz)[1] > earliest:
            count = counts.get(week)
            if count is None:
                count = self._completed_in_week(week, tz)
            if count < max(goal, 1):
                break
            streak += 1
            week -= timedelta(weeks=1)
        if counts[this_week] >= max(goal, 1):
            streak += 1
        return WeekStats(chart, goal, streak)

    def _completed_in_week(self, monday: date, tz: tzinfo | None) -> int:
        start, end = _week_bounds(monday, tz)
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


def _read_text(value: Any) -> Any:
    """A text column as read, escaped: a history may come from another machine or hand, and
    every reader (table, JSON, CSV, the History screen) prints it."""
    return escape(value) if isinstance(value, str) else value


def planned_sets(plan: Plan) -> list[PlannedSet]:
    """Return the work phases of a plan as the history stores them."""
    return [
        PlannedSet(
            position=index,
            exercise=phase.exercise.name,
            exercise_id=phase.exercise.id,
            set_number=phase.set_number,
            side=phase.side.value if phase.side else None,
            planned_seconds=float(phase.duration),
        )
        for index, phase in enumerate(plan.phases)
        if phase.is_work and phase.exercise is not None
    ]


class Recorder:
    """A driver sink that writes the workout to the history as it happens.

    The session row is written when the workout starts and updated after every work
    phase ends, so a killed process loses at most the phase in progress. A failure to
    write (disk full, read-only folder, damaged file) becomes a notice, never an exception.

    Args:
        history: Where to write; None records nothing (the history could not be opened).
        plan: The workout being run.
        notify: Called with each new notice (line mode prints it to stderr).
        clock: Wall-clock Unix time; tests pass their own.
    """

    def __init__(
        self,
        history: History | None,
        plan: Plan,
        *,
        notify: Notify | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.history = history
        self.plan = plan
        self.notify = notify
        self.clock = clock or (lambda: utc_now().timestamp())
        self.session_id: int | None = None
        self.status: str | None = None
        self.notices: list[str] = []

    def __call__(self, events: Sequence[Event]) -> None:
        for event in events:
            try:
                self._handle(event)
            except (sqlite3.Error, OSError) as error:
                self._failed(error)

    def _handle(self, event: Event) -> None:
        if self.history is None:
            if isinstance(event, Finished):
                self.status = "completed" if event.completed else "stopped"
            return
        if isinstance(event, PhaseStarted):
            if self.session_id is None and self.status is None:
                routine = self.plan.routine
                self.session_id = self.history.start_session(
                    routine.id, routine.name, planned_sets(self.plan), self.clock()
                )
        elif isinstance(event, PhaseEnded):
            if event.phase.is_work and self.session_id is not None:
                self.history.record_set(
                    self.session_id, event.index, event.done, event.clock, self.clock()
                )
        elif isinstance(event, Finished):
            self.status = "completed" if event.completed else "stopped"
            if self.session_id is not None:
                self.history.finish_session(self.session_id, self.status, event.clock, self.clock())

    def _failed(self, error: Exception) -> None:
        path = self.history.path if self.history else "history"
        message = f"history: could not write to {path}: {error}"
        if message in self.notices:
            return
        self.notices.append(message)
        if self.notify is not None:
            self.notify(message)

    def summary(self) -> str | None:
        """The DONE line's words, such as ``2nd session this week``; None if not counted."""
        if self.status != "completed" or self.history is None or self.session_id is None:
            return None
        try:
            return session_ordinal_text(self.history.completed_this_week())
        except sqlite3.Error:
            return None


def check_history(path: Path) -> str | None:
    """Check the database without changing it: None when usable, else the reason."""
    if not path.exists():
        return None
    try:
        conn = _connect(path, read_only=True)
    except sqlite3.Error as error:
        return f"cannot be read: {error}"
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return (
                f"comes from a newer hiptimer (schema {version}; this one reads {SCHEMA_VERSION})"
            )
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            return f"is damaged: {result}"
    except sqlite3.Error as error:
        return f"is damaged: {error}"
    finally:
        conn.close()
    return None


class Overview(NamedTuple):
    """What the history screen and the done screen show, read in one go."""

    stats: WeekStats
    recent: tuple[Session, ...]
    """Newest first."""
    total: int
    """Sessions in the whole history."""
    notices: tuple[str, ...]
    """Say what was wrong with the database, if anything (it was moved aside)."""


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
    empty = WeekStats(
        tuple(
            WeekCount(week_start(today or date.today()) - timedelta(weeks=11 - i), 0)
            for i in range(12)
        ),
        goal,
        0,
    )
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
