"""The done screen: what was done, how the week stands, and where to go next."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label, Static

from hiptimer.core.wording import duration_text
from hiptimer.ui.controls import release_styles_cache
from hiptimer.ui.screens.keyed import KeyedScreen
from hiptimer.ui.widgets.keybar import KeyBar


class DoneScreen(KeyedScreen):
    """Shown when a workout runs to its end.

    Args:
        sets_done: Sets done in full.
        sets_planned: Sets in the plan.
        active_seconds: The workout clock at the end (pauses excluded).
        week_summary: Returns a line about the week (``2nd of 3 this week``), or None.
    """

    CSS_PATH = "done.tcss"
    """Read when the screen first opens, not at start-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "home", "Home", id="home", tooltip="Back to the routine"),
        Binding("h", "app.history", "History", id="history", tooltip="Past sessions and weeks"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        sets_done: int,
        sets_planned: int,
        active_seconds: float,
        week_summary: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__(classes="-done")
        self.sets_done = sets_done
        self.sets_planned = sets_planned
        self.active_seconds = active_seconds
        self.week_summary = week_summary

    def compose(self) -> ComposeResult:
        with Horizontal(id="band", classes="-done"):
            yield Label("DONE", id="phase-word")
            yield Label("MUTED", id="muted-badge")
        with Vertical(id="done-body"):
            yield Static(Content.styled("Workout complete. Well done.", "bold"), id="done-title")
            sets = (
                f"{self.sets_done} sets"
                if self.sets_done == self.sets_planned
                else f"{self.sets_done} of {self.sets_planned} sets"
            )
            yield Static(
                Content(f"{sets} completed · {duration_text(self.active_seconds)} active"),
                id="done-stats",
            )
            summary = self.week_summary() if self.week_summary else None
            if summary:
                yield Static(Content(summary), id="week-summary")
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
