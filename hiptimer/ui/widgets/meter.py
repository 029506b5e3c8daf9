"""A progress bar that repaints only when its filled width changes, and never on a timer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import RenderResult
from textual.renderables.bar import Bar
from textual.widget import Widget


class Meter(Widget):
    """A one-line bar filled to ``fraction`` (0 to 1).

    Textual's ``ProgressBar`` wakes once a second for its ETA even when that is hidden;
    this bar only repaints when it is told something new.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"meter--bar", "meter--background"}

    DEFAULT_CSS = """
    Meter {
        height: 1;
        width: 1fr;
    }
    Meter > .meter--bar { color: $primary; }
    Meter > .meter--background { color: $surface-lighten-2; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._fraction = 0.0
        self._shown = -1

    @property
    def fraction(self) -> float:
        """How full the bar is, 0 to 1."""
        return self._fraction

    @fraction.setter
    def fraction(self, fraction: float) -> None:
        # Set once a second: a plain attribute, and a repaint only when the filled
        # half-cells change (a reactive's bookkeeping would cost more than the bar).
        self._fraction = min(max(fraction, 0.0), 1.0)
        half_cells = round(self._fraction * self.size.width * 2)
        if half_cells != self._shown:
            self._shown = half_cells
            self.refresh()

    def on_resize(self) -> None:
        self._shown = -1

    def render(self) -> RenderResult:
        width = self.size.width
        return Bar(
            highlight_range=(0, round(self._fraction * width * 2) / 2),
            highlight_style=self.get_component_rich_style("meter--bar"),
            background_style=self.get_component_rich_style("meter--background"),
            width=width,
        )
