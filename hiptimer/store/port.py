"""The history as the app's port: opened once, lazily, in the thread that uses it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hiptimer.core.ports import EventSink, Notify

if TYPE_CHECKING:
    from hiptimer.core.plan import Plan
    from hiptimer.core.records import Overview
    from hiptimer.store.sessions import History


class HistoryService:
    """``history.sqlite3`` behind the :class:`hiptimer.core.ports.HistoryPort` port.

    SQLite connections stay in the thread that made them: the history is opened on first
    use by the thread that uses it (the app's), and closed by :meth:`close`.

    Args:
        path: The history database.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._history: History | None = None
        self._opened = False
        self._notify: Notify | None = None

    def _open(self) -> History | None:
        if not self._opened:
            from hiptimer.store.sessions import open_history

            self._opened = True
            self._history, problems = open_history(self.path)
            for problem in problems:
                if self._notify is not None:
                    self._notify(problem)
        return self._history

    def open_soon(self, notify: Notify) -> None:
        """Open the history now (called once the first frame is up)."""
        self._notify = notify
        self._open()

    def recorder(self, plan: Plan, notify: Notify) -> EventSink | None:
        """A recorder for one workout, or None when the history could not be opened."""
        self._notify = self._notify or notify
        history = self._open()
        if history is None:
            return None
        from hiptimer.store.recorder import Recorder

        return Recorder(history, plan, notify=notify)

    def week_summary(self, goal: int) -> str | None:
        """Where this week stands against the goal, or None without a history."""
        history = self._open()
        return None if history is None else history.week_stats(goal).progress_text()

    def overview(self, goal: int) -> Overview | None:
        """The History screen's figures, read in one go."""
        from hiptimer.store.sessions import load_overview

        return load_overview(self.path, goal)

    def close(self) -> None:
        """Close the database if it was opened."""
        if self._history is not None:
            self._history.close()
            self._history = None
