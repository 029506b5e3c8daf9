"""Keys in line mode: decoding what a terminal sends, and what each key does (fake clock)."""

from __future__ import annotations

import asyncio
import io
import os
import re
import termios
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field

import pytest

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.engine import Engine, State
from hiptimer.core.events import Event, Paused, PhaseStarted
from hiptimer.core.plan import PhaseKind, build_plan
from hiptimer.core.settings import Settings
from hiptimer.driver import Driver
from hiptimer.line.control import KEY_HELP, KeyControl, KeyOptions
from hiptimer.line.decoder import KeyDecoder
from hiptimer.line.printer import LinePrinter
from hiptimer.line.runner import drive_plain
from hiptimer.line.terminal import key_terminal, set_cbreak
from hiptimer.testing import FakeClock

LINE = re.compile(
    r"^\d{2,}:\d{2} (READY|HOW|WORK|HALFWAY|FORM|SWITCH|REST|PAUSE|RESUME|DONE|STOP|ADJUST|RESET"
    r"|KEYS|KEY|SOUND)( .+)?$"
)
"""The documented line shape, with the words that key presses add."""


def short_engine() -> Engine:
    """Prepare 2 s, then each exercise once: bridge 3 s, rest 2, clam left/switch/right..."""
    settings = Settings(work=3, sets=1, rest=2, exercise_rest=2, switch=1, prepare=2)
    return Engine(build_plan(BUILTIN_ROUTINE, settings))


# --- decoding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        pytest.param(b" ", [" "], id="space"),
        pytest.param(b"nprq", ["n", "p", "r", "q"], id="letters"),
        pytest.param(b"+-=_?m", ["+", "-", "=", "_", "?", "m"], id="symbols"),
        pytest.param(b"\x1b[C", ["right"], id="right-arrow"),
        pytest.param(b"\x1b[D", ["left"], id="left-arrow"),
        pytest.param(b"\x1bOC\x1bOD", ["right", "left"], id="arrows-application-mode"),
        pytest.param(b"\x1b[1;5C", ["right"], id="ctrl-right"),
        pytest.param(b"\x1b[A\x1b[B", ["up", "down"], id="up-down"),
        pytest.param(b"\x1b[15~n", ["n"], id="function-key-dropped"),
        pytest.param(b"\x1bq", ["escape", "q"], id="escape-then-key"),
        pytest.param(b"\x1b\x1b[C", ["escape", "right"], id="escape-then-arrow"),
        pytest.param(b"\x1b[\x01n", ["escape", "[", "\x01", "n"], id="broken-sequence"),
        pytest.param("é→".encode(), ["é", "→"], id="utf-8"),
        pytest.param(b"\xffn", ["\ufffd", "n"], id="bad-utf-8"),
    ],
)
def test_decoder(data: bytes, keys: list[str]) -> None:
    assert KeyDecoder().feed(data) == keys


def test_decoder_waits_for_the_rest_of_a_split_sequence() -> None:
    decoder = KeyDecoder()
    data = b"\x1b[Cn\xc3\xa9\x1b[D"
    got = [key for byte in data for key in decoder.feed(bytes([byte]))]
    assert got == ["right", "n", "é", "left"]


def test_decoder_lone_escape_waits_and_garbage_is_dropped() -> None:
    decoder = KeyDecoder()
    assert decoder.feed(b"\x1b") == []
    assert decoder.feed(b"[D") == ["left"]
    assert decoder.feed(b"\x1b[" + b"1;" * 40) == []  # never finished: dropped
    assert decoder.feed(b"n") == ["n"]


def test_cbreak_mode_drops_echo_and_lines_but_keeps_signals() -> None:
    master, slave = os.openpty()
    try:
        set_cbreak(slave)
        mode = termios.tcgetattr(slave)
    finally:
        os.close(master)
        os.close(slave)
    assert not mode[3] & termios.ECHO
    assert not mode[3] & termios.ICANON
    assert mode[3] & termios.ISIG  # Ctrl+C still interrupts
    assert mode[6][termios.VMIN] == 1 and mode[6][termios.VTIME] == 0


def test_no_keys_from_anything_but_our_terminal() -> None:
    read_end, write_end = os.pipe()
    master, slave = os.openpty()
    try:
        with open(os.devnull) as null:
            assert key_terminal(null) is None
        assert key_terminal(os.fdopen(os.dup(read_end))) is None  # a pipe
        # A terminal, but not this process's: reading it is not ours to do.
        assert key_terminal(os.fdopen(os.dup(slave))) is None
        assert key_terminal(io.StringIO()) is None  # no file descriptor at all
        assert key_terminal(None) is None
    finally:
        for fd in (read_end, write_end, master, slave):
            os.close(fd)


# --- what each key does ---------------------------------------------------------------------


@dataclass
class Run:
    """A workout on a fake clock with keys pressed straight into its :class:`KeyControl`."""

    engine: Engine
    clock: FakeClock
    out: io.StringIO
    control: KeyControl
    task: asyncio.Task[None]
    muted: list[bool] = field(default_factory=list)

    def lines(self) -> list[str]:
        return self.out.getvalue().splitlines()

    async def press(self, *keys: str) -> list[str]:
        """Press keys; return the lines they printed."""
        before = len(self.lines())
        for key in keys:
            self.control.press(key)
        await self.clock.settle()
        return self.lines()[before:]


@pytest.fixture
async def run() -> AsyncIterator[Run]:
    clock = FakeClock()
    engine = short_engine()
    out = io.StringIO()
    printer = LinePrinter(engine.plan, out, keys=True)
    driver = Driver(engine, printer, clock)
    muted: list[bool] = []

    def toggle_mute() -> bool:
        muted.append(not (muted[-1] if muted else False))
        return muted[-1]

    control = KeyControl(driver, printer, toggle_mute)
    task = asyncio.create_task(driver.run())
    await clock.settle()
    yield Run(engine, clock, out, control, task, muted)
    if not engine.ended:
        control.press("q")
    await task


async def test_space_pauses_and_the_clock_stands_still_until_space_again(run: Run) -> None:
    await run.clock.advance(1)
    assert await run.press(" ") == ["00:01 PAUSE press space to resume"]
    assert run.engine.state is State.PAUSED
    await run.clock.advance(600)
    assert run.engine.active(run.clock.now()) == pytest.approx(1.0)
    assert run.lines()[-1] == "00:01 PAUSE press space to resume"  # nothing in ten minutes
    assert await run.press(" ") == ["00:01 RESUME"]
    await run.clock.advance(1)  # the rest of the 2 s prepare phase
    assert run.lines()[-1].startswith("00:02 WORK Glute bridge")


@pytest.mark.parametrize("key", ["n", "N", "right"])
async def test_next(run: Run, key: str) -> None:
    lines = await run.press(key)
    assert run.engine.index == 1
    assert len(lines) == 1 and lines[0].startswith("00:00 WORK Glute bridge · set 1 of 1 · 3 s")


@pytest.mark.parametrize("key", ["p", "left"])
async def test_previous(run: Run, key: str) -> None:
    await run.press("n", "n")
    lines = await run.press(key)
    assert run.engine.index == 1
    assert len(lines) == 1 and " WORK Glute bridge" in lines[0]


@pytest.mark.parametrize("key", ["p", "left"])
async def test_previous_on_the_first_phase_says_so_and_changes_nothing(run: Run, key: str) -> None:
    shown = "p" if key == "p" else "←"
    assert await run.press(key) == [f"00:00 KEY {shown} · already at the first phase"]
    assert run.engine.index == 0 and run.engine.state is State.RUNNING


async def test_restart_starts_the_phase_again(run: Run) -> None:
    await run.clock.advance(2.5)  # half a second into the bridge
    lines = await run.press("r")
    assert len(lines) == 1 and lines[0].startswith("00:02 WORK Glute bridge · set 1 of 1 · 3 s")
    assert run.engine.remaining(run.clock.now()) == 3.0


@pytest.mark.parametrize("key", ["h", "H"])
async def test_h_resets_a_bridge_set_in_one_line(run: Run, key: str) -> None:
    await run.clock.advance(2.5)  # half a second into the bridge
    lines = await run.press(key)
    assert lines == [
        "00:02 RESET Glute bridge · set 1 of 1 · 3 s again · "
        "Hips down, reset, squeeze the glutes, go again"
    ]
    assert run.engine.remaining(run.clock.now()) == 3.0 and run.engine.resets == {1}


async def test_h_outside_a_bridge_set_says_when_it_works(run: Run) -> None:
    assert await run.press("h") == [
        "00:00 KEY h · reset is for a bridge set, when the hamstrings take over"
    ]
    assert run.engine.index == 0 and run.engine.resets == set()


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("+", "00:00 ADJUST +10 s · 12 s"),
        ("=", "00:00 ADJUST +10 s · 12 s"),
        ("-", "00:00 ADJUST -1 s · 1 s"),
        ("_", "00:00 ADJUST -1 s · 1 s"),
    ],
)
async def test_adjust(run: Run, key: str, line: str) -> None:
    assert await run.press(key) == [line]


async def test_shortening_as_far_as_it_goes_still_answers(run: Run) -> None:
    await run.press("-")
    assert await run.press("-") == ["00:00 ADJUST +0 s · 1 s · as short as it can be"]
    assert run.engine.duration == 1.0


async def test_m_toggles_sound_and_says_so(run: Run) -> None:
    assert await run.press("m") == ["00:00 SOUND off"]
    assert await run.press("M") == ["00:00 SOUND on"]
    assert run.muted == [True, False]


async def test_question_mark_lists_the_keys(run: Run) -> None:
    assert await run.press("?") == [f"00:00 KEYS {KEY_HELP}"]
    for word in ("space", "→", "←", "r restart", "h bridge reset", "+/- 10 s", "m mute", "q quit"):
        assert word in KEY_HELP


async def test_q_stops_at_once(run: Run) -> None:
    await run.clock.advance(1)
    lines = await run.press("q")
    await run.task
    assert run.engine.state is State.STOPPED
    assert lines == ["00:01 STOP 0 of 3 sets · 0:01"]


async def test_other_keys_get_a_hint_or_nothing(run: Run) -> None:
    assert await run.press("x") == ["00:00 KEY x does nothing · ? lists the keys"]
    assert await run.press("\n", "up", "escape", "\x04") == []
    assert run.engine.index == 0 and run.engine.state is State.RUNNING


async def test_keys_while_paused_keep_it_paused_and_say_so(run: Run) -> None:
    await run.press(" ")
    lines = await run.press("n")
    assert run.engine.state is State.PAUSED and run.engine.index == 1
    assert lines[0].startswith("00:00 WORK Glute bridge") and lines[0].endswith(" · paused")
    await run.press(" ")
    assert not (await run.press("n"))[0].endswith("paused")


async def test_an_illegal_command_the_engine_refuses_is_one_line_not_a_crash(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Let the command through the driver's own check, so the engine itself refuses it.
    monkeypatch.setattr(run.engine, "can", lambda command: True)
    assert await run.press("p") == ["00:00 KEY p is not possible now"]
    assert run.engine.index == 0 and run.engine.state is State.RUNNING


async def test_every_line_keys_print_has_the_documented_shape(run: Run) -> None:
    for key in (" ", " ", "h", "n", "h", "right", "p", "left", "r", "+", "-", "m", "?", "x", "q"):
        await run.press(key)
        await run.clock.advance(0.5)
    assert len(run.lines()) > 15
    for line in run.lines():
        assert LINE.match(line), line


# --- through a real terminal (a pseudo-terminal) ------------------------------------------


class Watch:
    """A sink that lets a test wait for an event instead of sleeping."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.changed = asyncio.Event()

    def __call__(self, events: Sequence[Event]) -> None:
        self.events.extend(events)
        self.changed.set()

    async def until(self, what: Callable[[Event], bool]) -> Event:
        async def wait() -> Event:
            while True:
                found = next((e for e in self.events if what(e)), None)
                if found is not None:
                    return found
                self.changed.clear()
                await self.changed.wait()

        return await asyncio.wait_for(wait(), timeout=10)


@pytest.fixture
def pty_pair() -> Iterator[tuple[int, int]]:
    master, slave = os.openpty()
    yield master, slave
    os.close(master)
    os.close(slave)


async def test_keys_from_a_terminal_and_its_settings_put_back(pty_pair: tuple[int, int]) -> None:
    master, slave = pty_pair
    saved = termios.tcgetattr(slave)
    clock = FakeClock()
    engine = short_engine()
    out = io.StringIO()
    printer = LinePrinter(engine.plan, out, keys=True)
    watch = Watch()
    keys = KeyOptions(slave, printer)
    task = asyncio.create_task(
        drive_plain(engine, [printer, watch], clock=clock, signals=(), keys=keys)
    )
    await clock.settle()
    during = termios.tcgetattr(slave)
    assert not during[3] & termios.ECHO and not during[3] & termios.ICANON
    assert during[3] & termios.ISIG
    os.write(master, b" ")
    await watch.until(lambda e: isinstance(e, Paused))
    os.write(master, b"\x1b[C")  # right arrow: next
    await watch.until(lambda e: isinstance(e, PhaseStarted) and e.index == 1)
    os.write(master, b"q")
    await asyncio.wait_for(task, timeout=10)
    assert engine.state is State.STOPPED
    assert termios.tcgetattr(slave) == saved
    lines = out.getvalue().splitlines()
    assert lines[0] == f"00:00 KEYS {KEY_HELP}"
    assert lines[1].startswith("00:00 READY ")
    assert lines[2].startswith("00:00 HOW Glute bridge · Basic bridge · ")
    assert lines[3] == "00:00 PAUSE press space to resume"
    assert lines[4].startswith("00:00 WORK Glute bridge") and lines[4].endswith("paused")
    assert lines[-1].startswith("00:00 STOP ")


async def test_terminal_put_back_when_the_workout_fails(pty_pair: tuple[int, int]) -> None:
    master, slave = pty_pair
    saved = termios.tcgetattr(slave)
    clock = FakeClock()
    engine = short_engine()
    printer = LinePrinter(engine.plan, io.StringIO(), keys=True)

    def broken(events: Sequence[Event]) -> None:
        if any(isinstance(e, PhaseStarted) and e.index == 1 for e in events):
            raise RuntimeError("a sink broke")

    task = asyncio.create_task(
        drive_plain(engine, [broken], clock=clock, signals=(), keys=KeyOptions(slave, printer))
    )
    await clock.settle()
    assert termios.tcgetattr(slave) != saved
    await clock.advance(2)  # the first work phase starts: the sink raises in the driver
    with pytest.raises(RuntimeError, match="a sink broke"):
        await asyncio.wait_for(task, timeout=10)
    assert termios.tcgetattr(slave) == saved
    assert master >= 0


async def test_with_keys_a_clock_jump_waits_for_space(pty_pair: tuple[int, int]) -> None:
    master, slave = pty_pair
    clock = FakeClock()
    engine = short_engine()
    out = io.StringIO()
    printer = LinePrinter(engine.plan, out, keys=True)
    watch = Watch()
    task = asyncio.create_task(
        drive_plain(
            engine, [printer, watch], clock=clock, signals=(), keys=KeyOptions(slave, printer)
        )
    )
    await clock.settle()
    await clock.advance(3)
    clock.jump(900)
    await clock.settle()
    await clock.advance(60)
    assert engine.state is State.PAUSED
    assert "clock jumped 900 s (the computer slept?) · press space to resume" in out.getvalue()
    os.write(master, b" ")
    await watch.until(lambda e: e.__class__.__name__ == "Resumed")
    await clock.advance(engine.plan.total_seconds)
    await asyncio.wait_for(task, timeout=10)
    assert engine.state is State.FINISHED
    assert engine.phase.kind is PhaseKind.DONE
