"""The settings file: ``config.toml`` loaded into a :class:`Settings` value and saved back."""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from tomlkit.toml_document import TOMLDocument

    from hiptimer.core.catalog import Exercise

from hiptimer.config.doses import DoseLayout, changed_doses, merge_doses, read_doses
from hiptimer.config.regularfile import Refused, folder_lock, is_missing, write_atomic
from hiptimer.config.tomlfile import (
    Problem,
    check_text,
    key_where,
    limit_problems,
    nearest,
    read_toml,
    read_toml_values,
    shown,
    unknown_key,
)
from hiptimer.core.settings import (
    FIELD,
    FIELDS,
    LEVEL_RANGE,
    THEME_MAX,
    Settings,
    check_range,
    no_levels,
)

FILE_KEYS = (*(f.name for f in FIELDS), "levels", "dose")
"""Every key of ``config.toml``; ``levels`` is a table of exercise id to level, ``dose`` a
table of exercise id to its own sets and work."""


def toml_value(value: int | bool | str) -> str:
    """Write a setting's value as TOML: ``30``, ``true``, ``"textual-dark"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def _header() -> str:
    lines = [
        "# hiptimer settings: edit by hand or in the app; your comments and extra keys are kept.",
        "# The article's dose is 2-3 sets of 30-45 seconds, two or three times a week.",
        "# Every key, with its default:",
    ]
    for f in FIELDS:
        limits = f" ({f.limits[0]}-{f.limits[1]})" if f.kind is int else ""
        lines.append(f"#   {f.name} = {toml_value(f.default)}".ljust(30) + f.help + limits)
    lines.append(
        "#   [levels]".ljust(30) + f"progression per exercise id, 1 = easiest "
        f"({LEVEL_RANGE[0]}-{LEVEL_RANGE[1]}), for example"
    )
    lines.append("#   glute-bridge = 2")
    lines.append(
        "#   [dose.<id>]".ljust(30) + "sets and work of one exercise, over the global ones "
        "(same limits), for example"
    )
    lines.append("#   [dose.hip-clam]")
    lines.append("#   sets = 3")
    lines.append("#   work = 40")
    return "\n".join(lines) + "\n"


HEADER = _header()
"""Written at the top of a settings file that hiptimer creates; made from the fields."""


class SettingsLoad(NamedTuple):
    """What loading the settings gave: values to use, and what was wrong in the file."""

    settings: Settings
    """Defaults stand in for every value that was missing or wrong."""
    problems: tuple[Problem, ...]


class SaveError(Exception):
    """The settings were not saved; the message says why, and the file is untouched."""


def load_settings(path: Path) -> SettingsLoad:
    """Load ``config.toml``. Never raises.

    A missing file gives the defaults and no problem. A file that cannot be read or parsed
    gives the defaults and one problem; each wrong value falls back to its default with a
    problem naming the key and the reason; unknown keys are reported with the nearest
    known one and otherwise ignored.

    Args:
        path: The settings file (see :func:`hiptimer.config.paths.settings_path`).
    """
    if is_missing(path):
        return SettingsLoad(Settings(), ())
    data, problem = read_toml_values(path)
    if data is None:
        assert problem is not None
        return SettingsLoad(Settings(), (problem,))
    settings, problems = settings_from_mapping(data, path)
    return SettingsLoad(settings, tuple(limit_problems(problems)))


def settings_from_mapping(data: Mapping[str, Any], path: Path) -> tuple[Settings, list[Problem]]:
    """Validate parsed TOML into settings.

    Args:
        data: The parsed file, as plain Python values.
        path: Named in each problem.

    Returns:
        The settings (defaults for what was wrong) and the problems found.
    """
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    defaults = Settings()

    def bad(key: str, reason: str) -> None:
        default = getattr(defaults, key)
        shown_default = str(default).lower() if isinstance(default, bool) else repr(default)
        problems.append(Problem(path, f"{reason}; using {shown_default}", key_where(key)))

    for key, value in data.items():
        field = FIELD.get(key)
        if key == "levels":
            levels, found = _levels(value, path)
            values["levels"] = levels
            problems.extend(found)
            continue
        if key == "dose":
            doses, dose_problems = read_doses(value, path)
            values["doses"] = doses
            problems.extend(dose_problems)
            continue
        if field is None:
            problems.append(unknown_key(path, key, FILE_KEYS, found=len(problems)))
            continue
        # Text also gets the file check for control characters and the like.
        why = check_text(value, THEME_MAX) if field.kind is str else field.check(value)
        if why is None:
            values[key] = value
        else:
            bad(key, why)
    return replace(defaults, **values), problems


def theme_problem(settings: Settings, path: Path, themes: Collection[str]) -> Problem | None:
    """Return the problem of a theme that is not one of ``themes``, or None.

    The settings file checks only that the theme is one line of text; the names come from
    Textual, which the caller (the app, the doctor) has loaded and this module must not.

    Args:
        settings: The settings loaded from ``path``.
        path: The settings file, named in the problem.
        themes: Every theme name there is.
    """
    if settings.theme in themes:
        return None
    default = Settings().theme
    reason = (
        f"unknown theme {shown(settings.theme)}; using {default!r}. "
        f"Themes: {', '.join(sorted(themes))}"
    )
    return Problem(path, reason, key_where("theme"))


def _levels(value: Any, path: Path) -> tuple[Mapping[str, int], list[Problem]]:
    if not isinstance(value, dict):
        reason = "must be a table of exercise id = level, such as [levels] glute-bridge = 2"
        return no_levels(), [Problem(path, reason + "; using level 1", key_where("levels"))]
    levels: dict[str, int] = {}
    problems: list[Problem] = []
    for exercise_id, level in value.items():
        why = check_range(level, *LEVEL_RANGE, "levels")
        if why is None:
            levels[exercise_id] = level
        else:
            where = key_where(f"levels.{exercise_id}")
            problems.append(Problem(path, why + "; using 1", where))
    return MappingProxyType(levels), problems


def level_problems(
    settings: Settings, path: Path, exercises: Collection[Exercise]
) -> list[Problem]:
    """Name each ``[levels]`` entry that cannot work as written: an exercise no routine has
    (a typo such as ``glute-brige``), or a level past an exercise's last progression; and
    each ``[dose.<id>]`` table for an exercise no routine has.

    Args:
        settings: The loaded settings.
        path: The settings file, for the messages.
        exercises: Every exercise the user can run (built-in and from routine files).
    """
    by_id = {e.id: e for e in exercises}
    problems: list[Problem] = []
    for exercise_id, level in settings.levels.items():
        where = key_where(f"levels.{exercise_id}")
        exercise = by_id.get(exercise_id)
        if exercise is None:
            problems.append(_no_exercise(path, exercise_id, where, by_id))
        elif exercise.progressions and level > len(exercise.progressions):
            last = exercise.progressions[-1].name
            reason = (
                f"{exercise.name} has {len(exercise.progressions)} progressions; "
                f"using level {len(exercise.progressions)} ({last})"
            )
            problems.append(Problem(path, reason, where))
    for exercise_id in settings.doses:
        if exercise_id not in by_id:
            where = key_where(f"dose.{exercise_id}")
            problems.append(_no_exercise(path, exercise_id, where, by_id))
    return problems


def _no_exercise(path: Path, exercise_id: str, where: str, ids: Collection[str]) -> Problem:
    guess = nearest(exercise_id, list(ids))
    hint = f"did you mean {guess!r}?" if guess else f"exercises: {', '.join(ids)}"
    return Problem(path, f"no exercise has this id, ignored; {hint}", where, ignored=True)


def _file_value(settings: Settings, key: str) -> Any:
    value = getattr(settings, key)
    return dict(value) if key == "levels" else value


def changed_keys(since: Settings, settings: Settings) -> dict[str, Any]:
    """Return what was changed between two settings, as the file writes it.

    Args:
        since: The settings as they were when editing began.
        settings: The settings as edited.

    Returns:
        Each changed key and its new value; ``levels`` holds only the exercises whose level
        changed, ``dose`` only those whose own dose changed (None: cleared).
    """
    changes: dict[str, Any] = {}
    for field in FIELDS:
        value = getattr(settings, field.name)
        if value != getattr(since, field.name):
            changes[field.name] = value
    levels = {
        exercise_id: settings.level_for(exercise_id)
        for exercise_id in {**since.levels, **settings.levels}
        if settings.level_for(exercise_id) != since.level_for(exercise_id)
    }
    if levels:
        changes["levels"] = levels
    doses = changed_doses(since, settings)
    if doses:
        changes["dose"] = doses
    return changes


def save_settings(path: Path, settings: Settings, *, since: Settings) -> None:
    """Save the settings the user changed (``since`` to ``settings``) to ``config.toml``.

    The file is read again at save time and only the changed keys are edited in it (as a
    tomlkit document): comments, layout, keys hiptimer does not know and values it could
    not use all stay as written, and so does a value another hiptimer saved meanwhile.
    A new file gets a commented header and the changed values that differ from the
    defaults. Nothing changed, nothing is written.

    Args:
        path: The settings file.
        settings: The settings as edited (never the one-run command-line overrides).
        since: The settings editing began from.

    Raises:
        SaveError: The existing file could not be read or parsed, is not a regular file, is
            read-only or belongs to another user (it is left exactly as it was, so nothing
            the user wrote is lost), or the folder is not writable.
    """
    changes = changed_keys(since, settings)
    if changes:
        _save(path, changes)
    elif not is_missing(path):
        # Nothing to write, but a file that could not be saved to is still said so.
        problem = read_toml(path).problem
        if problem is not None:
            raise SaveError(_unreadable(problem))


def save_mute(path: Path, muted: bool) -> str | None:
    """Persist the mute key alone (the app's ``m``). Never raises.

    Returns:
        None when saved, otherwise a message for a notice saying why not.
    """
    try:
        _save(path, {"mute": muted})
    except SaveError as error:
        return str(error)
    return None


def _save(path: Path, changes: Mapping[str, Any]) -> None:
    try:
        folder = Path(os.path.realpath(path)).parent
        folder.mkdir(parents=True, exist_ok=True)
        # Read, change and write under one lock: two hiptimers saving at once keep both.
        with folder_lock(folder):
            _edit(path, changes)
    except Refused as refused:
        raise SaveError(f"settings not saved: {refused}. The file was left as it is.") from None
    except DoseLayout as layout:
        raise SaveError(f"settings not saved: {layout}. The file was left as it is.") from None
    except OSError as error:
        raise SaveError(f"settings not saved to {path}: {error.strerror or error}") from None


def _unreadable(problem: Problem) -> str:
    return (
        f"settings not saved: {problem}. The file was left as it is; fix it or move it away, "
        "then save again."
    )


def _edit(path: Path, changes: Mapping[str, Any]) -> None:
    import tomlkit  # only when saving: most runs never write the settings

    defaults = Settings()
    document: TOMLDocument | None = None
    if is_missing(path):
        document = tomlkit.parse(HEADER)
    else:
        document, problem = read_toml(path)
        if document is None:
            assert problem is not None
            raise SaveError(_unreadable(problem))
    for key, value in changes.items():
        if key == "levels":
            _merge_levels(document, value)
            continue
        if key == "dose":
            merge_doses(document, value, _plain)
            continue
        current = document.get(key)
        if key in document:
            if _plain(current) != value or type(_plain(current)) is not type(value):
                document[key] = value
        elif value != _file_value(defaults, key):
            document[key] = value
    text = tomlkit.dumps(document)
    if None in changes.get("dose", {}).values():
        # The blank line that led into a removed table is kept by the one before it: at the
        # end of the file it would be left dangling.
        text = text.rstrip("\n") + "\n"
    write_atomic(path, text)


def _merge_levels(document: TOMLDocument, levels: Mapping[str, int]) -> None:
    table = document.get("levels")
    if not isinstance(table, dict):
        # Missing, or not a table hiptimer can use (``[[levels]]``): the user set a level
        # in the app, so that is what the key holds from now on.
        import tomlkit

        table = tomlkit.table()
        document["levels"] = table
    for exercise_id, level in levels.items():
        if _plain(table.get(exercise_id)) != level:
            table[exercise_id] = level


def _plain(value: Any) -> Any:
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value
