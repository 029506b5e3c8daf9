"""Textual's Linux driver, made to let go when the terminal goes away (a closed window).

When a terminal is closed, the kernel sends the program SIGHUP and then SIGCONT, and every
write to it fails with EIO. Textual 8.2 meets both badly (seen with a closed xterm and with
``tmux kill-session``): its SIGCONT handler starts application mode again although nothing
was suspended, with a new writer thread; that thread dies on its first failed write and
leaves its queue (30 writes deep) to fill, so the app's next write, or at the latest the
driver's ``close`` putting its end marker in the queue, blocks for ever. The input thread
meanwhile reads end-of-file from the gone terminal in a busy loop. This driver resumes only
after a suspend of its own, drops what cannot be written, stops reading, and tells the app,
which then ends as on SIGHUP, keeping what was done.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
from collections.abc import Callable
from typing import IO, Any

from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

GONE_ERRNOS = frozenset({errno.EIO, errno.EPIPE, errno.ENXIO, errno.EBADF})
"""Write errors that mean the terminal is gone for good (EIO: hung up; EPIPE: the reader of
a pipe left), as opposed to one that a later write may get past."""


class TerminalOutput:
    """The file Textual's writer thread writes the screen to: passes everything through,
    and drops instead of raising what cannot be written.

    Args:
        file: The terminal (Textual writes the screen to standard error).
        on_gone: Called once, from the writing thread, when a write shows the terminal gone.
    """

    def __init__(self, file: IO[str], on_gone: Callable[[], None]) -> None:
        self._file = file
        self._on_gone = on_gone
        self.gone = False
        """Whether a write has shown the terminal gone; nothing is written after that."""

    def write(self, text: str) -> int:
        """Write ``text``, or drop it once the terminal is gone."""
        if not self.gone:
            try:
                return self._file.write(text)
            except OSError as error:
                self._failed(error)
        return len(text)

    def flush(self) -> None:
        """Flush, unless the terminal is gone."""
        if not self.gone:
            try:
                self._file.flush()
            except OSError as error:
                self._failed(error)

    def fileno(self) -> int:
        """The terminal's file descriptor."""
        return self._file.fileno()

    def isatty(self) -> bool:
        """Whether the output is a terminal."""
        return self._file.isatty()

    def _failed(self, error: OSError) -> None:
        if error.errno in GONE_ERRNOS:
            self.gone = True
            self._on_gone()
        # Anything else loses one write: better a stale frame than a writer thread that
        # dies and takes the app with it.


class TerminalDriver(LinuxDriver):
    """Textual's Linux driver, safe against a terminal that goes away."""

    class Lost(Message):
        """The terminal is gone: nothing can be shown or read any more."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert self._file is not None, "Textual draws on standard error"
        self._output = TerminalOutput(self._file, self._lost)
        # Textual's writer thread calls only write, flush, fileno and isatty on it.
        self._file = self._output  # type: ignore[assignment]
        self._suspended = False
        # Made on the event loop inside the app's context (Textual builds its driver
        # there): the report of a lost terminal must run there too.
        self._context = contextvars.copy_context()

    def _sigtstp_application(self, *args: Any) -> None:
        self._suspended = True
        super()._sigtstp_application(*args)

    def _sigcont_application(self, *args: Any) -> None:
        # A closed terminal sends SIGCONT too: resume only what a SIGTSTP suspended.
        if self._suspended and not self._output.gone:
            self._suspended = False
            super()._sigcont_application(*args)

    def _lost(self) -> None:
        """Stop reading the gone terminal and tell the app (from the writer thread)."""
        self.exit_event.set()  # the input thread ends instead of spinning on end-of-file
        # RuntimeError: the loop has closed already, and the app with it.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self._report_lost, context=self._context)

    def _report_lost(self) -> None:
        self._app.post_message(self.Lost())
