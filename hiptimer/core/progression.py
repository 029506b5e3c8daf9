"""Double progression: when the history says an exercise is ready for more. Pure; it only suggests.

The article gives every exercise 2–3 sets of 30–45 s and a ladder of progressions. A trainer
runs such a range as a *double progression*: the dose climbs one rung after each clean session
(every set done for its full time, none reset) and, once the top of the range has been held
cleanly twice in a row, the next progression starts again at the bottom. The rungs are::

    2 × 30 s → 3 × 30 s → 3 × 35 s → 3 × 40 s → 3 × 45 s

Why the third set comes first, then the seconds (and not 2 × 30 → 2 × 35 → ... → 2 × 45 →
3 × 30 → ... → 3 × 45):

- The hold is where form fails (the pelvis turns, the hamstrings take over, the hips drop).
  Adding a set repeats a hold the runner already owns; lengthening it asks for the part that
  fails. A trainer buys volume with the easy variable first.
- Every rung adds work (60 → 90 → 105 → 120 → 135 s per side) and no rung shortens a set.
  The other ladder has a step (2 × 45 → 3 × 30) that keeps the volume and cuts every hold by
  a third, which reads as going backwards.
- Five rungs take about two weeks at two or three sessions a week, then two sessions at the
  top: a new progression every three weeks or so for a steady runner, which is the pace the
  article's "once you've hit the basics" suggests. Eight rungs would double that.
- The presets sit on it: quick (2 × 30 s) is the bottom and full (3 × 45 s) the top.

What holds the dose: a session stopped early or with a set skipped (only ``completed`` counts),
a set of the exercise cut short of its planned time, or a set reset because the wrong muscles
took over. Each exercise is judged on its own sets: a reset bridge holds the bridge, not the
clam. A session in which the exercise was never started is not an attempt and is left out.

Nothing here changes a setting; the app asks the user first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hiptimer.core.catalog import ARTICLE_DOSE, DoseRange, Exercise
from hiptimer.core.settings import Settings

STEP_SECONDS = 5
"""How much longer each set gets per rung once the sets are at the top of the range."""
CLEAN_AT_TOP = 2
"""Clean sessions in a row at the top of the range before the next progression is offered."""
FULL_SLACK = 0.05
"""Seconds of float noise forgiven when checking a set was done for its full planned time."""


@dataclass(frozen=True, slots=True)
class Dose:
    """Sets of an exercise and seconds of work per set (per side for per-side exercises)."""

    sets: int
    work: int

    def text(self) -> str:
        """The dose in words: ``3 × 45 s``."""
        return f"{self.sets} × {self.work} s"

    def short(self) -> str:
        """The dose for a status line: ``3×45 s``."""
        return f"{self.sets}×{self.work} s"

    def covers(self, other: Dose) -> bool:
        """Whether this dose is at least ``other`` in both sets and seconds."""
        return self.sets >= other.sets and self.work >= other.work


def dose_ladder(dose_range: DoseRange = ARTICLE_DOSE, step: int = STEP_SECONDS) -> tuple[Dose, ...]:
    """The rungs from the bottom of a range to its top: sets first, then seconds by ``step``.

    Args:
        dose_range: Sets and seconds, low and high.
        step: Seconds added per rung once the sets are at their top.

    Returns:
        For the article's range: 2 × 30, 3 × 30, 3 × 35, 3 × 40, 3 × 45 s.
    """
    (low_sets, high_sets), (low_work, high_work) = dose_range.sets, dose_range.seconds
    rungs = [Dose(sets, low_work) for sets in range(low_sets, high_sets + 1)]
    work = low_work
    while work < high_work:
        work = min(work + max(step, 1), high_work)
        rungs.append(Dose(high_sets, work))
    return tuple(rungs)


def rung_of(dose: Dose, ladder: Sequence[Dose]) -> int:
    """The highest rung ``dose`` covers; -1 when it is below the bottom one.

    The rungs grow in sets and seconds together, so the rungs a dose covers are always the
    bottom ones: a dose off the ladder (such as 2 × 40 s) sits on the last rung it covers in
    full (2 × 30 s), and its next rung is the one above that (3 × 30 s).
    """
    covered = -1
    for index, rung in enumerate(ladder):
        if not dose.covers(rung):
            break
        covered = index
    return covered


@dataclass(frozen=True, slots=True)
class ExerciseSession:
    """What one session did of one exercise, as the rule reads it."""

    exercise_id: str
    level: int
    """1-based place on the exercise's ladder of progressions."""
    sets: int
    work: int
    """Planned seconds of work per set (per side)."""
    clean: bool
    """The session ran to its end, and every set of this exercise was done in full, none reset
    (see :func:`is_clean`)."""
    started_at: float
    """Unix time."""

    @property
    def dose(self) -> Dose:
        """Sets and seconds, as a :class:`Dose`."""
        return Dose(self.sets, self.work)


def is_clean(status: str, every_set_full: bool, any_reset: bool) -> bool:
    """Whether a session's sets of one exercise count as clean for moving up.

    Args:
        status: The session's status; only ``completed`` (run to the end with every set done)
            counts: ``partial``, ``stopped`` and ``running`` hold the dose.
        every_set_full: Every set (each side) of the exercise was done for its planned time.
        any_reset: A set of the exercise was restarted because the wrong muscles took over.
    """
    return status == "completed" and every_set_full and not any_reset


def set_full(planned_seconds: float, done_seconds: float) -> bool:
    """Whether a set was done for its full planned time (not cut short)."""
    return done_seconds + FULL_SLACK >= planned_seconds


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An offer to move up: the next dose, or the next progression at the bottom of the range."""

    exercise_id: str
    exercise: str
    """The exercise's name, for the words around the offer."""
    from_level: int
    to_level: int
    progression: str | None
    """The name of the progression at ``to_level``; None for an exercise without a ladder."""
    sets: int
    work: int
    why: str
    """One sentence for the user, such as ``2 clean sessions at 3 × 45 s``."""
    because: str = ""
    """What earned the offer, without what is offered: ``2 clean sessions in a row at
    3 × 45 s``."""

    @property
    def is_progression(self) -> bool:
        """True when the offer is the next progression, False for the next dose."""
        return self.to_level > self.from_level

    @property
    def dose(self) -> Dose:
        """Sets and seconds offered, as a :class:`Dose`."""
        return Dose(self.sets, self.work)

    def label(self) -> str:
        """The offer in two or three words, for a status line: ``bridge walk``, ``clam 3×35 s``."""
        if self.is_progression and self.progression:
            words = self.progression.lower()
            # A one-word progression ("Weighted") needs its exercise to make sense alone.
            return words if " " in words else f"{words} {self.exercise.lower().split()[-1]}"
        return f"{self.exercise.lower().split()[-1]} {self.dose.short()}"

    def as_json(self) -> dict[str, Any]:
        """The offer as ``hiptimer status --json`` gives it."""
        return {
            "exercise_id": self.exercise_id,
            "from_level": self.from_level,
            "to_level": self.to_level,
            "progression": self.progression,
            "sets": self.sets,
            "work": self.work,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Current:
    """What the settings already ask for an exercise: an offer at or below it is not made."""

    level: int
    dose: Dose


def current_doses(settings: Settings, exercises: Iterable[Exercise]) -> dict[str, Current]:
    """What the settings ask of each exercise now (its level, and its own ``[dose.<id>]`` or
    else the global sets and work): an offer they already reach is not made."""
    return {
        e.id: Current(
            settings.level_for(e.id), Dose(settings.sets_for(e.id), settings.work_for(e.id))
        )
        for e in exercises
    }


def suggest(
    exercise: Exercise,
    history: Sequence[ExerciseSession],
    current: Current | None = None,
) -> Suggestion | None:
    """The next step for one exercise, or None when the dose holds.

    Args:
        exercise: The exercise, with its ladder of progressions and its dose range.
        history: Its sessions, newest first (sessions of other exercises are ignored).
        current: The level and dose the settings ask for now; an offer they already reach
            (the user said yes, or set it by hand) is not made again.

    Returns:
        The next rung at the same level after one clean session below the top; the next
        progression at the bottom rung after :data:`CLEAN_AT_TOP` clean sessions in a row at
        the top; None otherwise (the newest session was not clean, the last progression is
        reached, or there is no history).
    """
    mine = [s for s in history if s.exercise_id == exercise.id]
    if not mine or not mine[0].clean:
        return None
    ladder = dose_ladder(exercise.dose)
    newest = mine[0]
    levels = max(len(exercise.progressions), 1)

    def level_of(session: ExerciseSession) -> int:
        # A level past the ladder (a routine file's longer ladder, say) is its last.
        return min(max(session.level, 1), levels)

    level = level_of(newest)
    rung = rung_of(newest.dose, ladder)
    if rung < len(ladder) - 1:
        to_level, to_rung = level, rung + 1
        below = "" if rung >= 0 else ", below the range"
        because = f"a clean session at {newest.dose.text()}{below}"
        why = f"{because}: ready for {ladder[to_rung].text()}"
    else:
        run = 0
        for session in mine:
            at_top = rung_of(session.dose, ladder) == len(ladder) - 1
            if not (session.clean and at_top and level_of(session) == level):
                break
            run += 1
        if run < CLEAN_AT_TOP or level >= levels:
            return None
        to_level, to_rung = level + 1, 0
        name = exercise.progressions[to_level - 1].name
        because = f"{CLEAN_AT_TOP} clean sessions in a row at {ladder[-1].text()}"
        why = f"{because}: ready for {name} at {ladder[0].text()}"
    if current is not None:
        reached = (current.level, rung_of(current.dose, ladder))
        if reached >= (to_level, to_rung):
            return None
    offered = ladder[to_rung]
    progression = exercise.progression(to_level)
    return Suggestion(
        exercise_id=exercise.id,
        exercise=exercise.name,
        from_level=level,
        to_level=to_level,
        progression=progression.name if progression else None,
        sets=offered.sets,
        work=offered.work,
        why=why,
        because=because,
    )


def suggest_all(
    exercises: Iterable[Exercise],
    history: Sequence[ExerciseSession],
    current: dict[str, Current] | None = None,
) -> tuple[Suggestion, ...]:
    """Every offer, one at most per exercise, in the order of ``exercises``.

    Args:
        exercises: The exercises to look at (an id seen twice counts once: the first wins).
        history: Sessions of any exercises, newest first.
        current: What the settings ask for now, per exercise id.
    """
    offers: list[Suggestion] = []
    seen: set[str] = set()
    for exercise in exercises:
        if exercise.id in seen:
            continue
        seen.add(exercise.id)
        offer = suggest(exercise, history, (current or {}).get(exercise.id))
        if offer is not None:
            offers.append(offer)
    return tuple(offers)
