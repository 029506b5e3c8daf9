"""The command palette's own entries: the main actions of each screen and every control
the controls table offers there."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from hiptimer.core.command import Command
from hiptimer.core.controls import CONTROLS, Scope
from hiptimer.ui.controls import app_control_state
from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.offered import OfferScreen

if TYPE_CHECKING:
    from hiptimer.ui.app import HipTimerApp


def palette_commands(app: HipTimerApp, screen: Screen[object]) -> Iterable[SystemCommand]:
    """The palette's entries for ``screen``: its main actions, then the controls."""
    from hiptimer.ui.screens.done import DoneScreen
    from hiptimer.ui.screens.workout import WorkoutScreen

    if isinstance(screen, HomeScreen):
        yield SystemCommand("Start workout", "Start the routine shown", screen.action_start)
        yield SystemCommand(
            "Settings", "Dose, progressions, sound and weekly goal", app.action_settings
        )
        yield SystemCommand(
            "Exercises", "How to do each exercise, drawn moving", app.action_exercises
        )
    if isinstance(screen, HomeScreen | DoneScreen):
        yield SystemCommand(
            "History", "Recent sessions, weeks against the goal, streak", app.action_history
        )
    if isinstance(screen, OfferScreen) and screen.offers:
        for control in CONTROLS:
            if control.scope is Scope.OFFER and control.palette:
                yield SystemCommand(
                    control.palette, control.help, partial(screen.action_control, control.id)
                )
    if isinstance(screen, WorkoutScreen):
        for control in CONTROLS:
            # The reset is offered only where it works, as the key bar shows it.
            if control.command is Command.RESET and not screen.engine.can(Command.RESET):
                continue
            if control.scope is Scope.WORKOUT and control.palette:
                yield SystemCommand(
                    control.palette, control.help, partial(screen.action_control, control.id)
                )
    for control in CONTROLS:
        if control.scope is not Scope.APP or not app_control_state(control.id, muted=app.muted):
            continue  # of mute and unmute, only the one that applies
        if control.palette:
            yield SystemCommand(
                control.palette, control.help, partial(app.action_control, control.id)
            )
