"""Rows read back from the history made into records: a value hiptimer never writes (a crafted
or damaged file) is named with its row, then replaced or its session left out."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from hiptimer.core.records import Session, SetRecord
from hiptimer.core.text import escape
from hiptimer.store.schema import BadText

LATEST_TIME = 32503680000.0
"""1 January 3000 (Unix time): a session later than this was not written by a clock."""
MOST_SECONDS = 10_000_000.0
"""About 115 days: more active or set time than this is not a workout."""
NOTICE_LIMIT = 5
"""Rows named one by one; past this a reader says only how many more there were."""


class RowProblems:
    """The values a reader could not take as they were, one notice per row and column."""

    def __init__(self) -> None:
        self._seen: dict[str, None] = {}

    def add(self, row: str, column: str, value: object, outcome: str) -> None:
        """Note that ``column`` of ``row`` held ``value`` and what was done about it."""
        self._seen.setdefault(f"history: {row}: {column} is {_shown(value)}; {outcome}", None)

    def __len__(self) -> int:
        return len(self._seen)

    def notices(self) -> tuple[str, ...]:
        """The first :data:`NOTICE_LIMIT` notices, then how many more rows were odd."""
        messages = list(self._seen)
        shown = messages[:NOTICE_LIMIT]
        if len(messages) > NOTICE_LIMIT:
            more = len(messages) - NOTICE_LIMIT
            shown.append(f"history: {more} more values hiptimer does not write were read")
        return tuple(shown)


def _shown(value: object) -> str:
    """A value as a notice quotes it: escaped (it is outside text) and clipped."""
    if isinstance(value, BadText):
        return f"not UTF-8 ({escape(value[:40])!r})"
    if value is None:
        return "empty (NULL)"
    text = escape(repr(value))
    return text if len(text) <= 48 else text[:47] + "…"


def stored_time(value: Any) -> float | None:
    """A stored time as Unix time; None when it is not one a clock could have written."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    seconds = float(value)
    return seconds if math.isfinite(seconds) and 0 <= seconds <= LATEST_TIME else None


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    seconds = float(value)
    return seconds if math.isfinite(seconds) and 0 <= seconds <= MOST_SECONDS else None


def _text(
    value: Any, row: str, column: str, problems: RowProblems, *, escaped: bool, empty: str = ""
) -> str:
    if isinstance(value, BadText):
        problems.add(row, column, value, "shown with � in place of the bad bytes")
        return escape(value) if escaped else str(value)
    if isinstance(value, str):
        # Escaped for the readers that print it (table, CSV, the History screen); JSON is
        # data for programs and carries the text as stored, JSON-escaped.
        return escape(value) if escaped else value
    problems.add(row, column, value, f"shown as {empty!r}")
    return empty


def _optional_text(
    value: Any, row: str, column: str, problems: RowProblems, *, escaped: bool
) -> str | None:
    return None if value is None else _text(value, row, column, problems, escaped=escaped)


def _number(value: Any, row: str, column: str, problems: RowProblems) -> float:
    seconds = _seconds(value)
    if seconds is None:
        problems.add(row, column, value, "counted as 0")
        return 0.0
    return seconds


def session_from_row(
    row: Sequence[Any], sets: Sequence[SetRecord], problems: RowProblems, *, escaped: bool = True
) -> Session | None:
    """Make a session from ``id, started_at, ended_at, routine, routine_name, status,
    active_seconds``; None (with a notice) when it has no time to place it at. Its text is
    escaped for a terminal (:func:`~hiptimer.core.text.escape`) unless not ``escaped``."""
    session_id = row[0]
    where = f"session {session_id}"
    started = stored_time(row[1])
    if started is None:
        problems.add(where, "started_at", row[1], "the session is left out")
        return None
    ended = stored_time(row[2])
    if ended is None and row[2] is not None:
        problems.add(where, "ended_at", row[2], "shown as not ended")
    return Session(
        id=session_id,
        started_at=started,
        ended_at=ended,
        routine=_text(row[3], where, "routine", problems, escaped=escaped),
        routine_name=_text(row[4], where, "routine_name", problems, escaped=escaped),
        status=_text(row[5], where, "status", problems, escaped=escaped, empty="unknown"),
        active_seconds=_number(row[6], where, "active_seconds", problems),
        sets=tuple(sets),
    )


def set_from_row(row: Sequence[Any], problems: RowProblems, *, escaped: bool = True) -> SetRecord:
    """Make a set from ``session_id, position, exercise, exercise_id, set_number, side,
    planned_seconds, done_seconds, level, progression, reset``; its text escaped for a
    terminal unless not ``escaped``."""
    session_id, position, exercise, exercise_id, number, side, planned, done = row[:8]
    level, progression, reset = row[8:11]
    where = f"session {session_id}, set row {position}"
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 1000:
        problems.add(where, "set_number", number, "counted as 0")
        number = 0
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 100:
        problems.add(where, "level", level, "counted as 1")
        level = 1
    return SetRecord(
        _text(exercise, where, "exercise", problems, escaped=escaped),
        _text(exercise_id, where, "exercise_id", problems, escaped=escaped),
        number,
        _optional_text(side, where, "side", problems, escaped=escaped),
        _number(planned, where, "planned_seconds", problems),
        _number(done, where, "done_seconds", problems),
        level,
        _optional_text(progression, where, "progression", problems, escaped=escaped),
        reset in (1, True),
    )
