"""Words and numbers as the user reads them: times, counts, sets, sides and phase names.

Pure, so line mode, the full-screen app and the command line say the same thing the same way.
"""

from __future__ import annotations

from hiptimer.core.plan import Phase, PhaseKind, Side

SEP = " · "
"""Between the parts of a line or a label."""

PHASE_WORDS: dict[PhaseKind, str] = {
    PhaseKind.PREPARE: "GET READY",
    PhaseKind.WORK: "WORK",
    PhaseKind.SWITCH: "SWITCH SIDES",
    PhaseKind.REST: "REST",
    PhaseKind.DONE: "DONE",
}
"""The word the app's band shows for each phase: it says the phase where colour cannot."""


def clock_text(seconds: float) -> str:
    """Format the workout clock as ``MM:SS`` (minutes keep counting past 59)."""
    whole = int(seconds + 1e-6)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def duration_text(seconds: float) -> str:
    """Format a length as ``M:SS``."""
    whole = int(seconds + 1e-6)
    return f"{whole // 60}:{whole % 60:02d}"


def plural(count: int, word: str) -> str:
    """Return ``count`` with ``word``, adding an s unless the count is one."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def ordinal(n: int) -> str:
    """Return ``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``21st``..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def set_text(set_number: int, sets: int) -> str:
    """The set counter in words: ``set 2 of 3``."""
    return f"set {set_number} of {sets}"


def side_text(side: Side) -> str:
    """The side in words: ``left side``."""
    return f"{side.value} side"


def work_label(phase: Phase) -> str:
    """Name a work phase: exercise, side when per-side, and the set counter."""
    assert phase.exercise is not None
    parts = [phase.exercise.name]
    if phase.side is not None:
        parts.append(side_text(phase.side))
    parts.append(set_text(phase.set_number, phase.sets))
    return SEP.join(parts)
