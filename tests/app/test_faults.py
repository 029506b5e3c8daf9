"""Faults the app and line mode must survive: signals, a history that cannot be written, a
clock that jumps, a storm of keys and resizes, and a sound backend that hangs."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from hiptimer.core.cues import Cue
from hiptimer.core.engine import State
from hiptimer.core.events import Finished, Paused, PhaseEnded
from hiptimer.core.plan import Plan
from hiptimer.core.wording import duration_text
from hiptimer.driver import Sink
from hiptimer.sound.backends import BackendError
from hiptimer.sound.player import AudioPlayer
from hiptimer.store import journal
from hiptimer.store.recorder import Recorder
from hiptimer.store.sessions import History
from hiptimer.store.writer import HistoryWriter
from hiptimer.testing import (
    EventLog,
    FakeClock,
    FakePlayback,
    FixedHistory,
    RecordingPlayer,
    memory_sounds,
)
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.done import DoneScreen
from hiptimer.ui.screens.help import HelpScreen
from hiptimer.ui.screens.workout import WorkoutScreen, shown_seconds
from tests.app.pilot import SHORT, advance, make_app, start


def notices(app: HipTimerApp) -> list[str]:
    return [n.message for n in app._notifications]


def assert_shows_the_engine(screen: WorkoutScreen, clock: FakeClock) -> None:
    """The digits show exactly what the engine has left, rounded up as everywhere."""
    left = shown_seconds(screen.engine.remaining(clock.now()))
    assert screen.time_shown == duration_text(left)


# -- signals ------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
async def test_a_signal_ends_the_workout_through_the_engine(
    clock: FakeClock, player: RecordingPlayer, signum: int
) -> None:
    log = EventLog()
    app = make_app(clock, player, sinks=[log])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 4 + 20 + 3)  # the first set done, 3 s into the rest
        os.kill(os.getpid(), signum)
        await pilot.pause()
        await pilot.pause()
    (finished,) = [e for e in log.events if isinstance(e, Finished)]
    assert not finished.completed
    assert finished.sets_done == 1
    assert finished.clock == pytest.approx(27.0)
    assert screen.engine.state is State.STOPPED
    assert app.return_value == 128 + signum  # what cli.main exits with
    # The handlers go with the app: a later signal meets the default again.
    assert app._signals == []


# -- a history that cannot be written -----------------------------------------------------


def history_app(
    clock: FakeClock, player: RecordingPlayer, writer: HistoryWriter, log: EventLog
) -> HipTimerApp:
    def recorder(plan: Plan) -> Sink:
        return Recorder(writer, plan)

    return make_app(clock, player, sinks=[log], history=FixedHistory(sinks=recorder))


def threadsafe_notices(writer: HistoryWriter, app: HipTimerApp) -> None:
    """Hand the writer's notices to the app's loop, as the real program does."""
    loop = asyncio.get_running_loop()
    writer.notify = lambda message: loop.call_soon_threadsafe(app.notify_plain, message)


async def written(pilot: object, writer: HistoryWriter) -> None:
    """Wait for the writer's queue, then let the loop show what it said."""
    assert writer.flush(10.0)
    await pilot.pause()  # type: ignore[attr-defined]


async def held(pilot: object, writer: HistoryWriter) -> None:
    """Wait for the writer to give up on a history that refuses writes (it keeps them for
    the journal), then let the loop show what it said."""
    assert not writer.flush(10.0)
    await pilot.pause()  # type: ignore[attr-defined]


async def test_history_turning_read_only_mid_workout_is_one_notice_and_the_timer_goes_on(
    tmp_path: Path, clock: FakeClock, player: RecordingPlayer
) -> None:
    path = tmp_path / "history.sqlite3"
    writer = HistoryWriter(path).start()
    log = EventLog()
    app = history_app(clock, player, writer, log)
    async with app.run_test(size=(80, 24)) as pilot:
        threadsafe_notices(writer, app)
        screen = await start(pilot)
        await advance(pilot, clock, 4 + 20 + 1)  # the first set is written
        await written(pilot, writer)
        assert not any("history" in n for n in notices(app))
        # The file turns read-only under the open workout. Root may write to any file
        # whatever its mode, so the connection itself is reopened read-only (on the
        # writer's thread, which owns it): SQLite then refuses every write, as it does for
        # a file it may not write.

        def read_only(history: History) -> bool:
            history.conn.close()
            uri = f"{path.as_uri()}?mode=ro"
            history.conn = sqlite3.connect(uri, uri=True, isolation_level=None)
            return True

        assert writer.read(read_only, 10.0)
        shown_before = screen.time_shown
        await advance(pilot, clock, 1)
        assert screen.time_shown != shown_before
        await advance(pilot, clock, 5 + 20)  # the second set ends: its write fails
        await held(pilot, writer)
        failed = [n for n in notices(app) if "history" in n]
        assert len(failed) == 1
        assert str(path) in failed[0] and "readonly" in failed[0] and "kept in" in failed[0]
        assert screen.phase_word == "REST"
        assert_shows_the_engine(screen, clock)
        await advance(pilot, clock, 600)  # to the end, every later write held too
        await held(pilot, writer)
        assert isinstance(app.screen, DoneScreen)
        assert len([n for n in notices(app) if "history" in n]) == 1
    writer.close(5.0)
    (finished,) = [e for e in log.events if isinstance(e, Finished)]
    assert finished.completed and finished.sets_done == finished.sets_planned
    conn = sqlite3.connect(path)
    try:
        done = [row[0] for row in conn.execute("SELECT done_seconds FROM sets ORDER BY position")]
    finally:
        conn.close()
    assert done[0] == 20  # what was written before the fault is kept
    assert all(d == 0 for d in done[1:])
    # The rest waits in the journal; the next open merges it (tests/unit/test_history_writer).
    assert journal.journal_path(path).stat().st_size > 0


# -- the clock jumps ----------------------------------------------------------------------


async def test_a_clock_jump_pauses_at_the_missed_moment_and_says_why(
    clock: FakeClock, player: RecordingPlayer
) -> None:
    log = EventLog()
    app = make_app(clock, player, sinks=[log])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 4 + 7.5)  # set 1, 12.5 s left, 13 shown
        assert screen.time_shown == "0:13"
        before = screen.engine.active(clock.now())
        clock.jump(600)  # the laptop slept for ten minutes
        await clock.settle()
        await pilot.pause()
        assert screen.engine.state is State.PAUSED
        assert screen.has_class("-paused")
        assert screen.phase_word == "PAUSED · WORK"
        (reason,) = [n for n in notices(app) if "clock jumped" in n]
        assert "600 s" in reason or "599 s" in reason
        # Stopped at the deadline it missed (0:12), not at the time it woke to.
        assert screen.time_shown == "0:12"
        assert screen.engine.index == 1
        assert screen.engine.active(clock.now()) == pytest.approx(before + 0.5)
        paused = [e for e in log.events if isinstance(e, Paused)]
        assert [p.reason != "" for p in paused] == [True]
        await advance(pilot, clock, 60)  # nothing moves while paused
        assert screen.time_shown == "0:12"

        await pilot.press("space")
        await advance(pilot, clock, 12)
        assert screen.phase_word == "REST"
        await advance(pilot, clock, 600)
        assert isinstance(app.screen, DoneScreen)
    (finished,) = [e for e in log.events if isinstance(e, Finished)]
    assert finished.completed and finished.sets_done == finished.sets_planned
    # Every work phase ran in full: none was skipped while the machine slept.
    work = [e for e in log.events if isinstance(e, PhaseEnded) and e.phase.is_work]
    assert work and all(e.completed and e.done == 20 for e in work)


async def test_a_jump_while_paused_changes_nothing(clock: FakeClock, player: RecordingPlayer):
    app = make_app(clock, player)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await advance(pilot, clock, 6)
        await pilot.press("space")
        shown = screen.time_shown
        clock.jump(3600)
        await clock.settle()
        await pilot.pause()
        assert screen.time_shown == shown
        assert not any("clock jumped" in n for n in notices(app))
        await pilot.press("space")
        await advance(pilot, clock, 1)
        assert screen.time_shown != shown and screen.engine.state is State.RUNNING


# -- a storm of keys and resizes ----------------------------------------------------------

STORM_KEYS = (
    "space", "n", "p", "right", "left", "r", "plus", "minus", "equals_sign", "underscore",
    "m", "question_mark", "escape", "up", "down", "tab", "enter", "a", "z", "1",
)  # fmt: skip
"""Every workout key but quit, the help screen's, and keys that mean nothing here."""


async def test_a_storm_of_keys_and_resizes_leaves_the_app_responsive_and_exact(
    clock: FakeClock, player: RecordingPlayer
) -> None:
    rng = random.Random(20260601)
    app = make_app(clock, player, overrides={**SHORT, "sets": 5})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        expected_active = 0.0
        for _ in range(300):
            roll = rng.random()
            if roll < 0.7:
                await pilot.press(rng.choice(STORM_KEYS))
            elif roll < 0.85:
                await pilot.resize_terminal(rng.randint(8, 200), rng.randint(3, 60))
            else:
                step = rng.choice((0.25, 0.5, 1.0, 1.7, 3.0))
                counting = not screen.has_class("-paused")
                await advance(pilot, clock, step)
                if counting:
                    expected_active += step
        await pilot.pause()
        assert app.screen is screen or isinstance(app.screen, HelpScreen)
        assert screen.engine.state in (State.RUNNING, State.PAUSED)
        assert screen.engine.active(clock.now()) == pytest.approx(expected_active)
        assert_shows_the_engine(screen, clock)

        if isinstance(app.screen, HelpScreen):
            await pilot.press("escape")
        assert app.screen is screen
        await pilot.resize_terminal(80, 24)
        was_paused = screen.has_class("-paused")
        await pilot.press("space")  # the last key still works
        assert screen.has_class("-paused") is not was_paused
        if was_paused:
            await advance(pilot, clock, 1)
            expected_active += 1
        assert screen.engine.active(clock.now()) == pytest.approx(expected_active)
        assert_shows_the_engine(screen, clock)


# -- a sound backend that hangs -----------------------------------------------------------


class HangingBackend:
    """A sound server that stopped answering: starting a sound (``where="start"``), or
    playing and stopping one (``where="play"``), blocks for ``hang`` seconds."""

    name = "hanging"

    def __init__(self, where: str, hang: float = 10.0) -> None:
        self.where = where
        self.hang = hang
        self.release = threading.Event()
        self.playing = threading.Event()
        """Set once a sound is playing (the player waits on it)."""
        self.calls = 0

    def block(self, where: str) -> bool:
        """Block here if this is where it hangs; return whether it was let go early."""
        return self.where != where or self.release.wait(self.hang)

    def start(self, pcm: bytes, key: str) -> HangingPlayback:
        self.calls += 1
        self.block("start")
        return HangingPlayback(self)


class HangingPlayback(FakePlayback):
    def __init__(self, backend: HangingBackend) -> None:
        super().__init__()
        self.backend = backend

    def wait(self, timeout: float) -> bool:
        self.backend.playing.set()
        if not self.backend.block("play"):
            raise BackendError("hung")
        return True

    def stop(self) -> None:
        self.backend.block("play")
        super().stop()


@pytest.mark.parametrize("where", ["start", "play"])
async def test_a_hanging_sound_backend_does_not_delay_the_display(
    clock: FakeClock, where: str
) -> None:
    backend = HangingBackend(where)
    audio = AudioPlayer(memory_sounds(), [backend], on_bell=None)
    app = HipTimerApp(player=audio, clock=clock, overrides=SHORT)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            began = time.monotonic()
            screen = await start(pilot)  # "get ready" goes to the backend, which hangs
            # Wait (on a real thread, so with a deadline) until that sound is stuck where
            # it hangs: starting, or playing as the current sound.
            deadline = time.monotonic() + 5
            while not (audio._current if where == "play" else backend.calls):
                assert time.monotonic() < deadline, "the first cue never reached the backend"
                await asyncio.sleep(0.005)
            await pilot.press("m")  # muting cuts off the stuck sound
            await pilot.press("m")
            seen = [screen.time_shown]
            for _ in range(4 + 10):  # into work: a cue or a digit every second
                await advance(pilot, clock, 1)
                seen.append(screen.time_shown)
            spent = time.monotonic() - began
            assert seen[:5] == ["0:04", "0:03", "0:02", "0:01", "0:20"]
            assert seen[5:] == [duration_text(n) for n in range(19, 9, -1)]
            # All of that while the backend hangs for 10 s at a time.
            assert spent < 3.0, f"the display waited for the sound: {spent:.1f} s"
    finally:
        backend.release.set()
        audio.close(timeout=5)


def test_closing_does_not_wait_for_a_backend_that_hangs_when_stopped() -> None:
    # Quitting mid-sound cuts the sound off; a sound server stuck in that call must not
    # keep the program from ending.
    backend = HangingBackend("play")
    audio = AudioPlayer(memory_sounds(), [backend], on_bell=None)
    try:
        audio.play([Cue(tone="go", voice=None, say=None)])
        assert backend.playing.wait(5), "the cue never reached the backend"
        began = time.monotonic()
        assert audio.close(timeout=0.0, stop_timeout=0.2) is False  # it did not stop in time
        assert time.monotonic() - began < 1.0
        assert audio.muted
    finally:
        backend.release.set()
