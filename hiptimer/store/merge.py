"""Sessions from an export merged into the history: in one transaction, none twice."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence
from typing import NamedTuple

from hiptimer.core.records import Session
from hiptimer.store.exchange import SessionKey, session_key
from hiptimer.store.rows import stored_time
from hiptimer.store.sessions import History


class Merged(NamedTuple):
    """What a merge did."""

    added: int
    already: int
    """Sessions the history held already (or that the export held twice)."""


def merge_sessions(history: History, sessions: Sequence[Session]) -> Merged:
    """Add the sessions the history does not hold yet, all in one transaction.

    A session is the one the history holds when its start, to the second as ``--json``
    writes it, and its routine id are the same (see
    :func:`hiptimer.store.exchange.session_key`); the first of two such in ``sessions`` is
    added. New sessions go in oldest first, as they would have been recorded, so that two
    starting in the same second come back out of ``--json`` in the export's order. An
    imported session belongs to no process (host ``''``, pid 0): nothing closes it.

    Raises:
        sqlite3.Error: The history could not be written (its lock held past the busy
            timeout included); nothing was added.
    """
    conn = history.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        known = _keys(conn)  # inside the transaction: no other writer comes in between
        added = already = 0
        # Oldest first; the export is newest first, so a tie keeps its order reversed.
        for session in sorted(reversed(sessions), key=lambda s: s.started_at):
            key = session_key(session.started_at, session.routine)
            if key in known:
                already += 1
                continue
            known.add(key)
            _insert(conn, session)
            added += 1
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return Merged(added, already)


def _keys(conn: sqlite3.Connection) -> set[SessionKey]:
    keys: set[SessionKey] = set()
    for started, routine in conn.execute("SELECT started_at, routine FROM sessions"):
        at = stored_time(started)  # a row made by hand may hold anything
        if at is not None and isinstance(routine, str):
            keys.add(session_key(at, routine))
    return keys


def _insert(conn: sqlite3.Connection, session: Session) -> None:
    cursor = conn.execute(
        "INSERT INTO sessions (started_at, ended_at, updated_at, routine, routine_name, status,"
        " active_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            session.started_at,
            session.ended_at,
            session.ended_at if session.ended_at is not None else session.started_at,
            session.routine,
            session.routine_name,
            session.status,
            session.active_seconds,
        ),
    )
    conn.executemany(
        "INSERT INTO sets (session_id, position, exercise, exercise_id, set_number, side,"
        " planned_seconds, done_seconds, level, progression, reset)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                cursor.lastrowid,
                position,
                s.exercise,
                s.exercise_id,
                s.set,
                s.side,
                s.planned_seconds,
                s.done_seconds,
                s.level,
                s.progression,
                int(s.reset),
            )
            for position, s in enumerate(session.sets)
        ],
    )
