"""The question asked when ``q`` is pressed mid-workout."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from hiptimer.ui.screens.ask import AskScreen


class ConfirmQuitScreen(AskScreen):
    """Asks whether to end the workout; dismisses with True to quit (y, or q again)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,q", "answer(True)", "Quit", id="confirm-quit"),
        Binding("n,escape", "answer(False)", "Keep going", id="confirm-stay"),
    ]

    YES_ID = "quit"
    NO_ID = "stay"

    def __init__(self) -> None:
        super().__init__(
            "End the workout and quit?",
            yes="Quit",
            no="Keep going",
            detail="What you did so far is kept.",
        )
