"""Reads a rendered screen as a person would: the countdown in any face, and words.

The glyphs are taken from the same tables the widgets draw with, so a new face is read
without changes here; a face drawn only in part (rows cut off) reads as nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import App

from hiptimer.ui.widgets import bigword
from hiptimer.ui.widgets.bigdigits import FACES, Face, face_lines, face_size

SHAPES = ("8:88", "88:88")
"""The shapes a countdown takes: ``M:SS`` and ``MM:SS``."""

TEXT_TIME = re.compile(r"(?<![\d:])(\d{1,2}:\d\d)(?![\d:])")


@dataclass(frozen=True, slots=True)
class Found:
    """Something read off the screen, and where."""

    text: str
    face: str
    """``text`` for one plain line, else the name of the face or ``block`` for a word."""
    top: int
    left: int
    right: int
    """One past the last column."""
    rows: int


@dataclass(frozen=True, slots=True)
class Rendered:
    """The characters of a screen, and which cells are bold."""

    lines: list[str]
    bold: list[list[bool]]

    def all_bold(self, found: Found) -> bool:
        """Whether every non-blank cell of ``found`` is bold."""
        return all(
            self.bold[y][x]
            for y in range(found.top, found.top + found.rows)
            for x in range(found.left, found.right)
            if x < len(self.lines[y]) and not self.lines[y][x].isspace()
        )


def render(app: App[object]) -> Rendered:
    """The screen as it would be drawn now (one character per cell: no wide characters)."""
    lines: list[str] = []
    bold: list[list[bool]] = []
    for strip in app.screen._compositor.render_strips():
        text = ""
        flags: list[bool] = []
        for segment in strip:
            text += segment.text
            flags += [bool(segment.style and segment.style.bold)] * len(segment.text)
        lines.append(text)
        bold.append(flags)
    return Rendered(lines, bold)


def _glyphs(face: Face) -> tuple[dict[str, list[str]], int]:
    """Each character of ``face`` drawn alone, and the columns between two characters."""
    glyphs = {char: face_lines(char, face) for char in "0123456789:"}
    gap = face_size("88", face).width - 2 * face_size("8", face).width
    return glyphs, gap


def _find_all(text: str, part: str) -> list[int]:
    """Every column where ``part`` starts in ``text``, overlaps included."""
    found: list[int] = []
    start = text.find(part)
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found


def _blank_column(block: Sequence[str], x: int) -> bool:
    return all(x < 0 or x >= len(row) or row[x].isspace() for row in block)


def _read_at(block: Sequence[str], x: int, face: Face) -> Found | None:
    """The time drawn in ``face`` with its top-left corner at column ``x``, if there is one."""
    glyphs, gap = _glyphs(face)
    for shape in SHAPES:
        text, pos = "", x
        for char in shape:
            choices = "0123456789" if char == "8" else char
            match = next(
                (
                    c
                    for c in choices
                    if all(
                        row[pos : pos + len(g)] == g
                        for row, g in zip(block, glyphs[c], strict=True)
                    )
                ),
                None,
            )
            if match is None:
                break
            text += match
            pos += len(glyphs[match][0]) + gap
        else:
            right = pos - gap
            if _blank_column(block, x - 1) and _blank_column(block, right):
                return Found(text, face.name, 0, x, right, face.value)
    return None


def read_times(lines: Sequence[str]) -> list[Found]:
    """Every time drawn whole on the screen: in any face of the big digits, or as text."""
    found: list[Found] = []
    width = max((len(line) for line in lines), default=0)
    padded = [line.ljust(width) for line in lines]
    for face in FACES:
        if face is Face.TEXT:
            continue
        glyphs, _ = _glyphs(face)
        marks = set("".join(glyphs[c][0] for c in "0123456789")) - {" "}
        for top in range(len(padded) - face.value + 1):
            first = padded[top]
            if not marks & set(first):
                continue
            block = padded[top : top + face.value]
            starts = {x for c in "0123456789" for x in _find_all(first, glyphs[c][0])}
            for x in sorted(starts):
                hit = _read_at(block, x, face)
                if hit is not None:
                    found.append(Found(hit.text, hit.face, top, hit.left, hit.right, hit.rows))
    for y, line in enumerate(lines):
        for match in TEXT_TIME.finditer(line):
            found.append(Found(match.group(1), "text", y, match.start(1), match.end(1), 1))
    # 2:34 is read inside 12:34 too: keep only what no other reading holds.
    return [
        one
        for one in found
        if not any(
            other is not one
            and (other.face, other.top) == (one.face, one.top)
            and other.left <= one.left < one.right <= other.right
            for other in found
        )
    ]


def read_word(lines: Sequence[str], word: str) -> list[Found]:
    """Every place ``word`` is shown: in block letters or as a whole word of text."""
    found: list[Found] = []
    rows = bigword.block_lines(word)
    if rows is not None:
        for top in range(len(lines) - len(rows) + 1):
            for start in _find_all(lines[top], rows[0]):
                if all(lines[top + n].startswith(row, start) for n, row in enumerate(rows)):
                    found.append(Found(word, "block", top, start, start + len(rows[0]), 3))
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    for y, line in enumerate(lines):
        for match in pattern.finditer(line):
            found.append(Found(word, "text", y, match.start(), match.end(), 1))
    return found
