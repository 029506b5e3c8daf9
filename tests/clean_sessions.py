"""Clean sessions written through the store, as the recorder writes them: the offers to move
up are earned from these in the app and end-to-end tests."""

from __future__ import annotations

from pathlib import Path

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.store.recorder import planned_sets
from hiptimer.store.sessions import History, open_history

DAY = 86400.0


def record_clean(history: History, settings: Settings, started_at: float) -> None:
    """Record one completed session of the built-in routine at ``settings``' dose, every set
    done for its full time: start, each set, finish, as the recorder does."""
    planned = planned_sets(build_plan(BUILTIN_ROUTINE, settings))
    session_id = history.start_session("runners-hips", "Runner's hips", planned, started_at)
    active = 0.0
    for item in planned:
        active += item.planned_seconds
        history.record_set(session_id, item.position, item.planned_seconds, active, started_at)
    history.finish_session(session_id, "completed", active, started_at + active + 60)


def clean_history(path: Path, settings: Settings, sessions: int, newest: float) -> Path:
    """A history file with ``sessions`` clean sessions at ``settings``' dose, a day apart,
    the newest at ``newest`` (Unix time)."""
    history, notices = open_history(path)
    assert history is not None and notices == (), notices
    try:
        for age in reversed(range(sessions)):
            record_clean(history, settings, newest - age * DAY)
    finally:
        history.close()
    return path
