"""The user's files as every command loads them, and how commands pick a routine."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from hiptimer.config import paths
from hiptimer.config.routines import RoutinesLoad, load_routines
from hiptimer.config.settings import level_problems, load_settings
from hiptimer.core.catalog import Routine
from hiptimer.core.settings import Settings


class UserFiles(NamedTuple):
    """The user's settings and routines, loaded, with a notice for each problem found."""

    settings_file: Path
    settings: Settings
    routines: RoutinesLoad
    notices: tuple[str, ...]
    """One line per problem, naming the file and the line or key; never fatal."""


def load_user_files(config: str | None = None) -> UserFiles:
    """Load settings and routines the way every command does. Never raises.

    Args:
        config: The ``--config`` value (``HIPTIMER_CONFIG`` and the default path otherwise).
    """
    settings_file = paths.settings_path(config)
    settings, problems = load_settings(settings_file)
    routines = load_routines(paths.routines_dir(settings_file))
    exercises = [item.exercise for r in routines.routines for item in r.items]
    levels = level_problems(settings, settings_file, exercises)
    notices = tuple(str(p) for p in (*problems, *levels, *routines.problems))
    return UserFiles(settings_file, settings, routines, notices)


def all_routines(folder: Path | None = None) -> tuple[Routine, ...]:
    """Return every routine the user can pick: built-in ones, then valid routine files."""
    return load_routines(folder or paths.routines_dir()).routines


def find_routine(
    routine_id: str | None, routines: Sequence[Routine] | None = None
) -> Routine | None:
    """Return the routine with this id (the built-in one for None), or None if unknown."""
    routines = routines if routines is not None else all_routines()
    if routine_id is None:
        return routines[0]
    return next((r for r in routines if r.id == routine_id), None)


class Picked(NamedTuple):
    """The routine to run, and what to tell the user about the choice."""

    routine: Routine | None
    """None when the id is unknown."""
    notice: str | None = None
    """Why another routine runs than the one asked for."""


def pick_routine(files: UserFiles, routine_id: str | None) -> Picked:
    """Return the routine to run; a routine file that could not be loaded gives the built-in
    one with a notice (a bad file never costs a workout); no routine when the id is unknown.
    The caller shows the notice where the user will see it (stderr, or the app)."""
    routines = files.routines.routines
    routine = find_routine(routine_id, routines)
    if routine is None and any(f.path.stem == routine_id for f in files.routines.files):
        notice = (
            f"routine {routine_id!r} could not be loaded (see above); "
            f"running {routines[0].id!r} instead"
        )
        return Picked(routines[0], notice)
    return Picked(routine)
