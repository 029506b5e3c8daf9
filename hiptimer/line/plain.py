"""Line mode: one line per event, flushed as it happens, for screen readers, pipes and logs."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from hiptimer.core.engine import (
    ADJUST_STEP,
    Adjusted,
    Command,
    Engine,
    Event,
    Finished,
    FormReminder,
    Halfway,
    IllegalCommand,
    Paused,
    PhaseStarted,
    Resumed,
)
from hiptimer.core.plan import Phase, PhaseKind, Plan
from hiptimer.core.text import escape
from hiptimer.driver import Clock, Driver, Sink

SEP = " · "


def clock_text(seconds: float) -> str:
    """Format the workout clock as ``MM:SS`` (minutes keep counting past 59)."""
    whole = int(seconds + 1e-6)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def duration_text(seconds: float) -> str:
    """Format a length as ``M:SS``."""
    whole = int(seconds + 1e-6)
    return f"{whole // 60}:{whole % 60:02d}"


def plural(count: int, word: str) -> str:
    """Return ``count`` with ``word``, adding an s unless the count is one."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def work_label(phase: Phase) -> str:
    """Name a work phase: exercise, side when per-side, and the set counter."""
    assert phase.exercise is not None
    parts = [phase.exercise.name]
    if phase.side is not None:
        parts.append(f"{phase.side.value} side")
    parts.append(f"set {phase.set_number} of {phase.sets}")
    return SEP.join(parts)


def first_cue(phase: Phase) -> str | None:
    """The first form reminder of a work phase's exercise, if it has any."""
    if phase.exercise is None or not phase.exercise.cues:
        return None
    return phase.exercise.cues[0]


def format_event(event: Event, plan: Plan, summary: str | None = None) -> str | None:
    """Return the line for an event, or None for events line mode does not print.

    Args:
        event: What happened.
        plan: The workout's plan, for what comes next.
        summary: Extra words for the closing line (for example the weekly count).
    """
    words = _describe(event, plan, summary)
    if words is None:
        return None
    return f"{clock_text(event.clock)} {words}"


def _describe(event: Event, plan: Plan, summary: str | None) -> str | None:
    if isinstance(event, PhaseStarted):
        return _describe_phase(event, plan)
    if isinstance(event, Halfway):
        return "HALFWAY"
    if isinstance(event, FormReminder):
        return f"FORM {event.text}"
    if isinstance(event, Paused):
        return "PAUSE" + (f" {event.reason}" if event.reason else "")
    if isinstance(event, Resumed):
        return "RESUME"
    if isinstance(event, Adjusted):
        return f"ADJUST {event.delta:+.0f} s{SEP}{event.duration:.0f} s"
    if isinstance(event, Finished):
        parts = (
            [plural(event.sets_done, "set")]
            if event.completed
            else [f"{event.sets_done} of {plural(event.sets_planned, 'set')}"]
        )
        parts.append(duration_text(event.clock))
        if summary:
            parts.append(summary)
        return ("DONE " if event.completed else "STOP ") + SEP.join(parts)
    return None


def _describe_phase(event: PhaseStarted, plan: Plan) -> str | None:
    phase = event.phase
    seconds = f"{event.duration:.0f} s"
    if phase.kind is PhaseKind.WORK:
        parts = [work_label(phase), seconds]
        cue = first_cue(phase)
        if cue:
            parts.append(cue)
        return "WORK " + SEP.join(parts)
    if phase.kind is PhaseKind.DONE:
        return None
    upcoming = plan.next_work(event.index)
    if phase.kind is PhaseKind.PREPARE:
        if upcoming is None:
            return f"READY starts in {seconds}"
        return f"READY {work_label(plan.phases[upcoming])}{SEP}starts in {seconds}"
    word = "SWITCH" if phase.kind is PhaseKind.SWITCH else "REST"
    if upcoming is None:
        return f"{word} {seconds}"
    parts = [seconds, "next: " + work_label(plan.phases[upcoming])]
    cue = first_cue(plan.phases[upcoming])
    if cue and phase.kind is PhaseKind.REST:
        parts.append(cue)
    return f"{word} " + SEP.join(parts)


class LinePrinter:
    """A sink that writes one flushed line per printable event.

    Args:
        plan: The plan being run.
        out: Where lines go.
        summary: Called once at the end for extra words on the closing line.
        keys: Keys work (line mode reads a terminal): a pause line says how to resume, and
            a phase entered while paused says it is paused.
    """

    def __init__(
        self,
        plan: Plan,
        out: TextIO,
        summary: Callable[[], str | None] | None = None,
        *,
        keys: bool = False,
    ) -> None:
        self.plan = plan
        self.out = out
        self.summary = summary
        self.keys = keys
        self.broken = False
        self.paused = False

    def __call__(self, events: Sequence[Event]) -> None:
        for event in events:
            extra = self.summary() if isinstance(event, Finished) and self.summary else None
            line = format_event(event, self.plan, extra)
            if isinstance(event, Paused | Resumed):
                self.paused = isinstance(event, Paused)
            if line is not None and self.keys:
                if isinstance(event, Paused):
                    line += f"{SEP if event.reason else ' '}press space to resume"
                elif isinstance(event, PhaseStarted) and self.paused:
                    line += f"{SEP}paused"
            if line is not None:
                self.write(line)

    def say(self, clock: float, words: str) -> None:
        """Write a line of our own (not an event's), shaped like the others."""
        self.write(f"{clock_text(clock)} {words}")

    def write(self, line: str) -> None:
        """Write and flush one line, escaped (it carries names and cues from the user's
        files); stop writing once the reader has gone."""
        if self.broken:
            return
        try:
            self.out.write(escape(line) + "\n")
            self.out.flush()
        except BrokenPipeError:
            # The reader went away (``| head``); the workout itself is still recorded.
            self.broken = True


KEY_HELP = (
    "space pause · n or → next · p or ← back · r restart · +/- 10 s · m mute · ? keys · q quit"
)
"""The keys of line mode, the full-screen app's keys, said in one line."""

KEY_ACTIONS: dict[str, str] = {
    " ": "pause",
    "n": "next",
    "right": "next",
    "p": "previous",
    "left": "previous",
    "r": "restart",
    "+": "longer",
    "=": "longer",
    "-": "shorter",
    "_": "shorter",
    "m": "mute",
    "?": "help",
    "q": "quit",
}
"""Key name (see :class:`hiptimer.line.keys.KeyDecoder`) to action, as in the full-screen app
(``=`` and ``_`` are + and - without Shift). Letters work in either case."""


class KeyControl:
    """Turns a key press into a command through the driver, and makes sure each press
    says something: the engine's events print their own lines; this adds a line only
    where a press causes none (mute, ?, a command not possible now).

    Args:
        driver: Runs the workout; every command goes through it.
        printer: Prints the extra lines.
        toggle_mute: Turns sound off or on and returns whether it is now off; None when
            there is no sound to turn off.
    """

    def __init__(
        self,
        driver: Driver,
        printer: LinePrinter,
        toggle_mute: Callable[[], bool] | None = None,
    ) -> None:
        self.driver = driver
        self.printer = printer
        self.toggle_mute = toggle_mute

    def say(self, words: str) -> None:
        """Print a line at the workout clock's time."""
        engine = self.driver.engine
        self.printer.say(engine.active(self.driver.clock.now()), words)

    def announce(self) -> None:
        """Say which keys work (at the start, and for ?)."""
        self.say(f"KEYS {KEY_HELP}")

    def press(self, key: str) -> None:
        """Carry out what ``key`` stands for. Never raises for a command the engine's
        state does not allow: that press says so in one line instead."""
        name = key.lower() if len(key) == 1 else key
        action = KEY_ACTIONS.get(name)
        if action is None:
            if len(key) == 1 and key.isprintable():
                self.say(f"KEY {key} does nothing{SEP}? lists the keys")
            return
        engine = self.driver.engine
        if engine.ended:
            return
        try:
            self._act(action, key)
        except IllegalCommand:  # driver.send checks first; this is belt and braces
            self.say(f"KEY {_shown(key)} is not possible now")

    def _act(self, action: str, key: str) -> None:
        driver = self.driver
        engine = driver.engine
        if action == "help":
            self.announce()
        elif action == "mute":
            if self.toggle_mute is None:
                self.say("SOUND none in this run")
            else:
                self.say("SOUND off" if self.toggle_mute() else "SOUND on")
        elif action == "quit":
            driver.send(Command.STOP)
        elif action == "pause":
            if not driver.toggle_pause():
                self.say(f"KEY {_shown(key)} is not possible now")
        elif action in ("longer", "shorter"):
            delta = ADJUST_STEP if action == "longer" else -ADJUST_STEP
            before = (engine.index, engine.duration)
            if not driver.send(Command.ADJUST, delta=delta):
                self.say(f"KEY {_shown(key)} is not possible now")
            elif (engine.index, engine.duration) == before:
                # The engine keeps at least a second to go and says nothing when it cannot
                # shorten the phase any more.
                self.say(f"ADJUST +0 s{SEP}{engine.duration:.0f} s{SEP}as short as it can be")
        else:
            command = {
                "next": Command.NEXT,
                "previous": Command.PREVIOUS,
                "restart": Command.RESTART,
            }[action]
            if not driver.send(command):
                if command is Command.PREVIOUS and engine.index == 0:
                    self.say(f"KEY {_shown(key)}{SEP}already at the first phase")
                else:
                    self.say(f"KEY {_shown(key)} is not possible now")


def _shown(key: str) -> str:
    """A key as a line names it."""
    return {" ": "space", "right": "→", "left": "←"}.get(key, key)


@dataclass(frozen=True, slots=True)
class KeyOptions:
    """What line mode needs to take keys from a terminal."""

    fd: int
    """The terminal to read (in cbreak mode while the workout runs)."""
    printer: LinePrinter
    """Prints the lines of key presses that cause no event."""
    toggle_mute: Callable[[], bool] | None = None
    """See :class:`KeyControl`."""


def run_plain(
    plan: Plan,
    sinks: Sequence[Sink],
    *,
    clock: Clock | None = None,
    keys: KeyOptions | None = None,
) -> Engine:
    """Run a whole workout in line mode; Ctrl+C, SIGTERM and SIGHUP stop it cleanly.

    Args:
        plan: What to run.
        sinks: Receive every event in order (the line printer, the cue player, history).
        clock: Real time unless a test passes another.
        keys: Read single keys from this terminal; None for no keys.

    Returns:
        The engine, ended.
    """
    engine = Engine(plan)
    asyncio.run(drive_plain(engine, sinks, clock=clock, keys=keys))
    return engine


async def drive_plain(
    engine: Engine,
    sinks: Sequence[Sink],
    *,
    clock: Clock | None = None,
    signals: Sequence[signal.Signals] = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP),
    keys: KeyOptions | None = None,
) -> None:
    """Run ``engine`` to its end on the running loop; the given signals stop it.

    With ``keys``, the terminal is in cbreak mode while the workout runs and each key
    press becomes a command (see :class:`KeyControl`); it is put back however this ends.
    """
    loop = asyncio.get_running_loop()

    def fan_out(events: Sequence[Event]) -> None:
        for sink in sinks:
            sink(events)
        # With no keys to press, after a clock jump (the machine slept) the engine pauses
        # and says so, then the workout carries on from where it was. With keys, it waits
        # for space, as the full-screen app does.
        if keys is None and any(isinstance(e, Paused) and e.reason for e in events):
            loop.call_soon(driver.send, Command.RESUME)

    driver = Driver(engine, fan_out, clock)
    for signum in signals:
        loop.add_signal_handler(signum, driver.send, Command.STOP)
    try:
        with contextlib.ExitStack() as stack:
            if keys is not None:
                from hiptimer.line.keys import reading_keys

                control = KeyControl(driver, keys.printer, keys.toggle_mute)
                stack.enter_context(reading_keys(keys.fd, control.press))
                control.announce()
            await driver.run()
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)
