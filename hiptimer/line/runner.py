"""Line mode's runner: a whole workout on an asyncio loop, stopped cleanly by signals."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
from collections.abc import Sequence

from hiptimer.core.command import Command
from hiptimer.core.engine import Engine
from hiptimer.core.events import Event, Paused
from hiptimer.core.plan import Plan
from hiptimer.driver import Clock, Driver, Sink
from hiptimer.line.control import KeyControl, KeyOptions
from hiptimer.line.printer import LinePrinter
from hiptimer.line.watch import watching_reader


def run_plain(
    plan: Plan,
    sinks: Sequence[Sink],
    *,
    clock: Clock | None = None,
    keys: KeyOptions | None = None,
    output: LinePrinter | None = None,
) -> Engine:
    """Run a whole workout in line mode; Ctrl+C, SIGTERM and SIGHUP stop it cleanly, and
    so does the output breaking (its reader gone, a full disk).

    Args:
        plan: What to run.
        sinks: Receive every event in order (the line printer, the cue player, history).
        clock: Real time unless a test passes another.
        keys: Read single keys from this terminal; None for no keys.
        output: The printer among ``sinks``: the workout ends within a second of its
            reader leaving, or as soon as a line cannot be written.

    Returns:
        The engine, ended.
    """
    engine = Engine(plan)
    asyncio.run(drive_plain(engine, sinks, clock=clock, keys=keys, output=output))
    return engine


async def drive_plain(
    engine: Engine,
    sinks: Sequence[Sink],
    *,
    clock: Clock | None = None,
    signals: Sequence[signal.Signals] = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP),
    keys: KeyOptions | None = None,
    output: LinePrinter | None = None,
) -> None:
    """Run ``engine`` to its end on the running loop; the given signals stop it.

    With ``keys``, the terminal is in cbreak mode while the workout runs and each key
    press becomes a command (see :class:`KeyControl`); it is put back however this ends.
    With ``output``, the workout stops when its reader leaves, even between lines (see
    :mod:`hiptimer.line.watch`), or when a line cannot be written.
    """
    loop = asyncio.get_running_loop()

    def fan_out(events: Sequence[Event]) -> None:
        for sink in sinks:
            sink(events)
        # With no keys to press, after a clock jump (the machine slept) the engine pauses
        # and says so, then the workout carries on from where it was. With keys, it waits
        # for space, as the full-screen app does.
        if keys is None and any(isinstance(e, Paused) and e.reason for e in events):
            loop.call_soon(driver.send, Command.RESUME)

    driver = Driver(engine, fan_out, clock)

    def stop_soon() -> None:
        # The failed write is inside a sink, inside the driver: stop after it.
        loop.call_soon(driver.send, Command.STOP)

    def output_gone() -> None:
        assert output is not None
        output.fail(BrokenPipeError(errno.EPIPE, "the reader went away"))

    for signum in signals:
        loop.add_signal_handler(signum, driver.send, Command.STOP)
    try:
        with contextlib.ExitStack() as stack:
            if output is not None:
                output.on_broken = stop_soon
                fd = output.fileno()
                if fd is not None:
                    stack.enter_context(watching_reader(fd, output_gone))
            if keys is not None:
                from hiptimer.line.terminal import reading_keys

                control = KeyControl(driver, keys.printer, keys.toggle_mute)
                stack.enter_context(reading_keys(keys.fd, control.press))
                control.announce()
            await driver.run()
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)
        if output is not None:
            output.on_broken = None
