"""What the workout screen says in words: the phase, the times, what comes next."""

from __future__ import annotations

import math

from textual.content import Content

from hiptimer.core.plan import Phase, PhaseKind

SEP = " · "

PHASE_WORDS: dict[PhaseKind, str] = {
    PhaseKind.PREPARE: "GET READY",
    PhaseKind.WORK: "WORK",
    PhaseKind.SWITCH: "SWITCH SIDES",
    PhaseKind.REST: "REST",
    PhaseKind.DONE: "DONE",
}
"""The word in the band: it says the phase where colour cannot."""

SIDE_WORDS = ("LEFT", "RIGHT")
"""The side words, upper case as shown."""


def time_text(seconds: int) -> str:
    """Format whole seconds left as ``M:SS`` for the countdown."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def routine_left_text(seconds: float) -> str:
    """What is left of the whole routine, to the minute: it changes once a minute."""
    minutes = math.ceil(max(seconds, 0.0) / 60 - 1e-9)
    if minutes <= 1:
        return " under a minute left" if seconds > 0 else " done"
    return f" about {minutes} min left"


def shown_seconds(remaining: float) -> int:
    """Whole seconds as shown: rounded up, like the engine's ``Tick``."""
    return max(0, math.ceil(remaining - 1e-9))


def next_up_text(phase: Phase) -> Content:
    """Describe an upcoming work phase: exercise, set and side."""
    assert phase.exercise is not None
    parts = [phase.exercise.name, f"set {phase.set_number} of {phase.sets}"]
    if phase.side is not None:
        parts.append(f"{phase.side.value} side")
    return Content.assemble(("Next up: ", "bold"), SEP.join(parts))
