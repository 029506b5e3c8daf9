"""The MUTED badge that home, the workout and the done screen show while sound is off."""

from __future__ import annotations

from textual.widgets import Label


class MutedBadge(Label):
    """MUTED, shown while its ``-on`` class is set; the stylesheet places it on each screen.

    The app sets the class on every badge as ``m`` is pressed. A class on the app (or a
    screen) did the same in one line, but restyled every widget of the screen: about 20 ms
    on the event loop that plays the cues, where one badge takes well under one.

    Args:
        muted: Whether sound is off as the badge is made.
        id: The badge's id, for the stylesheet.
    """

    def __init__(self, muted: bool = False, *, id: str | None = None) -> None:
        super().__init__("MUTED", id=id, classes="-on" if muted else None)

    def show(self, muted: bool) -> None:
        """Show the badge while sound is off, hide it when it is on."""
        self.set_class(muted, "-on")
