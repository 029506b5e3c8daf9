"""The ports the app is given: what it may ask of the settings file, the history and the cue
player, and nothing else. The UI never reaches config, store or sound except through these;
``commands/run.py`` plugs the real ones in, tests plug in their own."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Protocol, TypeAlias

from hiptimer.core.settings import Settings

if TYPE_CHECKING:
    # Named in annotations only: the engine and the cues load with the first workout.
    from hiptimer.core.cues import Cue
    from hiptimer.core.events import Event
    from hiptimer.core.plan import Plan
    from hiptimer.core.progression import ExerciseSession
    from hiptimer.core.records import Overview
    from hiptimer.core.rhythm import WeekStatus
    from hiptimer.core.trends import Trends

EventSink: TypeAlias = "Callable[[Sequence[Event]], None]"
"""Receives every event of a workout as it happens (see ``hiptimer.driver.Sink``)."""

Notify = Callable[[str], None]
"""Shows one notice to the user; the text is never read as markup."""

Deliver = Callable[[Callable[[], None]], None]
"""Runs a callback on the event loop, from any thread."""


class SettingsStore(Protocol):
    """Where the app's settings come from and where their changes go."""

    @property
    def settings(self) -> Settings:
        """The settings as loaded (defaults for anything missing or wrong)."""
        ...

    @property
    def where(self) -> str:
        """What the settings screen names as the place it saves to."""
        ...

    def save_problem(self) -> str | None:
        """Why saving is refused right now (a file that does not parse, no file at all),
        or None when a save would go ahead."""
        ...

    def theme_problem(self, themes: Collection[str]) -> str | None:
        """The notice for a theme that is not one of ``themes`` (naming where it was set),
        or None."""
        ...

    async def save(self, settings: Settings, since: Settings) -> str | None:
        """Save what changed from ``since`` to ``settings`` (only those keys: whatever else
        the file holds, another hiptimer's saves included, stays), off the event loop, after
        any save asked before. Never raises.

        Returns:
            None when saved, else why not (nothing the user wrote is lost).
        """
        ...

    async def save_mute(self, muted: bool) -> str | None:
        """Keep the mute key's state alone; None when saved, else why not."""
        ...

    async def save_theme(self, theme: str) -> str | None:
        """Keep a theme picked outside the settings screen; None when saved, else why not."""
        ...


class HistoryPort(Protocol):
    """The workout history, as the app uses it. Slow work happens off the event loop."""

    @property
    def enabled(self) -> bool:
        """Whether this run has a history (not ``--no-history``): home keeps a row for the
        week's line from the first frame only then, so the line does not move the screen."""
        ...

    def open_soon(self, notify: Notify) -> None:
        """Start opening the history once the first frame is up; problems go to ``notify``."""
        ...

    def recorder(self, plan: Plan, notify: Notify) -> EventSink | None:
        """A sink that records one workout of ``plan``; None when history is off."""
        ...

    def week_summary(self, goal: int) -> str | None:
        """A line about this week for the done screen (``2nd of 3 this week``), or None."""
        ...

    def overview(self, goal: int) -> Overview | None:
        """What the History screen shows; None when history is off for this run."""
        ...

    def attempts(self) -> Sequence[ExerciseSession] | None:
        """Each exercise's recent attempts, newest first, read after the writes before it (the
        offers to move up are made from them); None when history is off or busy. It may
        wait on the history: call it off the event loop."""
        ...

    def week_status(self, goal: int) -> WeekStatus | None:
        """Where the week stands against ``goal``: done this week, the streak, when the next
        session is due (without offers), read after the writes before it; None when history
        is off, busy or unreadable. It may wait on the history: call it off the event loop."""
        ...

    async def trends(self) -> Trends | None:
        """Each exercise's best clean dose and level per week, for the History screen's
        charts, read off the event loop; None when history is off for this run."""
        ...


class CuePlayer(Protocol):
    """Everything the app and line mode ask of a cue player."""

    @property
    def muted(self) -> bool:
        """Whether sound is off (visual cues go on)."""
        ...

    def set_muted(self, muted: bool) -> None:
        """Turn sound off or on; muted means no device is opened at all."""
        ...

    def play(self, cues: Sequence[Cue]) -> None:
        """Start playing cues in order and return at once; never raises."""
        ...

    def set_voice(self, voice: bool) -> None:
        """Play the spoken prompts on top of the tones, or tones only."""
        ...

    def connect(
        self,
        *,
        on_notice: Notify | None = None,
        on_flash: Callable[[str], None] | None = None,
        on_bell: Callable[[], None] | None = None,
        deliver: Deliver | None = None,
        brief: bool = False,
    ) -> None:
        """Hand over the app's callbacks; the player calls them through ``deliver``, which
        runs them on the event loop. ``brief``: notices in one short line (the app), not
        each backend's whole story (line mode, doctor)."""
        ...

    def load_soon(self) -> None:
        """Get ready to play (load the sounds) in the background."""
        ...

    def close(self, timeout: float = 5.0) -> bool:
        """Stop playing and let go of the device; True when it stopped within ``timeout``."""
        ...


class SilentPlayer:
    """A player that plays nothing: the app's default when no sound is wired in."""

    def __init__(self, muted: bool = False) -> None:
        self._muted = muted
        self.voice = True
        """Whether the (absent) prompts would be spoken."""

    @property
    def muted(self) -> bool:
        """Whether sound is off."""
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Remember the mute state."""
        self._muted = muted

    def set_voice(self, voice: bool) -> None:
        """Remember the voice setting."""
        self.voice = voice

    def play(self, cues: Sequence[Cue]) -> None:
        """Play nothing."""

    def connect(
        self,
        *,
        on_notice: Notify | None = None,
        on_flash: Callable[[str], None] | None = None,
        on_bell: Callable[[], None] | None = None,
        deliver: Deliver | None = None,
        brief: bool = False,
    ) -> None:
        """Nothing will ever call back."""

    def load_soon(self) -> None:
        """Nothing to load."""

    def close(self, timeout: float = 5.0) -> bool:
        """Nothing to close."""
        return True


class NoHistory:
    """History off for this run (``--no-history``, or tests that do not look at it)."""

    @property
    def enabled(self) -> bool:
        """History is off."""
        return False

    def open_soon(self, notify: Notify) -> None:
        """Nothing to open."""

    def recorder(self, plan: Plan, notify: Notify) -> EventSink | None:
        """Record nothing."""
        return None

    def week_summary(self, goal: int) -> str | None:
        """Nothing to say."""
        return None

    def overview(self, goal: int) -> Overview | None:
        """History is off."""
        return None

    def attempts(self) -> Sequence[ExerciseSession] | None:
        """History is off: no offers."""
        return None

    def week_status(self, goal: int) -> WeekStatus | None:
        """History is off: no week to show."""
        return None

    async def trends(self) -> Trends | None:
        """History is off."""
        return None


class RunOnlySettings:
    """Settings for this run only: nothing is saved (no settings file, or a test)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings or Settings()

    @property
    def settings(self) -> Settings:
        """The settings this run started with."""
        return self._settings

    @property
    def where(self) -> str:
        """There is no file."""
        return "not saved (no settings file)"

    def save_problem(self) -> str | None:
        """Saving never happens."""
        return "Changes apply to this run only: there is no settings file to save to."

    def theme_problem(self, themes: Collection[str]) -> str | None:
        """An unknown theme given for this run."""
        if self._settings.theme in themes:
            return None
        return f"unknown theme {self._settings.theme!r}; using the default"

    async def save(self, settings: Settings, since: Settings) -> str | None:
        """Keep nothing."""
        return "Not saved: there is no settings file."

    async def save_mute(self, muted: bool) -> str | None:
        """Keep nothing, silently: muting for this run is what was asked."""
        return None

    async def save_theme(self, theme: str) -> str | None:
        """Keep nothing, silently."""
        return None
