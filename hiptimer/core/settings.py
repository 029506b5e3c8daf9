"""The settings value: what a user can set, its limits, and the presets from the article's range."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

SECONDS_RANGE = (1, 3600)
"""Inclusive limits for every duration setting, in whole seconds."""
SETS_RANGE = (1, 10)
"""Inclusive limits for the number of sets."""


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
    """An empty, read-only table of levels."""
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class ExerciseDose:
    """One exercise's own dose (``[dose.<id>]`` in ``config.toml``); None: the global value."""

    sets: int | None = None
    work: int | None = None
    """Seconds of work per set (per side for per-side exercises)."""


def no_doses() -> Mapping[str, ExerciseDose]:
    """An empty, read-only table of per-exercise doses."""
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
    doses: Mapping[str, ExerciseDose] = field(default_factory=no_doses)
    """Sets and work per exercise id, over the global ``sets`` and ``work`` (an accepted offer
    to move up is saved here)."""
    voice: bool = True
    """Spoken prompts on top of the tones."""
    mute: bool = False
    figures: bool = True
    """Moving figures of the exercises on the workout screen, where it has room."""
    theme: str = "textual-dark"
    weekly_goal: int = 3
    """Sessions a week to aim for; the article asks for two or three."""

    def level_for(self, exercise_id: str) -> int:
        """Return the progression level for an exercise (1 when unset)."""
        return self.levels.get(exercise_id, 1)

    def sets_for(self, exercise_id: str) -> int:
        """Return the sets of an exercise: its own dose's, else the global ``sets``."""
        own = self.doses.get(exercise_id)
        return self.sets if own is None or own.sets is None else own.sets

    def work_for(self, exercise_id: str) -> int:
        """Return the seconds of work of an exercise: its own dose's, else the global ``work``."""
        own = self.doses.get(exercise_id)
        return self.work if own is None or own.work is None else own.work

    def with_preset(self, preset: Preset) -> Settings:
        """Return these settings with a preset's sets and work seconds."""
        return replace(self, sets=preset.sets, work=preset.work)


LEVEL_RANGE = (1, 10)
"""Inclusive limits for a progression level (an exercise with fewer uses its last one)."""
GOAL_RANGE = (1, 14)
"""Inclusive limits for the weekly goal, in sessions."""
THEME_MAX = 60
"""Longest theme name accepted."""


@dataclass(frozen=True, slots=True)
class Field:
    """One setting, written once: validation, the config header, the flags, the settings
    screen, doctor and the README's table are all made from these."""

    name: str
    """The :class:`Settings` attribute and the ``config.toml`` key."""
    kind: type[int] | type[bool] | type[str]
    label: str
    """What the settings screen calls it."""
    help: str
    """What it is for, in a few words."""
    limits: tuple[int, int] = (0, 0)
    """Inclusive limits of a number."""
    unit: str = ""
    """``seconds``, ``sets`` or ``sessions``: named in messages."""
    article: tuple[int, int] | None = None
    """The article's range, to say when a value lies outside it (allowed)."""
    flag: bool = False
    """Whether the command line can override it for one run (``--exercise-rest``)."""

    @property
    def default(self) -> int | bool | str:
        """The value a fresh install uses (the :class:`Settings` default)."""
        value: int | bool | str = getattr(_DEFAULTS, self.name)
        return value

    @property
    def option(self) -> str:
        """The command-line option: ``--exercise-rest``."""
        return "--" + self.name.replace("_", "-")

    def check(self, value: object) -> str | None:
        """Return why ``value`` is not acceptable for this setting, or None."""
        if self.kind is bool:
            return (
                None if isinstance(value, bool) else f"must be true or false, not {kind_of(value)}"
            )
        if self.kind is str:
            if not isinstance(value, str):
                return f"must be text in quotes, not {kind_of(value)}"
            if not value.strip():
                return "must not be empty"
            if len(value) > THEME_MAX:
                return f"must be at most {THEME_MAX} characters, not {len(value)}"
            return None
        return check_range(value, *self.limits, self.unit)


def kind_of(value: object) -> str:
    """Name a value's kind for a message: ``text '45'``, ``a table``, ``true (true/false)``."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if value == "":
        return "empty text"
    if isinstance(value, str):
        return "text " + repr(value if len(value) <= 30 else value[:29] + "…")
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    kind = type(value).__name__  # TOML's dates and times: datetime, date, time
    return {"datetime": "a date and time", "date": "a date", "time": "a time of day"}.get(
        kind, kind
    )


def check_range(value: object, low: int, high: int, unit: str) -> str | None:
    """The one integer-range check: return why ``value`` is not a whole number of ``unit``
    from ``low`` to ``high``, or None. Every file, flag and field says it the same way."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be a whole number of {unit} from {low} to {high}, not {kind_of(value)}"
    if not low <= value <= high:
        return f"must be a whole number of {unit} from {low} to {high}, not {value}"
    return None


def parse_whole(text: str, low: int, high: int, unit: str) -> tuple[int | None, str | None]:
    """Read typed text (a flag or a field) as a whole number within limits.

    Returns:
        The value and None, or None and why the text is not accepted.
    """
    stripped = text.strip()
    try:
        value: object = int(stripped, 10)
    except ValueError:
        value = stripped
    why = check_range(value, low, high, unit)
    return (value, None) if why is None and isinstance(value, int) else (None, why)


_DEFAULTS = Settings()

FIELDS: tuple[Field, ...] = (
    Field(
        "work",
        int,
        "Work",
        "seconds of work per set (each side gets the full time)",
        SECONDS_RANGE,
        "seconds",
        (30, 45),
        flag=True,
    ),
    Field("sets", int, "Sets", "sets per exercise", SETS_RANGE, "sets", (2, 3), flag=True),
    Field(
        "rest",
        int,
        "Rest",
        "seconds between sets of one exercise",
        SECONDS_RANGE,
        "seconds",
        flag=True,
    ),
    Field(
        "exercise_rest",
        int,
        "Exercise rest",
        "seconds between exercises",
        SECONDS_RANGE,
        "seconds",
        flag=True,
    ),
    Field("switch", int, "Switch", "seconds to change sides", SECONDS_RANGE, "seconds", flag=True),
    Field("prepare", int, "Prepare", "seconds to get ready", SECONDS_RANGE, "seconds", flag=True),
    Field("voice", bool, "Voice", "spoken prompts on top of the tones"),
    Field("mute", bool, "Mute", "start with sound off"),
    Field(
        "figures", bool, "Figures", "moving exercise figures on the workout screen (80x24 and up)"
    ),
    Field("theme", str, "Theme", "the colours: one of Textual's themes"),
    Field(
        "weekly_goal",
        int,
        "Weekly goal",
        "sessions a week to aim for",
        GOAL_RANGE,
        "sessions",
        (2, 3),
    ),
)
"""Every setting but ``levels`` (a table of exercise id to level) and ``doses`` (the
``[dose.<id>]`` tables), in the order shown."""

FIELD = {f.name: f for f in FIELDS}
"""The fields by name."""

TIMING_KEYS = tuple(f.name for f in FIELDS if f.flag)
"""The settings that shape the plan, in the order the UI lists them."""


def limits_text(field: Field) -> str:
    """A field's accepted values in words: ``1-3600 seconds``, ``true or false``, ``text``."""
    if field.kind is bool:
        return "true or false"
    if field.kind is str:
        return f"text, at most {THEME_MAX} characters"
    return f"{field.limits[0]}-{field.limits[1]} {field.unit}"


def article_text(field: Field) -> str:
    """The article's range for a field, or an empty string when it gives none."""
    if field.article is None:
        return ""
    low, high = field.article
    return f"{low}-{high} {field.unit}"


def settings_table() -> list[tuple[str, str, str, str, str]]:
    """Rows of every setting (key, default, accepted, the article's range, what it is for):
    the README's table and the doctor's list are made from these."""
    rows = []
    for f in FIELDS:
        default = f.default
        shown = str(default).lower() if isinstance(default, bool) else str(default)
        if isinstance(default, str):
            shown = f'"{default}"'
        rows.append((f.name, shown, limits_text(f), article_text(f), f.help))
    return rows
