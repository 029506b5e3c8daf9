"""The commands a user can give a workout: the engine's verbs, apart from the engine so the
controls table (and the home screen) can name them without loading the engine."""

from __future__ import annotations

from enum import Enum

ADJUST_STEP = 10.0
"""Seconds added or removed by one press of + or -."""


class Command(Enum):
    """What the user (or the shell) can ask of the engine; each value is the name of the
    :class:`Engine` method that carries it out."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT = "next"
    PREVIOUS = "previous"
    RESTART = "restart"
    RESET = "reset"
    """Restart a set because the wrong muscles took over (the article's reset)."""
    ADJUST = "adjust"
    STOP = "stop"
