"""The settings value: what a user can set, its limits, and the presets from the article's range."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

SECONDS_RANGE = (1, 3600)
"""Inclusive limits for every duration setting, in whole seconds."""
SETS_RANGE = (1, 10)
"""Inclusive limits for the number of sets."""

TIMING_KEYS = ("work", "sets", "rest", "exercise_rest", "switch", "prepare")
"""The settings that shape the plan, in the order the UI lists them."""


@dataclass(frozen=True, slots=True)
class Preset:
    """A named dose taken straight from the article's range."""

    id: str
    sets: int
    work: int


PRESETS: tuple[Preset, ...] = (
    Preset("quick", sets=2, work=30),
    Preset("standard", sets=3, work=40),
    Preset("full", sets=3, work=45),
)


def no_levels() -> Mapping[str, int]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the user can set. Defaults start at the easy end of the article's range."""

    work: int = 30
    """Seconds of work per set (each side gets the full time)."""
    sets: int = 2
    rest: int = 15
    """Seconds of rest between sets of one exercise."""
    exercise_rest: int = 30
    """Seconds of rest between exercises."""
    switch: int = 5
    """Seconds to switch sides on per-side exercises."""
    prepare: int = 10
    """Seconds to get ready before the first set."""
    levels: Mapping[str, int] = field(default_factory=no_levels)
    """Progression level (1 = easiest) per exercise id."""
    voice: bool = True
    """Spoken prompts on top of the tones."""
    mute: bool = False
    theme: str = "textual-dark"
    weekly_goal: int = 3
    """Sessions a week to aim for; the article asks for two or three."""

    def level_for(self, exercise_id: str) -> int:
        """Return the progression level for an exercise (1 when unset)."""
        return self.levels.get(exercise_id, 1)

    def with_preset(self, preset: Preset) -> Settings:
        """Return these settings with a preset's sets and work seconds."""
        return replace(self, sets=preset.sets, work=preset.work)


LEVEL_RANGE = (1, 10)
"""Inclusive limits for a progression level (an exercise with fewer uses its last one)."""
GOAL_RANGE = (1, 14)
"""Inclusive limits for the weekly goal, in sessions."""
THEME_MAX = 60
"""Longest theme name accepted."""
