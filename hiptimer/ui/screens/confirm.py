"""The question asked when ``q`` is pressed mid-workout."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmQuitScreen(ModalScreen[bool]):
    """Asks whether to end the workout; dismisses with True to quit."""

    CSS_PATH = "dialogs.tcss"
    """Read when the screen first opens, not at start-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,q", "answer(True)", "Quit", id="confirm-quit"),
        Binding("n,escape", "answer(False)", "Keep going", id="confirm-stay"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("End the workout and quit?", id="question")
            yield Label("What you did so far is kept.", id="question-detail")
            with Horizontal(id="answers"):
                yield Button("Quit (y)", id="quit", variant="error", compact=True)
                yield Button("Keep going (n)", id="stay", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button that was clicked."""
        event.stop()
        self.dismiss(event.button.id == "quit")

    def action_answer(self, quit_: bool) -> None:
        """Answer from the keyboard."""
        self.dismiss(quit_)
