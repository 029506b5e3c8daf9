"""A one-line clickable label, for the home screen's start and preset choices."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import Static


class Pill(Static):
    """A label that reports clicks; the keyboard reaches the same actions through bindings.

    Lighter than ``Button`` (whose stylesheet alone costs about 10 ms to parse), which
    matters on the screen that has to appear first.
    """

    @dataclass
    class Pressed(Message):
        """The pill was clicked."""

        pill: Pill

    def on_click(self, event: events.Click) -> None:
        """Report the click."""
        event.stop()
        self.post_message(self.Pressed(self))
