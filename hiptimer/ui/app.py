"""The full-screen app: wires settings, routines, the cue player and the clock to the screens."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import signal
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from hiptimer.config.settings import theme_problem
from hiptimer.core.catalog import BUILTIN_ROUTINES, Routine
from hiptimer.core.controls import CONTROL, CONTROLS, Scope
from hiptimer.core.settings import Settings
from hiptimer.core.text import escape
from hiptimer.ui.controls import control_bindings
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.textual_fixes import unpin_styles_caches

if TYPE_CHECKING:
    # Only named in annotations: the engine behind them loads with the workout screen.
    from hiptimer.core.cues import Cue, Player
    from hiptimer.core.plan import Plan
    from hiptimer.driver import Clock, Sink
    from hiptimer.store.sessions import Overview
    from hiptimer.ui.screens.settings import SettingsScreen
    from hiptimer.ui.screens.workout import WorkoutScreen

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


def freeze_start_up() -> None:
    """Take what start-up made (modules, styles, the home screen) out of the garbage
    collector's rounds: done once, as the first workout starts.

    A full collection walks every object: about 20 ms with Textual loaded, on the event loop
    that plays the cues and moves the digits. Frozen, those objects are skipped (they live as
    long as the app anyway) and a full collection looks only at what came after. Not before
    the first frame, which the collection would hold up, and never in a test process, where
    the apps of earlier tests would be kept forever.
    """
    gc.collect()
    gc.freeze()


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
        settings_file: Where the settings screen saves; None edits for this run only.
        history_overview: Reads the history for the history screen; None when history is
            off for this run.
        warm_up: Called once the first frame is on the screen, for the work that frame
            need not wait for (opening the history, loading the sounds).
        freeze_gc: As the first workout starts, take everything alive out of the garbage
            collector's rounds (see :func:`freeze_start_up`); for the real program only.
    """

    CSS_PATH = "app.tcss"
    TITLE = "hiptimer"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (50, "-medium"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (10, "-short"), (15, "-tall")]
    """Below 50 columns or 15 rows the stylesheet switches to the compact layout; below 10
    rows it also drops the progress bars. Below 80 columns the home screen's preset pills
    give way to the buttons (the presets stay on keys 1, 2 and 3)."""

    BINDINGS: ClassVar[list[BindingType]] = control_bindings(Scope.APP)
    """Mute, help, quit (asks first mid-workout) and Ctrl+C, from the controls table."""

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
        settings_file: Path | None = None,
        history_overview: Callable[[], Overview] | None = None,
        warm_up: Callable[[], None] | None = None,
        freeze_gc: bool = False,
    ) -> None:
        super().__init__()
        unpin_styles_caches()
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
        self.settings_file = settings_file
        self.history_overview = history_overview
        self._applying_settings = False
        self.warm_up = warm_up
        self._freeze_gc = freeze_gc
        start_muted = self.settings.mute or self.player.muted
        if start_muted != self.player.muted:
            self.player.set_muted(start_muted)
        self.set_reactive(HipTimerApp.muted, start_muted)
        self._signals: list[signal.Signals] = []

    def get_default_screen(self) -> Screen[None]:
        """Open on the home screen."""
        # Starting with the size classes Textual is about to add saves restyling every
        # widget right before the first frame.
        return HomeScreen(self.routines, self.settings, self.overrides, classes=self.size_classes())

    def size_classes(self) -> str:
        """The breakpoint classes for the terminal's size, for a screen about to open."""
        width, height = self.size
        classes = {
            breakpoint_class(width, self.HORIZONTAL_BREAKPOINTS),
            breakpoint_class(height, self.VERTICAL_BREAKPOINTS),
        }
        return " ".join(sorted(classes))

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in QUIT_SIGNALS:
            # Not on Windows, nor outside the main thread: there the default stays.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.quit_on_signal, signum)
                self._signals.append(signum)
        theme = theme_problem(
            self.settings, self.settings_file or Path("config.toml"), self.available_themes
        )
        if theme is None:
            self.theme = self.settings.theme
        for notice in (*self.notices, *([str(theme)] if theme else [])):
            self.notify_plain(notice)
        connect = getattr(self.player, "connect", None)
        if connect is not None:
            # Sound reports from its own threads; hand those calls to the event loop.
            connect(
                on_notice=self.notify_plain,
                on_flash=lambda _cue: self.flash(),
                on_bell=self.bell,
                deliver=asyncio.get_running_loop().call_soon_threadsafe,
            )
        if self.warm_up is not None:
            self.call_after_refresh(self.warm_up)

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
        from hiptimer.ui.screens.workout import WorkoutScreen

        for screen in self.screen_stack:
            if isinstance(screen, WorkoutScreen):
                screen.stop()

    def notify_plain(self, message: str) -> None:
        """Show a warning whose text is never read as markup and is escaped (it may quote a
        user's file or name one)."""
        self.notify(escape(message), markup=False, severity="warning", timeout=10)

    def flash(self) -> None:
        """Flash the screen: the visual cue when sound has fallen back to the bell."""
        screen = self.screen
        screen.add_class("-flash")
        self.set_timer(0.3, lambda: screen.remove_class("-flash"))

    def on_home_screen_start(self, message: HomeScreen.Start) -> None:
        """Start a workout."""
        # The screens past home are imported when first needed, to start up faster.
        from hiptimer.ui.screens.workout import WorkoutScreen

        if self._freeze_gc:
            self._freeze_gc = False
            freeze_start_up()
        sinks = self.sinks
        if self.session_sinks is not None:
            sinks += tuple(self.session_sinks(message.plan))
        self.push_screen(
            WorkoutScreen(message.plan, player=self.player, clock=self.clock, sinks=sinks)
        )

    def on_workout_screen_completed(self, message: WorkoutScreen.Completed) -> None:
        """Show the summary once the last set is done."""
        from hiptimer.ui.screens.done import DoneScreen

        self.switch_screen(
            DoneScreen(
                message.sets_done,
                message.sets_planned,
                message.active_seconds,
                self.week_summary,
                sets=message.sets,
            )
        )

    def watch_muted(self, muted: bool) -> None:
        self.player.set_muted(muted)
        if self._applying_settings:
            return  # the settings screen saves the whole file itself
        if self.on_mute_change is not None:
            # The m key's state is kept in the file, so the settings screen shows it.
            self.settings = dataclasses.replace(self.settings, mute=muted)
            self.on_mute_change(muted)

    # -- settings and history screens -------------------------------------------------------

    def action_settings(self) -> None:
        """Open the settings screen."""
        from hiptimer.ui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(
                SettingsScreen(
                    self.settings,
                    self.routines,
                    self.settings_file,
                    self.available_themes,
                    classes=self.size_classes(),
                )
            )

    def action_history(self) -> None:
        """Open the history screen."""
        from hiptimer.ui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.history_overview, classes=self.size_classes()))

    def on_settings_screen_applied(self, message: SettingsScreen.Applied) -> None:
        """Use new settings from now on: the home screen, sound, theme and the done screen."""
        old, new = self.settings, message.settings
        self.settings = new
        if new.theme != old.theme and new.theme in self.available_themes:
            self.theme = new.theme
        if hasattr(self.player, "voice"):  # the real player; fakes have no voice to switch
            setattr(self.player, "voice", new.voice)  # noqa: B010
        if new.mute != old.mute:
            self._applying_settings = True
            try:
                self.muted = new.mute
            finally:
                self._applying_settings = False
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.use_settings(new, self.overrides)

    def action_toggle_mute(self) -> None:
        """Turn sound off or on."""
        self.muted = not self.muted

    def action_help(self) -> None:
        """Show the controls."""
        from hiptimer.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        # The screen's own keys, then the app's: only what works here. A key bound twice
        # (space: pause or resume; a screen's q over the app's) is listed once.
        bindings: dict[str, Binding] = {}
        for source in (type(self.screen).BINDINGS, HipTimerApp.BINDINGS):
            for binding in source:
                if isinstance(binding, Binding):
                    bindings.setdefault(binding.key, binding)
        self.push_screen(HelpScreen(bindings.values()))

    def action_control(self, control_id: str) -> None:
        """Carry out one of the app's controls (see :data:`hiptimer.core.controls.CONTROLS`)."""
        if control_id == "mute":
            self.action_toggle_mute()
        elif control_id == "help":
            self.action_help()
        elif control_id == "quit":
            self.ask_to_quit()
        elif control_id == "interrupt":
            self.stop_and_exit()

    def ask_to_quit(self) -> None:
        """Quit; mid-workout, ask first (the sets done are kept either way)."""
        workout = self._running_workout()
        if workout is not None and CONTROL["quit"].asks_first:
            workout.ask_to_quit()
        else:
            self.stop_and_exit()

    async def action_quit(self) -> None:
        """Textual's quit (Ctrl+Q, the palette's Quit) asks the way ``q`` does."""
        self.ask_to_quit()

    def stop_and_exit(self) -> None:
        """End a workout in progress through the engine (the history keeps what was done)
        and exit: status 130 then, as when line mode is interrupted, else 0."""
        from hiptimer.ui.screens.workout import STOPPED_EARLY

        status = STOPPED_EARLY if self._running_workout() is not None else 0
        self._stop_workouts()
        self.exit(status, return_code=status)

    def _running_workout(self) -> WorkoutScreen | None:
        from hiptimer.ui.screens.workout import WorkoutScreen

        return next(
            (s for s in self.screen_stack if isinstance(s, WorkoutScreen) and not s.engine.ended),
            None,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Add the main actions to the command palette."""
        from hiptimer.ui.screens.done import DoneScreen
        from hiptimer.ui.screens.workout import WorkoutScreen

        yield from super().get_system_commands(screen)
        if isinstance(screen, HomeScreen):
            yield SystemCommand("Start workout", "Start the routine shown", screen.action_start)
            yield SystemCommand(
                "Settings", "Dose, progressions, sound and weekly goal", self.action_settings
            )
        if isinstance(screen, HomeScreen | DoneScreen):
            yield SystemCommand(
                "History", "Recent sessions, weeks against the goal, streak", self.action_history
            )
        if isinstance(screen, WorkoutScreen):
            for control in CONTROLS:
                if control.scope is Scope.WORKOUT and control.palette:
                    yield SystemCommand(
                        control.palette, control.help, partial(screen.action_control, control.id)
                    )
        for control in CONTROLS:
            if control.scope is Scope.APP and control.palette:
                yield SystemCommand(
                    control.palette, control.help, partial(self.action_control, control.id)
                )
