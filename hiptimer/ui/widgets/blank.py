"""A container that only paints its background."""

from __future__ import annotations

from textual.containers import Container


class Blank(Container):
    """A container that only paints its background.

    Textual asks every container the repainted digits sit in to draw itself again; a blank
    one skips the per-line styling pass, which is most of the cost of a second.
    """

    BLANK = True
