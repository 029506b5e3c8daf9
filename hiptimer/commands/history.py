"""``hiptimer history``: past sessions as a table, JSON or CSV, newest first; ``--import``
merges an export back in."""

from __future__ import annotations

import argparse
import os
import sqlite3
import stat
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from hiptimer.commands.output import warn
from hiptimer.commands.userfiles import UserFiles
from hiptimer.config import paths
from hiptimer.core.settings import Settings
from hiptimer.core.text import csv_cell, escape, json_escape

if TYPE_CHECKING:
    from hiptimer.core.records import Session
    from hiptimer.store.sessions import History


HISTORY_FIELDS = (
    "started_at",
    "ended_at",
    "routine",
    "status",
    "active_seconds",
    "exercise",
    "exercise_id",
    "set",
    "side",
    "level",
    "progression",
    "planned_seconds",
    "done_seconds",
    "reset",
)
"""CSV columns: one row per set (per side), the session's fields repeated on each; the set's
columns are the keys of ``--json``'s sets (``reset`` as 0 or 1)."""
SESSION_FIELDS = 5
"""The first columns, the session's own."""
IMPORT_WAIT = 10.0
"""Seconds an import waits for another program's lock (a running hiptimer holds it for a few
milliseconds a write) before it gives up, having changed nothing."""
SKIPPED_SHOWN = 5
"""Bad records named in the import's summary; the rest are counted."""
TABLE_LIMIT = 20
"""Sessions the table shows unless ``--limit`` says otherwise (``--json`` and ``--csv`` give
every session unless it does)."""


def cmd_history(args: argparse.Namespace, files: UserFiles) -> int:
    """Print past sessions as a table, JSON or CSV, newest first.

    A history that is there but cannot be read is one line naming it (status 1), never
    "No sessions yet"; a row holding values hiptimer never writes is named after the output.
    """
    from hiptimer.store.sessions import open_for_reading

    if args.import_file is not None:
        return cmd_import(args.import_file, files)
    path = paths.history_path()
    history, notices = open_for_reading(path)
    for notice in notices:
        warn(notice)
    if history is None and notices:
        return 1
    try:
        if args.json:
            _write_json(history, args.limit)
        elif args.csv:
            _write_csv(history, args.limit)
        else:
            _write_table(history, files.settings, args.limit or TABLE_LIMIT)
    except sqlite3.Error as error:
        warn(f"history: {path} could not be read: {error}")
        return 1
    finally:
        if history is not None:
            for notice in history.problems.notices():
                warn(notice)
            history.close()
    return 0


def cmd_import(source: str, files: UserFiles) -> int:
    """Merge the sessions of a ``history --json`` export into the history; print a summary.

    The file is read and checked whole before the history is opened: a file that is not an
    export changes nothing. Every record is checked first; a bad one is named and skipped,
    the good ones go in in one transaction, none twice (see
    :func:`hiptimer.store.merge.merge_sessions`).

    Args:
        source: The export's path, or ``-`` for stdin.
        files: The user's files: an imported session is named as its routine is here.

    Returns:
        0 when every record went in (or was there already); 1 when a record was skipped,
        the file is not an export, or the history could not be written (nothing was).
    """
    from hiptimer.store.exchange import BadExport, parse_records, read_export

    name = "stdin" if source == "-" else source
    try:
        records = read_export(_read_source(source))
    except BadExport as error:
        warn(f"history --import: {name} {error}; nothing was imported")
        return 1
    except OSError as error:
        warn(f"history --import: {name} {_unreadable(error)}; nothing was imported")
        return 1
    names = {routine.id: routine.name for routine in files.routines.routines}
    read = parse_records(records, names)
    # Nothing to add: the history is not opened (nor created).
    merged = _merge(read.sessions) if read.sessions else (0, 0)
    if merged is None:
        return 1
    added, already = merged
    notes = [f"{already} already there"] if already else []
    if read.skipped:
        notes.append(f"{len(read.skipped)} skipped: {_listed(read.skipped)}")
    plural = "session" if added == 1 else "sessions"
    summary = f"Imported {added} {plural} from {name}" + (f" ({', '.join(notes)})" if notes else "")
    print(escape(summary))
    return 1 if read.skipped else 0


def _read_source(source: str) -> bytes:
    """The bytes of the export, at most one more than the largest taken (so that a larger
    one is known to be); a regular file too large is refused unread.

    Raises:
        BadExport: The file is too large.
        OSError: It cannot be read.
    """
    from hiptimer.store.exchange import MAX_IMPORT_BYTES, TOO_LARGE, BadExport

    limit = MAX_IMPORT_BYTES + 1
    if source == "-":
        return sys.stdin.buffer.read(limit) if sys.stdin is not None else b""
    with open(source, "rb") as file:
        info = os.fstat(file.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size >= limit:
            raise BadExport(TOO_LARGE)
        return file.read(limit)


def _unreadable(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "was not found"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot be read: {error.strerror or error}"


def _merge(sessions: Sequence[Session]) -> tuple[int, int] | None:
    """Merge into the history; None when it could not be written (said on stderr)."""
    from hiptimer.store.merge import merge_sessions
    from hiptimer.store.schema import is_busy
    from hiptimer.store.sessions import open_history

    path = paths.history_path()
    busy = (
        f"history --import: {path} is busy: another program holds it (a workout being"
        " saved?); nothing was imported, try again in a moment"
    )
    try:
        history, notices = open_history(path, busy_timeout=IMPORT_WAIT, raise_busy=True)
    except sqlite3.OperationalError:
        warn(busy)
        return None
    for notice in notices:
        warn(notice)
    if history is None:
        warn(f"history --import: {path} cannot be written; nothing was imported")
        return None
    try:
        return merge_sessions(history, sessions)
    except sqlite3.Error as error:
        warn(busy if is_busy(error) else f"history --import: {path}: {error}; nothing was imported")
        return None
    finally:
        history.close()


def _listed(skipped: Sequence[str]) -> str:
    shown = "; ".join(skipped[:SKIPPED_SHOWN])
    more = len(skipped) - SKIPPED_SHOWN
    return shown + (f"; and {more} more" if more > 0 else "")


def _write_json(history: History | None, limit: int | None) -> None:
    import json

    out = sys.stdout
    out.write("[")
    first = True
    # The text as stored: JSON is data for programs, and its own escapes (``\u001b``)
    # keep the terminal safe without changing what a program reads back.
    for session in history.all_sessions(limit=limit, escaped=False) if history else ():
        out.write("\n  " if first else ",\n  ")
        out.write(json_escape(json.dumps(session.as_json(), ensure_ascii=False)))
        first = False
    out.write("\n]\n" if not first else "]\n")


def _write_csv(history: History | None, limit: int | None) -> None:
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HISTORY_FIELDS)
    for session in history.all_sessions(limit=limit) if history else ():
        data = session.as_json()
        head = [data[key] for key in HISTORY_FIELDS[:SESSION_FIELDS]]
        if not data["sets"]:
            blank = [""] * (len(HISTORY_FIELDS) - SESSION_FIELDS)
            writer.writerow([csv_cell(cell) for cell in (*head, *blank)])
        for s in data["sets"]:
            tail = [_csv_value(s[key]) for key in HISTORY_FIELDS[SESSION_FIELDS:]]
            writer.writerow([csv_cell(cell) for cell in (*head, *tail)])


def _csv_value(value: object) -> object:
    """A set's value as a CSV cell: None empty, a flag 0 or 1 (spreadsheets sum them)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    return value


def _write_table(history: History | None, settings: Settings, limit: int) -> None:
    from hiptimer.core.wording import duration_text

    goal = settings.weekly_goal
    if history is None or history.count() == 0:
        print(f"No sessions yet. The goal is {goal} a week; start one with: hiptimer")
        return
    stats = history.week_stats(goal)
    print(f"This week: {stats.this_week} of {goal} sessions · {stats.streak_text()}")
    counts = " ".join(str(w.sessions) for w in stats.weeks)
    print(f"Last {len(stats.weeks)} weeks, oldest first: {counts}")
    print()
    rows = [("Started", "Routine", "Status", "Active", "Sets")]
    sessions = history.recent(limit)
    for session in sessions:
        started = datetime.fromtimestamp(session.started_at).strftime("%Y-%m-%d %H:%M")
        rows.append(
            (
                started,
                _clip(session.routine_name, 28),
                session.status,
                duration_text(session.active_seconds),
                f"{session.sets_done}/{session.sets_planned}",
            )
        )
    _print_rows(rows, right=(3, 4))
    total = history.count()
    if total > len(sessions):
        print(f"\n{len(sessions)} newest of {total} sessions; --json or --csv for all of them.")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_rows(rows: Iterable[tuple[str, ...]], right: tuple[int, ...]) -> None:
    table = [tuple(escape(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        print("  ".join(cells).rstrip())
