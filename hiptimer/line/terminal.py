"""Single key presses from a terminal, for line mode: which terminal, cbreak mode, reading.

The terminal is put in cbreak mode (no echo, no line editing, signals kept, so Ctrl+C still
interrupts) only while keys are read, and put back exactly as it was on the way out.
Keys are read on the asyncio loop with ``add_reader``: no thread, no polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from hiptimer.line.decoder import KeyDecoder

try:  # POSIX only; elsewhere line mode takes no keys
    import termios
    import tty
except ImportError:  # pragma: no cover - Windows
    termios = None  # type: ignore[assignment]
    tty = None  # type: ignore[assignment]


def key_terminal(stream: TextIO | None) -> int | None:
    """Return the file descriptor to read keys from, or None for no keys.

    Keys are read only when ``stream`` is a terminal and this process is in its foreground
    (``hiptimer --plain &`` must not stop itself by touching the terminal).
    """
    if termios is None or stream is None:
        return None
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # closed, or replaced by a test harness
        return None
    try:
        if not os.isatty(fd) or os.tcgetpgrp(fd) != os.getpgrp():
            return None
    except OSError:
        return None
    return fd


def set_cbreak(fd: int) -> None:
    """Put the terminal ``fd`` in cbreak mode (the standard library's ``tty.setcbreak``):
    each key is read as it is pressed and not echoed; ISIG stays, so Ctrl+C still interrupts.
    """
    assert termios is not None and tty is not None
    # TCSAFLUSH drops keys typed but not read, so none are taken as commands.
    with contextlib.suppress(termios.error, OSError):  # the terminal may be gone (SIGHUP)
        tty.setcbreak(fd, termios.TCSAFLUSH)


def _restore(fd: int, mode: list[Any]) -> None:
    assert termios is not None
    # TCSAFLUSH drops keys typed but not read, so none leak into the shell afterwards.
    with contextlib.suppress(termios.error, OSError):  # the terminal may be gone (SIGHUP)
        termios.tcsetattr(fd, termios.TCSAFLUSH, mode)


class KeyReader:
    """Reads keys from ``fd`` when the loop says it is readable, and hands each on.

    Args:
        fd: The terminal.
        on_key: Called with each key name, on the loop.
    """

    def __init__(self, fd: int, on_key: Callable[[str], None]) -> None:
        self.fd = fd
        self.on_key = on_key
        self.decoder = KeyDecoder()
        self.closed = False

    def ready(self) -> None:
        """Read what is there (never blocks: the loop saw it readable) and decode it."""
        try:
            data = os.read(self.fd, 1024)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:  # the terminal went away
            data = b""
        if not data:
            self.closed = True
            asyncio.get_running_loop().remove_reader(self.fd)
            return
        for key in self.decoder.feed(data):
            self.on_key(key)


@contextlib.contextmanager
def reading_keys(fd: int, on_key: Callable[[str], None]) -> Iterator[KeyReader]:
    """Read single keys from the terminal ``fd`` on the running loop while inside.

    The terminal is in cbreak mode inside and as it was before on every way out (the block
    ending, an exception, a signal handled by the loop). Ctrl+Z puts it back while the
    process is stopped and cbreak mode returns on ``fg``.
    """
    assert termios is not None
    loop = asyncio.get_running_loop()
    saved = termios.tcgetattr(fd)
    reader = KeyReader(fd, on_key)
    handled: list[signal.Signals] = []

    def suspend() -> None:
        # The shell gets its terminal back as it was; SIGSTOP cannot be caught, so the
        # process stops here and the loop carries on from this line after ``fg``.
        _restore(fd, saved)
        os.kill(os.getpid(), signal.SIGSTOP)

    def resumed() -> None:
        with contextlib.suppress(termios.error, OSError):
            if os.tcgetpgrp(fd) == os.getpgrp():  # back in the foreground
                set_cbreak(fd)

    try:
        set_cbreak(fd)
        loop.add_reader(fd, reader.ready)
        for signum, handler in ((signal.SIGTSTP, suspend), (signal.SIGCONT, resumed)):
            if signal.getsignal(signum) is signal.SIG_IGN:
                continue  # no job control here (Ctrl+Z is ignored): leave it so
            loop.add_signal_handler(signum, handler)
            handled.append(signum)
        yield reader
    finally:
        for signum in handled:
            loop.remove_signal_handler(signum)
        if not reader.closed:
            loop.remove_reader(fd)
        _restore(fd, saved)
