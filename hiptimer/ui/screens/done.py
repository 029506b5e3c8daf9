"""The done screen: what was done, how the week stands, and where to go next."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, Static

from hiptimer.core.records import NOT_COUNTED, SetRecord, shortfall_text
from hiptimer.core.wording import SEP, duration_text
from hiptimer.ui.memory import release_styles_cache
from hiptimer.ui.screens.offered import MOVE_UP_BINDING, OfferScreen
from hiptimer.ui.widgets.keybar import KeyBar
from hiptimer.ui.widgets.mutedbadge import MutedBadge


class DoneScreen(OfferScreen):
    """Shown when a workout runs to its end: what was done, what was skipped or cut short,
    and any offer to move up it earned (``u`` takes it).

    Args:
        sets_done: Sets done (see :func:`hiptimer.core.records.set_done`).
        sets_planned: Sets in the plan.
        active_seconds: The workout clock at the end (pauses excluded).
        week_summary: Returns a line about the week (``2nd of 3 this week``), or None.
        sets: Each set (each side) with the seconds done, to name what fell short.
        muted: Whether sound is off (a MUTED badge says so).
    """

    CSS_PATH = "done.tcss"
    """Read when the screen first opens, not at start-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "home", "Home", id="home", tooltip="Back to the routine"),
        Binding("h", "app.history", "History", id="history", tooltip="Past sessions and weeks"),
        MOVE_UP_BINDING,
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        sets_done: int,
        sets_planned: int,
        active_seconds: float,
        week_summary: Callable[[], str | None] | None = None,
        *,
        sets: Sequence[SetRecord] = (),
        muted: bool = False,
    ) -> None:
        shortfall = shortfall_text(sets)
        super().__init__(classes="-done -shortfall" if shortfall else "-done")
        self.sets_done = sets_done
        self.sets_planned = sets_planned
        self.active_seconds = active_seconds
        self.week_summary = week_summary
        self.muted = muted
        self.shortfall = shortfall
        """What was skipped or cut short, or None when every set was done."""
        self.complete = self.shortfall is None and sets_done == sets_planned
        """Every set done: the session counts toward the weekly goal."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="band", classes="-done"):
            yield Label("DONE", id="phase-word")
            yield MutedBadge(self.muted, id="muted-badge")
        with Vertical(id="done-body"):
            title = "Workout complete. Well done." if self.complete else "Workout finished."
            yield Static(Content.styled(title, "bold"), id="done-title")
            sets = (
                f"{self.sets_done} sets completed"
                if self.complete
                else f"{self.sets_done} of {self.sets_planned} sets done"
            )
            yield Static(
                Content(f"{sets}{SEP}{duration_text(self.active_seconds)} active"),
                id="done-stats",
            )
            if self.shortfall:
                # Exercise names come from the user's routine files: Content, never markup.
                yield Static(Content(self.shortfall), id="done-short")
            summary = self.week_summary() if self.week_summary else None
            if summary and not self.complete:
                summary = f"{NOT_COUNTED.capitalize()}{SEP}{summary}"
            if summary:
                yield Static(Content(summary), id="week-summary")
            yield self.offer_widget()
            with Horizontal(id="done-buttons"):
                yield Button("Back home (⏎)", id="home", variant="primary", compact=True)
                yield Button("History (h)", id="history", compact=True)
                yield Button("Quit (q)", id="quit", compact=True)
        yield KeyBar()

    def on_unmount(self) -> None:
        release_styles_cache()  # as the workout screen does: its widgets' caches go too

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Go home or quit."""
        event.stop()
        if event.button.id == "home":
            self.action_home()
        elif event.button.id == "history":
            await self.app.run_action("history")
        else:
            self.app.exit()

    def action_home(self) -> None:
        """Back to the routine."""
        self.dismiss(None)
