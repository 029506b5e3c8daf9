"""The exercises screen: every exercise and progression, drawn moving, with how to do it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hiptimer.core.catalog import EXERCISES, WHY_HIPS, Exercise, Progression
from hiptimer.core.figures import figure_for
from hiptimer.core.wording import SEP
from hiptimer.ui.widgets.figure import FigureView
from hiptimer.ui.widgets.keybar import KeyBar

YOURS = "◂ yours"
"""Marks the progression the user's settings use."""


def option_id(exercise: Exercise, level: int) -> str:
    """The list entry of one progression: ``glute-bridge.2``."""
    return f"{exercise.id}.{level}"


def detail_text(exercise: Exercise, level: int, your_level: int) -> Content:
    """Everything about one progression: what it is, pace, set-up, form, mistakes, targets
    and why it matters."""
    progression = exercise.progression(level)
    assert progression is not None
    sided = exercise.sided(progression)
    rungs = len(exercise.progressions)
    yours = min(max(your_level, 1), rungs)
    where = f"level {level} of {rungs}"
    where += SEP + ("your level" if level == yours else f"your settings use level {yours}")
    lines: list[Content] = [
        Content.assemble(
            (exercise.name, "bold"), SEP, (progression.name, "bold"), "  ", (where, "dim")
        ),
        Content(progression.description),
    ]
    pace = progression.tempo.describe() if progression.tempo else ""
    lines.append(
        Content.assemble(
            ("Pace ", "bold"), pace or "steady", SEP, "each side" if sided else "both legs together"
        )
    )
    lines += _section("Set up", [f"{n}. {step}" for n, step in enumerate(progression.steps, 1)])
    lines += _section("Form", [f"• {cue}" for cue in progression.cues or exercise.cues])
    lines += _section("Common mistakes", [f"✗ {m}" for m in progression.mistakes])
    lines += _section("Works", [progression.targets or exercise.targets])
    lines += _section("Why it matters", [exercise.why, WHY_HIPS])
    lines += _section(
        "Dose", [f"article: {exercise.dose.describe()}{' each side' if sided else ''}"]
    )
    return Content("\n").join(lines)


def _section(title: str, items: Sequence[str]) -> list[Content]:
    if not items:
        return []
    return [Content(""), Content.styled(title, "bold"), *(Content(item) for item in items)]


class ExercisesScreen(Screen[None]):
    """Shows each exercise's progressions; the highlighted one moves and is explained.

    Args:
        levels: The level the user's settings (and this run's ``--level``) use per
            exercise id.
        exercises: The exercises to show.
        classes: CSS classes to start with (the terminal's size).
    """

    CSS_PATH = "exercises.tcss"
    """Read when the screen first opens, not at start-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,e", "back", "Back", id="exercises-back", tooltip="Back to where you were"),
        Binding(
            "space",
            "pause_figure",
            "Still",
            id="exercises-pause",
            tooltip="Stop or start the figure",
        ),
        Binding("o", "other_side", "Side", id="exercises-side", tooltip="Show the other side"),
    ]

    def __init__(
        self,
        levels: Mapping[str, int],
        exercises: Sequence[Exercise] = EXERCISES,
        *,
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.levels = dict(levels)
        self.exercises = tuple(exercises)
        self.choices: list[tuple[Exercise, int] | None] = []
        """What each list entry stands for (None: an exercise's heading)."""
        self.mirrored = False

    def level_of(self, exercise: Exercise) -> int:
        """The level the user's settings use for ``exercise``, within its ladder."""
        return min(max(self.levels.get(exercise.id, 1), 1), len(exercise.progressions))

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for exercise in self.exercises:
            options.append(Option(Content.styled(exercise.name, "bold"), disabled=True))
            self.choices.append(None)
            for level, progression in enumerate(exercise.progressions, 1):
                mark = f" {YOURS}" if level == self.level_of(exercise) else ""
                options.append(Option(f"  {progression.name}{mark}", id=option_id(exercise, level)))
                self.choices.append((exercise, level))
        with Horizontal(id="exercises-main"):
            yield OptionList(*options, id="exercises-list")
            with Vertical(id="exercises-detail"):
                yield FigureView(id="exercises-figure")
                with VerticalScroll(id="exercises-body"):
                    yield Static(id="exercises-text")
        yield KeyBar()

    def on_mount(self) -> None:
        first = self.exercises[0]
        listing = self.query_one("#exercises-list", OptionList)
        listing.highlighted = listing.get_option_index(option_id(first, self.level_of(first)))
        listing.focus()

    @property
    def chosen(self) -> tuple[Exercise, int] | None:
        """The exercise and level highlighted."""
        index = self.query_one("#exercises-list", OptionList).highlighted
        return self.choices[index] if index is not None else None

    @property
    def progression(self) -> Progression | None:
        """The progression highlighted."""
        chosen = self.chosen
        return chosen[0].progression(chosen[1]) if chosen else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the progression under the cursor."""
        self._show()

    def _show(self) -> None:
        chosen = self.chosen
        if chosen is None:
            return
        exercise, level = chosen
        progression = exercise.progression(level)
        mirrored = self.mirrored and exercise.sided(progression)
        self.query_one(FigureView).show_figure(figure_for(progression), mirrored)
        self.query_one("#exercises-text", Static).update(
            detail_text(exercise, level, self.level_of(exercise))
        )
        self.query_one("#exercises-body", VerticalScroll).scroll_home(animate=False)

    def action_back(self) -> None:
        """Close the screen."""
        self.dismiss(None)

    def action_pause_figure(self) -> None:
        """Hold the figure still, or let it move again."""
        view = self.query_one(FigureView)
        view.paused = not view.paused

    def action_other_side(self) -> None:
        """Draw the other side of a one-side-at-a-time movement."""
        self.mirrored = not self.mirrored
        self._show()
