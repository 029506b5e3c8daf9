"""Test doubles for hiptimer's ports: a clock, an event sink, a cue player and a sound backend.

They live in the package, not in the tests, so that the benchmarks and anyone embedding the
app can use them too; no production module imports this one.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence

from hiptimer.core.cues import TONES, VOICE_PHRASES, Cue
from hiptimer.core.events import Event
from hiptimer.core.plan import Plan
from hiptimer.core.ports import EventSink, NoHistory, Notify, RunOnlySettings, SilentPlayer
from hiptimer.core.progression import ExerciseSession
from hiptimer.core.records import Overview
from hiptimer.core.rhythm import WeekStatus
from hiptimer.core.settings import Settings
from hiptimer.core.trends import Trends
from hiptimer.sound.backends import BackendError
from hiptimer.sound.clips import Sounds

__all__ = [
    "EventLog",
    "FakeBackend",
    "FakeClock",
    "FakePlayback",
    "RecordingPlayer",
    "memory_sounds",
    "pcm",
]


class FakeClock:
    """A clock that only moves when told to, for tests of anything that runs a driver.

    Args:
        start: The first reading.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._waiters: list[tuple[float | None, asyncio.Event]] = []
        self._idle = asyncio.Event()

    def now(self) -> float:
        """Return the current fake time."""
        return self._now

    async def wait_until(self, deadline: float | None, wake: asyncio.Event) -> None:
        """Wait until the fake time reaches ``deadline`` or ``wake`` is set."""
        if deadline is not None and deadline <= self._now:
            return
        entry = (deadline, wake)
        self._waiters.append(entry)
        self._idle.set()
        try:
            await wake.wait()
        finally:
            self._waiters.remove(entry)

    def release(self) -> None:
        """A driver finished: nothing will wait again, so :meth:`advance` may go on."""
        self._idle.set()

    async def settle(self) -> None:
        """Return once every driver is waiting again (none woken and still to run)."""
        while True:
            await self._idle.wait()
            if not any(wake.is_set() for _, wake in self._waiters):
                return
            # A command woke a waiting driver: it has yet to run and wait again.
            self._idle.clear()

    async def advance(self, seconds: float) -> None:
        """Move time forward, stopping at every deadline on the way so that each
        waiting driver runs exactly as it would have in real time."""
        target = self._now + seconds
        while True:
            await self.settle()
            due = [d for d, _ in self._waiters if d is not None and d <= target]
            if not due:
                break
            step = min(due)
            self._now = max(self._now, step)
            self._idle.clear()
            for deadline, wake in list(self._waiters):
                if deadline is not None and deadline <= self._now:
                    wake.set()
        self._now = target

    def jump(self, seconds: float) -> None:
        """Move time forward at once, as when a laptop wakes from sleep: every waiting
        driver wakes to find all its deadlines long past."""
        self._now += seconds
        self._idle.clear()
        for _deadline, wake in self._waiters:
            wake.set()


class EventLog:
    """A driver sink (:data:`hiptimer.driver.Sink`) that keeps every event."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        """Every event received, in order."""

    def __call__(self, events: Sequence[Event]) -> None:
        """Keep ``events``."""
        self.events.extend(events)


class RecordingPlayer(SilentPlayer):
    """A cue player (:class:`hiptimer.core.ports.CuePlayer`) that plays nothing and remembers
    every cue it was asked for while not muted, whether the app connected it, and its close.

    Args:
        muted: Whether it starts muted.
    """

    def __init__(self, muted: bool = False) -> None:
        super().__init__(muted)
        self.played: list[Cue] = []
        """Every cue played, in order."""
        self.connected = False
        self.closed = False

    def connect(self, **callbacks: object) -> None:
        """Note that the app handed over its callbacks (nothing calls them)."""
        self.connected = True

    def close(self, timeout: float = 5.0) -> bool:
        """Note the close."""
        self.closed = True
        return True

    def play(self, cues: Sequence[Cue]) -> None:
        """Record ``cues`` unless muted."""
        if not self.muted:
            self.played.extend(cues)

    @property
    def tones(self) -> list[str]:
        """The tones played, in order."""
        return [c.tone for c in self.played if c.tone]


def pcm(value: int, frames: int = 10) -> bytes:
    """Return distinct, recognisable 16-bit PCM: ``frames`` samples of one value."""
    return value.to_bytes(2, "little", signed=True) * frames


def memory_sounds() -> Sounds:
    """Return a full set of sounds held in memory, each tone and clip a distinct :func:`pcm`."""
    return Sounds(
        tones={name: pcm(i + 1) for i, name in enumerate(TONES)},
        voice={clip: pcm(100 + i) for i, clip in enumerate(VOICE_PHRASES)},
        problems=(),
        where="memory",
    )


class FakePlayback:
    """One sound "playing" on a :class:`FakeBackend`.

    Args:
        error: When set, waiting for the sound raises :class:`BackendError` with this
            message (until the sound is stopped), as a device lost mid-sound does.
    """

    def __init__(self, error: str | None = None) -> None:
        self.error = error
        self.stopped = False

    def wait(self, timeout: float) -> bool:
        """Return at once that the sound finished, or raise the configured error."""
        if self.error and not self.stopped:
            raise BackendError(self.error)
        return True

    def stop(self) -> None:
        """Remember that the sound was cut off."""
        self.stopped = True


class FakeBackend:
    """A sound backend (:class:`hiptimer.sound.backends.Backend`) that records what it was
    given; it fails to start, fails while playing, or blocks, on demand.

    Args:
        name: The backend's name, as reports show it.
        start_error: When set, starting a sound raises :class:`BackendError` with it.
        play_error: When set, each sound fails while playing with this message.
        gate: When set, starting a sound blocks until the event is set (10 s at most).
    """

    def __init__(
        self,
        name: str,
        *,
        start_error: str | None = None,
        play_error: str | None = None,
        gate: threading.Event | None = None,
    ) -> None:
        self.name = name
        self.start_error = start_error
        self.play_error = play_error
        self.gate = gate
        self.entered = threading.Event()
        """Set once any sound was asked for (before the gate and any error)."""
        self.played: list[bytes] = []
        self.keys: list[str] = []
        self.playbacks: list[FakePlayback] = []

    def start(self, data: bytes, key: str) -> FakePlayback:
        """Record the sound and return its playback (or block or fail as configured)."""
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(10)
        if self.start_error:
            raise BackendError(self.start_error)
        self.played.append(data)
        self.keys.append(key)
        playback = FakePlayback(self.play_error)
        self.playbacks.append(playback)
        return playback


class RecordingSettings(RunOnlySettings):
    """Settings for a test run that remember every save asked of them (nothing is written).

    Args:
        settings: The settings to start with.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__(settings)
        self.mutes: list[bool] = []
        """Every state the m key asked to keep, in order."""
        self.saved: list[Settings] = []
        """Every save, in order."""
        self.themes: list[str] = []
        """Every theme asked to be kept."""

    def save_problem(self) -> str | None:
        """Saving always goes ahead."""
        return None

    async def save(self, settings: Settings, since: Settings) -> str | None:
        """Remember the save."""
        self.saved.append(settings)
        return None

    async def save_mute(self, muted: bool) -> str | None:
        """Remember the mute state."""
        self.mutes.append(muted)
        return None

    async def save_theme(self, theme: str) -> str | None:
        """Remember the theme."""
        self.themes.append(theme)
        return None


class FixedHistory(NoHistory):
    """A history port with fixed answers, and sinks of the test's own for each workout.

    Args:
        overview: Reads what the History screen shows, when it opens (None: history off).
        week: The done screen's line about the week.
        sinks: Makes the sink for one workout's plan (a recorder of the test's own).
        attempts: Each exercise's recent attempts, newest first (the offers to move up are
            made from them); None: history off.
        trends: Reads the exercise charts' weeks, when the History screen asks (None: none).
        status: Reads the week's line for home, given the weekly goal (None: history off,
            and home keeps no row for the line).
    """

    def __init__(
        self,
        overview: Callable[[], Overview] | None = None,
        week: str | None = None,
        sinks: Callable[[Plan], EventSink] | None = None,
        attempts: Sequence[ExerciseSession] | None = None,
        trends: Callable[[], Trends] | None = None,
        status: Callable[[int], WeekStatus | None] | None = None,
    ) -> None:
        self._overview = overview
        self._week = week
        self._sinks = sinks
        self.attempts_read = 0
        """How many times the attempts were asked for."""
        self._attempts = None if attempts is None else tuple(attempts)
        self._trends = trends
        self._status = status
        self.goals_read: list[int] = []
        """The weekly goal of each read of the week's line, in order."""

    @property
    def enabled(self) -> bool:
        """On when the test gave the week's line."""
        return self._status is not None

    def recorder(self, plan: Plan, notify: Notify) -> EventSink | None:
        """The test's sink for this workout, if it gave a maker."""
        return self._sinks(plan) if self._sinks is not None else None

    def week_summary(self, goal: int) -> str | None:
        """The fixed line."""
        return self._week

    def overview(self, goal: int) -> Overview | None:
        """The overview, read now."""
        return self._overview() if self._overview is not None else None

    def attempts(self) -> Sequence[ExerciseSession] | None:
        """The fixed attempts."""
        self.attempts_read += 1
        return self._attempts

    def week_status(self, goal: int) -> WeekStatus | None:
        """The week's line for ``goal``, read now (the app calls it in a thread)."""
        self.goals_read.append(goal)
        return self._status(goal) if self._status is not None else None

    async def trends(self) -> Trends | None:
        """The weeks, read now (in a thread, as the real history reads them)."""
        return await asyncio.to_thread(self._trends) if self._trends is not None else None
