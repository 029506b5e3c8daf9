"""What home and the done screen share: the offer to move up, shown in one line, and ``u``
to take it (the app asks first)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Static

from hiptimer.core.controls import CONTROL
from hiptimer.ui.controls import binding_for
from hiptimer.ui.screens.keyed import KeyedScreen

if TYPE_CHECKING:
    # Only named in annotations: the progression rules load with the first offers, after
    # the first frame.
    from hiptimer.core.progression import Suggestion

MOVE_UP_BINDING = binding_for(CONTROL["move-up"])
"""``u``, from the controls table; shown in the key bar only while an offer shows."""


class OfferScreen(KeyedScreen):
    """A screen that shows the first offer to move up and takes it with ``u``."""

    offers: tuple[Suggestion, ...] = ()
    """The offers, first shown first; empty when there are none (``u`` is then hidden)."""

    @dataclass
    class MoveUp(Message):
        """The user asked to take this offer; nothing changes until they say yes."""

        offer: Suggestion

    @staticmethod
    def offer_widget() -> Static:
        """The line that shows the offer; hidden until there is one."""
        return Static(Content(""), id="offer", classes="offer")

    def show_offers(self, offers: Sequence[Suggestion]) -> None:
        """Show the first of ``offers`` (none: hide the line and ``u``)."""
        from hiptimer.core.offers import offer_line

        self.offers = tuple(offers)
        try:
            line = self.query_one("#offer", Static)
        except NoMatches:  # not composed yet: compose shows them
            return
        # Names may come from the user's files one day: Content, never markup.
        line.update(Content(offer_line(self.offers)) if self.offers else Content(""))
        line.set_class(bool(self.offers), "-on")
        self.refresh_bindings()

    def on_mount(self) -> None:
        if self.offers:
            self.show_offers(self.offers)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide ``u`` while there is no offer to take."""
        if action == "control" and parameters == ("move-up",):
            return bool(self.offers)
        return True

    def action_control(self, control_id: str) -> None:
        """Ask to take the first offer (the app asks the question)."""
        if control_id == "move-up" and self.offers:
            self.post_message(self.MoveUp(self.offers[0]))
