"""The week's line on home (``hips 1/3 this week · streak 4 wk · next: today``), as the app
keeps it: read from the history off the event loop at start, after each workout and when the
weekly goal changes."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from hiptimer.ui.screens.home import HomeScreen

if TYPE_CHECKING:
    from textual.worker import Worker

    from hiptimer.core.rhythm import WeekStatus
    from hiptimer.ui.app import HipTimerApp


class WeekKeeper:
    """The app's line about the week, shown on home.

    Args:
        app: The app: its history port, its settings, its screens.
    """

    def __init__(self, app: HipTimerApp) -> None:
        self.app = app
        self.status: WeekStatus | None = None
        """The week as last read; None until a read succeeds (the row stays empty)."""
        self.goal: int | None = None
        """The weekly goal of the last read asked for."""

    def load(self) -> Worker[None] | None:
        """Read the week in a thread (the history may be busy), then show it on home.

        Returns:
            The worker that reads it; None with history off (home has no week line).
        """
        if not self.app.history.enabled:
            return None
        self.goal = self.app.settings.weekly_goal
        # The function, not a coroutine: a worker cancelled before it starts (the app ends
        # right after its first frame) then leaves no coroutine that was never awaited.
        return self.app.run_worker(partial(self._load, self.goal), group="week", exclusive=True)

    def follow_settings(self) -> None:
        """Read again when the weekly goal changed (the count, streak and due day follow it)."""
        if self.app.settings.weekly_goal != self.goal:
            self.load()

    async def _load(self, goal: int) -> None:
        status = await asyncio.to_thread(self.app.history.week_status, goal)
        # Busy or unreadable: the line read before stays (a lock is no news about the week).
        if status is not None:
            self.status = status
        for screen in self.app.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_week(self.status)
