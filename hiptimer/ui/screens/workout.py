"""The workout screen: the phase band, the countdown, the set, the side and the form reminder.

Everything shown here comes from engine events handed over by the driver. The screen keeps
no time of its own: a ``Tick`` says when the shown second changes, a ``FormReminder`` when
the reminder rotates, and nothing is repainted in between.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Static

from hiptimer.core.command import Command
from hiptimer.core.controls import CONTROL, Control, Scope
from hiptimer.core.cues import cues_for, player_sink
from hiptimer.core.engine import Engine, State
from hiptimer.core.events import (
    Adjusted,
    Event,
    Finished,
    FormReminder,
    Halfway,
    Paused,
    PhaseStarted,
    Reset,
    Resumed,
    Tick,
)
from hiptimer.core.plan import Phase, PhaseKind, Plan
from hiptimer.core.ports import CuePlayer
from hiptimer.core.records import SetRecord, workout_sets
from hiptimer.core.wording import PHASE_WORDS, SEP, duration_text
from hiptimer.driver import Clock, Driver, Sink
from hiptimer.ui.controls import (
    control_bindings,
    control_state,
    refusal_notice,
    send_control,
)
from hiptimer.ui.memory import release_styles_cache
from hiptimer.ui.screens.confirm import ConfirmQuitScreen
from hiptimer.ui.screens.keyed import KeyedScreen
from hiptimer.ui.screens.workout_figure import FigureSpot, movement
from hiptimer.ui.screens.workout_fit import COMPACT_CLASSES, TRIMS, fit_layout, side_widths
from hiptimer.ui.screens.workout_text import (
    SIDE_WORDS,
    next_up_text,
    routine_left_text,
    shown_seconds,
)
from hiptimer.ui.stylesheets import set_flash, with_stylesheet
from hiptimer.ui.widgets.bigdigits import BigDigits, shape_of
from hiptimer.ui.widgets.bigword import BigWord
from hiptimer.ui.widgets.blank import Blank
from hiptimer.ui.widgets.keybar import KeyBar
from hiptimer.ui.widgets.meter import Meter
from hiptimer.ui.widgets.mutedbadge import MutedBadge
from hiptimer.ui.widgets.setdots import SetDots

STOPPED_EARLY = 130
"""The app's exit status when a workout is ended before its last set, as line mode's Ctrl+C."""

PHASE_CLASSES: dict[PhaseKind, str] = {kind: f"-{kind.value}" for kind in PhaseKind}
"""The class per phase, on the band and the phase bar; ``workout.tcss`` decides the colours.

On those two widgets, not on the screen: a class changed on the screen restyles every widget
on it, about 20 ms at each phase change, on the event loop the sounds and digits wait for."""

MARKS: dict[str, str] = {"halfway": "HALFWAY", "last_set": "LAST SET", "reset": "RESET"}
"""Tones whose moment also shows as a badge in the band, with its words: taken from the cues
the sound plays, so a workout muted or on the bell is coached at the same moments."""

MARK_SECONDS = 3.0
"""Workout seconds a mark stays; the first tick after that takes it away (the driver's
clock, not a timer, so a pause keeps it and a fake clock in a test moves it)."""


class WorkoutScreen(KeyedScreen):
    """Runs one workout through a driver and shows it.

    Args:
        plan: What to run.
        player: Plays the cues.
        clock: Real or fake time, handed to the driver.
        sinks: More receivers of every event (the history recorder).
        figures: Show the exercise's figure where there is room (the ``figures`` setting).
    """

    BINDINGS: ClassVar[list[BindingType]] = control_bindings(Scope.WORKOUT)
    """Made from the controls table. Space has two (pause, resume): check_action shows the
    one that applies, so the key bar says "Resume" while paused."""

    CSS_PATH = "workout.tcss"
    """Read when the screen first opens, not at start-up (which has only home to show)."""
    BLANK = True
    """The screen paints only its background (see :class:`Blank`)."""

    @dataclass
    class Completed(Message):
        """The workout ran to its end."""

        sets_done: int
        sets_planned: int
        active_seconds: float
        sets: tuple[SetRecord, ...] = ()
        """Each set (each side) with the seconds done on it."""

    def __init__(
        self,
        plan: Plan,
        *,
        player: CuePlayer,
        clock: Clock | None = None,
        sinks: Sequence[Sink] = (),
        figures: bool = True,
    ) -> None:
        super().__init__()
        self.plan = plan
        self.player = player
        self.engine = Engine(plan)
        # The sound first: it is due at the deadline, and updating the widgets takes a few
        # milliseconds it should not wait for.
        self._sinks: tuple[Sink, ...] = (player_sink(player, plan), self._show, *sinks)
        self.driver = Driver(self.engine, self._fan_out, clock)
        self._offsets = [0]
        for phase in plan.phases:
            self._offsets.append(self._offsets[-1] + phase.duration)
        self._duration = 0.0
        # The widgets that change, kept at hand: no DOM query on the once-a-second path.
        self._word = Label("", id="phase-word")
        self._mark = Label("", id="cue-mark")
        self._mark_until: float | None = None
        self._band = Horizontal(id="band")
        self._exercise = Static("", id="exercise")
        self._side = BigWord(id="side")
        self._time = BigDigits(id="time")
        # The digits keep room for the widest side word on both sides, so they stay
        # centred and the same size all workout long.
        sided = any(phase.side is not None for phase in plan.phases)
        self._side_widths = side_widths(SIDE_WORDS) if sided else None
        self._time_compact = Label("", id="time-compact")
        self._figure = FigureSpot(self.driver.clock.now, enabled=figures)
        self._sets = SetDots(id="sets")
        self._phase_meter = Meter(id="phase-meter")
        self._reminder = Static("", id="reminder")
        self._routine_meter = Meter(id="routine-meter")
        self._routine_left_label = Label("", id="routine-left")
        self._remaining = 0
        self._routine_left = ""
        self._asking = False

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Three bands: what sits above the digits, the digits, what sits below. The digits
        # take whatever height is left and draw themselves as large as it allows; their
        # size never depends on the time shown, so a second repaints them and nothing else.
        # The side word is on a layer of its own, so it never moves the digits.
        with Blank(id="top"):
            with self._band:
                yield self._mark
                yield self._word
                yield MutedBadge(self.player.muted, id="muted-badge")
            yield self._exercise
        with Blank(id="middle"):
            yield self._time
            yield self._side
            yield self._figure
        with Blank(id="bottom"):
            yield self._time_compact
            yield self._sets
            yield self._phase_meter
            yield self._reminder
            # The pause note takes the routine bar's row, so pausing moves nothing.
            with Horizontal(id="routine-row"):
                yield Label("routine ", id="routine-label")
                yield self._routine_meter
                yield self._routine_left_label
                yield Label("PAUSED · press space to resume", id="paused-note")
        yield KeyBar()

    def on_mount(self) -> None:
        # Starting here, before the first frame, means that frame already shows the phase.
        self.driver.send(Command.START)
        self._run_driver()

    @work(exclusive=True, group="driver")
    async def _run_driver(self) -> None:
        await self.driver.run()

    def on_unmount(self) -> None:
        # Leaving the screen any way at all (quit, Ctrl+C, closing the terminal) ends the
        # workout through the engine, so the history still gets what was done.
        self.stop()
        release_styles_cache()

    def stop(self) -> None:
        """End the workout early, unless it has ended already."""
        if self.engine.can(Command.STOP):
            self.driver.send(Command.STOP)

    # -- events -> what is shown -----------------------------------------------------------

    def _fan_out(self, events: Sequence[Event]) -> None:
        for sink in self._sinks:
            sink(events)

    def _show(self, events: Sequence[Event]) -> None:
        """Translate engine events into widget state."""
        # A bell-fallback flash (see HipTimerApp.flash) ends by the driver's clock at the
        # latest: its own timer is gone with a lost context or a stopped loop, and a
        # forgotten flash tinted the whole workout. Free when there is none; the next
        # cue's flash comes after this (the sound thread hands it over).
        set_flash(self, False)
        for event in events:
            if isinstance(event, PhaseStarted):
                self._enter(event.index, event.phase, event.duration)
                self._set_mark(event)
            elif isinstance(event, Tick):
                self._set_remaining(event.remaining)
                self._figure.view.tick()  # drawn for the driver's time (a fake one jumps)
                if self._mark_until is not None and event.clock >= self._mark_until - 1e-6:
                    self._clear_mark()
            elif isinstance(event, Halfway | Reset):
                self._set_mark(event)
                if isinstance(event, Reset):  # the reset's words, until the next reminder
                    self._reminder.update(Content(event.text))
            elif isinstance(event, FormReminder):
                self._reminder.update(Content(event.text))
            elif isinstance(event, Adjusted):
                self._duration = event.duration
                self._set_remaining(shown_seconds(self.engine.remaining(event.at)))
            elif isinstance(event, Paused):
                self._set_paused(True)
                if event.reason:
                    self.notify(f"Paused: {event.reason}", markup=False, severity="warning")
            elif isinstance(event, Resumed):
                self._set_paused(False)
            elif isinstance(event, Finished) and event.completed:
                sets = workout_sets(self.plan, dict(event.work_done), event.resets)
                self.post_message(
                    self.Completed(event.sets_done, event.sets_planned, event.clock, sets)
                )

    def _set_mark(self, event: Event) -> None:
        """Show the mark of the cue this event plays, if any; a new phase clears the last."""
        word = next((MARKS[c.tone] for c in cues_for(event, self.plan) if c.tone in MARKS), None)
        if word is None:
            if isinstance(event, PhaseStarted):
                self._clear_mark()
            return
        self._mark.update(word)
        self._mark.set_class(True, "-shown")
        self._mark_until = event.clock + MARK_SECONDS

    def _clear_mark(self) -> None:
        if self._mark_until is not None:
            self._mark_until = None
            self._mark.set_class(False, "-shown")

    @property
    def mark_shown(self) -> str:
        """The mark in the band (``HALFWAY``, ``LAST SET``), or empty when none shows."""
        return str(self._mark.content) if self._mark_until is not None else ""

    def _enter(self, index: int, phase: Phase, duration: float) -> None:
        for kind, css_class in PHASE_CLASSES.items():
            self._band.set_class(kind is phase.kind, css_class)
            self._phase_meter.set_class(kind is phase.kind, css_class)
        self._duration = duration
        self._word.update(self._band_text(phase.kind))
        exercise = self._exercise
        reminder = self._reminder
        side = self._side
        sets = self._sets
        upcoming_index = self.plan.next_work(index)
        upcoming = self.plan.phases[upcoming_index] if upcoming_index is not None else None
        if phase.kind is PhaseKind.WORK and phase.exercise is not None:
            title = Content.styled(phase.exercise.name, "bold")
            named = phase.progression.name if phase.progression is not None else None
            if named and named != phase.exercise.name:  # a file's figure-only step: once
                title = Content.assemble(title, SEP, named)
            exercise.update(title)
            reminder.update(Content(phase.reminder() or ""))
            side.word = phase.side.value.upper() if phase.side else ""
            sets.set_number, sets.sets = phase.set_number, phase.sets
        elif phase.kind is PhaseKind.DONE:
            exercise.update(Content.styled("Workout complete", "bold"))
            reminder.update("")
            side.word = ""
            sets.set_number, sets.sets = 0, 0
        elif upcoming is not None and upcoming.exercise is not None:
            if phase.kind is PhaseKind.SWITCH:
                exercise.update(
                    Content.assemble(
                        Content.styled(upcoming.exercise.name, "bold"),
                        SEP,
                        f"now the {upcoming.side.value if upcoming.side else 'other'} side",
                    )
                )
                side.word = upcoming.side.value.upper() if upcoming.side else ""
            else:
                exercise.update(next_up_text(upcoming))
                side.word = ""
            reminder.update(Content(upcoming.reminder() or ""))
            sets.set_number, sets.sets = upcoming.set_number, upcoming.sets
        self._figure.show(movement(phase, upcoming))
        self._set_remaining(shown_seconds(duration))
        self.refresh_bindings()

    def _set_remaining(self, seconds: int) -> None:
        """Show a new count of whole seconds left; runs once a second while counting.

        Only what changed is touched, and nothing here changes a widget's size, so a
        second costs a repaint of the digits (plus a bar now and then), never a layout.
        """
        self._remaining = seconds
        text = duration_text(seconds)
        reshaped = len(text) != len(self._time.value)  # 9:59 to 10:00 needs other room
        self._time.update(text)
        if reshaped:
            self._fit()
        if self._time_compact.display:  # the compact layout's one-line time
            self._show_compact_time()
        index = self.engine.index
        planned = self.plan.phases[index].duration
        done = (self._duration - seconds) / self._duration if self._duration > 0 else 1.0
        self._phase_meter.fraction = done
        total = self.plan.total_seconds
        position = self._offsets[index] + planned * min(max(done, 0.0), 1.0)
        self._routine_meter.fraction = position / total if total else 1.0
        left = routine_left_text(total - position)
        if left != self._routine_left:
            self._routine_left = left
            self._routine_left_label.update(left)

    def _show_compact_time(self) -> None:
        text = self._time.value
        side = self._side.word
        self._time_compact.update(f"{text}{SEP}{side}" if side else text, layout=False)

    def on_resize(self) -> None:
        # The one-line time is only kept up to date while it shows; catch up on a resize.
        self._show_compact_time()
        # After Textual's own handler, which runs next and sets the size classes.
        self.call_next(self._fit)

    def _fit(self) -> None:
        """Share the rows out so the digits get theirs first (see ``workout_fit``).

        Runs on a resize and when the time's shape changes, never on an ordinary second.
        """
        compact = any(self.has_class(name) for name in COMPACT_CLASSES)
        shape = shape_of(self._time.value)
        fit = fit_layout(self.size, shape, self._side_widths)
        trims = () if compact else fit.trims
        self.update_classes({trim.css_class: trim.css_class in trims for trim in TRIMS})
        self._side.big = fit.big_side
        self._time.reserve = self._figure.place(self.size, shape, fit)

    def _set_paused(self, paused: bool) -> None:
        self.set_class(paused, "-paused")
        self._figure.pause(paused)
        self._word.update(self._band_text(self.engine.phase.kind))
        self.refresh_bindings()

    def _band_text(self, kind: PhaseKind) -> str:
        word = PHASE_WORDS[kind]
        if self.engine.state is State.PAUSED:
            return f"PAUSED · {word}"
        return word

    # -- what the widgets show, for tests and the help text ---------------------------------

    @property
    def phase_word(self) -> str:
        """The word in the band, as shown."""
        return str(self._word.content)

    @property
    def time_shown(self) -> str:
        """The countdown, as shown."""
        return self._time.value

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out controls the engine would refuse right now (see :func:`control_state`)."""
        if action != "control" or not parameters:
            return True
        return control_state(self.engine, str(parameters[0]))

    def refusal(self, key: str) -> str | None:
        """Why a workout key is refused now, when the engine says more than "not possible"."""
        return refusal_notice(self.engine, key)

    def action_control(self, control_id: str) -> None:
        """Carry out a workout control: its command goes through the driver."""
        self.send(CONTROL[control_id])

    def send(self, control: Control) -> bool:
        """Send a control's command to the engine; False when its state refuses it."""
        return send_control(self.driver, control)

    def action_toggle_pause(self) -> None:
        """Pause or resume."""
        self.driver.toggle_pause()

    def hold(self) -> Callable[[bool | None], None]:
        """Pause while the help covers the screen; return what to call as it closes: it resumes
        a workout that was running, or any paused one when told to go on (space)."""
        running = self.engine.state is State.RUNNING
        if running:
            self.driver.send(Command.PAUSE)

        def closed(go_on: bool | None) -> None:
            if (running or go_on) and self.engine.state is State.PAUSED:
                self.driver.send(Command.RESUME)

        return closed

    def ask_to_quit(self) -> None:
        """Ask, then end the workout and quit; a finished workout quits at once."""
        if self.engine.ended:
            self.app.exit()
        if self.engine.ended or self._asking:
            return
        self._asking = True
        was_running = self.engine.state is State.RUNNING
        if was_running:
            self.driver.send(Command.PAUSE)

        def answered(quit_: bool | None) -> None:
            self._asking = False
            if quit_:
                self.stop()
                self.app.exit(STOPPED_EARLY, return_code=STOPPED_EARLY)
            elif was_running and self.engine.state is State.PAUSED:
                self.driver.send(Command.RESUME)

        self.app.push_screen(with_stylesheet(self.app, ConfirmQuitScreen()), answered)
