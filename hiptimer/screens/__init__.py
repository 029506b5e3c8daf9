"""Screens of the full-screen app: home, workout, done, help and the quit question."""

from hiptimer.screens.confirm import ConfirmQuitScreen
from hiptimer.screens.done import DoneScreen
from hiptimer.screens.help import HelpScreen
from hiptimer.screens.home import HomeScreen
from hiptimer.screens.workout import WorkoutScreen

__all__ = ["ConfirmQuitScreen", "DoneScreen", "HelpScreen", "HomeScreen", "WorkoutScreen"]
