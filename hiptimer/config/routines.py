"""Custom routines: one TOML file each in the routines folder, validated, never raised on.

The format (the README has a complete example)::

    name = "Hips, short"                 # required
    description = "Before an easy run"   # optional

    [[exercises]]                        # one table per exercise, at least one
    name = "Glute bridge"                # required
    sets = 2                             # optional, 1-10 (else the settings' value)
    work = 30                            # optional, seconds per set (per side)
    rest = 15                            # optional, seconds between this exercise's sets
    per_side = false                     # optional, true: left, switch, right
    cues = ["Hips level", "Squeeze"]     # optional form reminders, shown in turn
    level = 1                            # optional progression level
    progressions = [{ name = "Basic", description = "On your back" }]  # optional
    figure = "hip-clam"                  # optional built-in figure (FIGURE_NAMES)

Text from these files is the user's: it stays plain strings and is never parsed as markup.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NamedTuple

from hiptimer.config.tomlfile import (
    Problem,
    check_bool,
    check_text,
    key_where,
    limit_problems,
    name_hint,
    read_toml_data,
    shown,
    unknown_key,
)
from hiptimer.core.catalog import (
    BUILTIN_ROUTINES,
    FIGURE_NAMES,
    Exercise,
    Progression,
    Routine,
    RoutineItem,
)
from hiptimer.core.settings import LEVEL_RANGE, SECONDS_RANGE, SETS_RANGE, check_range
from hiptimer.core.text import why_bad_text

ROUTINE_KEYS = ("name", "description", "exercises")
EXERCISE_KEYS = (
    "name",
    "id",
    "sets",
    "work",
    "rest",
    "per_side",
    "cues",
    "level",
    "progressions",
    "targets",
    "why",
    "figure",
)
PROGRESSION_KEYS = ("name", "description")
MAX_EXERCISES = 30
"""Exercises beyond this many are left out (a routine is meant to take minutes)."""
MAX_CUES = 20
NAME_MAX = 80
"""Longest routine, exercise or progression name."""
TEXT_MAX = 400
"""Longest description, cue or other line of text."""
MAX_FILES = 50
"""Routine files beyond this many (in name order) are not read: each start reads them all."""
MAX_FILE_BYTES = 256 * 1024
"""Larger routine files are refused unread; a long routine is a few kilobytes."""
MAX_PIECES = 1000
"""Most lines, and most keys, list items, brackets and escapes, in a routine file: a file
of 30 exercises with 10 cues each needs about 700. Parsing costs about 2 µs a piece, so
this keeps a start with :data:`MAX_FILES` files at the limits under a second."""
EXERCISE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""An exercise id: lower-case letters and digits in words joined by hyphens, ``hip-clam``.
It is a key in ``config.toml``'s ``[levels]`` and part of the settings screen's widget names."""


class RoutineFile(NamedTuple):
    """One routine file: the routine (None when it cannot be run) and what was wrong."""

    path: Path
    routine: Routine | None
    problems: tuple[Problem, ...]


class RoutinesLoad(NamedTuple):
    """Every routine the user can pick, built-in ones first, and the problems found."""

    routines: tuple[Routine, ...]
    problems: tuple[Problem, ...]
    files: tuple[RoutineFile, ...]
    """Each custom routine file with its own result (for ``hiptimer doctor``)."""


def load_routines(folder: Path) -> RoutinesLoad:
    """Load the built-in routines and every ``*.toml`` file in ``folder``. Never raises.

    A file that cannot be run is left out with its problems; the others still load.
    A missing folder simply means no custom routines.

    Args:
        folder: The routines folder (see :func:`hiptimer.config.paths.routines_dir`).
    """
    routines = list(BUILTIN_ROUTINES)
    files: list[RoutineFile] = []
    paths, listed = routine_paths(folder)
    problems = list(listed)
    for path in paths:
        loaded = load_routine_file(path)
        files.append(loaded)
        problems.extend(loaded.problems)
        if loaded.routine is not None:
            routines.append(loaded.routine)
    return RoutinesLoad(tuple(routines), tuple(problems), tuple(files))


def routine_paths(folder: Path) -> tuple[list[Path], list[Problem]]:
    """Return the routine files to read, and a problem for each one skipped or when the
    folder could not be read. Never raises; a missing folder gives nothing.

    The files are the first :data:`MAX_FILES` ``*.toml`` names in ``folder`` in name order.
    A folder or a link to nothing with such a name is skipped and named, except an editor's
    lock link (``.#name.toml``), which comes and goes while a file is edited.
    """
    problems: list[Problem] = []
    try:
        with os.scandir(folder) as entries:
            found = [(e.name, _skip_reason(e)) for e in entries if e.name.endswith(".toml")]
    except (FileNotFoundError, NotADirectoryError):
        return [], []
    except OSError as error:
        return [], [Problem(folder, f"could not be read: {error.strerror or error}")]
    names = sorted(name for name, why in found if why is None)
    for name, why in sorted((n, w) for n, w in found if w and not n.startswith(".#")):
        problems.append(Problem(folder / name, f"{why}; skipped"))
    if len(names) > MAX_FILES:
        skipped = len(names) - MAX_FILES
        problems.append(
            Problem(
                folder,
                f"holds {len(names)} routine files; read the first {MAX_FILES} by name "
                f"and skipped {skipped} (from {names[MAX_FILES]!r})",
            )
        )
        names = names[:MAX_FILES]
    return [folder / name for name in names], problems


def _skip_reason(entry: os.DirEntry[str]) -> str | None:
    # A FIFO or a device is kept, so that reading it refuses it with a problem the user sees.
    try:
        if stat.S_ISDIR(entry.stat().st_mode):
            return "a folder, not a routine file"
    except FileNotFoundError:
        return "a link to a file that does not exist"
    except OSError:
        return None
    return None


def find_routine(routines: Sequence[Routine], routine_id: str | None) -> Routine | None:
    """Return the routine with this id (the first, built-in, one for None), or None."""
    if routine_id is None:
        return routines[0] if routines else None
    return next((r for r in routines if r.id == routine_id), None)


def load_routine_file(path: Path) -> RoutineFile:
    """Read and validate one routine file. Never raises.

    Wrong optional values fall back (to the settings' values) with a problem each; a file
    that does not parse, has no usable exercise, or whose name cannot be the routine's id
    (it is printed by ``hiptimer routines`` and stored in the history) gives no routine.
    """
    why = why_bad_text(path.stem, NAME_MAX)
    if why is not None:
        reason = f"the file name {why}; rename the file; routine not loaded"
        return RoutineFile(path, None, (Problem(path, reason),))
    if path.stem in {r.id for r in BUILTIN_ROUTINES}:
        reason = f"has the id of a built-in routine ({path.stem!r}); rename the file"
        return RoutineFile(path, None, (Problem(path, reason + "; routine not loaded"),))
    data, problem = read_toml_data(path, MAX_FILE_BYTES, MAX_PIECES)
    if data is None:
        assert problem is not None
        return RoutineFile(
            path, None, (Problem(path, f"{problem.reason}; routine not loaded", problem.where),)
        )
    problems: list[Problem] = []
    routine = _routine(path, data, problems)
    return RoutineFile(path, routine, tuple(limit_problems(problems)))


def _routine(path: Path, data: dict[str, Any], problems: list[Problem]) -> Routine | None:
    for key in data:
        if key not in ROUTINE_KEYS:
            problems.append(unknown_key(path, key, ROUTINE_KEYS, found=len(problems)))
    name = path.stem
    if "name" not in data:
        problems.append(Problem(path, f"missing; using the file name {name!r}", key_where("name")))
    else:
        why = check_text(data["name"], NAME_MAX)
        if why is None:
            name = data["name"].strip()
        else:
            problems.append(Problem(path, f"{why}; using {name!r}", key_where("name")))
    description = _text(path, data, "description", TEXT_MAX, problems, "") or ""
    raw = data.get("exercises")
    how = "add at least one [[exercises]] table with a name"
    if raw is None:
        problems.append(Problem(path, f"has no exercises: {how}; routine not loaded"))
        return None
    if not isinstance(raw, list) or not raw:
        problems.append(
            Problem(
                path,
                f"must be a non-empty list of tables: {how}; routine not loaded",
                key_where("exercises"),
            )
        )
        return None
    if len(raw) > MAX_EXERCISES:
        problems.append(
            Problem(
                path,
                f"{len(raw)} exercises; only the first {MAX_EXERCISES} are used",
                key_where("exercises"),
            )
        )
    items: list[RoutineItem] = []
    seen: set[str] = set()
    for number, entry in enumerate(raw[:MAX_EXERCISES], start=1):
        item = _item(path, number, entry, problems, seen)
        if item is not None:
            items.append(item)
    if not items:
        problems.append(Problem(path, f"has no usable exercise: {how}; routine not loaded"))
        return None
    return Routine(
        id=path.stem,
        name=name,
        items=tuple(items),
        description=description,
        builtin=False,
        source=str(path),
    )


def _item(
    path: Path, number: int, entry: Any, problems: list[Problem], seen: set[str]
) -> RoutineItem | None:
    prefix = f"exercises[{number}]"
    if not isinstance(entry, dict):
        problems.append(Problem(path, "must be a table; left out", key_where(prefix)))
        return None
    for key in entry:
        if key not in EXERCISE_KEYS:
            problems.append(
                unknown_key(path, key, EXERCISE_KEYS, prefix + ".", found=len(problems))
            )
    if "name" not in entry:
        problems.append(Problem(path, "has no name; left out", key_where(prefix)))
        return None
    why = check_text(entry["name"], NAME_MAX)
    if why is not None:
        problems.append(Problem(path, f"{why}; exercise left out", key_where(prefix + ".name")))
        return None
    name: str = entry["name"].strip()
    exercise_id = _exercise_id(path, entry, prefix, problems) or _slug(name, number)
    base, n = exercise_id, 2
    while exercise_id in seen:
        exercise_id, n = f"{base}-{n}", n + 1
    seen.add(exercise_id)

    def number_of(key: str, limits: tuple[int, int], unit: str) -> int | None:
        if key not in entry:
            return None
        why = check_range(entry[key], *limits, unit)
        if why is None:
            value: int = entry[key]
            return value
        problems.append(Problem(path, f"{why}; using the settings", key_where(f"{prefix}.{key}")))
        return None

    sets = number_of("sets", SETS_RANGE, "sets")
    work = number_of("work", SECONDS_RANGE, "seconds")
    rest = number_of("rest", SECONDS_RANGE, "seconds")
    level = number_of("level", LEVEL_RANGE, "levels")
    per_side = False
    if "per_side" in entry:
        why = check_bool(entry["per_side"])
        if why is None:
            per_side = entry["per_side"]
        else:
            problems.append(Problem(path, f"{why}; using false", key_where(f"{prefix}.per_side")))
    progressions = _progressions(path, entry.get("progressions"), prefix, problems)
    figure = _figure(path, entry, prefix, problems)
    if figure is not None:
        # Each progression draws it; an exercise without any draws its own (figure_for).
        progressions = tuple(replace(p, figure=figure) for p in progressions)
    exercise = Exercise(
        id=exercise_id,
        name=name,
        per_side=per_side,
        targets=_text(path, entry, "targets", TEXT_MAX, problems, "", prefix) or "",
        why=_text(path, entry, "why", TEXT_MAX, problems, "", prefix) or "",
        cues=_cues(path, entry.get("cues"), prefix, problems),
        progressions=progressions,
        figure=figure,
    )
    return RoutineItem(exercise, sets=sets, work=work, rest=rest, level=level)


def _text(
    path: Path,
    data: dict[str, Any],
    key: str,
    limit: int,
    problems: list[Problem],
    fallback: str | None,
    prefix: str = "",
) -> str | None:
    if key not in data:
        return fallback
    why = check_text(data[key], limit, empty_ok=True)
    if why is None:
        value: str = data[key].strip()
        return value
    full = f"{prefix}.{key}" if prefix else key
    problems.append(Problem(path, f"{why}; left out", key_where(full)))
    return fallback


def _figure(path: Path, entry: dict[str, Any], prefix: str, problems: list[Problem]) -> str | None:
    """The built-in figure an exercise names, or None (none named, or not one we have)."""
    if "figure" not in entry:
        return None
    value = entry["figure"]
    why = check_text(value, NAME_MAX)
    if why is None:
        name = value.strip().lower()
        figure = FIGURE_NAMES.get(name)
        if figure is not None:
            return figure
        why = f"is not a built-in figure ({shown(value)}); {name_hint(name, FIGURE_NAMES)}"
    problems.append(Problem(path, f"{why}; no figure drawn", key_where(f"{prefix}.figure")))
    return None


def _exercise_id(path: Path, entry: dict[str, Any], prefix: str, problems: list[Problem]) -> str:
    if "id" not in entry:
        return ""
    value = entry["id"]
    why = check_text(value, NAME_MAX)
    if why is None and not EXERCISE_ID.fullmatch(value):
        why = "must be lower-case letters and digits joined by hyphens, such as 'single-leg-bridge'"
    if why is None:
        exercise_id: str = value
        return exercise_id
    problems.append(
        Problem(path, f"{why}; using one made from the name", key_where(f"{prefix}.id"))
    )
    return ""


def _cues(path: Path, raw: Any, prefix: str, problems: list[Problem]) -> tuple[str, ...]:
    if raw is None:
        return ()
    where = key_where(f"{prefix}.cues")
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        problems.append(
            Problem(path, 'must be a list of text, such as ["Hips level"]; left out', where)
        )
        return ()
    cues: list[str] = []
    for index, cue in enumerate(raw[:MAX_CUES], start=1):
        why = check_text(cue, TEXT_MAX)
        if why is None:
            cues.append(cue.strip())
        else:
            problems.append(Problem(path, f"{why}; left out", key_where(f"{prefix}.cues[{index}]")))
    if len(raw) > MAX_CUES:
        problems.append(Problem(path, f"only the first {MAX_CUES} are used", where))
    return tuple(cues)


def _progressions(
    path: Path, raw: Any, prefix: str, problems: list[Problem]
) -> tuple[Progression, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        reason = 'must be a list of tables, such as [{ name = "Basic", description = "..." }]'
        problems.append(Problem(path, reason, key_where(f"{prefix}.progressions")))
        return ()
    steps: list[Progression] = []
    for index, step in enumerate(raw[:MAX_CUES], start=1):
        where = f"{prefix}.progressions[{index}]"
        if isinstance(step, str):
            step = {"name": step}
        if not isinstance(step, dict):
            problems.append(
                Problem(path, "must be a table with a name; left out", key_where(where))
            )
            continue
        for key in step:
            if key not in PROGRESSION_KEYS:
                problems.append(
                    unknown_key(path, key, PROGRESSION_KEYS, where + ".", found=len(problems))
                )
        why = check_text(step.get("name"), NAME_MAX)
        if why is not None:
            problems.append(Problem(path, f"{why}; left out", key_where(where + ".name")))
            continue
        description = _text(path, step, "description", TEXT_MAX, problems, "", where) or ""
        steps.append(Progression(step["name"].strip(), description))
    return tuple(steps)


def _slug(name: str, number: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or f"exercise-{number}"


def describe(routine: Routine) -> str:
    """Return the exercise names of a routine, comma separated, as plain text."""
    return ", ".join(item.exercise.name for item in routine.items)
