"""Writing a few changed cells of a widget straight to the terminal, past the compositor.

A moving figure changes a handful of cells three to eight times a second. Through Textual,
each change resumes the screen's update timer, renders every widget whose clip meets the
changed cells (the screen, the containers, the rows above and below: nine at 80x24) and
queues the result; measured in a real terminal that was most of the CPU the workout used.
When nothing can be in the way, the changed cells are written as one sequence instead,
through the driver's own writer thread so that it stays in order with Textual's writes.

Nothing can be in the way when the app runs in a real terminal (not headless, not inline),
the widget's screen is the one shown, no batch is open, the widget is wholly inside its clip
and on the screen, and no widget drawn above it meets its region (a notification, a
tooltip). Otherwise :func:`direct_writer` answers None and the caller refreshes as usual.
Textual keeps no copy of the cells: a later repaint of the region asks the widget again,
and it answers with what was written.

This reads a few of Textual's private attributes (the driver, the compositor's visible
widgets, the batch count, synchronised output), each through ``getattr`` with a default
that answers None, so a Textual that moves them only costs the quicker path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.geometry import Region
from textual.widget import Widget

SYNC_START = "\x1b[?2026h"
"""Begin synchronised output (the terminal shows the update whole), as Textual does."""
SYNC_END = "\x1b[?2026l"
"""End synchronised output."""


def direct_writer(widget: Widget) -> tuple[Region, Callable[[str], None]] | None:
    """Where ``widget`` is on the screen, and a function that writes terminal text for
    its cells straight to the terminal, ending with the cursor where Textual keeps it;
    None when the cells cannot be written past the compositor now (see the module's
    text)."""
    app = widget.app
    driver = getattr(app, "_driver", None)
    batches: object = getattr(app, "_batch_count", 1)
    if (
        driver is None
        or app.is_headless
        or app.is_inline
        or batches != 0
        or not getattr(app, "_running", False)
        or getattr(app, "_closed", True)
    ):
        return None
    screen = widget.screen
    region = uncovered(widget)
    if screen is not app.screen or region is None:
        return None
    cursor = move_to(*screen.outer_size.clamp_offset(app.cursor_position))
    start, end = (SYNC_START, SYNC_END) if getattr(app, "_sync_available", False) else ("", "")

    def write(text: str) -> None:
        driver.write(f"{start}{text}{cursor}{end}")
        driver.flush()

    return region, write


def uncovered(widget: Widget) -> Region | None:
    """Where ``widget`` is on its screen when every cell of it shows there: it is wholly
    inside its clip and the screen, and nothing drawn above it meets its region; None
    otherwise."""
    visible = getattr(getattr(widget.screen, "_compositor", None), "visible_widgets", None)
    if not isinstance(visible, dict):
        return None
    placed: tuple[Region, Region] | None = visible.get(widget)
    if placed is None:
        return None
    region, clip = placed
    if not clip.contains_region(region) or not widget.screen.region.contains_region(region):
        return None
    # Front to back: whatever comes before the widget is drawn over it.
    for other, (other_region, other_clip) in visible.items():
        if other is widget:
            return region
        if Region.intersection(other_region, other_clip).overlaps(region):
            return None
    return None


def changed_spans(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int, int]]:
    """Where two pictures of one size differ: for each row that does, the row, its first
    changed column and the column after its last."""
    spans = []
    for row, (was, now) in enumerate(zip(old, new, strict=True)):
        if was != now:
            left = _first_difference(was, now)
            spans.append((row, left, len(now) - _first_difference(was[::-1], now[::-1])))
    return spans


def changed_region(old: Sequence[str], new: Sequence[str]) -> Region | None:
    """The smallest region that holds every cell where two pictures of one size differ;
    None when they are the same."""
    spans = changed_spans(old, new)
    if not spans:
        return None
    left, right = min(span[1] for span in spans), max(span[2] for span in spans)
    return Region(left, spans[0][0], right - left, spans[-1][0] + 1 - spans[0][0])


def _first_difference(a: str, b: str) -> int:
    """The index of the first character where two strings of one length differ."""
    return next((n for n, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), len(a))


def move_to(x: int, y: int) -> str:
    """The terminal text that moves the cursor to column ``x``, row ``y`` (from 0), as
    Rich's ``Control.move_to`` writes it."""
    return f"\x1b[{y + 1};{x + 1}H"
