"""A check box that shows its state in its mark: a tick when on, blank when off."""

from __future__ import annotations

from textual.content import ContentText
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A :class:`Checkbox` drawn ``▐✓▌`` on and ``▐ ▌`` off: Textual draws ``▐X▌`` both
    ways and tells them apart by colour alone, which a monochrome terminal, a screen
    reader's text or a glance from the floor does not see.

    Args:
        label: The words beside the box.
        value: Whether it starts ticked.
        id: The widget's id.
        compact: Draw without a border.
    """

    ON = "✓"
    """The mark when ticked."""
    OFF = " "
    """The mark when not."""

    def __init__(
        self,
        label: ContentText = "",
        value: bool = False,
        *,
        id: str | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(label, value, id=id, compact=compact)
        self.BUTTON_INNER = self.ON if value else self.OFF

    def watch_value(self) -> None:
        """Draw the mark for the new value, then do what a check box does (say Changed)."""
        self.BUTTON_INNER = self.ON if self.value else self.OFF
        super().watch_value()
