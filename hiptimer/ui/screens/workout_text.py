"""What the workout screen says in words beyond the core's wording: the time left of the
routine and what comes next."""

from __future__ import annotations

import math

from textual.content import Content

from hiptimer.core.plan import Phase
from hiptimer.core.wording import SEP, set_text, side_text

SIDE_WORDS = ("LEFT", "RIGHT")
"""The side words, upper case as shown."""


def routine_left_text(seconds: float) -> str:
    """What is left of the whole routine, to the nearest minute, so at the start it agrees
    with the home screen's total (7:15 is about 7 min); it changes once a minute."""
    if seconds <= 0:
        return " done"
    if seconds < 60:
        return " under a minute left"
    return f" about {math.floor(seconds / 60 + 0.5)} min left"


def shown_seconds(remaining: float) -> int:
    """Whole seconds as shown: rounded up, like the engine's ``Tick``."""
    return max(0, math.ceil(remaining - 1e-9))


def next_up_text(phase: Phase) -> Content:
    """Describe an upcoming work phase: exercise, set and side."""
    assert phase.exercise is not None
    parts = [phase.exercise.name, set_text(phase.set_number, phase.sets)]
    if phase.side is not None:
        parts.append(side_text(phase.side))
    return Content.assemble(("Next up: ", "bold"), SEP.join(parts))
