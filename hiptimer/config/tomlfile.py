"""Reading the user's TOML files without ever failing, and saying what is wrong in them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from hiptimer.config.regularfile import Refused, read_regular
from hiptimer.core.settings import kind_of
from hiptimer.core.text import escape, why_bad_text

if TYPE_CHECKING:
    from tomlkit.toml_document import TOMLDocument


MAX_FILE_BYTES = 1_000_000
"""Larger files are refused unread: a settings or routine file is a few hundred bytes."""
MAX_PROBLEMS_PER_FILE = 10
"""More problems than this in one file are summed up in one last line."""
_POSITION = re.compile(r"\s*at line \d+ col(?:umn)? \d+\s*$")
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
"""Where tomllib says a problem is (it counts columns from 1, as editors do)."""
_NEWLINE_IN_TEXT = "Illegal character '\\n'"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in one of the user's files, said so a person can fix it."""

    path: Path
    reason: str
    where: str = ""
    """``line 3, column 7`` or ``key 'work'``; empty when it concerns the whole file."""
    ignored: bool = False
    """True for a key the format does not know: it was skipped and nothing else was lost."""
    more: int = 0
    """For the line that stands for problems left out (:func:`limit_problems`): how many."""

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


def read_toml(path: Path, limit: int = MAX_FILE_BYTES) -> ReadResult:
    """Read and parse a TOML file, keeping its layout; every failure becomes a :class:`Problem`.

    A UTF-8 byte order mark is accepted (some editors write one). Only a regular file of at
    most ``limit`` bytes is read (see :func:`hiptimer.config.regularfile.read_regular`); it
    is opened read-only and never changed.

    Args:
        path: The file.
        limit: The largest file read, in bytes.

    Returns:
        The document (tomlkit's, which can be edited and written back), or the reason it
        could not be had.
    """
    text, problem = _read_text(path, limit)
    if text is None:
        return ReadResult(None, problem)
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


class DataResult(NamedTuple):
    """Parsed values, or None and the problem that stopped them."""

    data: dict[str, Any] | None
    problem: Problem | None


TOMLKIT_NESTING = 100
"""The deepest nesting of arrays and tables tomlkit parses."""


def read_toml_values(path: Path) -> DataResult:
    """Read a TOML file that hiptimer may later save into plain values, exactly as
    :func:`read_toml` would (the same problems, in the same words), but mostly without
    tomlkit.

    The standard library's parser reads a good file; importing tomlkit alone took 6 ms of
    each start of the app. tomlkit, which saves the file, has the last word on a file the
    standard parser refuses or that is nested deeper than it takes, and says what is wrong.
    """
    data, _ = read_toml_data(path, MAX_FILE_BYTES)
    if data is not None and _depth(data, TOMLKIT_NESTING) <= TOMLKIT_NESTING:
        return DataResult(data, None)
    document, problem = read_toml(path)
    return DataResult(None if document is None else document.unwrap(), problem)


def _depth(value: Any, limit: int) -> int:
    """How deeply arrays and tables nest in ``value``, counted up to ``limit + 1``."""
    if limit < 0 or not isinstance(value, dict | list):
        return 0
    items = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(item, limit - 1) for item in items), default=0)


def read_toml_data(path: Path, limit: int, max_pieces: int | None = None) -> DataResult:
    """Read and parse a TOML file into plain values, for a file hiptimer only reads.

    The standard library's parser is used: it is faster than tomlkit's by 2 to 70 times on
    large files (a 256 KiB file of blank lines: 1.8 s with tomlkit, 24 ms with it), which
    matters when many routine files are read at every start.

    Args:
        path: The file.
        limit: The largest file read, in bytes.
        max_pieces: When given, a file with more lines and pieces of syntax than this
            is refused unparsed (see :func:`count_pieces`).
    """
    text, problem = _read_text(path, limit)
    if text is None:
        return DataResult(None, problem)
    if max_pieces is not None:
        lines, pieces = count_pieces(text)
        if lines > max_pieces or pieces > max_pieces:
            what = f"{lines} lines" if lines > max_pieces else f"{pieces} pieces of syntax"
            return DataResult(
                None,
                Problem(
                    path,
                    f"the file is too complex ({what}; the limit is {max_pieces} "
                    "of each), so it was not read",
                ),
            )
    import tomllib

    try:
        return DataResult(tomllib.loads(text), None)
    except RecursionError:
        return DataResult(None, Problem(path, "not valid TOML: it is nested too deeply"))
    except ValueError as error:  # tomllib.TOMLDecodeError
        message = str(error)
        found = _AT.search(message)
        where = f"line {found[1]}, column {found[2]}" if found else ""
        message = _plain_message(_AT.sub("", message) or "not TOML")
        return DataResult(None, Problem(path, f"not valid TOML: {message}", where))


def count_pieces(text: str) -> tuple[int, int]:
    """Count what a TOML parser spends its time on, without parsing: the lines, and the
    keys, list items, brackets, braces and escapes (``=``, ``,``, ``[``, ``{``, ``\\``).

    Text inside quotes is counted too, so the count is an upper bound; it takes well
    under a millisecond for 256 KiB, while parsing a file made only of such pieces takes
    a quarter of a second.
    """
    pieces = sum(text.count(mark) for mark in "=,[{\\")
    return text.count("\n"), pieces


def _read_text(path: Path, limit: int) -> tuple[str | None, Problem | None]:
    try:
        data = read_regular(path, limit)
    except Refused as refused:
        return None, Problem(path, str(refused))
    except OSError as error:
        return None, Problem(path, f"could not be read: {error.strerror or error}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return None, Problem(
            path,
            f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "is it a binary file?",
        )


def _plain_message(message: str) -> str:
    """Say the parsers' most puzzling messages in words a person editing the file follows."""
    if "\\u000a" in message or "\\u000d" in message or message.startswith(_NEWLINE_IN_TEXT):
        return "text in quotes runs past the end of the line (a closing quote missing?)"
    return message.replace("'\\n'", "end of line").replace("'\\r'", "end of line")


def nearest(key: str, known: Iterable[str]) -> str | None:
    """Return the known key closest to a misspelt one, if any is close enough."""
    import difflib  # here: only a misspelt key needs it

    matches = difflib.get_close_matches(key.replace("-", "_").lower(), list(known), n=1)
    return matches[0] if matches else None


def name_hint(name: str, known: Iterable[str]) -> str:
    """What to say of a name that is none of ``known``: the nearest one, or all of them, and
    the first character that only looks like a letter or hyphen of one (a Cyrillic ``р``)."""
    import difflib  # here: only a name not found needs it
    import unicodedata

    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(known)}"
    odd = next((char for char in name if not char.isascii()), None)
    if odd is not None:
        what = unicodedata.name(odd, "a character with no name")
        hint = f"it holds {what} (U+{ord(odd):04X}), not a plain letter or hyphen; {hint}"
    return hint


def unknown_key(
    path: Path, key: str, known: Sequence[str], prefix: str = "", *, found: int = 0
) -> Problem:
    """Return the problem for a key that is not part of the format.

    Args:
        path: The file.
        key: The unknown key.
        known: The keys of the format at this place.
        prefix: Where the key is (``exercises[2].``).
        found: How many problems the file already has: past
            :data:`MAX_PROBLEMS_PER_FILE` the problem is only counted, so the (slow)
            search for the nearest key is skipped.
    """
    if found >= MAX_PROBLEMS_PER_FILE:
        return Problem(path, "unknown key, ignored", key_where(prefix + key), ignored=True)
    guess = nearest(key, known)
    hint = f"; did you mean {guess!r}?" if guess else f"; known keys: {', '.join(known)}"
    return Problem(path, "unknown key, ignored" + hint, key_where(prefix + key), ignored=True)


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
    summary = Problem(problems[0].path, f"and {rest} more problems", more=rest)
    return [*kept, summary]


def count_problems(problems: Sequence[Problem]) -> int:
    """How many problems a capped list stands for (its last line may stand for several)."""
    return sum(problem.more or 1 for problem in problems)
