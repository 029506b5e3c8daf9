"""``hiptimer history``: past sessions as a table, JSON or CSV, newest first."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from hiptimer.commands.output import warn
from hiptimer.commands.userfiles import UserFiles
from hiptimer.config import paths
from hiptimer.core.settings import Settings
from hiptimer.core.text import csv_cell, escape, json_escape

if TYPE_CHECKING:
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
TABLE_LIMIT = 20
"""Sessions the table shows unless ``--limit`` says otherwise (``--json`` and ``--csv`` give
every session unless it does)."""


def cmd_history(args: argparse.Namespace, files: UserFiles) -> int:
    """Print past sessions as a table, JSON or CSV, newest first.

    A history that is there but cannot be read is one line naming it (status 1), never
    "No sessions yet"; a row holding values hiptimer never writes is named after the output.
    """
    from hiptimer.store.sessions import open_for_reading

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
