"""A progress bar that repaints only when its filled width changes, and never on a timer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import RenderResult
from textual.reactive import reactive
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

    fraction: reactive[float] = reactive(0.0)

    def validate_fraction(self, fraction: float) -> float:
        """Clamp to 0..1 and round to the half-cells the bar can draw, so a change
        too small to see does not repaint."""
        fraction = min(max(fraction, 0.0), 1.0)
        cells = max(self.size.width * 2, 1)
        return round(fraction * cells) / cells

    def render(self) -> RenderResult:
        width = self.size.width
        return Bar(
            highlight_range=(0, width * self.fraction),
            highlight_style=self.get_component_rich_style("meter--bar"),
            background_style=self.get_component_rich_style("meter--background"),
            width=width,
        )
