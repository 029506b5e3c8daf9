"""The full-screen app: wires settings, routines, the cue player and the clock to the screens."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from hiptimer.catalog import BUILTIN_ROUTINES, Routine
from hiptimer.cues import Cue, Player
from hiptimer.driver import Clock, Sink
from hiptimer.plan import Plan
from hiptimer.screens.home import HomeScreen

if TYPE_CHECKING:
    from hiptimer.screens.workout import WorkoutScreen
from hiptimer.settings import Settings

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that end the app like ``q`` does (a closed terminal sends SIGHUP): Textual does
not catch them, and dying at once would leave the workout's history session running."""


def breakpoint_class(size: int, breakpoints: Sequence[tuple[int, str]]) -> str:
    """Return the class of the largest breakpoint not above ``size``."""
    fitting = [(limit, name) for limit, name in breakpoints if size >= limit]
    return max(fitting)[1] if fitting else ""


class SilentPlayer:
    """A player that plays nothing: the default when no audio is wired in."""

    def __init__(self, muted: bool = False) -> None:
        self._muted = muted

    @property
    def muted(self) -> bool:
        """Whether sound is off."""
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Remember the mute state."""
        self._muted = muted

    def play(self, cues: Sequence[Cue]) -> None:
        """Play nothing."""


class HipTimerApp(App[int]):
    """The hiptimer full-screen app.

    Args:
        settings: The user's settings.
        routines: The routines to offer; the first is shown first.
        player: Plays cues (default: silent).
        clock: Time for the driver (default: the real monotonic clock).
        sinks: More receivers of every workout event.
        session_sinks: Makes receivers for one workout's plan (the history recorder).
        notices: Messages to show once at start (for example a settings file that was wrong).
        week_summary: Returns a line about this week for the done screen.
        on_mute_change: Called with the new state whenever mute is toggled.
        overrides: Values for this run only, from the command line.
    """

    CSS_PATH = "app.tcss"
    TITLE = "hiptimer"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (50, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (10, "-short"), (15, "-tall")]
    """Below 50 columns or 15 rows the stylesheet switches to the compact layout; below 10
    rows it also drops the progress bars."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "toggle_mute", "Mute", id="mute", tooltip="Sound off or on"),
        Binding("question_mark", "help", "Help", id="help", key_display="?", tooltip="This help"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit hiptimer"),
        Binding("ctrl+c", "quit", show=False, priority=True, id="interrupt"),
    ]

    muted: reactive[bool] = reactive(False)
    """Sound off; the screens show a MUTED badge."""

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        routines: Sequence[Routine] = BUILTIN_ROUTINES,
        player: Player | None = None,
        clock: Clock | None = None,
        sinks: Sequence[Sink] = (),
        session_sinks: Callable[[Plan], Sequence[Sink]] | None = None,
        notices: Iterable[str] = (),
        week_summary: Callable[[], str | None] | None = None,
        on_mute_change: Callable[[bool], None] | None = None,
        overrides: Mapping[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        if not routines:
            raise ValueError("HipTimerApp needs at least one routine")
        self.routines = tuple(routines)
        self.player: Player = player or SilentPlayer()
        self.clock = clock
        self.sinks = tuple(sinks)
        self.session_sinks = session_sinks
        self.notices = tuple(notices)
        self.week_summary = week_summary
        self.on_mute_change = on_mute_change
        self.overrides = dict(overrides or {})
        start_muted = self.settings.mute or self.player.muted
        if start_muted != self.player.muted:
            self.player.set_muted(start_muted)
        self.set_reactive(HipTimerApp.muted, start_muted)
        self._signals: list[signal.Signals] = []

    def get_default_screen(self) -> Screen[None]:
        """Open on the home screen."""
        # Starting with the size classes Textual is about to add saves restyling every
        # widget right before the first frame.
        width, height = self.size
        classes = {
            breakpoint_class(width, self.HORIZONTAL_BREAKPOINTS),
            breakpoint_class(height, self.VERTICAL_BREAKPOINTS),
        }
        return HomeScreen(
            self.routines, self.settings, self.overrides, classes=" ".join(sorted(classes))
        )

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in QUIT_SIGNALS:
            # Not on Windows, nor outside the main thread: there the default stays.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.quit_on_signal, signum)
                self._signals.append(signum)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        for notice in self.notices:
            self.notify(notice, markup=False, severity="warning", timeout=10)
        connect = getattr(self.player, "connect", None)
        if connect is not None:
            # Sound reports from its own threads; hand those calls to the event loop.
            connect(
                on_notice=self.notify_plain,
                on_flash=lambda _cue: self.flash(),
                on_bell=self.bell,
                deliver=asyncio.get_running_loop().call_soon_threadsafe,
            )

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        while self._signals:
            loop.remove_signal_handler(self._signals.pop())

    def quit_on_signal(self, signum: int) -> None:
        """End a workout in progress through the engine (so the history keeps what was
        done), then exit with the shell's code for death by ``signum``."""
        self._stop_workouts()
        self.exit(128 + signum)

    def _stop_workouts(self) -> None:
        from hiptimer.screens.workout import WorkoutScreen

        for screen in self.screen_stack:
            if isinstance(screen, WorkoutScreen):
                screen.stop()

    def notify_plain(self, message: str) -> None:
        """Show a warning whose text is never read as markup (it may quote a user's file)."""
        self.notify(message, markup=False, severity="warning", timeout=10)

    def flash(self) -> None:
        """Flash the screen: the visual cue when sound has fallen back to the bell."""
        screen = self.screen
        screen.add_class("-flash")
        self.set_timer(0.3, lambda: screen.remove_class("-flash"))

    def on_home_screen_start(self, message: HomeScreen.Start) -> None:
        """Start a workout."""
        # The screens past home are imported when first needed, to start up faster.
        from hiptimer.screens.workout import WorkoutScreen

        sinks = self.sinks
        if self.session_sinks is not None:
            sinks += tuple(self.session_sinks(message.plan))
        self.push_screen(
            WorkoutScreen(message.plan, player=self.player, clock=self.clock, sinks=sinks)
        )

    def on_workout_screen_completed(self, message: WorkoutScreen.Completed) -> None:
        """Show the summary once the last set is done."""
        from hiptimer.screens.done import DoneScreen

        self.switch_screen(
            DoneScreen(
                message.sets_done, message.sets_planned, message.active_seconds, self.week_summary
            )
        )

    def watch_muted(self, muted: bool) -> None:
        self.player.set_muted(muted)
        if self.on_mute_change is not None:
            self.on_mute_change(muted)

    def action_toggle_mute(self) -> None:
        """Turn sound off or on."""
        self.muted = not self.muted

    def action_help(self) -> None:
        """Show the controls."""
        from hiptimer.screens.help import HelpScreen
        from hiptimer.screens.workout import WorkoutScreen

        if isinstance(self.screen, HelpScreen):
            return
        # The screen's own keys first, then the workout's, then the app's; a key that a
        # screen binds hides the app's binding for it, so it is listed once.
        bindings: dict[str, Binding] = {}
        sources = (type(self.screen).BINDINGS, WorkoutScreen.BINDINGS, HipTimerApp.BINDINGS)
        for source in sources:
            for binding in source:
                if isinstance(binding, Binding):
                    bindings.setdefault(binding.key, binding)
        self.push_screen(HelpScreen(bindings.values()))

    async def action_quit(self) -> None:
        """Quit; a workout in progress is ended through the engine first."""
        self._stop_workouts()
        self.exit(0)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Add the main actions to the command palette."""
        from hiptimer.screens.workout import WorkoutScreen

        yield from super().get_system_commands(screen)
        if isinstance(screen, HomeScreen):
            yield SystemCommand("Start workout", "Start the routine shown", screen.action_start)
        if isinstance(screen, WorkoutScreen):
            yield SystemCommand(
                "Pause / resume", "Pause or resume the workout", screen.action_toggle_pause
            )
            yield SystemCommand("Next phase", "Skip to the next phase", screen.action_next)
            yield SystemCommand(
                "Previous phase", "Back to the previous phase", screen.action_previous
            )
            yield SystemCommand("Restart phase", "Start this phase again", screen.action_restart)
            yield SystemCommand(
                "Add 10 seconds", "Make this phase longer", lambda: screen.action_adjust(10)
            )
            yield SystemCommand(
                "Remove 10 seconds", "Make this phase shorter", lambda: screen.action_adjust(-10)
            )
        yield SystemCommand("Mute / unmute", "Sound off or on", self.action_toggle_mute)
        yield SystemCommand("Controls", "Show every key and what it does", self.action_help)
