"""Reading an export back for ``history --import``: a file that is not an export is refused
whole, and each bad record is named by its position and why while the good ones are kept."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from hiptimer.store.exchange import (
    MAX_IMPORT_BYTES,
    BadExport,
    parse_records,
    read_export,
    session_key,
)

GOOD: dict[str, Any] = {
    "started_at": "2026-03-02T07:15:00Z",
    "ended_at": "2026-03-02T07:27:30Z",
    "routine": "runners-hips",
    "status": "completed",
    "active_seconds": 690.5,
    "sets": [
        {
            "exercise": "Hip clam",
            "exercise_id": "hip-clam",
            "set": 1,
            "side": "left",
            "level": 2,
            "progression": "Side-plank clam",
            "planned_seconds": 30,
            "done_seconds": 29.5,
            "reset": True,
        },
        {
            "exercise": "Hip clam",
            "exercise_id": "hip-clam",
            "set": 1,
            "side": "right",
            "level": 2,
            "progression": None,
            "planned_seconds": 30,
            "done_seconds": 0,
            "reset": False,
        },
    ],
}
"""A record as ``history --json`` writes it."""
NAMES = {"runners-hips": "Runner's hips"}


def changed(path: str, value: Any) -> dict[str, Any]:
    """:data:`GOOD` with the key at ``path`` (``status``, ``sets.2.level``) set to
    ``value``, or removed when ``value`` is :data:`GONE`."""
    record = copy.deepcopy(GOOD)
    *parents, key = path.split(".")
    target: Any = record
    for part in parents:
        target = target[int(part) - 1] if part.isdigit() else target[part]
    if value is GONE:
        del target[key]
    else:
        target[key] = value
    return record


GONE = object()
"""Removes the key in :func:`changed`."""

TIME = 'must be a time such as "2026-03-02T07:15:00Z", not'
BAD_RECORDS = [
    pytest.param([GOOD], "must be an object (a session), not [{", id="a-list"),
    pytest.param("session", 'must be an object (a session), not "session"', id="text"),
    pytest.param(None, "must be an object (a session), not null", id="null"),
    *(
        pytest.param(changed(key, GONE), f'"{key}" is missing', id=f"no-{key}")
        for key in ("started_at", "ended_at", "routine", "status", "active_seconds", "sets")
    ),
    pytest.param(changed("started_at", 1772435700), f'"started_at" {TIME} 1772435700', id="unix"),
    pytest.param(
        changed("started_at", "yesterday"), f'"started_at" {TIME} "yesterday"', id="words"
    ),
    pytest.param(changed("started_at", None), f'"started_at" {TIME} null', id="no-start"),
    pytest.param(
        changed("started_at", "2026-03-02T07:15:00"),
        '"started_at" must say its time zone (Z for UTC), not "2026-03-02T07:15:00"',
        id="no-zone",
    ),
    pytest.param(
        changed("started_at", "1969-12-31T23:00:00Z"),
        '"started_at" must be between 1970 and 3000, not "1969-12-31T23:00:00Z"',
        id="before-1970",
    ),
    pytest.param(
        changed("ended_at", "3001-01-01T00:00:00Z"),
        '"ended_at" must be between 1970 and 3000, not "3001-01-01T00:00:00Z"',
        id="after-3000",
    ),
    pytest.param(
        changed("ended_at", "2026-03-02T07:00:00Z"),
        '"ended_at" must not be before "started_at" ("2026-03-02T07:00:00Z")',
        id="ends-before-start",
    ),
    pytest.param(changed("routine", 7), '"routine" must be text, not 7', id="routine-number"),
    pytest.param(changed("routine", ""), '"routine" must not be empty', id="routine-empty"),
    pytest.param(
        changed("routine", "x" * 201),
        '"routine" must be at most 200 characters, not 201',
        id="routine-long",
    ),
    pytest.param(
        changed("routine", "hips\x1b]0;owned\x07"),
        '"routine" must be one line without control characters: it holds the control'
        " character U+001B at character 5",
        id="routine-escape",
    ),
    pytest.param(
        changed("status", "done"),
        '"status" must be completed, partial or stopped, not "done"',
        id="status-unknown",
    ),
    pytest.param(
        changed("status", "running"),
        '"status" must be completed, partial or stopped, not "running"',
        id="status-running",
    ),
    pytest.param(
        changed("active_seconds", "690"),
        '"active_seconds" must be seconds from 0 to 10000000, not "690"',
        id="seconds-text",
    ),
    pytest.param(
        changed("active_seconds", True),
        '"active_seconds" must be seconds from 0 to 10000000, not true',
        id="seconds-bool",
    ),
    pytest.param(
        changed("active_seconds", -1),
        '"active_seconds" must be seconds from 0 to 10000000, not -1',
        id="seconds-negative",
    ),
    pytest.param(
        changed("active_seconds", float("nan")),
        '"active_seconds" must be seconds from 0 to 10000000, not NaN',
        id="seconds-nan",
    ),
    pytest.param(changed("sets", {}), '"sets" must be a list, not {}', id="sets-object"),
    pytest.param(changed("sets", None), '"sets" must be a list, not null', id="sets-null"),
    pytest.param(
        changed("sets", [GOOD["sets"][0], 5]),
        '2nd entry of "sets": must be an object, not 5',
        id="set-number",
    ),
    pytest.param(
        changed("sets.2.exercise_id", GONE),
        '2nd entry of "sets": "exercise_id" is missing',
        id="no-id",
    ),
    pytest.param(
        changed("sets.1.reset", GONE), '1st entry of "sets": "reset" is missing', id="no-reset"
    ),
    pytest.param(
        changed("sets.1.level", 0),
        '1st entry of "sets": "level" must be a whole number from 1 to 100, not 0',
        id="level-0",
    ),
    pytest.param(
        changed("sets.1.level", 1.0),
        '1st entry of "sets": "level" must be a whole number from 1 to 100, not 1.0',
        id="level-float",
    ),
    pytest.param(
        changed("sets.2.set", "1"),
        '2nd entry of "sets": "set" must be a whole number from 1 to 1000, not "1"',
        id="set-text",
    ),
    pytest.param(
        changed("sets.2.side", "middle"),
        '2nd entry of "sets": "side" must be "left", "right" or null, not "middle"',
        id="side",
    ),
    pytest.param(
        changed("sets.1.reset", 1),
        '1st entry of "sets": "reset" must be true or false, not 1',
        id="reset",
    ),
    pytest.param(
        changed("sets.2.done_seconds", 1e20),
        '2nd entry of "sets": "done_seconds" must be seconds from 0 to 10000000, not 1e+20',
        id="done-huge",
    ),
    pytest.param(
        changed("sets.1.progression", ["Basic"]),
        '1st entry of "sets": "progression" must be text, not ["Basic"]',
        id="progression-list",
    ),
    pytest.param(
        changed("sets.1.exercise", "Clam \u202eevil"),
        '1st entry of "sets": "exercise" must be one line without control characters: it holds a'
        " bidirectional control (U+202E), which reorders what is shown at character 6",
        id="exercise-bidi",
    ),
    pytest.param(
        changed("routine", "y" * 100_000),
        '"routine" must be at most 200 characters, not 100000',
        id="a-long-value-is-not-quoted",
    ),
]


@pytest.mark.parametrize(("record", "why"), BAD_RECORDS)
def test_a_bad_record_is_named_by_position_and_skipped(record: Any, why: str) -> None:
    later = changed("routine", "another")
    read = parse_records([GOOD, later, record, GOOD], NAMES)
    assert len(read.sessions) == 3  # the good ones are kept, the one after too
    (skipped,) = read.skipped
    assert skipped.startswith(f"record 3: {why}"), skipped
    assert len(skipped) < 300


def test_a_long_bad_value_is_clipped_where_it_is_quoted() -> None:
    (skipped,) = parse_records([changed("status", "z" * 500)], NAMES).skipped
    assert (
        skipped
        == 'record 1: "status" must be completed, partial or stopped, not "' + "z" * 38 + "…"
    )


def test_a_good_record_is_the_session_it_was() -> None:
    (session,) = parse_records([GOOD], NAMES).sessions
    assert session.started_at == datetime(2026, 3, 2, 7, 15, tzinfo=UTC).timestamp()
    assert session.ended_at == session.started_at + 750
    assert (session.routine, session.routine_name, session.status) == (
        "runners-hips",
        "Runner's hips",
        "completed",
    )
    assert session.active_seconds == 690.5
    left, right = session.sets
    assert (left.side, left.level, left.progression, left.reset) == (
        "left",
        2,
        "Side-plank clam",
        True,
    )
    assert (right.done_seconds, right.progression, right.reset) == (0.0, None, False)
    assert session.as_json() == GOOD  # what --json will write of it


def test_a_routine_not_known_here_is_named_by_its_id() -> None:
    (session,) = parse_records([changed("routine", "from-the-laptop")], NAMES).sessions
    assert session.routine_name == "from-the-laptop"


def test_unknown_keys_are_left_for_a_later_hiptimer() -> None:
    record = changed("note", "from a newer hiptimer")
    record["sets"][0]["tempo"] = "2-1-2"
    (session,) = parse_records([record], NAMES).sessions
    assert session.as_json() == GOOD


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("2026-03-02T07:15:00Z", "2026-03-02T07:15:00Z"),
        ("2026-03-02T07:15:00+00:00", "2026-03-02T07:15:00Z"),
        ("2026-03-02T08:15:00+01:00", "2026-03-02T07:15:00Z"),
        ("2026-03-01T21:15:00-10:00", "2026-03-02T07:15:00Z"),
        ("2026-03-02T07:15:00.999Z", "2026-03-02T07:15:00Z"),
    ],
)
def test_a_time_in_any_zone_is_the_same_moment(written: str, utc: str) -> None:
    (session,) = parse_records([changed("started_at", written)], NAMES).sessions
    assert session.as_json()["started_at"] == utc
    assert session_key(session.started_at, "r") == (utc, "r")


def test_the_key_is_the_second_as_json_writes_it() -> None:
    stored = datetime(2026, 3, 2, 7, 15, tzinfo=UTC).timestamp() + 0.6  # as a clock gives it
    assert session_key(stored, "runners-hips") == session_key(stored - 0.6, "runners-hips")
    assert session_key(stored, "runners-hips") != session_key(stored + 1, "runners-hips")
    assert session_key(stored, "runners-hips") != session_key(stored, "other")


BAD_FILES = [
    pytest.param(
        b"", "is empty (an export is a JSON list: [] when it holds no sessions)", id="empty"
    ),
    pytest.param(b" \n", "is empty (an export is a JSON list", id="blank"),
    pytest.param(b'[{"routine": "caf\xe9"}]', "is not UTF-8 text (byte 18)", id="latin-1"),
    pytest.param(b"[1, 2", "is not JSON: Expecting ',' delimiter at line 1 column 6", id="cut"),
    pytest.param(b"\n\n  nope", "is not JSON: Expecting value at line 3 column 3", id="words"),
    pytest.param(b"[" * 100_000, "is not an export: it is nested too deeply", id="deep"),
    pytest.param(
        b"[" + b"9" * 5000 + b"]",
        "is not an export: it holds a number longer than",
        id="long-number",
    ),
    pytest.param(b'{"sessions": []}', "holds a JSON object, not a list of sessions", id="object"),
    pytest.param(b'"[]"', "holds a JSON string, not a list of sessions", id="string"),
    pytest.param(b"null", "holds a JSON null, not a list of sessions", id="null"),
    pytest.param(b"3", "holds a JSON number, not a list of sessions", id="number"),
    pytest.param(b" " * (MAX_IMPORT_BYTES + 1), "is larger than 50 MB", id="too-large"),
]


@pytest.mark.parametrize(("raw", "why"), BAD_FILES)
def test_a_file_that_is_not_an_export_is_refused_whole(raw: bytes, why: str) -> None:
    with pytest.raises(BadExport) as caught:
        read_export(raw)
    assert str(caught.value).startswith(why), caught.value


def test_an_export_read_whole() -> None:
    raw = json.dumps([GOOD, GOOD], ensure_ascii=False).encode()
    assert read_export(raw) == [GOOD, GOOD]
    assert read_export(b"\xef\xbb\xbf[]") == []  # a byte-order mark, as Notepad writes
    assert read_export(b" " * (MAX_IMPORT_BYTES - 2) + b"[]") == []
