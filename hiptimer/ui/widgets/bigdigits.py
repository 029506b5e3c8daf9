"""The countdown: digits drawn as large as the space allows, readable from the floor.

The digits come from a 5x7 pixel font drawn with full blocks, scaled by a whole factor
(7, 14 or 21 rows tall); where even the smallest does not fit, Textual's own three-row
digits are used, and where those do not fit either, the time as one line of text. Every
face is drawn whole or not at all. The widget takes the size its container
gives it and never asks for another, so a new value repaints the digits and nothing else.
"""

from __future__ import annotations

import enum

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.renderables.digits import DIGITS, DIGITS3X3_BOLD
from textual.strip import Strip
from textual.widget import Widget

from hiptimer.ui.widgets.paint import changed_region

FONT: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": (".###.", "#...#", "....#", "..##.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ":": (".", ".", "#", ".", "#", ".", "."),
    " ": (".", ".", ".", ".", ".", ".", "."),
}
"""Pixel rows of each character, top first: ``#`` is lit."""

FONT_HEIGHT = 7
SCALES = (1, 2, 3)
"""Rows per pixel tried, smallest first; a pixel is twice as many columns wide, so it
comes out about square. Whole cells only: half blocks leave ragged edges."""
PIXEL = "█"


def block_lines(text: str, scale: int) -> list[str]:
    """Return ``text`` in the block font, each pixel ``2 * scale`` columns by ``scale`` rows,
    one pixel of space between characters."""
    rows = ["" for _ in range(FONT_HEIGHT)]
    for index, char in enumerate(text):
        glyph = FONT.get(char, FONT[" "])
        for n, row in enumerate(glyph):
            rows[n] += ("." if index else "") + row
    lit, dark = PIXEL * 2 * scale, " " * 2 * scale
    return [
        "".join(lit if pixel == "#" else dark for pixel in row)
        for row in rows
        for _ in range(scale)
    ]


def block_size(text: str, scale: int) -> Size:
    """The cells ``text`` takes in the block font at ``scale``."""
    pixels = sum(len(FONT.get(char, FONT[" "])[0]) for char in text) + max(len(text) - 1, 0)
    return Size(pixels * 2 * scale, FONT_HEIGHT * scale)


def small_lines(text: str) -> list[str]:
    """Return ``text`` in Textual's three-row bold digits."""
    rows: list[list[str]] = [[], [], []]
    glyphs: list[str] = DIGITS3X3_BOLD
    for char in text:
        position = DIGITS.find(char)
        for n, row in enumerate(rows):
            row.append(glyphs[position * 3 + n].ljust(3) if position >= 0 else " ")
    return ["".join(row) for row in rows]


class Face(enum.IntEnum):
    """The ways the time can be drawn; each value is the rows it takes."""

    TEXT = 1
    """One line of plain text: ``0:25``."""
    BOX = 3
    """Textual's three-row bold digits."""
    BLOCK1 = 7
    BLOCK2 = 14
    BLOCK3 = 21
    """The block font at scale 1, 2 and 3."""

    @property
    def scale(self) -> int:
        """The block scale, 0 for the faces that are not drawn in blocks."""
        return self.value // FONT_HEIGHT


FACES = sorted(Face, reverse=True)
"""Every face, largest first: the order they are tried in."""


def face_lines(text: str, face: Face) -> list[str]:
    """Return ``text`` drawn in ``face``, one string per row."""
    if face.scale:
        return block_lines(text, face.scale)
    if face is Face.BOX:
        return small_lines(text)
    return [text]


def face_size(text: str, face: Face) -> Size:
    """The cells ``text`` takes in ``face``."""
    if face.scale:
        return block_size(text, face.scale)
    return Size(len(face_lines(text, face)[0]), face.value)


def fit_face(text: str, size: Size) -> Face:
    """The largest face in which ``text`` fits in ``size``; the one-line text when none
    does (it is then cut at the right, the least there is to lose)."""
    for face in FACES:
        needed = face_size(text, face)
        if needed.width <= size.width and needed.height <= size.height:
            return face
    return Face.TEXT


def fit_scale(text: str, size: Size) -> int:
    """The largest block scale at which ``text`` fits in ``size``; 0 when none does."""
    best = 0
    for scale in SCALES:
        needed = block_size(text, scale)
        if needed.width > size.width or needed.height > size.height:
            break
        best = scale
    return best


class BigDigits(Widget):
    """Shows a time such as ``0:30``, centred, in the largest digits that fit.

    The face is chosen for the widest text of the same shape (``8`` in every digit), so
    it stays put while the time counts down. ``reserve`` columns are kept free on each side
    (for the LEFT / RIGHT word drawn beside the digits).
    """

    DEFAULT_CSS = """
    BigDigits {
        width: 1fr;
        height: 1fr;
        min-height: 3;
    }
    """

    reserve: reactive[int] = reactive(0)
    """Columns kept free on each side of the digits."""

    def __init__(self, value: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._value = value
        self._lines: list[Strip] | None = None

    @property
    def value(self) -> str:
        """The time shown."""
        return self._value

    def update(self, value: str) -> None:
        """Show a new time (the same call as Textual's ``Digits``).

        A plain attribute and one repaint, not a reactive: this runs once a second, and a
        reactive's bookkeeping costs more than drawing the digits.
        """
        if value == self._value:
            return
        self._value = value
        old = self._lines
        if old is None or len(old) != self.size.height:
            self._lines = None
            self.refresh()
            return
        # Repaint only the cells that changed: usually the last digit.
        new = self._lines = self._render_lines()
        region = changed_region([line.text for line in old], [line.text for line in new])
        if region is not None:
            self.refresh(region)

    def watch_reserve(self) -> None:
        self._lines = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines = None

    def on_resize(self) -> None:
        self._lines = None

    @property
    def face(self) -> Face:
        """The face in use for the current size."""
        width, height = self.size
        return fit_face(shape_of(self.value), Size(max(width - 2 * self.reserve, 0), height))

    @property
    def scale(self) -> int:
        """The block scale in use for the current size (0: the three-row digits or text)."""
        return self.face.scale

    @property
    def text_lines(self) -> list[str]:
        """The rows of characters that draw the value, before centring."""
        return face_lines(self.value, self.face)

    def _style(self) -> Style:
        """The digits' colours, dimmed by ``text-opacity`` (the paused look)."""
        style = self.rich_style
        opacity = self.styles.text_opacity
        if opacity < 1 and style.color is not None and style.bgcolor is not None:
            color = Color.from_rich_color(style.color)
            background = Color.from_rich_color(style.bgcolor)
            style += Style(color=background.blend(color, opacity).rich_color)
        return style

    def _render_lines(self) -> list[Strip]:
        width, height = self.size
        style = self._style()
        blank = Strip.blank(width, style)
        lines = self.text_lines if self.value else []
        top = max((height - len(lines)) // 2, 0)
        strips = [blank] * height
        for n, line in enumerate(lines[:height]):
            line = line[:width]
            left = (width - len(line)) // 2
            right = width - left - len(line)
            segments = [
                Segment(" " * left, style),
                Segment(line, style),
                Segment(" " * right, style),
            ]
            strips[top + n] = Strip(segments, width)
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        """Hand the compositor the cached rows, cropped.

        The rows are drawn here in full (colours included), so Textual's per-line styling
        pass, which costs more than the digits themselves, is skipped.
        """
        if self._lines is None or len(self._lines) != self.size.height:
            self._lines = self._render_lines()
        return [line.crop(crop.x, crop.right) for line in self._lines[crop.y : crop.bottom]]


def shape_of(text: str) -> str:
    """``text`` with every digit an ``8``: the widest text of the same shape, so the face
    chosen for it holds while the time counts down."""
    return "".join("8" if char.isdigit() else char for char in text)
