"""The help screen: every key and what it does, taken from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


def key_lines(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """Return (keys, what it does) for bindings that have a description."""
    lines: list[tuple[str, str]] = []
    for binding in bindings:
        if not binding.description:
            continue
        keys = binding.key_display or " / ".join(k.strip() for k in binding.key.split(","))
        lines.append((keys, binding.tooltip or binding.description))
    return lines


def bindings_here(*sources: Iterable[BindingType]) -> list[Binding]:
    """The bindings to list, the screen's own first, then the app's: only what works here. A
    key bound twice (space: pause or resume; a screen's q over the app's) is listed once."""
    found: dict[str, Binding] = {}
    for source in sources:
        for binding in source:
            if isinstance(binding, Binding):
                found.setdefault(binding.key, binding)
    return list(found.values())


class HelpScreen(ModalScreen[bool]):
    """Lists the controls; any of escape, ``?`` or ``q`` closes it, and space closes it to go
    on (dismissed with True: a paused workout resumes).

    Args:
        bindings: The bindings to explain, in the order to list them.
    """

    CSS_PATH = "dialogs.tcss"
    """Read when the screen first opens, not at start-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="help-close"),
        Binding("space", "go_on", "Go on", id="help-go-on"),
    ]

    def __init__(self, bindings: Iterable[Binding]) -> None:
        super().__init__()
        self._lines = key_lines(bindings)

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _ in self._lines), default=0)
        text = Content("\n").join(
            Content.assemble((keys.ljust(width), "bold"), "  ", what) for keys, what in self._lines
        )
        with Vertical(id="help-dialog"):
            yield Label("Controls", id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(text, id="help-keys")
            yield Button("Close", id="help-close-button", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Close on a click."""
        event.stop()
        self.dismiss(False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(False)

    def action_go_on(self) -> None:
        """Close the help and carry on with the workout (space, as on the workout screen)."""
        self.dismiss(True)
