"""``hiptimer history --json`` read back for ``--import``: the file checked whole, then each
record checked and made into a session; a bad record is named by its position and why."""

from __future__ import annotations

import functools
import json
import math
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from hiptimer.core.records import Session, SetRecord, Status, iso
from hiptimer.core.text import why_bad_text
from hiptimer.core.wording import ordinal
from hiptimer.store.rows import LATEST_TIME, MOST_SECONDS

MAX_IMPORT_BYTES = 50 * 1024 * 1024
"""Larger files are refused unread. An export takes about 2 KB a session (ten sets), so this
holds some 25,000 sessions, over 150 years at three a week (the 10,000-session benchmark
history exports to about 21 MB); parsing it takes about three times its size in memory."""
TOO_LARGE = f"is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, more than any history"
NAME_MAX = 200
"""Longest routine id, exercise, exercise id or progression name taken (hiptimer's own names
are at most 80 characters; this leaves room for another tool's)."""
SET_RANGE = (1, 1000)
"""Set numbers taken: the reader names any outside this (see :mod:`.rows`)."""
LEVEL_RANGE = (1, 100)
"""Progression levels taken, as the reader's."""
FINISHED = (Status.COMPLETED, Status.PARTIAL, Status.STOPPED)
"""The statuses imported: a ``running`` session was still under way when it was exported."""
SIDES = (None, "left", "right")
SHOWN_MAX = 40
"""Characters of a bad value quoted in a reason."""
TIME_EXAMPLE = "2026-03-02T07:15:00Z"


class BadExport(ValueError):
    """The file as a whole is not an export; the message completes "FILE ..."."""


class BadRecord(ValueError):
    """One record cannot be imported; the message says where in it and why."""


class ExportRead(NamedTuple):
    """The records of an export: the good ones as sessions, the bad ones named."""

    sessions: tuple[Session, ...]
    """In the file's order."""
    skipped: tuple[str, ...]
    """One reason per bad record, such as ``record 7: "status" must be ...``."""


SessionKey = tuple[str | None, str]
"""What makes two sessions the same: the start as ``--json`` writes it, and the routine id."""


def session_key(started_at: float, routine: str) -> SessionKey:
    """The key of a session: its start to the second, as ``--json`` writes it (so a start
    stored as ``…00.6`` and one read back from the export as ``…00`` are the same), and its
    routine id."""
    return iso(started_at), routine


def read_export(raw: bytes) -> list[Any]:
    """Return the records of an export (the bytes of a ``hiptimer history --json`` file).

    Raises:
        BadExport: The file is too large, empty, not UTF-8, not JSON or not a list.
    """
    if len(raw) > MAX_IMPORT_BYTES:
        raise BadExport(TOO_LARGE)
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some Windows tools write
    except UnicodeDecodeError as error:
        raise BadExport(f"is not UTF-8 text (byte {error.start + 1})") from None
    if not text.strip():
        raise BadExport("is empty (an export is a JSON list: [] when it holds no sessions)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise BadExport(f"is not JSON: {error.msg} at {where}") from None
    except RecursionError:
        raise BadExport("is not an export: it is nested too deeply") from None
    except ValueError:
        # Python refuses to read a whole number of thousands of digits (a guard against slow
        # conversions); hiptimer never writes one.
        raise BadExport(
            f"is not an export: it holds a number longer than {sys.get_int_max_str_digits()} digits"
        ) from None
    if not isinstance(data, list):
        raise BadExport(
            f"holds a JSON {_kind(data)}, not a list of sessions (as hiptimer history --json"
            " writes)"
        )
    return data


def parse_records(records: Sequence[Any], names: Mapping[str, str]) -> ExportRead:
    """Check every record of an export; the good ones become sessions.

    Args:
        records: What :func:`read_export` returned.
        names: Routine names by id: an export carries the id only, so an imported session
            is named as the routine is here (by its id when it is not known here).
    """
    sessions: list[Session] = []
    skipped: list[str] = []
    for number, record in enumerate(records, start=1):
        try:
            sessions.append(parse_record(record, names))
        except BadRecord as error:
            skipped.append(f"record {number}: {error}")
    return ExportRead(tuple(sessions), tuple(skipped))


def parse_record(record: Any, names: Mapping[str, str]) -> Session:
    """Make one record of an export into a session (id 0: not stored yet).

    Raises:
        BadRecord: A key is missing or holds a value hiptimer would not have written.
    """
    if not isinstance(record, dict):
        raise BadRecord(f"must be an object (a session), not {_shown(record)}")
    started = _time(record, "started_at")
    if started is None:
        raise BadRecord(f'"started_at" must be a time such as "{TIME_EXAMPLE}", not null')
    ended = _time(record, "ended_at")
    if ended is not None and ended < started:
        raise BadRecord(
            f'"ended_at" must not be before "started_at" ({_shown(record["ended_at"])})'
        )
    routine = _text(record, "routine")
    status = _need(record, "status")
    if status not in FINISHED:
        raise BadRecord(f'"status" must be completed, partial or stopped, not {_shown(status)}')
    active = _seconds(record, "active_seconds")
    sets = _need(record, "sets")
    if not isinstance(sets, list):
        raise BadRecord(f'"sets" must be a list, not {_shown(sets)}')
    parsed = []
    for number, entry in enumerate(sets, start=1):
        try:
            parsed.append(_set(entry))
        except BadRecord as error:
            raise BadRecord(f'{ordinal(number)} entry of "sets": {error}') from None
    return Session(
        0, started, ended, routine, names.get(routine, routine), status, active, tuple(parsed)
    )


def _set(entry: Any) -> SetRecord:
    if not isinstance(entry, dict):
        raise BadRecord(f"must be an object, not {_shown(entry)}")
    side = _need(entry, "side")
    if side not in SIDES:
        raise BadRecord(f'"side" must be "left", "right" or null, not {_shown(side)}')
    reset = _need(entry, "reset")
    if not isinstance(reset, bool):
        raise BadRecord(f'"reset" must be true or false, not {_shown(reset)}')
    progression = _need(entry, "progression")
    return SetRecord(
        exercise=_text(entry, "exercise"),
        exercise_id=_text(entry, "exercise_id"),
        set=_whole(entry, "set", SET_RANGE),
        side=side,
        planned_seconds=_seconds(entry, "planned_seconds"),
        done_seconds=_seconds(entry, "done_seconds"),
        level=_whole(entry, "level", LEVEL_RANGE),
        progression=None if progression is None else _text(entry, "progression"),
        reset=reset,
    )


def _need(data: dict[str, Any], key: str) -> Any:
    if key not in data:
        raise BadRecord(f'"{key}" is missing')
    return data[key]


def _text(data: dict[str, Any], key: str) -> str:
    value = _need(data, key)
    if not isinstance(value, str):
        raise BadRecord(f'"{key}" must be text, not {_shown(value)}')
    why = _why_bad_name(value)
    if why is not None:
        raise BadRecord(f'"{key}" {why}')
    return value


@functools.lru_cache(maxsize=1024)
def _why_bad_name(text: str) -> str | None:
    # The same few names come back in every set: each is checked once (10,000 sessions
    # parse in about 1.4 s rather than 2.4 s).
    return why_bad_text(text, NAME_MAX)


def _whole(data: dict[str, Any], key: str, limits: tuple[int, int]) -> int:
    value = _need(data, key)
    low, high = limits
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadRecord(f'"{key}" must be a whole number from {low} to {high}, not {_shown(value)}')
    return value


def _seconds(data: dict[str, Any], key: str) -> float:
    value = _need(data, key)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value <= MOST_SECONDS
    ):
        raise BadRecord(
            f'"{key}" must be seconds from 0 to {MOST_SECONDS:.0f}, not {_shown(value)}'
        )
    return float(value)


def _time(data: dict[str, Any], key: str) -> float | None:
    """An ISO 8601 time with its time zone, as Unix time; None for null."""
    value = _need(data, key)
    if value is None:
        return None
    wrong = f'"{key}" must be a time such as "{TIME_EXAMPLE}", not {_shown(value)}'
    if not isinstance(value, str):
        raise BadRecord(wrong)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadRecord(wrong) from None
    if moment.tzinfo is None:
        # A time without a zone would land hours off on a machine in another one.
        raise BadRecord(f'"{key}" must say its time zone (Z for UTC), not {_shown(value)}')
    seconds = moment.astimezone(UTC).timestamp()
    if not 0 <= seconds <= LATEST_TIME:
        raise BadRecord(f'"{key}" must be between 1970 and 3000, not {_shown(value)}')
    return seconds


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return "number"


def _shown(value: Any) -> str:
    """A value as the file has it (JSON), clipped; the caller escapes it for a terminal."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except RecursionError:
        text = "a value nested too deeply"
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"
