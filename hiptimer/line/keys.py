"""Single key presses from a terminal, for line mode: cbreak mode, arrow keys decoded.

The terminal is put in cbreak mode (no echo, no line editing, signals kept, so Ctrl+C still
interrupts) only while keys are read, and put back exactly as it was on the way out.
Keys are read on the asyncio loop with ``add_reader``: no thread, no polling.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any, TextIO

try:  # POSIX only; elsewhere line mode takes no keys
    import termios
except ImportError:  # pragma: no cover - Windows
    termios = None  # type: ignore[assignment]

ESC = "\x1b"
ARROWS = {"A": "up", "B": "down", "C": "right", "D": "left", "H": "home", "F": "end"}
"""Final characters of ``ESC [ …`` and ``ESC O …`` sequences, by key name."""
MAX_SEQUENCE = 32
"""An escape sequence longer than this without its final character is dropped as garbage."""


class KeyDecoder:
    """Turns the bytes a terminal sends into key names.

    A printable key is its own character (``"n"``, ``" "``, ``"+"``); the arrows are
    ``"right"``, ``"left"``, ``"up"`` and ``"down"`` (with or without modifiers, in both the
    ``ESC [`` and the ``ESC O`` form); Escape followed by an ordinary key is ``"escape"``;
    other escape sequences (function keys, mouse) are dropped. Bytes may arrive split
    anywhere, even inside a UTF-8 character or an escape sequence.
    """

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""

    def feed(self, data: bytes) -> list[str]:
        """Return the keys completed by ``data``; an unfinished sequence waits for more."""
        text = self._pending + self._utf8.decode(data)
        keys: list[str] = []
        i = 0
        while i < len(text):
            if text[i] != ESC:
                keys.append(text[i])
                i += 1
                continue
            if i + 1 == len(text):
                break  # a lone ESC so far: the rest of a sequence may follow
            intro = text[i + 1]
            if intro not in "[O":
                keys.append("escape")
                i += 1
                continue
            end = _sequence_end(text, i + 2, intro)
            if end is None:
                if len(text) - i > MAX_SEQUENCE:
                    i = len(text)  # garbage: drop it
                break
            if end < 0:  # not a sequence after all
                keys.append("escape")
                i += 1
                continue
            name = ARROWS.get(text[end])
            if name is not None:
                keys.append(name)
            i = end + 1
        self._pending = text[i:]
        return keys


def _sequence_end(text: str, start: int, intro: str) -> int | None:
    """Index of the final character of the sequence whose body starts at ``start``; None
    when it is not complete yet, -1 when the characters cannot be a sequence."""
    if intro == "O":  # SS3: exactly one final character
        if start >= len(text):
            return None
        return start if "\x40" <= text[start] <= "\x7e" else -1
    for j in range(start, len(text)):
        char = text[j]
        if "\x40" <= char <= "\x7e":
            return j
        if not "\x20" <= char <= "\x3f":  # neither a parameter nor an intermediate byte
            return -1
    return None


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


def cbreak_mode(mode: list[Any]) -> list[Any]:
    """Return a copy of the ``termios.tcgetattr`` list ``mode`` in cbreak mode: each key
    is read as it is pressed and not echoed; ISIG stays, so Ctrl+C still interrupts."""
    assert termios is not None
    new = [*mode[:6], list(mode[6])]
    new[3] &= ~(termios.ECHO | termios.ICANON)
    new[6][termios.VMIN] = 1
    new[6][termios.VTIME] = 0
    return new


def _set(fd: int, mode: list[Any]) -> None:
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
        _set(fd, saved)
        os.kill(os.getpid(), signal.SIGSTOP)

    def resumed() -> None:
        with contextlib.suppress(termios.error, OSError):
            if os.tcgetpgrp(fd) == os.getpgrp():  # back in the foreground
                _set(fd, cbreak_mode(saved))

    try:
        _set(fd, cbreak_mode(saved))
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
        _set(fd, saved)
