"""Expand a routine and settings into the flat sequence of phases of a workout. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from hiptimer.core.catalog import Exercise, Progression, Routine, RoutineItem
from hiptimer.core.settings import Settings

FORM_INTERVAL = 12.0
"""Seconds between form reminders during work (the design asks for about 10–15 s)."""
FORM_QUIET_END = 4.0
"""No new form reminder in the last seconds of work, where the 3-2-1 takes over."""


def form_offsets(duration: float) -> list[float]:
    """Seconds into a work phase at which the next form reminder shows (the first one
    shows from the start, so it is not among them)."""
    offsets: list[float] = []
    n = 1
    while n * FORM_INTERVAL <= duration - FORM_QUIET_END:
        offsets.append(n * FORM_INTERVAL)
        n += 1
    return offsets


class PhaseKind(StrEnum):
    """What the runner is doing during a phase."""

    PREPARE = "prepare"
    WORK = "work"
    SWITCH = "switch"
    REST = "rest"
    DONE = "done"


class Side(StrEnum):
    """The side worked on a per-side set."""

    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class Phase:
    """One stretch of the workout with a fixed planned length."""

    kind: PhaseKind
    duration: int
    """Planned seconds."""
    exercise: Exercise | None = None
    """The exercise worked, or for a non-work phase the one that comes next."""
    set_number: int = 0
    """1-based set of ``exercise`` this phase belongs to (or leads into)."""
    sets: int = 0
    """Sets of ``exercise`` in this workout."""
    side: Side | None = None
    progression: Progression | None = None
    cue_start: int = 0
    """Which reminder a work phase opens with: where the exercise's previous work phase
    left off, so over the sets every reminder gets its turn."""

    @property
    def reminders(self) -> tuple[str, ...]:
        """The form reminders of this phase's movement: the progression's own, else the
        exercise's."""
        if self.progression is not None and self.progression.cues:
            return self.progression.cues
        return self.exercise.cues if self.exercise is not None else ()

    def reminder(self, turn: int = 0) -> str | None:
        """The reminder shown ``turn`` reminders into this phase (0: the one it opens
        with, which a rest before it shows too), or None when there are none."""
        cues = self.reminders
        return cues[(self.cue_start + turn) % len(cues)] if cues else None

    @property
    def reset_cue(self) -> str | None:
        """The words of the reset when this set can be started again because the wrong
        muscles took over; None outside work and for a movement without a reset."""
        if not self.is_work or self.progression is None:
            return None
        return self.progression.reset_cue

    @property
    def is_work(self) -> bool:
        """Whether this is a work phase."""
        return self.kind is PhaseKind.WORK

    @property
    def is_last_set(self) -> bool:
        """Whether this phase belongs to the last set of its exercise."""
        return self.sets > 0 and self.set_number == self.sets


@dataclass(frozen=True, slots=True)
class Plan:
    """A routine expanded into phases; the last phase is always DONE."""

    routine: Routine
    phases: tuple[Phase, ...]
    total_seconds: int = field(init=False)
    sets_planned: int = field(init=False)
    """Sets in the plan; a per-side set counts once."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "total_seconds", sum(p.duration for p in self.phases))
        object.__setattr__(
            self,
            "sets_planned",
            sum(1 for p in self.phases if p.is_work and p.side is not Side.RIGHT),
        )

    def next_work(self, index: int) -> int | None:
        """Return the index of the first work phase after ``index``, if any."""
        for i in range(index + 1, len(self.phases)):
            if self.phases[i].is_work:
                return i
        return None

    def first_set_ahead(self, index: int) -> int | None:
        """The work phase of an exercise's first set that phase ``index`` leads into (or is),
        the one line mode's HOW line speaks of; None when the coming set is not a first."""
        coming = index if self.phases[index].is_work else self.next_work(index)
        if coming is None:
            return None
        work = self.phases[coming]
        return coming if work.set_number == 1 and work.side is not Side.RIGHT else None


def build_plan(
    routine: Routine,
    settings: Settings,
    overrides: Mapping[str, int] | None = None,
) -> Plan:
    """Expand a routine into phases.

    Args:
        routine: The exercises, with per-item values that beat the settings.
        settings: Defaults for everything a routine item leaves open (an exercise's own
            ``[dose.<id>]`` sets and work before the global ones).
        overrides: Values for this run only (``work``, ``sets``, ``rest``,
            ``exercise_rest``, ``switch``, ``prepare``, ``level``); they beat both.

    Returns:
        The plan: PREPARE, then each set (left, SWITCH, right for per-side exercises),
        REST between sets and a longer REST between exercises, none after the last set,
        and DONE.
    """
    forced = dict(overrides or {})

    def pick(key: str, item_value: int | None) -> int:
        if key in forced:
            return forced[key]
        if item_value is not None:
            return item_value
        value: int = getattr(settings, key)
        return value

    def dose(key: str, item: RoutineItem) -> int:
        # The exercise's own dose from the settings beats the global one, not the routine's.
        if key in forced or getattr(item, key) is not None:
            return pick(key, getattr(item, key))
        own = settings.sets_for if key == "sets" else settings.work_for
        return own(item.exercise.id)

    items = routine.items
    phases: list[Phase] = []
    if items:
        first = items[0]
        phases.append(
            Phase(
                PhaseKind.PREPARE,
                pick("prepare", None),
                first.exercise,
                1,
                dose("sets", first),
            )
        )
    for item_index, item in enumerate(items):
        exercise = item.exercise
        sets = dose("sets", item)
        work = dose("work", item)
        rest = pick("rest", item.rest)
        level = forced.get("level", item.level or settings.level_for(exercise.id))
        progression = exercise.progression(level)
        cue_start = 0
        for set_number in range(1, sets + 1):
            work_sides: tuple[Side | None, ...] = (
                (Side.LEFT, Side.RIGHT) if exercise.sided(progression) else (None,)
            )
            for side in work_sides:
                if side is Side.RIGHT:
                    phases.append(
                        Phase(
                            PhaseKind.SWITCH,
                            pick("switch", None),
                            exercise,
                            set_number,
                            sets,
                            side,
                            progression,
                        )
                    )
                phases.append(
                    Phase(
                        PhaseKind.WORK,
                        work,
                        exercise,
                        set_number,
                        sets,
                        side,
                        progression,
                        cue_start,
                    )
                )
                # The next work phase goes on with the reminder after this one's last.
                cue_start += 1 + len(form_offsets(work))
            if set_number < sets:
                phases.append(
                    Phase(PhaseKind.REST, rest, exercise, set_number + 1, sets, None, progression)
                )
        if item_index + 1 < len(items):
            following = items[item_index + 1]
            phases.append(
                Phase(
                    PhaseKind.REST,
                    pick("exercise_rest", None),
                    following.exercise,
                    1,
                    dose("sets", following),
                )
            )
    phases.append(Phase(PhaseKind.DONE, 0))
    return Plan(routine, tuple(phases))
