"""How the workout screen shares its rows: the countdown first, then the optional parts.

The screen's full layout spends :data:`FULL_ROWS` rows on everything but the digits. Where
that leaves too few rows for the digits a terminal this wide can draw, the optional parts
give up their rows one at a time, in the order of :data:`TRIMS`, until the digits fit.
``workout.tcss`` says what each trim class hides; the rows each frees are written here.
The digits themselves always draw the largest face that fits the rows they are actually
given (:func:`~hiptimer.ui.widgets.bigdigits.fit_face`), so if the two ever disagree the
time gets smaller, never cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.geometry import Size

from hiptimer.ui.widgets.bigdigits import Face, face_size
from hiptimer.ui.widgets.bigword import block_lines

COMPACT_CLASSES = ("-narrow", "-short", "-tiny")
"""The app's size classes under which ``workout.tcss`` shows the compact layout instead
(the time on one line of text); no trims apply there."""

FULL_ROWS = 15
"""Rows the full layout gives everything but the digits: the band (3), the exercise and the
gap above it (2), the gaps around the digits (2), the set (1), the phase bar and its gap (2),
the reminder and its gap (3), the routine bar (1) and the key bar (1)."""


@dataclass(frozen=True, slots=True)
class Trim:
    """One optional part that gives its rows to the digits."""

    css_class: str
    """The screen class that hides it (rules in ``workout.tcss``)."""
    rows: int
    """The rows it frees."""


TRIMS = (
    Trim("-trim-gaps", 5),
    Trim("-trim-routine", 1),
    Trim("-trim-meter", 1),
    Trim("-trim-reminder", 1),
    Trim("-trim-band", 2),
)
"""What gives way, first to last: the blank rows, the routine bar, the phase bar, the
reminder's second line, then the band down to one row. The exercise, the set and the keys
never do."""

NEEDED = (Face.BLOCK1, Face.BOX, Face.TEXT)
"""The faces worth giving up optional parts for, largest first. Larger faces take what is
left over; the 7-row one already reads from the floor."""

SIDE_GAP = 2
"""Columns around the side word: its margin from the edge and the gap before the digits."""


@dataclass(frozen=True, slots=True)
class Fit:
    """How the screen is laid out at one size."""

    trims: tuple[str, ...] = ()
    """The trim classes the screen carries."""
    big_side: bool = True
    """Whether the side word is drawn in block letters (else one line of bold text)."""
    reserve: int = 0
    """Columns the digits keep free on each side for the side word."""


def side_widths(words: Sequence[str]) -> tuple[int, int]:
    """The widest of ``words`` in block letters, and as text."""
    big = max(len((block_lines(word) or ("",))[0]) for word in words)
    return big, max(len(word) for word in words)


def fit_layout(size: Size, shape: str, side_widths: tuple[int, int] | None) -> Fit:
    """Lay the full (not compact) workout screen out for a terminal of ``size``.

    The first of the :data:`NEEDED` faces that the width allows gets its rows, with as few
    parts trimmed as that takes; the side word keeps its block letters unless they would
    cost the digits a face.

    Args:
        size: The terminal's size.
        shape: The widest time of the current shape (``8:88``).
        side_widths: The widest side word in block letters and as text, or None when no
            exercise has sides.

    Returns:
        The trims, the side word's form and the columns the digits keep for it.
    """
    sides = (True, False) if side_widths is not None else (False,)
    for face in NEEDED:
        needed = face_size(shape, face)
        for big in sides:
            reserve = 0 if side_widths is None else side_widths[0 if big else 1] + SIDE_GAP
            if needed.width + 2 * reserve > size.width:
                continue
            rows = max(needed.height, 3 if big else 1)
            spare = size.height - FULL_ROWS
            for count in range(len(TRIMS) + 1):
                if count:
                    spare += TRIMS[count - 1].rows
                if spare >= rows:
                    trims = tuple(trim.css_class for trim in TRIMS[:count])
                    return Fit(trims, big, reserve)
    # Not even a line for the text: trim everything (the compact layout takes over before).
    reserve = 0 if side_widths is None else side_widths[1] + SIDE_GAP
    return Fit(tuple(trim.css_class for trim in TRIMS), False, reserve)
