"""Line mode's printer: the sink that writes one flushed line per printable event."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from hiptimer.core.events import Event, Finished, Paused, PhaseStarted, Reset, Resumed
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
        offers: Called once after the closing line of a workout run to its end: the words
            of one more line each (the offers to move up, ``OFFER ...``).

    Once a line cannot be written (the reader went away, the disk is full) nothing more is
    written: :attr:`failure` says why, and :attr:`on_broken` is called once, so whoever
    runs the workout can end it.
    """

    def __init__(
        self,
        plan: Plan,
        out: TextIO,
        summary: Callable[[], str | None] | None = None,
        *,
        keys: bool = False,
        offers: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        self.plan = plan
        self.out = out
        self.summary = summary
        self.keys = keys
        self.offers = offers
        self.failure: OSError | None = None
        """Why the output could not be written; None while it can."""
        self.on_broken: Callable[[], None] | None = None
        """Called once, from inside the write that failed, when the output breaks."""
        self.paused = False

    def __call__(self, events: Sequence[Event]) -> None:
        # A reset's RESET line says the set starts again: no WORK line for it as well.
        again = {event.index for event in events if isinstance(event, Reset)}
        for event in events:
            if isinstance(event, PhaseStarted) and event.index in again:
                continue
            extra = self.summary() if isinstance(event, Finished) and self.summary else None
            line = format_event(event, self.plan, extra)
            if isinstance(event, Paused | Resumed):
                self.paused = isinstance(event, Paused)
            if line is not None and self.keys:
                if isinstance(event, Paused):
                    line += f"{SEP if event.reason else ' '}press space to resume"
                elif isinstance(event, PhaseStarted | Reset) and self.paused:
                    line += f"{SEP}paused"
            if line is not None:
                self.write(line)
            if isinstance(event, Finished) and event.completed and self.offers is not None:
                for words in self.offers():
                    self.say(event.clock, words)

    def say(self, clock: float, words: str) -> None:
        """Write a line of our own (not an event's), shaped like the others."""
        self.write(f"{clock_text(clock)} {words}")

    @property
    def broken(self) -> bool:
        """Whether the output can no longer be written."""
        return self.failure is not None

    def fileno(self) -> int | None:
        """The descriptor lines go to, to watch for its reader leaving; None for none."""
        try:
            return self.out.fileno()
        except (AttributeError, OSError, ValueError):  # an in-memory stream, or closed
            return None

    def fail(self, error: OSError) -> None:
        """Stop writing: the output broke (a reader that left is found before a write too)."""
        if self.failure is not None:
            return
        self.failure = error
        if self.on_broken is not None:
            self.on_broken()

    def write(self, line: str) -> None:
        """Write and flush one line, escaped (it carries names and cues from the user's
        files); stop writing once the output broke."""
        if self.failure is not None:
            return
        try:
            self.out.write(escape(line) + "\n")
            self.out.flush()
        except OSError as error:  # the reader went away (``| head``), a full disk
            self.fail(error)
