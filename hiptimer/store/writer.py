"""The history writer: a thread that owns the history and makes its writes from a bounded
queue, so the timer never waits for the file (another program's lock delays the row, not the
phase), and keeps what it could not write in the journal when the process must go."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hiptimer.store import journal
from hiptimer.store.journal import Call, Ref
from hiptimer.store.schema import is_busy
from hiptimer.store.sessions import History, HistoryOpen, open_history

T = TypeVar("T")

Notify = Callable[[str], None]
"""Receives a notice for the user; called on the writer's thread."""

QUEUE_SIZE = 1024
"""Writes that may wait at once; a workout makes a few dozen."""
BUSY_AFTER = 2.0
"""Seconds a write may wait for another program's lock before the user is told."""
POLL = 0.25
"""Seconds SQLite waits for a lock before the writer looks again (at closing, for one)."""
BUSY_NOTICE = "history busy: another program holds it; the session will be saved when it is free"
SET_ASIDE = (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM)
"""SQLite's (primary) result codes for a history that cannot be written now but may be later
(a file or folder made read-only): the writes go to the journal instead of being lost."""


class Pending:
    """A queued call; once made, its result (a new session's id) or that it failed."""

    __slots__ = ("call", "done", "failed", "result")

    def __init__(self, call: Call) -> None:
        self.call = call
        self.done = False
        self.failed = False
        self.result: Any = None


class _Read:
    __slots__ = ("fn", "finished", "result", "wanted")

    def __init__(self, fn: Callable[[History], Any]) -> None:
        self.fn = fn
        self.finished = threading.Event()
        self.result: Any = None
        self.wanted = True


class HistoryWriter:
    """Owns one history on a thread of its own (SQLite connections stay in their thread).

    :meth:`write` queues a call to one of :attr:`History.WRITES <History>` and returns at
    once; a :class:`Pending` it returns may be passed as an argument of a later write (the
    session's id). The thread opens the history first (merging any journal), then makes the
    writes in order; a write held up by another program's lock is tried again until it goes
    through, with one notice after ``busy_after`` seconds. :meth:`close` waits a bounded
    time and keeps what is still queued in the journal beside the history.

    Args:
        path: The history database.
        notify: Receives each notice (on the writer's thread): what the open found, the one
            busy notice, a failed write (once per message).
        busy_after: Seconds of waiting for a lock before the busy notice.
        queue_size: Writes that may wait at once; more are dropped with a notice.
        opener: Opens the history on the writer's thread; by default :func:`open_history`,
            waiting :data:`POLL` seconds at a time for a lock (it raises when that is not
            enough, and the writer tries again).
    """

    def __init__(
        self,
        path: Path,
        *,
        notify: Notify | None = None,
        busy_after: float = BUSY_AFTER,
        queue_size: int = QUEUE_SIZE,
        opener: Callable[[Path], HistoryOpen] | None = None,
    ) -> None:
        self.path = path
        self.opener = opener or _open_polling
        self.notify = notify
        self.busy_after = busy_after
        self.queue_size = queue_size
        self.history: History | None = None
        """The open history, used only on the writer's thread."""
        self.busy = False
        """Whether the writer has waited for another program's lock for long."""
        self._queue: deque[Pending | _Read] = deque()
        self._lock = threading.Condition()
        self._said: set[str] = set()
        self._count = 0
        self._opened = threading.Event()
        self._stopping = False
        self._deadline = float("inf")
        self._held = False
        """Whether the history refused a write for good: the rest waits for the journal."""
        self._thread = threading.Thread(target=self._run, name="hiptimer-history", daemon=True)

    def start(self) -> HistoryWriter:
        """Start the thread (which opens the history); return this writer."""
        self._thread.start()
        return self

    def wait_open(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the open; True once it is done (or failed)."""
        return self._opened.wait(timeout)

    @property
    def available(self) -> bool:
        """False once the open has failed: nothing will be recorded."""
        return not self._opened.is_set() or self.history is not None

    # -- the caller's side (the event loop) -----------------------------------------------

    def write(self, method: str, *args: Any) -> Pending:
        """Queue ``History.<method>(*args)``; never blocks. A :class:`Pending` among the
        arguments stands for that earlier write's result."""
        if method not in History.WRITES:
            raise ValueError(f"{method!r} is not one of the history's writes")
        with self._lock:
            call = Call(self._count, method, args)
            self._count += 1
            item = Pending(call)
            if self._stopping or sum(isinstance(i, Pending) for i in self._queue) >= (
                self.queue_size
            ):
                item.failed = True
                self._say(f"history: {self.path}: too many rows waiting; some are not saved")
                return item
            self._queue.append(item)
            self._lock.notify()
            return item

    def read(self, fn: Callable[[History], T], timeout: float) -> T | None:
        """Run ``fn`` on the writer's thread once the writes queued before it are made, and
        return its result; None when it takes longer than ``timeout`` seconds (the lock is
        held), the history is not open, or ``fn`` fails."""
        if self.busy or self._held or not self.available:
            return None
        item = _Read(fn)
        with self._lock:
            if self._stopping:
                return None
            self._queue.append(item)
            self._lock.notify()
        if not item.finished.wait(timeout):
            item.wanted = False
            return None
        result: T | None = item.result
        return result

    def flush(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for every queued write; True when none is left
        (False at once when the history refused them: they wait for the journal)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._queue and self._thread.is_alive() and not self._held:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(remaining)
            return not self._queue

    def close(self, timeout: float) -> None:
        """Stop: write what is queued within ``timeout`` seconds, keep the rest in the journal
        (see :mod:`hiptimer.store.journal`), close the history."""
        with self._lock:
            self._deadline = time.monotonic() + timeout
            self._stopping = True
            self._lock.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout + 2 * POLL)
        with self._lock:
            left = [i for i in self._queue if isinstance(i, Pending) and not i.failed]
            self._queue.clear()
        if left:
            self._keep(left)

    def _keep(self, left: list[Pending]) -> None:
        waiting = {id(p) for p in left}
        calls = []
        for pending in left:
            args = []
            for arg in pending.call.args:
                if isinstance(arg, Pending):
                    if arg.done:
                        arg = arg.result
                    elif id(arg) in waiting:
                        arg = Ref(arg.call.number)
                    else:
                        break  # what it adds to was never written
                args.append(arg)
            else:
                calls.append(pending.call._replace(args=tuple(args)))
        if not calls:
            return
        try:
            journal.append(self.path, journal.encode_batch(calls))
        except (OSError, TypeError) as error:
            why = getattr(error, "strerror", None) or str(error)
            self._say(f"history: {self.path} was busy and the session could not be kept: {why}")

    # -- the writer's thread ----------------------------------------------------------------

    def _run(self) -> None:
        gave_up = True
        try:
            self.history, gave_up = self._open()
        finally:
            self._opened.set()
        if gave_up:
            return  # closing while the lock is still held: the queue goes to the journal
        try:
            while True:
                with self._lock:
                    while not self._queue and not self._stopping:
                        self._lock.wait()
                    if not self._queue:
                        return
                    item = self._queue[0]
                if self.history is None:
                    self._drop(item)
                    continue
                if not self._make(self.history, item):
                    return  # closing while the lock is still held: the rest goes to the journal
                with self._lock:
                    self._queue.popleft()
                    self._lock.notify_all()
        finally:
            if self.history is not None:
                self.history.close()

    def _open(self) -> tuple[History | None, bool]:
        """The history (None when it cannot be used), and whether the writer gave up waiting
        for a lock because it is closing."""
        started = time.monotonic()
        while True:
            try:
                history, notices = self.opener(self.path)
            except sqlite3.OperationalError:
                if not self._still_waiting(started):
                    return None, True
                continue
            for notice in notices:
                self._say(notice)
            return history, False

    def _still_waiting(self, started: float) -> bool:
        """After a lock held the writer up: say so once; False when it is time to stop."""
        if not self.busy and time.monotonic() - started >= self.busy_after:
            self.busy = True
            self._say(BUSY_NOTICE)
        with self._lock:
            return not (self._stopping and time.monotonic() >= self._deadline)

    def _drop(self, item: Pending | _Read) -> None:
        with self._lock:
            self._queue.popleft()
            if isinstance(item, Pending):
                item.failed = True
            else:
                item.finished.set()
            self._lock.notify_all()

    def _make(self, history: History, item: Pending | _Read) -> bool:
        """Make one queued call, trying again while the lock is held; False to stop."""
        if isinstance(item, _Read):
            if item.wanted:
                try:
                    item.result = item.fn(history)
                except (sqlite3.Error, OSError, ValueError):
                    item.result = None
            item.finished.set()
            return True
        started = time.monotonic()
        while True:
            try:
                args = tuple(_resolve(a) for a in item.call.args)
            except LookupError:
                item.failed = True  # what it adds to was not written: that was said already
                return True
            try:
                item.result = getattr(history, item.call.method)(*args)
                item.done = True
                if self.busy:
                    self.busy = False
                return True
            except sqlite3.OperationalError as error:
                if _cannot_write_now(error):
                    self._hold(error)
                    return False
                if not is_busy(error):
                    self._failed(item, error)
                    return True
                if not self._still_waiting(started):
                    return False
            except (sqlite3.Error, OSError) as error:
                self._failed(item, error)
                return True

    def _hold(self, error: sqlite3.Error) -> None:
        """Keep this write and every later one for the journal, which :meth:`close` writes
        and the next open merges, once the history can be written again."""
        kept = journal.journal_path(self.path).name
        self._say(
            f"history: could not write to {self.path}: {error}; this session is kept in "
            f"{kept} beside it and added once the history can be written"
        )
        with self._lock:
            self._held = True
            for item in self._queue:
                if isinstance(item, _Read):
                    item.finished.set()
            self._lock.notify_all()

    def _failed(self, item: Pending, error: Exception) -> None:
        item.failed = True
        self._say(f"history: could not write to {self.path}: {error}")

    def _say(self, message: str) -> None:
        if message in self._said or self.notify is None:
            return
        self._said.add(message)
        self.notify(message)


def _open_polling(path: Path) -> HistoryOpen:
    return open_history(path, busy_timeout=POLL, raise_busy=True)


def _cannot_write_now(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in SET_ASIDE


def _resolve(value: Any) -> Any:
    if isinstance(value, Pending):
        if not value.done:
            raise LookupError("not written")
        return value.result
    return value
