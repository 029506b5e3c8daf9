"""Lines to Unicode braille: each character cell is 2 × 4 dots (U+2800 to U+28FF). Pure.

A terminal cell is about twice as tall as it is wide, so braille dots are about as far
apart across as down: one scale for x and y keeps a figure's proportions.
"""

from __future__ import annotations

from collections.abc import Iterable

from hiptimer.core.pose import Segment

BLANK = 0x2800
DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""The bit of each dot of a cell, by dot row (0 at the top) and dot column."""

Box = tuple[float, float, float, float]


class Canvas:
    """A grid of braille cells to plot dots and lines into.

    Args:
        columns: Cells across.
        rows: Cells down.
    """

    def __init__(self, columns: int, rows: int) -> None:
        self.columns = columns
        self.rows = rows
        self.cells = [0] * (columns * rows)

    @property
    def width(self) -> int:
        """Dots across."""
        return self.columns * 2

    @property
    def height(self) -> int:
        """Dots down."""
        return self.rows * 4

    def dot(self, x: int, y: int) -> None:
        """Set the dot ``x`` across and ``y`` down (0, 0 is the top left); outside is ignored."""
        if 0 <= x < self.width and 0 <= y < self.height:
            self.cells[(y // 4) * self.columns + x // 2] |= DOT_BITS[y % 4][x % 2]

    def line(self, x0: int, y0: int, x1: int, y1: int) -> None:
        """Set every dot on the line between two dots (Bresenham's)."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        err = dx + dy
        while True:
            self.dot(x0, y0)
            if x0 == x1 and y0 == y1:
                return
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy

    def text(self) -> list[str]:
        """The rows of characters; an empty cell is a space."""
        return [
            "".join(
                chr(BLANK + bits) if bits else " "
                for bits in self.cells[row * self.columns : (row + 1) * self.columns]
            )
            for row in range(self.rows)
        ]


def dots_per_unit(box: Box, columns: int, rows: int) -> float:
    """How many dots one unit of ``box`` takes when :func:`rasterise` draws it in
    ``columns`` × ``rows`` cells (the one scale for both directions)."""
    left, bottom, right, top = box
    span_x, span_y = max(right - left, 1e-9), max(top - bottom, 1e-9)
    return min((columns * 2 - 1) / span_x, (rows * 4 - 1) / span_y)


def rasterise(lines: Iterable[Segment], box: Box, columns: int, rows: int) -> list[str]:
    """Draw lines into ``columns`` × ``rows`` braille cells, with the floor along the bottom.

    The ``box`` (left, bottom, right, top, in the lines' units; y grows upward) is scaled
    as large as fits with one scale for both directions, centred across, standing on the
    last dot row; the floor (y = 0) runs the full width.
    """
    canvas = Canvas(columns, rows)
    left, bottom, right, top = box
    span_x = max(right - left, 1e-9)
    scale = dots_per_unit(box, columns, rows)
    offset = (canvas.width - 1 - span_x * scale) / 2

    def at(x: float, y: float) -> tuple[int, int]:
        return (
            round(offset + (x - left) * scale),
            round(canvas.height - 1 - (y - bottom) * scale),
        )

    for a, b in lines:
        canvas.line(*at(*a), *at(*b))
    floor = at(0.0, 0.0)[1]
    canvas.line(0, floor, canvas.width - 1, floor)
    return canvas.text()
