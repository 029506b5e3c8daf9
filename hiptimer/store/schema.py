"""The history file: opening it, its versioned schema and migrations, and a bad file moved aside."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from time import monotonic, sleep
from typing import TypeVar

from hiptimer.config.regularfile import kind_of_file
from hiptimer.core.records import Status, session_status, set_done

SCHEMA_VERSION = 2
"""The schema this hiptimer writes, kept in ``PRAGMA user_version``."""

Step = str | Callable[[sqlite3.Connection], None]
"""One step of a migration: a statement, or a function for what SQL alone should not decide."""


def _recount_statuses(conn: sqlite3.Connection) -> None:
    """Give each session that ran to its end the status the core's rule gives it now.

    Schema 1 called every workout that reached its end ``completed``, even one skipped
    through with ``n``; the rule (see :func:`hiptimer.core.records.set_done`) stays in
    one place, so this reads the stored planned and done seconds and asks it.
    """
    done: dict[int, list[bool]] = {}
    for session_id, planned, seconds in conn.execute(
        "SELECT sets.session_id, sets.planned_seconds, sets.done_seconds"
        " FROM sets JOIN sessions ON sessions.id = sets.session_id"
        " WHERE sessions.status = 'completed'"
    ):
        done.setdefault(session_id, []).append(set_done(planned, seconds))
    partial = [
        (session_id,)
        for session_id, flags in done.items()
        if session_status(flags, ended_early=False) is Status.PARTIAL
    ]
    conn.executemany("UPDATE sessions SET status = 'partial' WHERE id = ?", partial)


MIGRATIONS: dict[int, tuple[Step, ...]] = {
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
    # 2: what each set was (its progression) and an honest status: sessions gain
    # 'partial' (ran to the end with a set skipped or cut short).
    # (No SQL comments in ALTER: SQLite splices the column's text into the table's.)
    2: (
        # The progression's 1-based level; 1 where schema 1 did not say.
        "ALTER TABLE sets ADD COLUMN level INTEGER NOT NULL DEFAULT 1",
        # Its name; NULL for an exercise without a ladder, or not known.
        "ALTER TABLE sets ADD COLUMN progression TEXT",
        # 1 when the set was restarted (the hamstrings took over).
        "ALTER TABLE sets ADD COLUMN reset INTEGER NOT NULL DEFAULT 0",
        _recount_statuses,
    ),
}
"""Steps that take the schema from version ``n - 1`` to ``n``; add ``3: (...)`` to grow it.
A version's steps never change once released: files of that version are out there."""

BUSY_TIMEOUT = 10.0
"""Seconds to wait for another hiptimer's write; every transaction is a few rows long."""

T = TypeVar("T")


def utc_now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def is_busy(error: sqlite3.Error) -> bool:
    """Whether ``error`` is another connection holding the lock (worth trying again later)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return True
    text = str(error).lower()
    return "database is locked" in text or "database table is locked" in text


def not_regular(path: Path) -> str | None:
    """Say what is at ``path`` when it is there but is not a regular file, else None.

    Opening a named pipe to read waits, inside SQLite or ``open``, for a writer that never
    comes, and no signal handler runs meanwhile (Ctrl+C did nothing): such a history is
    refused before it is opened. Missing or unreadable: None, and the open says why.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    return f"is {kind_of_file(mode)}, not a regular file"


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return True
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


def aside_name(path: Path, why: str) -> Path:
    """A free name beside ``path`` for setting it aside: ``history.sqlite3.<why>-<UTC time>``,
    with ``-2``, ``-3``... when that is taken."""
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{why}-{stamp}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.{why}-{stamp}-{n}")
        n += 1
    return target


def move_aside(path: Path, why: str) -> Path:
    """Rename a database (and its WAL and shared-memory files) out of the way; never delete.

    Returns:
        The new name of the database file.
    """
    target = aside_name(path, why)
    os.rename(path, target)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.rename(f"{path}{suffix}", f"{target}{suffix}")
    return target


def open_database(
    path: Path,
    ready: Callable[[sqlite3.Connection], T],
    *,
    busy_timeout: float = BUSY_TIMEOUT,
    raise_busy: bool = False,
) -> tuple[T | None, tuple[str, ...]]:
    """Open (creating or migrating) the history database and hand it to ``ready``. Never raises
    (but see ``raise_busy``).

    A corrupt file, one from a newer hiptimer (higher ``user_version``) or one with a version
    no hiptimer writes (below zero, or zero with tables in it) is renamed aside with a notice
    and a new database takes its place. A file found damaged while ``ready`` reads it is moved
    aside the same way.

    Args:
        path: The database (see :func:`hiptimer.config.paths.history_path`).
        ready: Makes what the caller uses from the migrated, autocommit connection.
        busy_timeout: Seconds each statement waits for another connection's lock.
        raise_busy: Raise the ``sqlite3.OperationalError`` of a lock held too long instead
            of giving up with a notice, for a caller that tries again later (the writer).

    Returns:
        What ``ready`` returned, or None with notices saying why the workout will not be
        recorded; and the notices for the user.
    """
    notices: list[str] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return None, (f"history not recorded: {path.parent}: {_why(error)}",)
    for _attempt in range(3):
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(path, timeout=busy_timeout)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            unusual = _unusual_version(conn, version)
            if unusual is not None:
                conn.close()
                conn = None
                moved = move_aside(path, f"unknown-v{version}")
                notices.append(
                    f"history: {path} {unusual}; moved it to {moved.name} and started a new one"
                )
                continue
            if version > SCHEMA_VERSION:
                conn.close()
                conn = None
                moved = move_aside(path, f"newer-v{version}")
                notices.append(
                    f"history: {path} comes from a newer hiptimer (schema {version}, this one "
                    f"reads up to {SCHEMA_VERSION}); moved it to {moved.name} and started a new one"
                )
                continue
            _prepare_for_writing(conn, busy_timeout)
            _migrate(conn)
            return ready(conn), tuple(notices)
        except sqlite3.DatabaseError as error:
            if conn is not None:
                conn.close()
            if raise_busy and is_busy(error):
                raise
            if not _is_corrupt(error):
                return None, (*notices, f"history not recorded: {path}: {error}")
            try:
                moved = move_aside(path, "corrupt")
            except OSError as move_error:
                return None, (
                    *notices,
                    f"history not recorded: {path} is damaged ({error}) and could "
                    f"not be moved aside: {_why(move_error)}",
                )
            notices.append(
                f"history: {path} is damaged ({error}); moved it to {moved.name} "
                "and started a new one"
            )
        except OSError as error:
            if conn is not None:
                conn.close()
            return None, (*notices, f"history not recorded: {path}: {_why(error)}")
    return None, (*notices, f"history not recorded: {path} could not be opened")


def _why(error: OSError) -> str:
    return error.strerror or str(error)


def _unusual_version(conn: sqlite3.Connection, version: object) -> str | None:
    """Why ``version`` is one no hiptimer writes, or None: below zero, not a number, or zero
    in a file that already holds tables (someone else's database, or a crafted one)."""
    if not isinstance(version, int) or version < 0:
        return f"has a schema version no hiptimer writes ({version})"
    if version == 0:
        tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
        if tables:
            return "holds tables but no schema version: it is not a hiptimer history"
    return None


class BadText(str):
    """Text that was not UTF-8 in the file, decoded with U+FFFD for each bad byte (a reader
    names the row it came from)."""

    __slots__ = ()


def _decode_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return BadText(raw.decode("utf-8", "replace"))


def _connect(
    path: Path, *, read_only: bool = False, immutable: bool = False, timeout: float = BUSY_TIMEOUT
) -> sqlite3.Connection:
    if read_only:
        # Immutable: no locks and no shared-memory file, for a folder that cannot be written.
        options = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?{options}",
            uri=True,
            timeout=timeout,
            isolation_level=None,
        )
    else:
        conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    # A history may come from another machine or from hand: text that is not UTF-8 is read
    # (marked) rather than failing the whole query.
    conn.text_factory = _decode_text
    try:
        # Reading the schema is what reveals a file that is not a database.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare_for_writing(conn: sqlite3.Connection, busy_timeout: float = BUSY_TIMEOUT) -> None:
    """Switch to WAL (readers never wait for the writer). Only once the version is known
    to be ours: this rewrites the file header."""
    # Switching to WAL needs the file to itself, and SQLite reports "database is locked" at
    # once, without the busy timeout, while another hiptimer is opening it at the same time.
    deadline = monotonic() + busy_timeout
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
            for step in MIGRATIONS[target]:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
            conn.execute(f"PRAGMA user_version = {target:d}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def check_file(path: Path, read: Callable[[sqlite3.Connection], str | None]) -> str | None:
    """Check the database without changing it: None when usable, else the reason.

    Args:
        path: The database.
        read: Reads its rows once the file itself is sound; returns what was wrong with them.
    """
    try:
        if not path.exists():
            return None
        special = not_regular(path)
        if special is not None:
            return f"cannot be read: it {special}"
        with open(path, "rb"):
            pass
    except OSError as error:
        return f"cannot be read: {_why(error)}"
    try:
        conn = _connect(path, read_only=True)
    except sqlite3.Error as error:
        return f"cannot be read: {error}"
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        unusual = _unusual_version(conn, version)
        if unusual is not None:
            return f"{unusual} (it will be moved aside)"
        if version > SCHEMA_VERSION:
            return (
                f"comes from a newer hiptimer (schema {version}; this one reads {SCHEMA_VERSION})"
            )
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            return f"is damaged: {result}"
        return read(conn) if version > 0 else None
    except sqlite3.Error as error:
        return f"is damaged: {error}"
    finally:
        conn.close()
    return None
