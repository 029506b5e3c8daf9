"""Regular files only: reads that cannot hang or grow without bound, saves that cannot hurt.

The user's files may be anything a path can name: a FIFO (reading it waits for a writer
that never comes), ``/dev/zero`` (endless), ``/dev/null`` (saving over it would turn the
device into a file), a file that is read-only on purpose, or one that root is editing for a
user. Every read and write of a settings or routine file goes through here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_WAIT = 2.0
"""Seconds to wait for another hiptimer's save to the same folder before giving up."""
_CHUNK = 64 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class Refused(Exception):
    """The file was not read or written; the message says why in a few words."""


def kind_of_file(mode: int) -> str:
    """Name what a ``st_mode`` is: ``a regular file``, ``a named pipe (FIFO)``, ..."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def size_text(size: int, limit: int) -> str:
    """Say ``size`` in the unit ``limit`` reads best in: ``300 KiB``, ``1.2 MB``."""
    if limit % 1024 == 0:
        return f"{size / 1024:.0f} KiB"
    return f"{size / 1_000_000:.1f} MB".replace(".0 MB", " MB")


def _too_large(size: int, limit: int) -> Refused:
    return Refused(
        f"the file is too large ({size_text(size, limit)}; the limit is "
        f"{size_text(limit, limit)}), so it was not read"
    )


def _not_regular(mode: int) -> Refused:
    return Refused(f"is {kind_of_file(mode)}, not a regular file, so it was not read")


def is_missing(path: Path) -> bool:
    """Return whether nothing is at ``path`` (a missing folder on the way counts).

    Anything else, a folder that cannot be searched included, is not "missing": reading the
    file then names the real problem instead of quietly using the defaults.
    """
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


def read_regular(path: Path, limit: int) -> bytes:
    """Read a regular file of at most ``limit`` bytes; never wait on a FIFO or a device.

    The path is checked before it is opened (opening some devices does something), opened
    non-blocking, and checked again on the open descriptor, so a file swapped in between is
    caught too. A file that grows past ``limit`` while it is read is refused as well.

    Raises:
        Refused: It is not a regular file, or is larger than ``limit``.
        OSError: It could not be opened or read (missing, no permission, ...).
    """
    before = os.stat(path)
    if not stat.S_ISREG(before.st_mode):
        raise _not_regular(before.st_mode)
    if before.st_size > limit:
        raise _too_large(before.st_size, limit)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY if os.name == "posix" else os.O_RDONLY
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(info.st_mode)
        if info.st_size > limit:
            raise _too_large(info.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_large(total, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _read_only(info: os.stat_result, target: Path) -> bool:
    if not info.st_mode & 0o222:  # no one may write it: not even root replaces it
        return True
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return False
    return not os.access(target, os.W_OK)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so a reader sees the old file or the new one, never half.

    The text goes to a temporary file in the same folder, is flushed and fsync'd, given the
    old file's mode, owner and group, then renamed over the target. A symlink is followed,
    so the file it points at is replaced. Only a regular file is ever replaced: a device,
    a FIFO or a folder at the path, or a file the user may not write, is left alone.

    Raises:
        Refused: The target is not a regular file, is read-only, or its owner could not be
            kept (another user's file); it is untouched.
        OSError: The folder cannot be written; the old file is then untouched.
    """
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{target} is {kind_of_file(info.st_mode)}, not a regular file")
        if _read_only(info, target):
            raise Refused(f"{target} is read-only (no write permission for you)")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as temp:
            temp.write(text)
            temp.flush()
            if info is not None:
                _keep_owner_and_mode(temp.fileno(), info, target)
            os.fsync(temp.fileno())
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


def _keep_owner_and_mode(fd: int, info: os.stat_result, target: Path) -> None:
    if hasattr(os, "fchown"):
        mine = os.fstat(fd)
        if (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
            try:
                # Owner first: chown clears set-id bits, and the mode below puts them back.
                os.fchown(fd, info.st_uid, info.st_gid)
            except PermissionError:
                raise Refused(
                    f"{target} belongs to another user (uid {info.st_uid}, gid {info.st_gid}) "
                    "and saving would change that"
                ) from None
    if hasattr(os, "fchmod"):
        os.fchmod(fd, stat.S_IMODE(info.st_mode))


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` while a file in it is read, changed and saved.

    Two hiptimers saving at once would otherwise each read the file before the other
    wrote it, and the second save would undo the first. The folder itself is locked
    (``flock``), not a file in it: the file is replaced by each save, and a lock file would
    be one more file in the user's folder. Where there is no ``flock`` (Windows) nothing
    is locked.

    Raises:
        Refused: Another process held the lock for ``wait`` seconds.
        OSError: The folder cannot be opened.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise Refused(
                        f"another program is saving in {folder}; try again in a moment"
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
