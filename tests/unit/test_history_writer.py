"""The history writer against another program's lock (a real process holding ``BEGIN
IMMEDIATE``), and the journal that keeps what could not wait."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.store import journal
from hiptimer.store.recorder import planned_sets
from hiptimer.store.sessions import History, HistoryOpen, open_history
from hiptimer.store.writer import BUSY_NOTICE, HistoryWriter
from tests.badhistories import LockHolder

WALL = float(int(time.time()))
PLANNED = planned_sets(build_plan(BUILTIN_ROUTINE, Settings()))


def existing(path: Path) -> Path:
    history, notices = open_history(path)
    assert history is not None and notices == ()
    history.close()
    return path


def read_back(path: Path) -> History:
    history, _notices = open_history(path)
    assert history is not None
    return history


def workout(writer: HistoryWriter) -> float:
    """Queue a whole short session; return the longest time one write call took."""
    longest = 0.0
    started = time.monotonic()
    session = writer.write("start_session", "runners-hips", "Runner's hips", PLANNED, WALL)
    longest = max(longest, time.monotonic() - started)
    for n, item in enumerate(PLANNED[:2]):
        started = time.monotonic()
        writer.write("record_set", session, item.position, 30.0, 40.0 * (n + 1), WALL + n)
        longest = max(longest, time.monotonic() - started)
    started = time.monotonic()
    writer.write("finish_session", session, "stopped", 85.0, WALL + 90)
    return max(longest, time.monotonic() - started)


def test_a_held_lock_delays_the_rows_not_the_caller_and_says_so_once(tmp_path: Path) -> None:
    path = existing(tmp_path / "history.sqlite3")
    said: list[str] = []
    with LockHolder(path) as holder:
        writer = HistoryWriter(path, notify=said.append, busy_after=0.2).start()
        assert workout(writer) < 0.05  # each write only queues
        assert not writer.flush(1.0)  # the lock holds them up
        assert said == [BUSY_NOTICE]
        holder.release()
        assert writer.flush(10.0)  # written as soon as the lock is free
    writer.close(5.0)
    assert said == [BUSY_NOTICE]
    (session,) = read_back(path).recent()
    assert session.status == "stopped" and session.active_seconds == 85
    assert [s.done_seconds for s in session.sets[:3]] == [30, 30, 0]
    assert not journal.journal_path(path).exists()


def test_rows_still_held_up_at_exit_are_kept_in_the_journal_and_merged_once(
    tmp_path: Path,
) -> None:
    path = existing(tmp_path / "history.sqlite3")
    with LockHolder(path) as holder:
        writer = HistoryWriter(path, busy_after=0.1).start()
        workout(writer)
        started = time.monotonic()
        writer.close(0.5)
        assert time.monotonic() - started < 2.0  # a bounded wait, then the journal
        pending = journal.journal_path(path)
        (line,) = pending.read_text().splitlines()
        assert json.loads(line)["calls"][0][1] == "start_session"
        assert read_back(path).count() == 0  # read while the lock is held: nothing yet
        holder.release()
    copy = pending.read_text()
    history = read_back(path)  # the next open merges the journal
    (session,) = history.recent()
    assert session.status == "stopped" and session.started_at == WALL
    assert not pending.exists()
    # Merging the same lines again (a merge cut short before the journal was emptied)
    # adds nothing.
    pending.write_text(copy)
    history.close()
    assert read_back(path).count() == 1
    assert not pending.exists()


def read_only(path: Path) -> HistoryOpen:
    """Open the history as a file made read-only would be: every write refused by SQLite."""
    history, notices = open_history(path)
    assert history is not None
    history.conn.execute("PRAGMA query_only = ON")
    return history, notices


def test_a_history_that_refuses_writes_keeps_the_session_in_the_journal(tmp_path: Path) -> None:
    path = existing(tmp_path / "history.sqlite3")
    said: list[str] = []
    writer = HistoryWriter(path, notify=said.append, opener=read_only).start()
    workout(writer)
    assert writer.read(lambda history: history.count(), timeout=5.0) is None  # at once
    writer.close(1.0)
    assert said == [
        f"history: could not write to {path}: attempt to write a readonly database; this "
        "session is kept in history.sqlite3.pending.jsonl beside it and added once the "
        "history can be written"
    ]
    (session,) = read_back(path).recent()  # writable again: the next open merges it
    assert session.status == "stopped" and session.active_seconds == 85
    assert not journal.journal_path(path).exists()


def test_the_merged_session_is_the_finished_one_not_an_abandoned_one(tmp_path: Path) -> None:
    """The session was started before the lock came; only its end went to the journal."""
    path = existing(tmp_path / "history.sqlite3")
    writer = HistoryWriter(path, busy_after=0.1).start()
    session = writer.write("start_session", "runners-hips", "Runner's hips", PLANNED, WALL)
    assert writer.flush(10.0)
    with LockHolder(path) as holder:
        writer.write("record_set", session, PLANNED[0].position, 30.0, 40.0, WALL + 40)
        writer.write("finish_session", session, "completed", 900.0, WALL + 900)
        writer.close(0.3)
        holder.release()
    (merged,) = read_back(path).recent()
    assert merged.status == "completed" and merged.ended_at == WALL + 900
    assert merged.sets[0].done_seconds == 30


def test_opening_under_a_held_lock_does_not_hold_up_the_caller(tmp_path: Path) -> None:
    """A history that needs a write to open (a dead process's session to close) while
    another program holds the lock: the open waits on the writer's thread."""
    path = existing(tmp_path / "history.sqlite3")
    conn = read_back(path)
    conn.start_session("x", "X", PLANNED[:1], WALL - 20 * 3600)  # stale: closed at open
    conn.close()
    said: list[str] = []
    with LockHolder(path) as holder:
        started = time.monotonic()
        writer = HistoryWriter(path, notify=said.append, busy_after=0.2).start()
        writer.write("start_session", "runners-hips", "Runner's hips", PLANNED, WALL)
        assert time.monotonic() - started < 0.1
        assert not writer.wait_open(0.5)
        assert said == [BUSY_NOTICE]
        holder.release()
        assert writer.flush(10.0)
    writer.close(5.0)
    statuses = sorted(s.status for s in read_back(path).recent())
    assert statuses == ["running", "stopped"]


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("not json\n", "not JSON"),
        (
            '{"hiptimer_journal": 1, "host": "h", "pid": 1, "calls": [[0, "close", []]]}\n',
            "an unknown write 'close'",
        ),
        (
            '{"hiptimer_journal": 1, "host": "h", "pid": 1, "calls": [[0, "start_session",'
            ' ["r", "R", [{"$record": "Path", "fields": {}}], 1.0]]]}\n',
            "an unknown value",
        ),
    ],
    ids=["garbage", "unknown-method", "unknown-record"],
)
def test_journal_lines_hiptimer_did_not_write_are_set_aside_named(
    tmp_path: Path, line: str, why: str
) -> None:
    path = existing(tmp_path / "history.sqlite3")
    pending = journal.journal_path(path)
    pending.write_text(line)
    history, notices = open_history(path)
    assert history is not None and history.count() == 0
    assert notices[0].startswith(f"history: line 1 of {pending} was not merged: {why}")
    (aside,) = tmp_path.glob("history.sqlite3.pending.jsonl.bad-*")
    assert aside.read_text() == line
    assert aside.name in notices[1]
    assert not pending.exists()


def test_a_journal_that_is_not_a_regular_file_is_not_followed(tmp_path: Path) -> None:
    path = existing(tmp_path / "history.sqlite3")
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me\n")
    journal.journal_path(path).symlink_to(target)
    history, notices = open_history(path)
    assert history is not None
    assert notices and "could not be merged" in notices[0]
    assert target.read_text() == "keep me\n"


HAND_MADE = {
    "a time that is text": [[0, "start_session", ["x", "y", [], "soon"]]],
    "a far-off time": [[0, "start_session", ["x", "y", [], 1e20]]],
    "a status hiptimer never writes": [
        [0, "start_session", ["x", "y", [], 1000.0]],
        [1, "finish_session", [{"$ref": 0}, "hacked", 2.0, 1002.0]],
    ],
    "a set of seconds as text": [
        [0, "start_session", ["x", "y", [], 1000.0]],
        [1, "record_set", [{"$ref": 0}, 1, "x", 2.0, 1002.0]],
    ],
}
"""Journal lines no hiptimer writes; each would have planted a value its readers choke on."""


@pytest.mark.parametrize("calls", HAND_MADE.values(), ids=HAND_MADE.keys())
def test_a_hand_made_journal_line_is_set_aside_whole_and_writes_nothing(
    tmp_path: Path, calls: list[object]
) -> None:
    path = existing(tmp_path / "history.sqlite3")
    line = {"hiptimer_journal": 1, "host": "elsewhere", "pid": 1, "calls": calls}
    journal.journal_path(path).write_text(json.dumps(line) + "\n", encoding="utf-8")
    history, notices = open_history(path)
    assert history is not None
    try:
        assert history.count() == 0  # checked whole before anything is written
        assert any("was not merged" in notice for notice in notices)
    finally:
        history.close()
