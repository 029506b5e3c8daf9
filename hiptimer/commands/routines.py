"""``hiptimer routines``: every routine with its exercises and total time."""

from __future__ import annotations

from hiptimer.commands.userfiles import UserFiles
from hiptimer.core.plan import build_plan
from hiptimer.core.text import escape


def cmd_routines(files: UserFiles) -> int:
    """Print every routine: id, name, exercises and total time."""
    from hiptimer.core.wording import duration_text

    for routine in files.routines.routines:
        plan = build_plan(routine, files.settings)
        names = ", ".join(item.exercise.name for item in routine.items)
        cells = (routine.id, routine.name, names, duration_text(plan.total_seconds))
        print("\t".join(escape(cell) for cell in cells))
    return 0
