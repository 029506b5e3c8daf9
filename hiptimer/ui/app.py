"""The full-screen app: wires settings, routines, the cue player and the clock to the screens."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import dataclasses
import signal
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.driver import Driver
from textual.reactive import reactive
from textual.screen import Screen

from hiptimer.core.catalog import BUILTIN_ROUTINES, Routine
from hiptimer.core.controls import CONTROL, Scope
from hiptimer.core.ports import (
    CuePlayer,
    HistoryPort,
    NoHistory,
    RunOnlySettings,
    SettingsStore,
    SilentPlayer,
)
from hiptimer.core.text import escape
from hiptimer.ui.controls import app_bindings, app_control_state, control_bindings
from hiptimer.ui.memory import freeze_start_up, keep_start_up
from hiptimer.ui.offers import OfferKeeper
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.offered import OfferScreen
from hiptimer.ui.sizes import size_classes
from hiptimer.ui.soundnote import show_sound_notice
from hiptimer.ui.week import WeekKeeper
from hiptimer.ui.widgets.mutedbadge import MutedBadge

if TYPE_CHECKING:
    # Only named in annotations: the engine behind them loads with the workout screen.
    from hiptimer.driver import Clock, Sink
    from hiptimer.ui.screens.settings import SettingsScreen
    from hiptimer.ui.screens.workout import WorkoutScreen
    from hiptimer.ui.terminal import TerminalDriver

QUIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that end the app like ``q`` does (a closed terminal sends SIGHUP): Textual does
not catch them, and dying at once would leave the workout's history session running."""

FLASH_SECONDS = 0.3
"""How long the screen flashes for a cue when sound has fallen back to the terminal bell."""


class HipTimerApp(App[int]):
    """The hiptimer full-screen app.

    Args:
        settings_store: The settings to start with, and where their changes go (default:
            the defaults, for this run only).
        routines: The routines to offer; the first is shown first.
        player: Plays cues (default: silent).
        history: Records workouts and reads them back (default: off).
        clock: Time for the driver (default: the real monotonic clock).
        overrides: Values for this run only, from the command line.
        notices: Messages to show once at start (for example a settings file that was wrong).
        sinks: More receivers of every workout event (benchmarks, tests).
        freeze_gc: The garbage collector is the app's to manage; for the real program only.
            Once the first frame is drawn, what start-up made is taken out of its rounds and
            it is turned back on (the program turns it off for start-up, see
            :func:`keep_start_up`); as the first workout starts, so is everything made
            since (see :func:`freeze_start_up`).
    """

    CSS_PATH = "app.tcss"
    TITLE = "hiptimer"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (50, "-medium"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (10, "-short"), (15, "-tall")]
    """Below 50 columns or 15 rows the stylesheet switches to the compact layout; below 10
    rows it also drops the progress bars. Below 80 columns the home screen's preset pills
    give way to the buttons (the presets stay on keys 1, 2 and 3)."""

    BINDINGS: ClassVar[list[BindingType]] = control_bindings(Scope.APP)
    """Mute or unmute, help, quit (asks first mid-workout) and Ctrl+C, from the controls table."""

    muted: reactive[bool] = reactive(False)
    """Sound off; the screens show a MUTED badge."""

    def __init__(
        self,
        *,
        settings_store: SettingsStore | None = None,
        routines: Sequence[Routine] = BUILTIN_ROUTINES,
        player: CuePlayer | None = None,
        history: HistoryPort | None = None,
        clock: Clock | None = None,
        overrides: Mapping[str, int] | None = None,
        notices: Iterable[str] = (),
        sinks: Sequence[Sink] = (),
        freeze_gc: bool = False,
    ) -> None:
        super().__init__()
        self.store: SettingsStore = settings_store or RunOnlySettings()
        self.settings = self.store.settings
        if not routines:
            raise ValueError("HipTimerApp needs at least one routine")
        self.routines = tuple(routines)
        self.player: CuePlayer = player or SilentPlayer()
        self.history: HistoryPort = history or NoHistory()
        self.clock = clock
        self.overrides = dict(overrides or {})
        self.notices = tuple(notices)
        self.sinks = tuple(sinks)
        self._applying_settings = False
        self._freeze_gc = freeze_gc
        start_muted = self.settings.mute or self.player.muted
        if start_muted != self.player.muted:
            self.player.set_muted(start_muted)
        self.set_reactive(HipTimerApp.muted, start_muted)
        self._signals: list[signal.Signals] = []
        self.offers = OfferKeeper(self)  # read, shown on home and done, asked, saved
        self.week = WeekKeeper(self)  # home's line about the week

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver; on Linux and macOS one that lets go of a closed terminal."""
        driver_class = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver_class is LinuxDriver:
            from hiptimer.ui.terminal import TerminalDriver

            return TerminalDriver
        return driver_class

    def get_default_screen(self) -> Screen[None]:
        """Open on the home screen."""
        # Starting with the size classes Textual is about to add saves restyling every
        # widget right before the first frame.
        return HomeScreen(
            self.routines,
            self.settings,
            self.overrides,
            muted=self.muted,
            week_line=self.history.enabled,
            classes=self.size_classes(),
        )

    def size_classes(self) -> str:
        """The breakpoint classes for the terminal's size, for a screen about to open."""
        width, height = self.size
        return size_classes(width, height, self.HORIZONTAL_BREAKPOINTS, self.VERTICAL_BREAKPOINTS)

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in QUIT_SIGNALS:
            # Not on Windows, nor outside the main thread: there the default stays.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.quit_on_signal, signum)
                self._signals.append(signum)
        # SIGINT from outside (``kill -INT``) ends as the Ctrl+C key does: stopped, status 130
        # mid-workout (the terminal's own Ctrl+C arrives as a key in raw mode).
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signal.SIGINT, self.stop_and_exit)
            self._signals.append(signal.SIGINT)
        theme = self.store.theme_problem(self.available_themes)
        if theme is None:
            self.theme = self.settings.theme
        for notice in (*self.notices, *([theme] if theme else [])):
            self.notify_plain(notice)
        # Sound reports from its own threads; hand those calls to the event loop, in the
        # app's context: Textual finds its app there (a timer started without it raised
        # LookupError instead of ending the flash).
        context = contextvars.copy_context()

        def deliver(callback: Callable[[], object]) -> None:
            loop.call_soon_threadsafe(callback, context=context)

        self.player.connect(
            on_notice=lambda message: show_sound_notice(self, message),
            on_flash=lambda _cue: self.flash(),
            on_bell=self.bell,
            deliver=deliver,
            brief=True,  # one line over the band's blank top row; doctor tells the whole story
        )
        self.call_after_refresh(self.warm_up)

    def warm_up(self) -> None:
        """What the first frame need not wait for: history, sounds, garbage collection."""
        if self._freeze_gc:
            keep_start_up()
        self.history.open_soon(self.notify_from_thread)
        self.player.load_soon()
        self.offers.load()
        self.week.load()

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        while self._signals:
            loop.remove_signal_handler(self._signals.pop())

    def quit_on_signal(self, signum: int) -> None:
        """End a workout in progress through the engine (so the history keeps what was
        done), then exit with the shell's code for death by ``signum``."""
        self._stop_workouts()
        self.exit(128 + signum)

    def on_terminal_driver_lost(self, _message: TerminalDriver.Lost) -> None:
        """The terminal was closed: end as on SIGHUP, unless already on the way out."""
        if self.return_code is None:
            self.quit_on_signal(signal.SIGHUP)

    def _stop_workouts(self) -> None:
        from hiptimer.ui.screens.workout import WorkoutScreen

        for screen in self.screen_stack:
            if isinstance(screen, WorkoutScreen):
                screen.stop()

    def notify_from_thread(self, message: str) -> None:
        """:meth:`notify_plain` for another thread (the history's writer): handed to the
        event loop; dropped once the loop has closed."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # closed between the check and the call
            loop.call_soon_threadsafe(self.notify_plain, message)

    def notify_plain(self, message: str) -> None:
        """Show a warning whose text is never read as markup and is escaped (it may quote a
        user's file or name one)."""
        self.notify(escape(message), markup=False, severity="warning", timeout=10)

    def flash(self) -> None:
        """Flash the screen: the visual cue when sound has fallen back to the bell.

        The screen's own timer ends the flash, so it goes with the screen; the workout
        screen also ends any flash at its next second, in case the timer never ran.
        """
        from hiptimer.ui.stylesheets import set_flash

        screen = self.screen
        set_flash(screen, True)
        screen.set_timer(FLASH_SECONDS, lambda: set_flash(screen, False), name="flash")

    def on_home_screen_start(self, message: HomeScreen.Start) -> None:
        """Start a workout, from home only (a second Enter read with the first is not a
        second workout). The screens past home are imported when first needed."""
        if not isinstance(self.screen, HomeScreen):
            return
        from hiptimer.ui.screens.workout import WorkoutScreen
        from hiptimer.ui.stylesheets import with_stylesheet

        if self._freeze_gc:
            self._freeze_gc = False
            freeze_start_up()
        sinks = self.sinks
        recorder = self.history.recorder(message.plan, self.notify_plain)
        if recorder is not None:
            sinks += (recorder,)
        screen = WorkoutScreen(
            message.plan,
            player=self.player,
            clock=self.clock,
            sinks=sinks,
            figures=self.settings.figures,
        )
        self.push_screen(with_stylesheet(self, screen))

    def on_workout_screen_completed(self, message: WorkoutScreen.Completed) -> None:
        """Show the summary once the last set is done."""
        from hiptimer.ui.screens.done import DoneScreen
        from hiptimer.ui.stylesheets import with_stylesheet

        done = DoneScreen(
            message.sets_done,
            message.sets_planned,
            message.active_seconds,
            lambda: self.history.week_summary(self.settings.weekly_goal),
            sets=message.sets,
            muted=self.muted,
        )
        self.switch_screen(with_stylesheet(self, done))
        self.offers.load()  # the session just done may have earned one
        self.week.load()  # and counts in the week

    def watch_muted(self, muted: bool) -> None:
        # Each screen's badge, not a class on the app (which restyled every widget), and no
        # watcher per screen to outlive it: a screen made later is given the state.
        self.player.set_muted(muted)
        for screen in self.screen_stack:
            for badge in screen.query(MutedBadge):
                badge.show(muted)
            screen.refresh_bindings()  # the key bar says Unmute while muted
        if self._applying_settings:
            return  # the settings screen saves the whole file itself
        # The m key's state is kept in the file, so the settings screen shows it.
        self.settings = dataclasses.replace(self.settings, mute=muted)
        self.run_worker(self._keep_mute(muted), group="save")

    async def _keep_mute(self, muted: bool) -> None:
        problem = await self.store.save_mute(muted)
        if problem:
            self.notify_plain(problem)

    # -- settings and history screens -------------------------------------------------------

    def action_settings(self) -> None:
        """Open the settings screen."""
        from hiptimer.ui.screens.settings import SettingsScreen
        from hiptimer.ui.stylesheets import with_stylesheet

        if not isinstance(self.screen, SettingsScreen):
            screen = SettingsScreen(
                self.settings,
                self.routines,
                self.store,
                self.available_themes,
                classes=self.size_classes(),
            )
            self.push_screen(with_stylesheet(self, screen))

    def action_history(self) -> None:
        """Open the history screen."""
        from hiptimer.ui.screens.history import HistoryScreen
        from hiptimer.ui.stylesheets import with_stylesheet

        if not isinstance(self.screen, HistoryScreen):
            overview = self.history.overview(self.settings.weekly_goal)
            screen = HistoryScreen(overview, history=self.history, classes=self.size_classes())
            self.push_screen(with_stylesheet(self, screen))

    def action_exercises(self) -> None:
        """Open the exercises screen on the routine home shows, marking the levels in use."""
        from hiptimer.ui.screens.exercises import ExercisesScreen, levels_in_use
        from hiptimer.ui.stylesheets import with_stylesheet

        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        levels = levels_in_use(self.routines, self.settings, self.overrides)
        start = home.routine.id if home is not None else None
        classes = self.size_classes()
        screen = ExercisesScreen(levels, routines=self.routines, start=start, classes=classes)
        self.push_screen(with_stylesheet(self, screen))

    def on_settings_screen_applied(self, message: SettingsScreen.Applied) -> None:
        """Use new settings from now on: the home screen, sound, theme and the done screen."""
        old, new = self.settings, message.settings
        self.settings = new
        if new.theme != old.theme and new.theme in self.available_themes:
            self.theme = new.theme
        self.player.set_voice(new.voice)
        if new.mute != old.mute:
            self._applying_settings = True
            try:
                self.muted = new.mute
            finally:
                self._applying_settings = False
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.use_settings(new, self.overrides)
        self.offers.show()  # a level or dose set by hand may reach an offer
        self.week.follow_settings()  # a new weekly goal

    def on_offer_screen_move_up(self, message: OfferScreen.MoveUp) -> None:
        self.offers.ask(message.offer)  # a yes saves it; nothing changes without one

    def watch_theme(self, theme: str) -> None:
        """Keep a theme picked in the command palette, saved the way the settings screen
        saves (a theme set from the settings themselves is theirs already)."""
        if theme == self.settings.theme:
            return
        self.settings = dataclasses.replace(self.settings, theme=theme)
        self.run_worker(self._keep_theme(theme), group="save")

    async def _keep_theme(self, theme: str) -> None:
        problem = await self.store.save_theme(theme)
        if problem:
            self.notify_plain(f"Theme used for this run only. {problem}")

    def action_toggle_mute(self) -> None:
        """Turn sound off or on."""
        self.muted = not self.muted

    def action_help(self) -> None:
        """Show the controls."""
        from hiptimer.ui.screens.help import HelpScreen, bindings_here
        from hiptimer.ui.screens.workout import WorkoutScreen
        from hiptimer.ui.stylesheets import with_stylesheet

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        # The clock stops while the help covers the workout, and goes on as it closes.
        closed = screen.hold() if isinstance(screen, WorkoutScreen) else None
        app_keys = app_bindings(muted=self.muted, working=closed is not None)
        keys = bindings_here(type(screen).BINDINGS, app_keys)
        self.push_screen(with_stylesheet(self, HelpScreen(keys)), closed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Of mute and unmute, show the one that applies (see :func:`app_control_state`)."""
        return action != "control" or app_control_state(str(parameters[0]), muted=self.muted)

    def action_control(self, control_id: str) -> None:
        """Carry out one of the app's controls (see :data:`hiptimer.core.controls.CONTROLS`)."""
        if control_id in ("mute", "unmute"):
            self.action_toggle_mute()
        elif control_id == "help":
            self.action_help()
        elif control_id == "quit":
            self.ask_to_quit()
        elif control_id == "interrupt":
            self.stop_and_exit()

    def ask_to_quit(self) -> None:
        """Quit; mid-workout, ask first (sets done are kept). Asked twice, that is a yes."""
        from hiptimer.ui.screens.confirm import ConfirmQuitScreen

        if isinstance(self.screen, ConfirmQuitScreen):
            self.screen.dismiss(True)
            return
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

        running = (s for s in self.screen_stack if isinstance(s, WorkoutScreen))
        return next((s for s in running if not s.engine.ended), None)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's commands, then hiptimer's (see :mod:`hiptimer.ui.palette`)."""
        from hiptimer.ui.palette import palette_commands

        yield from super().get_system_commands(screen)
        yield from palette_commands(self, screen)
