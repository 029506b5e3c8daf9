"""Ways out of the app and what sound leaves behind: every quit asks alike, the bell's flash
always ends, and a closed terminal never holds the program (Pilot and a real pty)."""

from __future__ import annotations

import contextlib
import contextvars
import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from textual._context import active_app
from textual.command import CommandList, CommandPalette
from textual.drivers._writer_thread import WriterThread
from textual.pilot import Pilot

from hiptimer.core.events import Event, Finished
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.confirm import ConfirmQuitScreen
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.workout import WorkoutScreen
from hiptimer.ui.terminal import TerminalDriver, TerminalOutput

SHORT = {"prepare": 4, "work": 20, "rest": 6, "exercise_rest": 8, "switch": 3, "sets": 2}


class ConnectedPlayer(RecordingPlayer):
    """A recording player that keeps the callbacks the app connects, as the real one does."""

    def __init__(self) -> None:
        super().__init__()
        self.callbacks: dict[str, Any] = {}

    def connect(self, **callbacks: Any) -> None:
        self.callbacks = callbacks

    def from_sound_thread(self, callback: Callable[[], object]) -> None:
        """Hand ``callback`` over as the sound thread does: from another thread, whose
        context knows nothing of the app."""
        deliver = self.callbacks["deliver"]
        thread = threading.Thread(target=contextvars.Context().run, args=(deliver, callback))
        thread.start()
        thread.join()


class EventLog:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, events: Sequence[Event]) -> None:
        self.events.extend(events)

    @property
    def finished(self) -> list[bool]:
        return [e.completed for e in self.events if isinstance(e, Finished)]


def make_app(clock: FakeClock, player: RecordingPlayer, log: EventLog) -> HipTimerApp:
    return HipTimerApp(player=player, clock=clock, overrides=SHORT, sinks=[log])


async def start(pilot: Pilot[object], clock: FakeClock) -> WorkoutScreen:
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WorkoutScreen)
    await clock.settle()
    await clock.advance(4 + 5)  # into the first set of work
    await pilot.pause()
    return screen


async def found_in_palette(pilot: Pilot[object], title: str) -> None:
    """Wait (by the palette's own progress, at most 5 s) for ``title`` to be highlighted:
    the palette searches in a worker."""
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    commands = palette.query_one(CommandList)
    for _ in range(250):
        index = commands.highlighted
        prompt = str(commands.get_option_at_index(index).prompt) if index is not None else ""
        if prompt.splitlines()[:1] == [title]:  # the title, then the help on the next line
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{title!r} never came up in the palette")


# -- every quit asks alike ----------------------------------------------------------------


async def test_ctrl_q_mid_workout_asks_as_q_does_and_twice_quits() -> None:
    clock, player, log = FakeClock(), RecordingPlayer(), EventLog()
    app = make_app(clock, player, log)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, clock)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        assert screen.engine.state.name == "PAUSED"  # the clock waits for the answer
        await pilot.press("n")
        assert app.screen is screen and screen.engine.state.name == "RUNNING"
        assert log.finished == [] and app.return_code is None

        await pilot.press("ctrl+q")
        await pilot.press("ctrl+q")  # asked again while asking: yes, as q then q
        await pilot.pause()
    assert log.finished == [False]
    assert app.return_code == 130


async def test_the_palettes_quit_mid_workout_asks_first() -> None:
    clock, player, log = FakeClock(), RecordingPlayer(), EventLog()
    app = make_app(clock, player, log)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock)
        await pilot.press("ctrl+p")
        await pilot.press(*"quit")
        await found_in_palette(pilot, "Quit")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen)
        await pilot.press("y")
        await pilot.pause()
    assert log.finished == [False]
    assert app.return_code == 130


async def test_ctrl_c_ends_at_once_and_ctrl_q_at_home_does_not_ask() -> None:
    clock, player, log = FakeClock(), RecordingPlayer(), EventLog()
    app = make_app(clock, player, log)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, clock)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert log.finished == [False] and app.return_code == 130

    home_app = make_app(FakeClock(), RecordingPlayer(), EventLog())
    async with home_app.run_test(size=(80, 24)) as pilot:
        assert isinstance(home_app.screen, HomeScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert home_app.return_code == 0


# -- the bell's flash ---------------------------------------------------------------------


async def test_callbacks_from_the_sound_thread_run_in_the_apps_context() -> None:
    # Textual finds its app in a context variable; a timer started without it raised
    # LookupError at quit and never ended the flash.
    clock, player, log = FakeClock(), ConnectedPlayer(), EventLog()
    app = make_app(clock, player, log)
    seen: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        player.from_sound_thread(lambda: seen.append(active_app.get(None)))
        await pilot.pause()
    assert seen == [app]


async def test_the_flash_ends_at_the_next_second_even_when_its_timer_is_lost() -> None:
    clock, player, log = FakeClock(), ConnectedPlayer(), EventLog()
    app = make_app(clock, player, log)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, clock)
        flash = player.callbacks["on_flash"]
        player.from_sound_thread(lambda: flash("go"))
        await pilot.pause()
        assert screen.has_class("-flash")
        for timer in list(screen._timers):  # lost, as with a loop that stops running it
            timer.stop()
        await clock.settle()
        await clock.advance(1)
        await pilot.pause()
        assert not screen.has_class("-flash")
        assert screen.engine.state.name == "RUNNING"


# -- a closed terminal --------------------------------------------------------------------


@pytest.fixture
def hung_up_pty() -> Any:
    """The terminal side of a pty whose other side is closed, as after closing a window."""
    controller, terminal = os.openpty()
    file = os.fdopen(terminal, "w", encoding="utf-8")
    os.close(controller)
    yield file
    with contextlib.suppress(OSError):  # what could not be written is still buffered
        file.close()


def test_writes_to_a_gone_terminal_are_dropped_and_reported_once(hung_up_pty: Any) -> None:
    reports: list[str] = []
    output = TerminalOutput(hung_up_pty, lambda: reports.append("gone"))
    output.write("x" * 10_000)
    output.flush()
    output.write("more")
    output.flush()
    assert output.gone
    assert reports == ["gone"]


def test_textuals_writer_thread_stops_after_the_terminal_is_gone(hung_up_pty: Any) -> None:
    # Before: the writer thread died on its first EIO, its queue (30 writes) filled, and
    # stop() waited for room in it for ever.
    writer = WriterThread(TerminalOutput(hung_up_pty, lambda: None))  # type: ignore[arg-type]
    writer.start()

    def draw_then_close() -> None:  # as the app does: many frames, then the driver's close
        for _ in range(100):
            writer.write("frame\n" * 100)
        writer.stop()

    app_thread = threading.Thread(target=draw_then_close, daemon=True)
    app_thread.start()
    app_thread.join(timeout=5)
    assert not app_thread.is_alive(), "blocked writing to the writer thread's queue"


async def test_sigcont_resumes_only_after_a_suspend(monkeypatch: pytest.MonkeyPatch) -> None:
    # A closed terminal sends SIGHUP and SIGCONT: Textual started application mode again on
    # the gone terminal, with a writer thread that died at once and blocked the exit.
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTSTP, signal.SIGCONT)}
    driver = TerminalDriver(HipTimerApp())
    for signum, handler in saved.items():
        signal.signal(signum, handler)  # the driver took them; the test process keeps its own
    started: list[str] = []
    monkeypatch.setattr(driver, "start_application_mode", lambda: started.append("start"))
    monkeypatch.setattr(driver, "stop_application_mode", lambda: started.append("stop"))
    monkeypatch.setattr(os, "kill", lambda *_: None)  # no real SIGSTOP for the test process
    driver._sigcont_application()
    assert started == []
    driver._sigtstp_application()
    driver._sigcont_application()
    assert started == ["stop", "start"]


def test_the_app_uses_the_terminal_driver_on_linux() -> None:
    if os.name != "posix":
        pytest.fail("hiptimer's tests run on Linux and macOS")
    assert HipTimerApp().driver_class is TerminalDriver
