"""The workout screen's figure: the movement being done, or the one coming, beside the digits.

It takes only the columns the digits leave free to their right at the face they draw anyway,
so it never costs the time a size; below :data:`FIGURE_FROM`, with too little room, or with
the ``figures`` setting off it is not shown and runs no timer.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.geometry import Size

from hiptimer.core.figures import figure_for, mirrored_for
from hiptimer.core.plan import Phase, PhaseKind
from hiptimer.ui.screens.workout_fit import FULL_ROWS, SIDE_GAP, TRIMS, Fit
from hiptimer.ui.widgets.bigdigits import face_size, fit_face
from hiptimer.ui.widgets.blank import Blank
from hiptimer.ui.widgets.figure import FigureView

FIGURE_FROM = Size(80, 24)
"""The smallest terminal that shows a figure: below it every column and row is the time's."""
MIN_ROOM = Size(16, 5)
"""The least room (columns, rows) a figure is drawn in beside the digits; less shows none."""


def movement(phase: Phase, upcoming: Phase | None) -> Phase | None:
    """The work phase whose movement a phase shows: its own while working, the coming one
    while getting ready, resting or switching sides, none when done."""
    if phase.kind is PhaseKind.WORK:
        return phase
    return None if phase.kind is PhaseKind.DONE else upcoming


def figure_room(size: Size, shape: str, fit: Fit) -> Size | None:
    """The cells a figure gets at the right of the digits, or None when it gets none.

    Args:
        size: The terminal's size.
        shape: The widest time of the current shape (``8:88``).
        fit: The screen's layout at that size (:func:`~.workout_fit.fit_layout`).

    Returns:
        Columns and rows: the columns right of the digits, at the face they draw without
        a figure, less a gap; as many rows as the digits have (at least :data:`MIN_ROOM`'s,
        at most the digits' band).
    """
    if size.width < FIGURE_FROM.width or size.height < FIGURE_FROM.height:
        return None
    # The digits' band: what the full layout leaves, plus the rows the trims free.
    band = size.height - FULL_ROWS + sum(t.rows for t in TRIMS if t.css_class in fit.trims)
    digits = face_size(shape, fit_face(shape, Size(size.width - 2 * fit.reserve, band)))
    room = Size(
        (size.width - digits.width) // 2 - SIDE_GAP, min(band, max(digits.height, MIN_ROOM.height))
    )
    if room.width < MIN_ROOM.width or room.height < MIN_ROOM.height:
        return None
    return room


class FigureSpot(Blank):
    """Holds the figure at the right of the digits, on the side word's layer.

    Args:
        clock: The workout's clock, so a figure moves with the workout's time.
        enabled: The ``figures`` setting; off, nothing is ever shown.
    """

    def __init__(self, clock: Callable[[], float], *, enabled: bool) -> None:
        super().__init__(id="figure-box")
        self.view = FigureView(clock=clock, id="figure")
        self.enabled = enabled

    def compose(self) -> ComposeResult:
        yield self.view

    @property
    def shown(self) -> bool:
        """Whether the figure has room on the screen (the screen decides the rest)."""
        return self.has_class("-shown")

    def show(self, phase: Phase | None) -> None:
        """Draw the movement of ``phase`` (its progression's figure, else its exercise's,
        mirrored for its side), from the start of a repetition; None or a movement without a
        figure draws nothing."""
        figure = figure_for(phase.progression, phase.exercise) if phase is not None else None
        side = phase.side if phase is not None else None
        self.view.show_figure(figure, figure is not None and mirrored_for(figure, side))

    def pause(self, paused: bool) -> None:
        """Hold the figure still while the workout is paused (no timer runs meanwhile)."""
        self.view.paused = paused

    def place(self, size: Size, shape: str, fit: Fit) -> int:
        """Show or hide the figure for this size and return the columns the digits keep free
        on each side: the side word's, or the figure's when it shows."""
        room = figure_room(size, shape, fit) if self.enabled else None
        self.set_class(room is not None, "-shown")
        if room is None:
            return fit.reserve
        self.styles.width = room.width
        self.view.styles.height = room.height
        return max(fit.reserve, room.width + SIDE_GAP)
