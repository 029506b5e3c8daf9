"""Line mode: one line per event, flushed as it happens, for screen readers, pipes and logs."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Sequence
from typing import TextIO

from hiptimer.driver import Clock, Driver, Sink
from hiptimer.engine import (
    Adjusted,
    Command,
    Engine,
    Event,
    Finished,
    FormReminder,
    Halfway,
    Paused,
    PhaseStarted,
    Resumed,
)
from hiptimer.plan import Phase, PhaseKind, Plan

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
    """

    def __init__(
        self, plan: Plan, out: TextIO, summary: Callable[[], str | None] | None = None
    ) -> None:
        self.plan = plan
        self.out = out
        self.summary = summary
        self.broken = False

    def __call__(self, events: Sequence[Event]) -> None:
        for event in events:
            extra = self.summary() if isinstance(event, Finished) and self.summary else None
            line = format_event(event, self.plan, extra)
            if line is None or self.broken:
                continue
            try:
                self.out.write(line + "\n")
                self.out.flush()
            except BrokenPipeError:
                # The reader went away (``| head``); the workout itself is still recorded.
                self.broken = True


def run_plain(
    plan: Plan,
    sinks: Sequence[Sink],
    *,
    clock: Clock | None = None,
) -> Engine:
    """Run a whole workout in line mode; Ctrl+C, SIGTERM and SIGHUP stop it cleanly.

    Args:
        plan: What to run.
        sinks: Receive every event in order (the line printer, the cue player, history).
        clock: Real time unless a test passes another.

    Returns:
        The engine, ended.
    """
    engine = Engine(plan)
    asyncio.run(drive_plain(engine, sinks, clock=clock))
    return engine


async def drive_plain(
    engine: Engine,
    sinks: Sequence[Sink],
    *,
    clock: Clock | None = None,
    signals: Sequence[signal.Signals] = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP),
) -> None:
    """Run ``engine`` to its end on the running loop; the given signals stop it."""
    loop = asyncio.get_running_loop()

    def fan_out(events: Sequence[Event]) -> None:
        for sink in sinks:
            sink(events)
        # Nobody can press a key in line mode: after a clock jump (the machine slept) the
        # engine pauses and says so, then the workout carries on from where it was.
        if any(isinstance(e, Paused) and e.reason for e in events):
            loop.call_soon(driver.send, Command.RESUME)

    driver = Driver(engine, fan_out, clock)
    for signum in signals:
        loop.add_signal_handler(signum, driver.send, Command.STOP)
    try:
        await driver.run()
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)
