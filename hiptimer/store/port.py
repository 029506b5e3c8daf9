"""The history as the app's port: a writer thread owns it, so the event loop never waits."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hiptimer.core.ports import EventSink, Notify

if TYPE_CHECKING:
    from hiptimer.core.plan import Plan
    from hiptimer.core.progression import ExerciseSession
    from hiptimer.core.records import Overview
    from hiptimer.core.rhythm import WeekStatus
    from hiptimer.core.trends import Trends
    from hiptimer.store.writer import HistoryWriter

WEEK_WAIT = 0.5
"""Seconds the done screen waits for the week's count (the writes before it land first)."""
READ_WAIT = 2.0
"""Seconds the offers to move up wait for the history (read in a thread, so nothing waits
on them; a lock held longer only means no offer this time)."""
EXIT_WAIT = 1.0
"""Seconds the process waits, at its end, for rows still queued; the rest go to the journal."""


class HistoryService:
    """``history.sqlite3`` behind the :class:`hiptimer.core.ports.HistoryPort` port.

    The history's writer (:class:`hiptimer.store.writer.HistoryWriter`) is started on first
    use; its own thread opens the file and owns the connection, so neither the file nor
    another program's lock on it ever holds up the event loop.

    Args:
        path: The history database.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: HistoryWriter | None = None
        self._notify: Notify | None = None

    def _started(self) -> HistoryWriter:
        if self._writer is None:
            from hiptimer.store.writer import HistoryWriter

            self._writer = HistoryWriter(self.path, notify=self._notify).start()
        return self._writer

    @property
    def enabled(self) -> bool:
        """This run keeps a history."""
        return True

    def open_soon(self, notify: Notify) -> None:
        """Start the writer (it opens the history in its thread); ``notify`` must be safe to
        call from that thread."""
        self._notify = notify
        self._started()

    def recorder(self, plan: Plan, notify: Notify) -> EventSink | None:
        """A recorder for one workout; its writes are queued to the writer."""
        from hiptimer.store.recorder import Recorder

        return Recorder(self._started(), plan)

    def week_summary(self, goal: int) -> str | None:
        """Where this week stands against the goal, read after the writes before it; None
        when the history is busy for longer than :data:`WEEK_WAIT`."""
        return self._started().read(lambda h: h.week_stats(goal).progress_text(), WEEK_WAIT)

    def overview(self, goal: int) -> Overview | None:
        """The History screen's figures, read in one go."""
        from hiptimer.store.sessions import load_overview

        return load_overview(self.path, goal)

    def attempts(self) -> Sequence[ExerciseSession] | None:
        """Each exercise's recent attempts, read after the writes before it (the session just
        finished counts); None when the history is busy for longer than :data:`READ_WAIT`."""
        from hiptimer.store.progress import recent_attempts

        return self._started().read(lambda h: recent_attempts(h.conn), READ_WAIT)

    def week_status(self, goal: int) -> WeekStatus | None:
        """The week's line for home, read after the writes before it (the session just
        finished counts); None when the history is busy for longer than :data:`READ_WAIT`
        or holds a value hiptimer does not write."""
        from hiptimer.store.progress import read_week_or_none

        return self._started().read(lambda h: read_week_or_none(h.conn, goal), READ_WAIT)

    async def trends(self) -> Trends:
        """The exercise charts' weeks, read in a thread of their own (a long history or
        another program's lock never holds up the event loop)."""
        from hiptimer.store.trends import load_trends

        return await asyncio.to_thread(load_trends, self.path)

    def close(self) -> None:
        """Wait a bounded time for queued rows; the rest wait in the journal."""
        if self._writer is not None:
            self._writer.close(EXIT_WAIT)
