"""Where every command's words go: stdout and stderr made safe to write to (closed, full, a
pipe whose reader left, an encoding without ``·``), and one clear line when they fail."""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hiptimer.core.text import escape

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

EXIT_FAILED = 1
"""The output could not be written (a full disk, stdout closed, an I/O error)."""
EXIT_PIPE = 141
"""The reader of the output went away (``| head``): 128 + SIGPIPE, the status a program
stopped by that signal has, so ``set -o pipefail`` sees the same as for any other tool."""
EXIT_INTERRUPTED = 130
"""Ctrl+C ended the command: 128 + SIGINT, as the shell reports a program that signal ended."""

FALLBACK_ERRORS = "hiptimer-fallback"
"""The codec error handler for text an encoding cannot carry (``PYTHONIOENCODING=ascii``)."""
FALLBACKS: dict[str, str] = {
    "·": "-",
    "…": "...",
    "→": "->",
    "←": "<-",
    "×": "x",
    "–": "-",
    "—": "-",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "✓": "ok",
    "✗": "x",
    "\u00a0": " ",
}
"""What the characters hiptimer writes itself become where the encoding lacks them; any
other character becomes ``?``."""


def fallback_text(text: str) -> str:
    """Return ``text`` with every character replaced as :data:`FALLBACKS` says (``?`` for
    the rest): what an encoding without them is given instead."""
    return "".join(FALLBACKS.get(char, "?") for char in text)


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return fallback_text(error.object[error.start : error.end]), error.end


codecs.register_error(FALLBACK_ERRORS, _fallback)


@dataclass(frozen=True, slots=True)
class Streams:
    """What :func:`prepare_streams` found when the program started."""

    stdout_closed: bool = False
    """File descriptor 1 was closed (``>&-``)."""
    stderr_closed: bool = False
    """File descriptor 2 was closed (``2>&-``): notices go nowhere, never into stdout."""


def prepare_streams() -> Streams:
    """Make the standard streams safe to use; call once, first thing.

    A closed descriptor 0, 1 or 2 gets ``/dev/null`` in its place, so no file opened later
    (the history, a settings file) takes its number and receives stray output. Text the
    encoding cannot carry is written with :data:`FALLBACKS` rather than failing.
    """
    closed = {fd: _reopen_if_closed(fd) for fd in (0, 1, 2)}
    # Python leaves a stream None when its descriptor was closed as it started.
    stdout_closed = closed[1] or sys.stdout is None
    stderr_closed = closed[2] or sys.stderr is None
    if stdout_closed:
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    elif sys.stdout is sys.__stdout__ and isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout = _marked_stdout(sys.stdout)  # not a test's capture: the real one
    if stderr_closed:
        # Nothing is said there, and notices must not land in stdout either: no stream.
        sys.stderr = None
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=FALLBACK_ERRORS)
    return Streams(stdout_closed=stdout_closed, stderr_closed=stderr_closed)


class OutputError(OSError):
    """Writing the command's output to stdout failed (``errno`` says how: ``EPIPE`` when
    its reader went away)."""


class _StdoutFile(io.FileIO):
    """Descriptor 1, whose failed writes say they were the output's, so that a command's
    other errors (a file it reads) are never taken for them."""

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except (BlockingIOError, InterruptedError):  # the buffer above retries these
            raise
        except OSError as error:
            raise OutputError(error.errno, error.strerror) from error


def _marked_stdout(old: io.TextIOWrapper) -> io.TextIOWrapper:
    """A stdout like ``old`` (encoding, line buffering) that raises :class:`OutputError`."""
    old.flush()
    raw = _StdoutFile(1, "w", closefd=False)
    # ``python -u`` (PYTHONUNBUFFERED) leaves stdout without a buffer: keep it so.
    unbuffered = isinstance(old.buffer, io.RawIOBase)
    return io.TextIOWrapper(
        raw if unbuffered else io.BufferedWriter(raw),
        encoding=old.encoding,
        errors=FALLBACK_ERRORS,
        line_buffering=old.line_buffering,
        write_through=old.write_through,
    )


def _reopen_if_closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        pass
    else:
        return False
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)
    return True


def warn(message: str) -> None:
    """Print a notice on stderr, prefixed with the program name; escaped line by line, as it
    may quote a file, a file name or a history row. Never raises: a notice that cannot be
    written (stderr closed or full) is dropped, and never lands in stdout."""
    lines = "\n".join(escape(line) for line in message.split("\n"))
    _write(sys.stderr, f"hiptimer: {lines}\n")


def fail(message: str, prog: str = "hiptimer") -> None:
    """Say why the command failed, on stderr; on stdout when stderr is closed, as the one
    stream left to say it on. Never raises."""
    line = f"{escape(prog)}: {escape(message)}\n"
    if not _write(sys.stderr, line):
        _write(sys.stdout, line)


def _write(stream: object, text: str) -> bool:
    if not isinstance(stream, io.TextIOBase):
        return False
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):  # closed, full, or gone
        return False
    return True


def stdout_is_terminal() -> bool:
    """Return whether stdout is a terminal (the full-screen app needs one)."""
    try:
        return os.isatty(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # replaced by a test harness, or closed
        return False


def silence_stdout() -> None:
    """Point descriptor 1 at ``/dev/null``, so the interpreter's own flush at exit has
    somewhere to put what could not be written, and says nothing."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:  # nothing more can be done about it
        pass


def run_guarded(command: Callable[[], int], streams: Streams) -> int:
    """Run a command and flush its output; a failure to write ends in one line, never a
    traceback.

    Args:
        command: Does the work; returns the exit status.
        streams: What :func:`prepare_streams` found.

    Returns:
        The command's status; :data:`EXIT_PIPE` when the reader went away (said nowhere:
        the reader left on purpose); :data:`EXIT_FAILED` when stdout is closed or cannot be
        written, said on stderr; :data:`EXIT_INTERRUPTED` for Ctrl+C (said nowhere: the user
        pressed it on purpose).
    """
    if streams.stdout_closed:
        fail("stdout is closed: there is nowhere to write the output")
        return EXIT_FAILED
    try:
        try:
            code = command()
        finally:  # also when argparse exits (``--help | head -1``)
            sys.stdout.flush()
    except KeyboardInterrupt:
        # Ctrl+C while a command waits (for stdin, another program's lock, a slow disk). A
        # workout takes Ctrl+C itself and never gets here.
        return EXIT_INTERRUPTED
    except OutputError as error:
        silence_stdout()
        if error.errno == errno.EPIPE:
            return EXIT_PIPE
        fail(f"cannot write the output: {describe_error(error)}")
        return EXIT_FAILED
    return code


def describe_error(error: OSError) -> str:
    """Say what went wrong with a write in words (``No space left on device``)."""
    if error.errno is not None:
        if error.errno == errno.EPIPE:
            return "the reader went away"
        return os.strerror(error.errno)
    return str(error)
