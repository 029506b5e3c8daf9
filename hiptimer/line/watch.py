"""Notice that the reader of line mode's output went away, even while nothing is written.

Line mode may go a whole phase without a line, and a failed write is the only way Python
learns of a closed pipe; so a pipe is watched as well, by the event loop itself: the kernel
marks a pipe's write end in error the moment its last reader closes, so nothing ticks. A
file or ``/dev/null`` has no reader to lose; a terminal that goes away sends SIGHUP.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import stat
from collections.abc import Callable, Iterator

POLL_EVERY = 0.25
"""Seconds between looks at a pipe the loop cannot watch (one that is also readable)."""
GONE = select.POLLERR | select.POLLHUP | select.POLLNVAL
"""What poll says of an output nobody reads any more."""


def reader_gone(fd: int) -> bool:
    """Return whether nobody reads ``fd`` any more: poll reports an error or a hang-up on
    it (a pipe whose read end closed, a terminal hung up)."""
    poller = select.poll()
    try:
        # No events asked for: poll always reports errors and hang-ups, and only those.
        poller.register(fd, 0)
        ready = poller.poll(0)
    except (OSError, ValueError):  # closed under us
        return True
    return any(mask & GONE for _, mask in ready)


def is_pipe(fd: int) -> bool:
    """Return whether ``fd`` is a pipe (or a FIFO): the output that has a reader to lose."""
    try:
        return stat.S_ISFIFO(os.fstat(fd).st_mode)
    except OSError:
        return False


class ReaderWatch:
    """Calls ``on_gone`` once, on the loop, when the reader of the pipe ``fd`` goes away.

    Args:
        fd: The output.
        on_gone: What to do then (end the workout).
    """

    def __init__(self, fd: int, on_gone: Callable[[], None]) -> None:
        self.fd = fd
        self.on_gone = on_gone
        self.loop = asyncio.get_running_loop()
        self.reading = False
        self.timer: asyncio.TimerHandle | None = None

    def start(self) -> None:
        """Start watching, if ``fd`` is a pipe."""
        if is_pipe(self.fd):
            self.loop.add_reader(self.fd, self.readable)
            self.reading = True

    def stop(self) -> None:
        """Stop watching; nothing is called after this."""
        if self.reading:
            self.loop.remove_reader(self.fd)
            self.reading = False
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def poll(self) -> None:
        """Look once; look again later unless the reader is gone."""
        if reader_gone(self.fd):
            self.gone()
        else:
            self.timer = self.loop.call_later(POLL_EVERY, self.poll)

    def readable(self) -> None:
        """The loop saw the pipe change: its reader left, or it holds data to read."""
        if reader_gone(self.fd):
            self.gone()
            return
        # Readable for another reason (a FIFO opened for reading and writing): the loop
        # would call again at once, forever; look a few times a second instead.
        self.stop()
        self.poll()

    def gone(self) -> None:
        """The reader left: stop watching and say so."""
        self.stop()
        self.on_gone()


@contextlib.contextmanager
def watching_reader(fd: int, on_gone: Callable[[], None]) -> Iterator[ReaderWatch]:
    """While inside, call ``on_gone`` once, on the running loop, when the reader of ``fd``
    goes away (watched only when ``fd`` is a pipe)."""
    watch = ReaderWatch(fd, on_gone)
    watch.start()
    try:
        yield watch
    finally:
        watch.stop()
