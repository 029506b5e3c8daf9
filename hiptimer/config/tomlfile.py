"""Reading the user's TOML files without ever failing, and writing them atomically."""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from hiptimer.core.settings import kind_of
from hiptimer.core.text import escape, why_bad_text

if TYPE_CHECKING:
    from tomlkit.toml_document import TOMLDocument


MAX_FILE_BYTES = 1_000_000
"""Larger files are refused unread: a settings or routine file is a few hundred bytes."""
MAX_PROBLEMS_PER_FILE = 10
"""More problems than this in one file are summed up in one last line."""
_POSITION = re.compile(r"\s*at line \d+ col(?:umn)? \d+\s*$")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in one of the user's files, said so a person can fix it."""

    path: Path
    reason: str
    where: str = ""
    """``line 3, column 7`` or ``key 'work'``; empty when it concerns the whole file."""

    def __str__(self) -> str:
        # Escaped: the path may be a hostile file name, the reason may quote the file.
        if self.where:
            return escape(f"{self.path}: {self.where}: {self.reason}")
        return escape(f"{self.path}: {self.reason}")


class ReadResult(NamedTuple):
    """A parsed document, or None and the problem that stopped it."""

    document: TOMLDocument | None
    problem: Problem | None


def shown(text: object, limit: int = 60) -> str:
    """Quote user text for a message: control characters escaped, long text shortened."""
    value = str(text)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return repr(value)


def key_where(key: str) -> str:
    """Return the ``where`` of a problem about one key."""
    return f"key {shown(key)}"


def read_toml(path: Path) -> ReadResult:
    """Read and parse a TOML file; every failure becomes a :class:`Problem`.

    A UTF-8 byte order mark is accepted (some editors write one). The file is opened
    read-only and never changed.

    Args:
        path: The file.

    Returns:
        The document, or the reason it could not be had.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ReadResult(
                None,
                Problem(
                    path,
                    f"the file is too large ({size / 1_000_000:.1f} MB; "
                    f"the limit is {MAX_FILE_BYTES // 1_000_000} MB), so it was not read",
                ),
            )
        data = path.read_bytes()
    except OSError as error:
        return ReadResult(None, Problem(path, f"could not be read: {error.strerror or error}"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return ReadResult(
            None,
            Problem(
                path,
                f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
                "is it a binary file?",
            ),
        )
    import tomlkit  # here: a run with no settings file never loads it

    try:
        document = tomlkit.parse(text)
    except Exception as error:  # tomlkit raises several kinds; any of them means "not TOML"
        line = getattr(error, "line", None)
        col = getattr(error, "col", None)
        message = _plain_message(_POSITION.sub("", str(error)) or type(error).__name__)
        # tomlkit counts columns from 0; editors count from 1.
        where = f"line {line}, column {col + 1}" if line is not None and col is not None else ""
        return ReadResult(None, Problem(path, f"not valid TOML: {message}", where))
    return ReadResult(document, None)


def _plain_message(message: str) -> str:
    """Say tomlkit's most puzzling messages in words a person editing the file follows."""
    if "\\u000a" in message or "\\u000d" in message:
        return "text in quotes runs past the end of the line (a closing quote missing?)"
    return message.replace("'\\n'", "end of line").replace("'\\r'", "end of line")


def nearest(key: str, known: Iterable[str]) -> str | None:
    """Return the known key closest to a misspelt one, if any is close enough."""
    matches = difflib.get_close_matches(key.replace("-", "_").lower(), list(known), n=1)
    return matches[0] if matches else None


def unknown_key(path: Path, key: str, known: Sequence[str], prefix: str = "") -> Problem:
    """Return the problem for a key that is not part of the format."""
    guess = nearest(key, known)
    hint = f"; did you mean {guess!r}?" if guess else f"; known keys: {', '.join(known)}"
    return Problem(path, "unknown key, ignored" + hint, key_where(prefix + key))


def check_bool(value: Any) -> str | None:
    """Return why ``value`` is not ``true`` or ``false``, or None."""
    if isinstance(value, bool):
        return None
    return f"must be true or false, not {kind_of(value)}"


def check_text(value: Any, limit: int, *, empty_ok: bool = False) -> str | None:
    """Return why ``value`` is not one line of plain text of at most ``limit`` characters
    (the rule of :func:`hiptimer.core.text.why_bad_text`)."""
    if not isinstance(value, str):
        return f"must be text in quotes, not {kind_of(value)}"
    return why_bad_text(value, limit, empty_ok=empty_ok)


def limit_problems(problems: list[Problem]) -> list[Problem]:
    """Cap one file's problems so a broken file cannot flood the screen."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    kept = problems[: MAX_PROBLEMS_PER_FILE - 1]
    rest = len(problems) - len(kept)
    return [*kept, Problem(problems[0].path, f"and {rest} more problems")]


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so a reader sees the old file or the new one, never half.

    The text goes to a temporary file in the same folder, is flushed and fsync'd, then
    renamed over the target. A symlink is followed, so the file it points at is replaced.

    Raises:
        OSError: When the folder cannot be written; the old file is then untouched.
    """
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temp_name, target.stat().st_mode & 0o777)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    # The rename is durable only once the folder's entry is on disk too (POSIX).
    if hasattr(os, "O_DIRECTORY"):
        with contextlib.suppress(OSError):
            dir_fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
