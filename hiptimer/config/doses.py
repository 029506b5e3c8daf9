"""``[dose.<id>]`` in ``config.toml``: one exercise's own sets and seconds, read and saved."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tomlkit.toml_document import TOMLDocument

from hiptimer.config.tomlfile import Problem, key_where, unknown_key
from hiptimer.core.settings import FIELD, ExerciseDose, Settings, check_range, no_doses

DOSE_KEYS = ("sets", "work")
"""The keys of one ``[dose.<id>]`` table; their limits are the global settings' (FIELDS)."""


def read_doses(value: Any, path: Path) -> tuple[Mapping[str, ExerciseDose], list[Problem]]:
    """Validate the ``dose`` table: exercise id to a table of ``sets`` and ``work``.

    A wrong value is a problem naming its key and the reason, and the global value stands in
    for it; the rest of the table is used.

    Args:
        value: What the file holds under ``dose``.
        path: Named in each problem.
    """
    if not isinstance(value, dict):
        reason = (
            "must hold tables of sets and work per exercise id, such as "
            "[dose.hip-clam] sets = 3, work = 40; using the global sets and work"
        )
        return no_doses(), [Problem(path, reason, key_where("dose"))]
    doses: dict[str, ExerciseDose] = {}
    problems: list[Problem] = []
    for exercise_id, table in value.items():
        if not isinstance(table, dict):
            reason = "must be a table such as sets = 3, work = 40; using the global sets and work"
            problems.append(Problem(path, reason, key_where(f"dose.{exercise_id}")))
            continue
        found: dict[str, int] = {}
        for key, number in table.items():
            where = f"dose.{exercise_id}.{key}"
            field = FIELD.get(key) if key in DOSE_KEYS else None
            if field is None:
                prefix = f"dose.{exercise_id}."
                problems.append(unknown_key(path, key, DOSE_KEYS, prefix, found=len(problems)))
                continue
            why = check_range(number, *field.limits, field.unit)
            if why is None:
                found[key] = number
            else:
                problems.append(Problem(path, f"{why}; using the global {key}", key_where(where)))
        if found:
            doses[exercise_id] = ExerciseDose(found.get("sets"), found.get("work"))
    return MappingProxyType(doses), problems


def changed_doses(since: Settings, settings: Settings) -> dict[str, ExerciseDose | None]:
    """The exercises whose own dose changed from ``since`` to ``settings``, with the new one
    (None: cleared, the exercise is back on the global sets and work)."""
    return {
        exercise_id: settings.doses.get(exercise_id)
        for exercise_id in {**since.doses, **settings.doses}
        if settings.doses.get(exercise_id) != since.doses.get(exercise_id)
    }


def merge_doses(
    document: TOMLDocument, doses: Mapping[str, ExerciseDose | None], plain: Any
) -> None:
    """Write each exercise's dose into ``[dose.<id>]``, keeping every other key and comment.

    Args:
        document: The settings file, as tomlkit parsed it.
        doses: The doses to write; a None part is left as the file has it, and a None dose
            is cleared: its ``sets`` and ``work`` go, and its table too when nothing else
            (a comment, a key hiptimer does not know) is left in it.
        plain: Turns a tomlkit item into its plain value.
    """
    import tomlkit  # only when saving: most runs never write the settings

    outer = document.get("dose")
    if not isinstance(outer, dict):
        if all(dose is None for dose in doses.values()):
            return  # nothing to clear where there is no table of doses
        # Missing, or not a table hiptimer can use: the user took a dose in the app, so that
        # is what the key holds from now on. A super table writes only ``[dose.<id>]``.
        outer = tomlkit.table(is_super_table=True)
        document["dose"] = outer
    for exercise_id, dose in doses.items():
        table = outer.get(exercise_id)
        if dose is None:
            if isinstance(table, dict):
                _clear(outer, exercise_id, table)
            continue
        if not isinstance(table, dict):
            table = tomlkit.table()
            outer[exercise_id] = table
        for key in DOSE_KEYS:
            number = getattr(dose, key)
            if number is not None and plain(table.get(key)) != number:
                table[key] = number
    if _bare(outer):
        del document["dose"]


def _clear(outer: Any, exercise_id: str, table: Any) -> None:
    """Drop an exercise's sets and work, and its table when nothing of the user's is left."""
    try:
        for key in DOSE_KEYS:
            if key in table:
                del table[key]
        if _bare(table):
            del outer[exercise_id]
    except (IndexError, KeyError, ValueError):
        # tomlkit cannot edit some layouts (``dose.<id>.sets = 2`` dotted at the top level).
        raise DoseLayout(exercise_id) from None


class DoseLayout(Exception):
    """The file writes an exercise's dose in a way tomlkit cannot edit; the user can."""

    def __init__(self, exercise_id: str) -> None:
        super().__init__(
            f"could not remove dose.{exercise_id} as the file writes it; "
            f"delete its sets and work by hand, or write it as a [dose.{exercise_id}] table"
        )


def _bare(table: Any) -> bool:
    """Whether a table holds no key and no comment (whitespace only), so it can go."""
    from tomlkit.items import Comment

    if len(table):
        return False
    body = getattr(getattr(table, "value", None), "body", ())
    return not any(isinstance(item, Comment) for _, item in body)
