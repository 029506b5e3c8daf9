"""A history worth exporting, for the ``--import`` tests of every layer: every status, sets
cut short and reset, levels past the first, a custom routine with a name in any script, and
two sessions starting in the same second."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.plan import build_plan
from hiptimer.core.records import PlannedSet
from hiptimer.core.settings import Settings
from hiptimer.store.recorder import planned_sets
from hiptimer.store.sessions import History, open_history

CUSTOM_ID = "hüften-kurz"
"""A custom routine's id: its file's name, not ASCII."""
CUSTOM_NAME = "Hüften · kurz 🏃 ‹ٍدوره›"
CUSTOM_ROUTINE = f"""\
name = "{CUSTOM_NAME}"

[[exercises]]
name = "Brücke"
sets = 2
work = 20
"""
"""The routine file (``{CUSTOM_ID}.toml``) that names the custom routine's sessions."""
BRIDGE_ID = "br-cke"
"""The id the routine file gives its exercise (see :mod:`hiptimer.config.routines`)."""
BRIDGE = tuple(PlannedSet(n, "Brücke", BRIDGE_ID, n + 1, None, 20.0, 1, None) for n in range(2))


def at(day: int, hour: int = 7, extra: float = 0.0) -> float:
    """A time in February 2026, UTC, as Unix time."""
    return datetime(2026, 2, day, hour, tzinfo=UTC).timestamp() + extra


def _session(
    history: History,
    routine: tuple[str, str],
    planned: tuple[PlannedSet, ...] | list[PlannedSet],
    started: float,
    done: list[float],
    status: str,
) -> int:
    session_id = history.start_session(*routine, planned, started)
    for item, seconds in zip(planned, done, strict=False):
        history.record_set(session_id, item.position, seconds, sum(done), started)
    history.finish_session(session_id, status, sum(done) + 12.34, started + 600.7)
    return session_id


def rich_history(path: Path) -> int:
    """Write the history to ``path`` (a new file); return how many sessions it holds."""
    history, notices = open_history(path)
    assert history is not None and notices == ()
    builtin = (BUILTIN_ROUTINE.id, BUILTIN_ROUTINE.name)
    easy = planned_sets(build_plan(BUILTIN_ROUTINE, Settings()))
    harder = planned_sets(
        build_plan(BUILTIN_ROUTINE, Settings(sets=3, work=45, levels={"hip-clam": 2}))
    )
    full = [p.planned_seconds for p in harder]
    # A start with a fraction of a second, as the clock gives it; --json writes the second.
    _session(history, builtin, harder, at(2, extra=0.6), full, "completed")
    _session(history, (CUSTOM_ID, CUSTOM_NAME), BRIDGE, at(2, extra=0.2), [20.0, 20.0], "completed")
    short = [p.planned_seconds for p in easy]
    short[3] = 12.35  # cut short: partial
    partial = _session(history, builtin, easy, at(5), short, "partial")
    _session(history, builtin, easy, at(9), [29.96, 30.0, 7.5], "stopped")
    _session(history, (CUSTOM_ID, CUSTOM_NAME), BRIDGE, at(12), [], "stopped")
    history.close()
    conn = sqlite3.connect(path)
    with conn:  # the reset key's rows, as the app records them (#14 item 4)
        conn.execute(
            "UPDATE sets SET reset = 1 WHERE session_id = ? AND position IN (?, ?)",
            (partial, easy[0].position, easy[3].position),
        )
    conn.close()
    return 5
