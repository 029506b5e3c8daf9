"""Output that cannot be written: the fallback for narrow encodings, a reader that leaves,
and line mode ending when its output breaks (pipes made with ``os.pipe``, a fake clock)."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiptimer.commands.output import FALLBACK_ERRORS, fallback_text
from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.engine import Engine, State
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.line.printer import LinePrinter
from hiptimer.line.runner import drive_plain
from hiptimer.line.watch import is_pipe, reader_gone, watching_reader
from hiptimer.testing import FakeClock

PLAN = build_plan(BUILTIN_ROUTINE, Settings())


@pytest.mark.parametrize(
    ("text", "ascii_text"),
    [
        ("00:10 WORK Glute bridge · set 1 of 2", "00:10 WORK Glute bridge - set 1 of 2"),
        ("2 × 30 s · article: 2–3 × 30–45 s", "2 x 30 s - article: 2-3 x 30-45 s"),
        ("n / → next", "n / -> next"),
        ("clipped…", "clipped..."),
        ("Müller ✓", "M?ller ok"),
    ],
    ids=["separator", "ranges", "arrow", "ellipsis", "others"],
)
def test_an_ascii_stream_gets_readable_replacements(text: str, ascii_text: str) -> None:
    assert text.encode("ascii", FALLBACK_ERRORS).decode("ascii") == ascii_text
    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors=FALLBACK_ERRORS)
    out.write(text)  # no UnicodeEncodeError
    out.flush()


def test_fallback_text_replaces_every_character_it_is_given() -> None:
    assert fallback_text("·é") == "-?"


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    """A pipe's read and write ends; whichever the test has not closed is closed after."""
    read_end, write_end = os.pipe()
    yield read_end, write_end
    for fd in (read_end, write_end):
        with contextlib.suppress(OSError):  # closed by the test already
            os.close(fd)


def test_a_pipe_whose_reader_closed_is_seen_as_gone(pipe: tuple[int, int]) -> None:
    read_end, write_end = pipe
    assert is_pipe(write_end)
    assert not reader_gone(write_end)
    os.close(read_end)
    assert reader_gone(write_end)


def test_a_file_has_no_reader_to_lose(tmp_path: Path) -> None:
    with open(tmp_path / "log.txt", "w") as log:
        assert not is_pipe(log.fileno())
        assert not reader_gone(log.fileno())


async def test_the_watch_calls_once_when_the_reader_leaves(pipe: tuple[int, int]) -> None:
    read_end, write_end = pipe
    calls: list[str] = []
    called = asyncio.Event()

    def on_gone() -> None:
        calls.append("gone")
        called.set()

    with watching_reader(write_end, on_gone) as watch:
        assert watch.reading and calls == []
        os.close(read_end)
        await asyncio.wait_for(called.wait(), timeout=5)
        assert not watch.reading  # it stopped watching: no second call
    assert calls == ["gone"]


class FailingStream(io.StringIO):
    """Takes ``good`` lines, then fails every write as ``errno`` says."""

    def __init__(self, good: int, code: int) -> None:
        super().__init__()
        self.good = good
        self.code = code

    def write(self, text: str) -> int:
        if self.good <= 0:
            raise OSError(self.code, os.strerror(self.code))
        self.good -= 1
        return super().write(text)


def test_the_printer_stops_at_the_first_failed_write_and_says_so_once() -> None:
    out = FailingStream(good=1, code=errno.ENOSPC)
    printer = LinePrinter(PLAN, out)
    broken: list[bool] = []
    printer.on_broken = lambda: broken.append(True)
    printer.say(0, "READY one")
    printer.say(1, "WORK two")
    printer.say(2, "WORK three")
    assert out.getvalue() == "00:00 READY one\n"
    assert printer.failure is not None and printer.failure.errno == errno.ENOSPC
    assert broken == [True]


async def test_line_mode_stops_when_a_line_cannot_be_written(clock: FakeClock) -> None:
    engine = Engine(PLAN)
    printer = LinePrinter(PLAN, FailingStream(good=0, code=errno.EPIPE))
    await asyncio.wait_for(drive_plain(engine, [printer], clock=clock, output=printer), 5)
    assert engine.state is State.STOPPED
    assert printer.failure is not None and printer.failure.errno == errno.EPIPE


async def test_line_mode_stops_when_its_reader_leaves_between_lines(
    clock: FakeClock, pipe: tuple[int, int]
) -> None:
    read_end, write_end = pipe
    engine = Engine(PLAN)
    out = os.fdopen(os.dup(write_end), "w", encoding="utf-8")
    printer = LinePrinter(PLAN, out)
    task = asyncio.create_task(drive_plain(engine, [printer], clock=clock, output=printer))
    await clock.settle()  # the READY line is written; the fake clock stands still
    assert os.read(read_end, 1000).startswith(b"00:00 READY ")
    assert not engine.ended
    os.close(read_end)  # nothing more is written: only the watch can see it
    await asyncio.wait_for(task, timeout=5)
    out.close()
    assert engine.state is State.STOPPED
    assert printer.failure is not None and printer.failure.errno == errno.EPIPE
