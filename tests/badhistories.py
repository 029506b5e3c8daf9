"""Hostile histories for the tests: another program holding the write lock (a real process),
and SQLite files built by hand with values hiptimer never writes, each with what every reader
must say about it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from hiptimer.store.schema import MIGRATIONS, SCHEMA_VERSION

HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()  # until the test says so, or closes the pipe
conn.execute("COMMIT")
"""


class LockHolder:
    """Another program holding the history's write lock: a real process that opens the same
    SQLite file, runs ``BEGIN IMMEDIATE`` and keeps the transaction until :meth:`release`.

    Args:
        path: The history database.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> LockHolder:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(self.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline() == "held\n", "the lock holder did not start"
        return self

    def release(self) -> None:
        """Commit and end the process: the lock is free."""
        if self.process is None:
            return
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=30) == 0
        self.process = None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self.process = None


def new_history(path: Path, *, nullable: bool = False) -> sqlite3.Connection:
    """A history with hiptimer's schema and one good session (id 1) in it. ``nullable``
    drops the NOT NULL constraints, as a file made by hand need not have them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    for version in range(1, SCHEMA_VERSION + 1):
        for step in MIGRATIONS[version]:
            if isinstance(step, str):
                conn.execute(step)
            else:
                step(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if nullable:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '')"
            " WHERE name IN ('sessions', 'sets')"
        )
        conn.execute("PRAGMA writable_schema = OFF")
        conn.close()
        conn = sqlite3.connect(path, isolation_level=None)
    add_row(conn, 1)
    return conn


def add_row(conn: sqlite3.Connection, session_id: int, started: object = None) -> None:
    """Add a completed session of one 30 s set, started on ``started`` (an hour past
    1 700 000 000 per id when None)."""
    at = 1_700_000_000.0 + session_id * 3600 if started is None else started
    conn.execute(
        "INSERT INTO sessions (id, started_at, ended_at, updated_at, routine, routine_name,"
        " status, active_seconds) VALUES (?, ?, 1700000030, 1700000030, 'tiny', 'Tiny',"
        " 'completed', 30)",
        (session_id, at),
    )
    conn.execute(
        "INSERT INTO sets (session_id, position, exercise, exercise_id, set_number, side,"
        " planned_seconds, done_seconds) VALUES (?, 1, 'Bridge', 'bridge', 1, NULL, 30, 30)",
        (session_id,),
    )


@dataclass(frozen=True)
class Crafted:
    """A hand-made history and what the readers must say about it."""

    name: str
    build: str
    """SQL run on a history holding good session 1 and session 2 (``nullable`` schema)."""
    says: str
    """What the notice (and doctor) says, the row named."""
    shown: int
    """Sessions every reader still shows."""


CRAFTED = (
    Crafted(
        "far-future time",
        "UPDATE sessions SET started_at = 1e20 WHERE id = 2",
        "history: session 2: started_at is 1e+20; the session is left out",
        1,
    ),
    Crafted(
        "time as words",
        "UPDATE sessions SET started_at = 'yesterday' WHERE id = 2",
        "history: session 2: started_at is 'yesterday'; the session is left out",
        1,
    ),
    Crafted(
        "name not UTF-8",
        "UPDATE sessions SET routine_name = CAST(X'ff62616466' AS TEXT) WHERE id = 2",
        "history: session 2: routine_name is not UTF-8 ('\ufffdbadf'); shown with \ufffd in"
        " place of the bad bytes",
        2,
    ),
    Crafted(
        "NULL seconds",
        "UPDATE sessions SET active_seconds = NULL WHERE id = 2",
        "history: session 2: active_seconds is empty (NULL); counted as 0",
        2,
    ),
    Crafted(
        "NULL set numbers",
        "UPDATE sets SET planned_seconds = NULL, set_number = NULL WHERE session_id = 2",
        "history: session 2, set row 1: set_number is empty (NULL); counted as 0",
        2,
    ),
)
"""Rows with values hiptimer never writes."""


def crafted_history(path: Path, case: Crafted) -> None:
    """Write ``case``'s history to ``path``."""
    conn = new_history(path, nullable=True)
    add_row(conn, 2)
    conn.execute(case.build)
    conn.close()


def history_with_version(path: Path, version: int) -> bytes:
    """A history (with tables) whose ``user_version`` is ``version``; returns its bytes."""
    conn = new_history(path)
    conn.execute(f"PRAGMA user_version = {version:d}")
    conn.close()
    return path.read_bytes()
