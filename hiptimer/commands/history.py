"""``hiptimer history``: past sessions as a table, JSON or CSV, newest first."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from hiptimer.commands.userfiles import UserFiles, warn
from hiptimer.config import paths
from hiptimer.config.regularfile import is_missing
from hiptimer.core.settings import Settings
from hiptimer.core.text import csv_cell, escape

if TYPE_CHECKING:
    from hiptimer.store.sessions import History


HISTORY_FIELDS = (
    "started_at",
    "ended_at",
    "routine",
    "status",
    "active_seconds",
    "exercise",
    "set",
    "side",
    "planned_seconds",
    "done_seconds",
)
"""CSV columns: one row per set (per side), the session's fields repeated on each."""


def cmd_history(args: argparse.Namespace, files: UserFiles) -> int:
    """Print past sessions as a table, JSON or CSV, newest first."""
    from hiptimer.store.sessions import open_history

    path = paths.history_path()
    history: History | None = None
    if not is_missing(path):  # a folder that cannot be searched: opening it says so
        history, notices = open_history(path)
        for notice in notices:
            warn(notice)
    try:
        if args.json:
            _write_json(history)
        elif args.csv:
            _write_csv(history)
        else:
            _write_table(history, files.settings, max(args.limit, 0))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (``| head``); point stdout at nothing so the
        # interpreter's own flush at exit does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        if history is not None:
            history.close()
    return 0


def _write_json(history: History | None) -> None:
    import json

    out = sys.stdout
    out.write("[")
    first = True
    for session in history.all_sessions() if history else ():
        out.write("\n  " if first else ",\n  ")
        out.write(json.dumps(session.as_json(), ensure_ascii=False))
        first = False
    out.write("\n]\n" if not first else "]\n")


def _write_csv(history: History | None) -> None:
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HISTORY_FIELDS)
    for session in history.all_sessions() if history else ():
        data = session.as_json()
        head = [data[key] for key in HISTORY_FIELDS[:5]]
        if not data["sets"]:
            writer.writerow([csv_cell(cell) for cell in (*head, "", "", "", "", "")])
        for s in data["sets"]:
            cells = (
                *head,
                s["exercise"],
                s["set"],
                s["side"] or "",
                s["planned_seconds"],
                s["done_seconds"],
            )
            writer.writerow([csv_cell(cell) for cell in cells])


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
