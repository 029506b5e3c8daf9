"""A word in three-line block letters, readable from the floor (LEFT, RIGHT)."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

GLYPHS: dict[str, tuple[str, str, str]] = {
    "L": ("╻  ", "┃  ", "┗━╸"),
    "E": ("┏━╸", "┣━ ", "┗━╸"),
    "F": ("┏━╸", "┣━ ", "╹  "),
    "T": ("╺┳╸", " ┃ ", " ╹ "),
    "R": ("┏━┓", "┣┳┛", "╹┗╸"),
    "I": ("╺┳╸", " ┃ ", "╺┻╸"),
    "G": ("┏━╸", "┃╺┓", "┗━┛"),
    "H": ("╻ ╻", "┣━┫", "╹ ╹"),
    " ": ("  ", "  ", "  "),
}
"""Three rows per letter, drawn in the heavy box-drawing style of Textual's bold ``Digits``."""


def block_lines(word: str) -> tuple[str, str, str] | None:
    """Return ``word`` as three rows of block letters, or None if a letter has no glyph."""
    rows: list[list[str]] = [[], [], []]
    for letter in word.upper():
        glyph = GLYPHS.get(letter)
        if glyph is None:
            return None
        for row, part in zip(rows, glyph, strict=True):
            row.append(part)
    return (" ".join(rows[0]), " ".join(rows[1]), " ".join(rows[2]))


class BigWord(Widget):
    """Shows one word in block letters, or as plain text where it does not fit.

    The word is never parsed as markup.
    """

    DEFAULT_CSS = """
    BigWord {
        width: auto;
        height: auto;
    }
    """

    word: reactive[str] = reactive("", layout=True)
    """The word shown; empty shows nothing."""
    big: reactive[bool] = reactive(True, layout=True)
    """Block letters when True, one plain line when False."""

    def render(self) -> RenderResult:
        lines = block_lines(self.word) if self.big and self.word else None
        if lines is None:
            return Content(self.word)
        return Content("\n".join(lines))
