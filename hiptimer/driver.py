"""The async shell around the engine: sleep until its next deadline, feed it the clock.

The full-screen app and the line mode both run a workout through :class:`Driver`, so
there is one timing path. The driver does not tick: it wakes at the engine's next
deadline (or when a command arrives), never on a fixed interval.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from hiptimer.core.command import Command
from hiptimer.core.engine import Engine
from hiptimer.core.events import Event

LANDING = 0.02
"""Seconds before a deadline at which a long wait hands over to a short, precise one."""
SETTLE = 0.003
"""The last seconds before a deadline, slept without the event loop (at most this long,
about once a second)."""

Sink = Callable[[Sequence[Event]], None]
"""Receives the events of one engine call, in order. Must not block."""


class Clock(Protocol):
    """Where the driver gets the time and how it waits for it."""

    def now(self) -> float:
        """Return monotonic seconds."""
        ...

    async def wait_until(self, deadline: float | None, wake: asyncio.Event) -> None:
        """Return at ``deadline`` (None: never), as soon as ``wake`` is set, or earlier:
        the driver asks again when it wakes before a deadline."""
        ...

    def release(self) -> None:
        """Say that a driver has finished and will not wait again."""
        ...


class MonotonicClock:
    """The real clock. Waits with the event loop's own timer, which runs on the same
    monotonic clock, so the wake-up lands on the deadline rather than after a rounded
    sleep."""

    def now(self) -> float:
        """Return ``time.monotonic()``."""
        return time.monotonic()

    async def wait_until(self, deadline: float | None, wake: asyncio.Event) -> None:
        """Wait for ``deadline`` or ``wake``."""
        loop = asyncio.get_running_loop()
        handle = None
        if deadline is not None:
            remaining = deadline - self.now()
            if remaining <= SETTLE:
                # The last couple of milliseconds: a plain sleep lands within ~0.1 ms, where
                # the event loop's timer can be a whole millisecond late (epoll rounds up to
                # milliseconds, and asyncio's float rounding sometimes adds another).
                if remaining > 0:
                    time.sleep(remaining)
                return
            # Linux lets a long wait overrun by 0.1 % of its length (a millisecond per
            # second): wait for most of it and return early; the driver asks again, and the
            # shorter waits that follow are precise.
            remaining -= LANDING if remaining > 2 * LANDING else SETTLE
            # loop.time() is time.monotonic() for asyncio's loops; translate anyway in case
            # a loop uses another base.
            handle = loop.call_at(loop.time() + remaining, wake.set)
        try:
            await wake.wait()
        finally:
            if handle is not None:
                handle.cancel()

    def release(self) -> None:
        """Nothing to do for real time."""


class Driver:
    """Runs one engine against a clock and hands its events to a sink.

    Args:
        engine: The workout's state machine.
        sink: Receives events as they happen.
        clock: Real or fake time.
    """

    def __init__(self, engine: Engine, sink: Sink, clock: Clock | None = None) -> None:
        self.engine = engine
        self.sink = sink
        self.clock: Clock = clock or MonotonicClock()
        self._wake = asyncio.Event()

    def send(self, command: Command, **kwargs: float) -> bool:
        """Carry out a command now. Returns False (and changes nothing) when the engine's
        state does not allow it."""
        if not self.engine.can(command):
            return False
        method: Callable[..., list[Event]] = getattr(self.engine, command.value)
        events = method(self.clock.now(), **kwargs)
        if events:
            self.sink(events)
        self._wake.set()
        return True

    def toggle_pause(self) -> bool:
        """Pause when running, resume when paused."""
        command = Command.RESUME if self.engine.can(Command.RESUME) else Command.PAUSE
        return self.send(command)

    async def run(self) -> None:
        """Start the workout (unless started already) and run it to its end."""
        if self.engine.can(Command.START):
            self.send(Command.START)
        try:
            while not self.engine.ended:
                events = self.engine.advance(self.clock.now())
                if events:
                    self.sink(events)
                if self.engine.ended:
                    break
                self._wake.clear()
                await self.clock.wait_until(self.engine.next_deadline, self._wake)
        finally:
            self.clock.release()
