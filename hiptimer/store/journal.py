"""The journal: history writes that could not wait for another program's lock, kept in a file
beside the history and merged (once, however often it is read) at the next open."""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import json
import math
import os
import socket
import sqlite3
import stat
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from hiptimer.core.records import PlannedSet, Status
from hiptimer.store.schema import aside_name, is_busy

if TYPE_CHECKING:
    from hiptimer.store.sessions import History

try:  # Not on Windows: there two hiptimers could append at the same moment.
    import fcntl
except ImportError:  # pragma: no cover - POSIX everywhere the tests run
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".pending.jsonl"
"""The journal is the history's name with this after it."""
FORMAT = 1
"""The shape of a journal line; a line of another shape is set aside, not merged."""
MAX_BYTES = 8 * 1024 * 1024
"""A journal larger than this was not written by hiptimer (a workout is a few kilobytes)."""
LOCK_WAIT = 5.0
"""Seconds to wait for another hiptimer that is merging or appending."""
MERGE_BUSY_MS = 1000
"""While merging, each write waits this long for another program's lock, then gives up and
leaves the rest of the journal for next time."""
RECORDS: dict[str, type[Any]] = {cls.__name__: cls for cls in (PlannedSet,)}
"""The record types a write's arguments may hold."""


class Ref(NamedTuple):
    """Stands for the result of an earlier write in the same batch (a new session's id)."""

    number: int


class Call(NamedTuple):
    """One queued write: a method of :class:`~hiptimer.store.sessions.History` and its
    arguments, in which a :class:`Ref` stands for an earlier call's result."""

    number: int
    method: str
    args: tuple[Any, ...]


class BadJournal(ValueError):
    """A journal line that hiptimer did not write, or cannot replay."""


def journal_path(history: Path) -> Path:
    """Return the journal beside the history ``history``."""
    return history.with_name(history.name + SUFFIX)


def _encode(value: Any) -> Any:
    if isinstance(value, Ref):
        return {"$ref": value.number}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value) and type(value).__name__ in RECORDS:
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$record": type(value).__name__, "fields": fields}
    raise TypeError(f"cannot keep a {type(value).__name__} in the journal")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"$ref"} and isinstance(value["$ref"], int):
            return Ref(value["$ref"])
        kind = RECORDS.get(value.get("$record", ""))
        fields = value.get("fields")
        if kind is None or not isinstance(fields, dict):
            raise BadJournal(f"an unknown value {str(value)[:40]!r}")
        try:
            return kind(**{k: _decode(v) for k, v in fields.items()})
        except TypeError as error:
            raise BadJournal(f"a bad {kind.__name__}: {error}") from None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise BadJournal(f"an unknown value {str(value)[:40]!r}")


def encode_batch(calls: Sequence[Call], *, host: str | None = None, pid: int | None = None) -> str:
    """One journal line for the writes one process could not make (raises TypeError for an
    argument the journal cannot hold)."""
    record = {
        "hiptimer_journal": FORMAT,
        "host": socket.gethostname() if host is None else host,
        "pid": os.getpid() if pid is None else pid,
        "calls": [[c.number, c.method, _encode(list(c.args))] for c in calls],
    }
    return json.dumps(record, ensure_ascii=True, separators=(",", ":")) + "\n"


class Batch(NamedTuple):
    """One process's writes, as read back from its journal line."""

    host: str
    pid: int
    calls: tuple[Call, ...]


def decode_batch(line: str, writes: frozenset[str]) -> Batch:
    """Read one journal line; raises :class:`BadJournal` for anything hiptimer did not write."""
    try:
        record = json.loads(line)
    except ValueError as error:
        raise BadJournal(f"not JSON ({error})") from None
    if not isinstance(record, dict) or record.get("hiptimer_journal") != FORMAT:
        raise BadJournal("not a hiptimer journal line")
    host, pid, calls = record.get("host"), record.get("pid"), record.get("calls")
    if not isinstance(host, str) or not isinstance(pid, int) or not isinstance(calls, list):
        raise BadJournal("no host, pid and calls")
    decoded = []
    for item in calls:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], int)):
            raise BadJournal("a call that is not [index, method, arguments]")
        index, method, args = item
        if method not in writes or not isinstance(args, list):
            raise BadJournal(f"an unknown write {str(method)[:40]!r}")
        call = Call(index, method, tuple(_decode(args)))
        why = _why_bad_call(call)
        if why is not None:
            raise BadJournal(f"{method}: {why}")
        decoded.append(call)
    return Batch(host, pid, tuple(decoded))


_LATEST = 32503680000.0
"""The year 3000, in Unix seconds: no time hiptimer writes is later."""


def _time(value: Any) -> bool:
    """A real number of seconds, as hiptimer writes (a clock, a duration or a Unix time)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value <= _LATEST
    )


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1_000_000


def _session(value: Any) -> bool:
    """A session: one started earlier in the batch, or one already in the history (its id)."""
    return isinstance(value, Ref) or (
        isinstance(value, int) and not isinstance(value, bool) and value > 0
    )


def _planned(value: Any) -> bool:
    return (
        isinstance(value, PlannedSet)
        and _whole(value.position)
        and isinstance(value.exercise, str)
        and isinstance(value.exercise_id, str)
        and _whole(value.set_number)
        and value.side in (None, "left", "right")
        and _time(value.planned_seconds)
        and _whole(value.level)
        and (value.progression is None or isinstance(value.progression, str))
    )


def _why_bad_call(call: Call) -> str | None:
    """Why a journal call's arguments are not what hiptimer writes, or None: every value is
    checked before any is written, so a line is merged whole or not at all."""
    args = call.args
    if call.method == "start_session":
        ok = (
            len(args) == 4
            and isinstance(args[0], str)
            and isinstance(args[1], str)
            and isinstance(args[2], list)
            and all(_planned(p) for p in args[2])
            and _time(args[3])
        )
    elif call.method == "record_set":
        ok = len(args) == 5 and _session(args[0]) and _whole(args[1])
        ok = ok and all(_time(a) for a in args[2:])
    elif call.method == "mark_reset":
        ok = len(args) == 3 and _session(args[0]) and _whole(args[1]) and _time(args[2])
    elif call.method == "finish_session":
        ok = (
            len(args) == 4
            and _session(args[0])
            and args[1] in (Status.COMPLETED, Status.PARTIAL, Status.STOPPED)
            and all(_time(a) for a in args[2:])
        )
    else:
        ok = False
    return None if ok else "arguments that hiptimer does not write"


@contextlib.contextmanager
def _locked(path: Path, *, create: bool) -> Iterator[int]:
    """Open the journal (a regular file, never through a link) and hold its lock. Retries when
    another hiptimer removed or replaced the file while this one waited."""
    deadline = time.monotonic() + LOCK_WAIT
    flags = os.O_RDWR | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        fd = os.open(path, flags | (os.O_CREAT if create else 0), 0o600)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(f"{path} is not a regular file")
            if fcntl is not None:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise OSError(f"{path} is held by another hiptimer") from None
                        time.sleep(0.02)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if same:
                yield fd
                return
        finally:
            os.close(fd)
        if not create:
            raise FileNotFoundError(path)


def append(history: Path, line: str) -> None:
    """Add one batch to the journal of ``history`` (raises OSError when it cannot)."""
    data = line.encode("ascii")
    with _locked(journal_path(history), create=True) as fd:
        os.lseek(fd, 0, os.SEEK_END)
        while data:
            data = data[os.write(fd, data) :]
        os.fsync(fd)


def merge(history: History) -> tuple[str, ...]:
    """Write the journal's sessions into ``history`` and empty it; returns notices.

    Replaying a batch twice changes nothing (a session already started is found, not added
    again), so a merge cut short is simply done again. A batch the lock still holds up stays
    in the journal; lines hiptimer did not write are moved aside, named.
    """
    path = journal_path(history.path)
    try:
        with _locked(path, create=False) as fd:
            if os.fstat(fd).st_size > MAX_BYTES:
                target = aside_name(path, "bad")
                os.rename(path, target)  # under the lock: an appender sees the file is gone
                why = "is too large to be hiptimer's"
                return (f"history: {path} {why}; moved it to {target.name}",)
            text = _read_all(fd).decode("utf-8", "replace")
            kept, bad, notices = _replay_lines(history, text.splitlines())
            if bad:
                notices.append(_set_aside(path, "".join(bad).encode(), "lines hiptimer cannot use"))
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            if kept:
                os.write(fd, "".join(kept).encode("utf-8"))
                os.fsync(fd)
            else:
                os.unlink(path)
            return tuple(notices)
    except FileNotFoundError:
        return ()
    except OSError as error:
        return (f"history: {path} could not be merged: {error.strerror or error}",)


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _replay_lines(history: History, lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Replay each line; return the lines kept for later, the bad ones, and notices."""
    kept: list[str] = []
    bad: list[str] = []
    notices: list[str] = []
    waiting = False
    old = history.conn.execute("PRAGMA busy_timeout").fetchone()[0]
    history.conn.execute(f"PRAGMA busy_timeout = {min(old, MERGE_BUSY_MS):d}")
    try:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            if waiting:
                kept.append(line + "\n")
                continue
            try:
                replay(history, decode_batch(line, history.WRITES))
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    raise
                waiting = True
                kept.append(line + "\n")
            except (BadJournal, sqlite3.Error, TypeError, ValueError) as error:
                bad.append(line + "\n")
                notices.append(
                    f"history: line {number} of {journal_path(history.path)} was not merged: "
                    f"{str(error)[:80]}"
                )
    finally:
        history.conn.execute(f"PRAGMA busy_timeout = {int(old):d}")
    return kept, bad, notices


def replay(history: History, batch: Batch) -> None:
    """Make one batch's writes, as the process that queued them would have."""
    results: dict[int, Any] = {}
    with history.acting_for(batch.host, batch.pid):
        for call in batch.calls:
            try:
                args = tuple(_resolve(a, results) for a in call.args)
            except KeyError:
                continue  # its session was never started: nothing to add to
            method = getattr(history, call.method)
            if call.method == "start_session":
                bound = inspect.signature(method).bind(*args)
                found = history.find_session(
                    bound.arguments["routine_id"], bound.arguments["started_at"]
                )
                if found is not None:
                    results[call.number] = found
                    continue
            results[call.number] = method(*args)


def _resolve(value: Any, results: dict[int, Any]) -> Any:
    if isinstance(value, Ref):
        return results[value.number]
    if isinstance(value, list):
        return [_resolve(v, results) for v in value]
    return value


def _set_aside(path: Path, data: bytes, why: str) -> str:
    target = aside_name(path, "bad")
    with open(target, "xb") as out:
        out.write(data)
    return f"history: {path} held {why}; kept them in {target.name}"
