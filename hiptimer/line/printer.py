"""Line mode's printer: the sink that writes one flushed line per printable event."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from hiptimer.core.engine import Event, Finished, Paused, PhaseStarted, Resumed
from hiptimer.core.plan import Plan
from hiptimer.core.text import escape
from hiptimer.core.wording import SEP, clock_text
from hiptimer.line.text import format_event


class LinePrinter:
    """A sink that writes one flushed line per printable event.

    Args:
        plan: The plan being run.
        out: Where lines go.
        summary: Called once at the end for extra words on the closing line.
        keys: Keys work (line mode reads a terminal): a pause line says how to resume, and
            a phase entered while paused says it is paused.
    """

    def __init__(
        self,
        plan: Plan,
        out: TextIO,
        summary: Callable[[], str | None] | None = None,
        *,
        keys: bool = False,
    ) -> None:
        self.plan = plan
        self.out = out
        self.summary = summary
        self.keys = keys
        self.broken = False
        self.paused = False

    def __call__(self, events: Sequence[Event]) -> None:
        for event in events:
            extra = self.summary() if isinstance(event, Finished) and self.summary else None
            line = format_event(event, self.plan, extra)
            if isinstance(event, Paused | Resumed):
                self.paused = isinstance(event, Paused)
            if line is not None and self.keys:
                if isinstance(event, Paused):
                    line += f"{SEP if event.reason else ' '}press space to resume"
                elif isinstance(event, PhaseStarted) and self.paused:
                    line += f"{SEP}paused"
            if line is not None:
                self.write(line)

    def say(self, clock: float, words: str) -> None:
        """Write a line of our own (not an event's), shaped like the others."""
        self.write(f"{clock_text(clock)} {words}")

    def write(self, line: str) -> None:
        """Write and flush one line, escaped (it carries names and cues from the user's
        files); stop writing once the reader has gone."""
        if self.broken:
            return
        try:
            self.out.write(escape(line) + "\n")
            self.out.flush()
        except BrokenPipeError:
            # The reader went away (``| head``); the workout itself is still recorded.
            self.broken = True
