"""History files made by hand for the status tests: the schema 2 tables (sets with their
exercise id, level, progression and reset; sessions completed, partial or stopped), filled
with sessions of the built-in routine at a chosen dose."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from hiptimer.core.catalog import EXERCISES

SESSIONS = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    started_at REAL NOT NULL,
    ended_at REAL,
    updated_at REAL NOT NULL,
    routine TEXT NOT NULL,
    routine_name TEXT NOT NULL,
    status TEXT NOT NULL,
    active_seconds REAL NOT NULL DEFAULT 0,
    host TEXT NOT NULL DEFAULT '',
    pid INTEGER NOT NULL DEFAULT 0
)
"""
SETS_V1 = """
CREATE TABLE sets (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    exercise TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    set_number INTEGER NOT NULL,
    side TEXT,
    planned_seconds REAL NOT NULL,
    done_seconds REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, position)
) WITHOUT ROWID
"""
SETS_V2_COLUMNS = (
    "ALTER TABLE sets ADD COLUMN level INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE sets ADD COLUMN progression TEXT",
    "ALTER TABLE sets ADD COLUMN reset INTEGER NOT NULL DEFAULT 0",
)
INDEXES = (
    "CREATE INDEX sessions_by_start ON sessions (started_at)",
    "CREATE INDEX sessions_by_status ON sessions (status, started_at)",
)


@dataclass(frozen=True)
class Row:
    """One set (one side of a per-side set) as the history keeps it."""

    exercise_id: str
    set_number: int
    side: str | None
    planned: float
    done: float
    level: int = 1
    reset: bool = False


@dataclass(frozen=True)
class Made:
    """One session: when it started, how it ended, its sets."""

    started_at: float
    status: str = "completed"
    sets: tuple[Row, ...] = field(default_factory=tuple)


def routine_sets(
    dose: str = "2x30",
    *,
    levels: dict[str, int] | None = None,
    reset: str | None = None,
    short: str | None = None,
    not_started: tuple[str, ...] = (),
) -> tuple[Row, ...]:
    """The built-in routine's sets at ``dose`` (``"3x45"``), every one done in full.

    Args:
        dose: Sets and seconds, as ``"SETSxSECONDS"``.
        levels: Level per exercise id (1 when not given).
        reset: An exercise id whose first set was reset.
        short: An exercise id whose last set was cut 10 s short.
        not_started: Exercise ids never reached (no second done).
    """
    sets, work = (int(n) for n in dose.split("x"))
    rows = []
    for exercise in EXERCISES:
        sides: tuple[str | None, ...] = ("left", "right") if exercise.per_side else (None,)
        for number in range(1, sets + 1):
            for side in sides:
                done = 0.0 if exercise.id in not_started else float(work)
                if exercise.id == short and number == sets:
                    done = work - 10.0
                rows.append(
                    Row(
                        exercise.id,
                        number,
                        side,
                        float(work),
                        done,
                        (levels or {}).get(exercise.id, 1),
                        exercise.id == reset and number == 1,
                    )
                )
    return tuple(rows)


def progression_name(row: Row) -> str | None:
    """The name of a row's progression in the catalog; None for an exercise not in it."""
    exercise = next((e for e in EXERCISES if e.id == row.exercise_id), None)
    progression = exercise.progression(row.level) if exercise else None
    return progression.name if progression else None


def make_history(path: Path, sessions: list[Made], *, schema: int = 2) -> Path:
    """Write a history file with ``sessions`` (schema 1 has no level, progression or reset)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = {e.id: e for e in EXERCISES}
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN")
        for statement in (SESSIONS, SETS_V1, *INDEXES):
            conn.execute(statement)
        if schema >= 2:
            for statement in SETS_V2_COLUMNS:
                conn.execute(statement)
        for session_id, made in enumerate(sessions, start=1):
            conn.execute(
                "INSERT INTO sessions (id, started_at, ended_at, updated_at, routine,"
                " routine_name, status, active_seconds) VALUES (?, ?, ?, ?, 'runners-hips',"
                " 'Runner''s hips', ?, 300)",
                (
                    session_id,
                    made.started_at,
                    made.started_at + 360,
                    made.started_at + 360,
                    made.status,
                ),
            )
            for position, row in enumerate(made.sets):
                base = (
                    session_id,
                    position,
                    catalog[row.exercise_id].name
                    if row.exercise_id in catalog
                    else row.exercise_id,
                    row.exercise_id,
                    row.set_number,
                    row.side,
                    row.planned,
                    row.done,
                )
                if schema >= 2:
                    conn.execute(
                        "INSERT INTO sets (session_id, position, exercise, exercise_id,"
                        " set_number, side, planned_seconds, done_seconds, level, progression,"
                        " reset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*base, row.level, progression_name(row), int(row.reset)),
                    )
                else:
                    conn.execute(
                        "INSERT INTO sets (session_id, position, exercise, exercise_id,"
                        " set_number, side, planned_seconds, done_seconds)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        base,
                    )
        conn.execute(f"PRAGMA user_version = {schema:d}")
        conn.execute("COMMIT")
    finally:
        conn.close()
    return path
