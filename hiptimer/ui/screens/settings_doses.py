"""The settings screen's own doses: a row per exercise with a ``[dose.<id>]``, to edit or clear."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Input, Label

from hiptimer.core.catalog import Exercise, Routine
from hiptimer.core.settings import FIELD, ExerciseDose, Settings, parse_whole
from hiptimer.core.wording import plural

DOSE_FIELDS = (FIELD["sets"], FIELD["work"])
"""An own dose has the global sets' and work's limits."""


def dose_text(sets: int, work: int) -> str:
    """A dose as the home screen writes it: ``2 × 30 s``."""
    return f"{sets} × {work} s"


@dataclass(frozen=True, slots=True)
class OwnDose:
    """An exercise with its own dose, as the screen lists it."""

    exercise_id: str
    name: str
    """The exercise's name, or its id when no routine has it (a typo in the file)."""


def own_doses(routines: Iterable[Routine], settings: Settings) -> list[OwnDose]:
    """Each exercise with an own dose: the routines' order first, then ids no routine has."""
    found: dict[str, OwnDose] = {}
    for routine in routines:
        for item in routine.items:
            exercise: Exercise = item.exercise
            if exercise.id in settings.doses and exercise.id not in found:
                found[exercise.id] = OwnDose(exercise.id, exercise.name)
    for exercise_id in settings.doses:
        found.setdefault(exercise_id, OwnDose(exercise_id, exercise_id))
    return list(found.values())


def keeps_note(kept: Sequence[tuple[str, str]]) -> str:
    """Say, beside the global Work and Sets, which exercises keep their own dose.

    Args:
        kept: Each exercise's name and dose text (``2 × 30 s``), in the order listed.

    Returns:
        ``Glute bridge keeps its own 2 × 30 s``; more are joined with ``;``; empty for none.
    """
    if not kept:
        return ""
    (name, dose), *rest = kept
    parts = [f"{name} keeps its own {dose}", *(f"{n} {d}" for n, d in rest)]
    return "; ".join(parts) + " (below)"


class DoseRow(Horizontal):
    """One exercise's own sets and work, with a button to clear it (back to the global ones).

    Args:
        own: The exercise.
        dose: Its dose as loaded (a None part is the global value).
        settings: The global sets and work, shown for a None part.
        index: Makes the widget ids (an exercise id from a file need not be a valid id).
        under_level: Whether it sits under its exercise's level row (else it names the
            exercise itself).
    """

    def __init__(
        self,
        own: OwnDose,
        dose: ExerciseDose,
        settings: Settings,
        index: int,
        *,
        under_level: bool = True,
    ) -> None:
        super().__init__(classes="setting-row dose-row")
        self.own = own
        self.under_level = under_level
        self.dose = dose
        self.index = index
        self.shown = (settings.sets_for(own.exercise_id), settings.work_for(own.exercise_id))
        """The sets and work shown when the screen opened: unchanged, the dose is kept as
        the file has it (a None part keeps following the global value)."""
        self.cleared = False
        """Whether the user cleared it: saved, the exercise goes back to the global dose."""
        self.errors: dict[str, str] = {}
        """Input id to why its text is not accepted."""

    def compose(self) -> ComposeResult:
        sets, work = self.shown
        # Content: the name may be an id from the user's file, never read as markup.
        label = Content("  own dose") if self.under_level else Content(self.own.name)
        yield Label(label, classes="setting-label")
        for field, value in zip(DOSE_FIELDS, (sets, work), strict=True):
            yield Input(
                str(value),
                type="integer",
                max_length=5,
                id=f"dose-{field.name}-{self.index}",
                classes="setting-number dose-number",
                compact=True,
                select_on_focus=True,
            )
            yield Label("×" if field.name == "sets" else "s", classes="dose-unit")
        yield Button("Clear", id=f"dose-clear-{self.index}", classes="dose-clear", compact=True)
        yield Label(self._note(), id=f"dose-note-{self.index}", classes="setting-note")

    def _input(self, name: str) -> Input:
        return self.query_one(f"#dose-{name}-{self.index}", Input)

    def check(self) -> tuple[int, int] | None:
        """Validate both numbers, mark them, and return them (None when one is not accepted)."""
        values: list[int] = []
        self.errors.clear()
        for field in DOSE_FIELDS:
            box = self._input(field.name)
            value, why = parse_whole(box.value, *field.limits, field.unit)
            box.set_class(why is not None, "-invalid")
            if value is None:
                self.errors[str(box.id)] = why or ""
            else:
                values.append(value)
        invalid = bool(self.errors) and not self.cleared
        self.set_class(invalid, "-invalid")
        note = self.query_one(f"#dose-note-{self.index}", Label)
        note.update(self._note())
        note.set_class(invalid, "-invalid")
        return (values[0], values[1]) if not self.errors else None

    def _note(self) -> str:
        if self.cleared:
            return "cleared: global dose from Save"
        if self.errors:
            return "✗ " + next(iter(self.errors.values()))
        return "over the global Work and Sets"

    def toggle(self) -> None:
        """Clear the dose, or keep it after all."""
        self.cleared = not self.cleared
        for field in DOSE_FIELDS:
            self._input(field.name).disabled = self.cleared
        self.query_one(Button).label = "Keep" if self.cleared else "Clear"
        self.set_class(self.cleared, "-cleared")
        self.check()

    def value(self) -> ExerciseDose | None:
        """The dose the row holds: None when cleared, the loaded one when unchanged.

        Raises:
            ValueError: A number is not accepted (:meth:`check` says which).
        """
        if self.cleared:
            return None
        numbers = self.check()
        if numbers is None:
            raise ValueError(self.errors)
        if numbers == self.shown:
            return self.dose
        return ExerciseDose(*numbers)

    @property
    def kept_text(self) -> str | None:
        """The dose as the form holds it (``2 × 30 s``; while a number is not accepted, as
        it opened, which is what stays), or None when cleared."""
        if self.cleared:
            return None
        return dose_text(*(self.check() or self.shown))


def dose_rows(
    routines: Iterable[Routine], settings: Settings, under_level: Iterable[str]
) -> list[DoseRow]:
    """A row for each exercise that has an own dose (see :func:`own_doses`).

    Args:
        routines: Name the exercises.
        settings: Hold the doses.
        under_level: The exercise ids that have a level row for their dose row to sit under.
    """
    levelled = set(under_level)
    return [
        DoseRow(
            own,
            settings.doses[own.exercise_id],
            settings,
            index,
            under_level=own.exercise_id in levelled,
        )
        for index, own in enumerate(own_doses(routines, settings))
    ]


def doses_from(
    rows: Iterable[DoseRow], doses: Mapping[str, ExerciseDose]
) -> dict[str, ExerciseDose]:
    """The doses the rows hold, over ``doses`` (a cleared row's exercise is dropped).

    Raises:
        ValueError: A row holds a number that is not accepted.
    """
    result = dict(doses)
    for row in rows:
        dose = row.value()
        if dose is None:
            result.pop(row.own.exercise_id, None)
        else:
            result[row.own.exercise_id] = dose
    return result


def level_note(steps: int, dose: str | None) -> Content:
    """The note beside an exercise's level: its steps, or its own dose (``2 × 30 s``)."""
    if dose is None:
        return Content(f"{steps} steps, easiest first" if steps > 1 else plural(steps, "step"))
    return Content(f"own dose {dose}")


def keeps_row(rows: Sequence[DoseRow]) -> Horizontal:
    """Where Work and Sets are: which exercises keep their own dose over them (hidden when
    none has one)."""
    kept = [(row.own.name, dose_text(*row.shown)) for row in rows]
    row = Horizontal(
        Label("", classes="setting-label"),
        Label(Content(keeps_note(kept)), id="own-doses-note"),
        classes="setting-row",
        id="own-doses",
    )
    row.display = bool(kept)
    return row


def kept_doses(rows: Iterable[DoseRow]) -> list[tuple[str, str]]:
    """Each exercise that keeps an own dose as the form holds it: name and ``2 × 30 s``."""
    return [(row.own.name, text) for row in rows if (text := row.kept_text) is not None]


def quote_doses(rows: Sequence[DoseRow], note: Label) -> dict[str, str | None]:
    """Update the note by Work and Sets; return each exercise id's dose text (None: cleared)."""
    text = keeps_note(kept_doses(rows))
    note.update(Content(text))
    if note.parent is not None:
        note.parent.display = bool(text)
    return {row.own.exercise_id: row.kept_text for row in rows}


def keeps_sentence(rows: Iterable[DoseRow]) -> str:
    """`` Glute bridge keeps its own 2 × 30 s.`` after a preset's message, or nothing."""
    note = keeps_note(kept_doses(rows))
    return f" {note.removesuffix(' (below)')}." if note else ""


def check_doses(rows: Iterable[DoseRow], errors: dict[str, str]) -> None:
    """Check each own dose's numbers and keep ``errors`` (the screen's) up to date with
    those not accepted; a cleared dose has none."""
    for key in [key for key in errors if key.startswith("dose-")]:
        del errors[key]
    for row in rows:
        if not row.cleared:
            row.check()
            errors.update(row.errors)
