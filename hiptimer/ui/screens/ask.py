"""A yes-or-no question in a dialog: y answers yes, n or Esc no."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class AskScreen(ModalScreen[bool]):
    """Asks ``question``; dismisses with True for yes. No is focused, so Enter is safe.

    Args:
        question: The question, in a few words.
        yes: The yes button's words.
        no: The no button's words.
        detail: A line under the question, if any.
    """

    CSS_PATH = "dialogs.tcss"
    """Read when the screen first opens, not at start-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="ask-yes"),
        Binding("n,escape", "answer(False)", "No", id="ask-no"),
    ]

    YES_ID = "ask-yes"
    """The yes button's id (a subclass may name its own)."""
    NO_ID = "ask-no"

    def __init__(
        self, question: str, *, yes: str = "Yes", no: str = "No", detail: str | None = None
    ) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question, id="question", markup=False)
            if self.detail:
                yield Label(self.detail, id="question-detail", markup=False)
            with Horizontal(id="answers"):
                yield Button(f"{self.yes} (y)", id=self.YES_ID, variant="error", compact=True)
                yield Button(f"{self.no} (n)", id=self.NO_ID, variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{self.NO_ID}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Answer with the button that was clicked."""
        event.stop()
        self.dismiss(event.button.id == self.YES_ID)

    def action_answer(self, yes: bool) -> None:
        """Answer from the keyboard."""
        self.dismiss(yes)
