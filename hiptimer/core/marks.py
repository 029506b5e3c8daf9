"""The timed moments inside a phase: each second's tick, the 3-2-1, halfway and the form
reminders, as offsets the engine fires in order. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass

from hiptimer.core.plan import Plan, form_offsets

COUNTDOWN = (3, 2, 1)
"""The numbers counted before a work phase starts and before it ends."""


@dataclass(slots=True)
class Mark:
    """One moment inside a phase."""

    offset: float
    """Active seconds into the phase."""
    kind: str
    """``tick``, ``countdown``, ``halfway`` or ``form``."""
    number: int = 0
    """Seconds left for a tick or a countdown; which reminder for ``form``."""


def phase_marks(plan: Plan, index: int, duration: float) -> list[Mark]:
    """The timed moments inside phase ``index`` lasting ``duration`` seconds, in order of
    offset (the phase end excluded)."""
    phase = plan.phases[index]
    marks: list[Mark] = []
    whole = math.ceil(duration)
    marks.extend(
        Mark(duration - remaining, "tick", remaining) for remaining in range(whole - 1, 0, -1)
    )
    leads_to_work = index + 1 < len(plan.phases) and plan.phases[index + 1].is_work
    if phase.is_work or leads_to_work:
        marks.extend(Mark(duration - n, "countdown", n) for n in COUNTDOWN if duration - n > 0)
    if phase.is_work:
        marks.append(Mark(duration / 2, "halfway"))
        if len(phase.reminders) > 1:
            offsets = form_offsets(duration)
            marks.extend(Mark(at, "form", n) for n, at in enumerate(offsets, start=1))
    # Stable sort keeps ticks before the countdown and halfway at the same instant.
    marks.sort(key=lambda m: m.offset)
    return marks
