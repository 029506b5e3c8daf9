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

from hiptimer.core.catalog import EXERCISES, WHY_HIPS, Exercise, Progression, Routine
from hiptimer.core.figures import figure_for
from hiptimer.core.settings import Settings
from hiptimer.core.wording import SEP
from hiptimer.ui.widgets.figure import FigureView
from hiptimer.ui.widgets.keybar import KeyBar

YOURS = "◂ yours"
"""Marks the progression the user's settings use."""


def option_id(exercise: Exercise, level: int) -> str:
    """The list entry of one progression: ``glute-bridge.2``."""
    return f"{exercise.id}.{level}"


def detail_text(exercise: Exercise, level: int, your_level: int, source: str = "") -> Content:
    """Everything about one progression: what it is, pace, set-up, form, mistakes, targets
    and why it matters.

    An exercise from a routine file (``source`` names the routine) shows what its file
    says, and never the article's range or its "why hips": those speak for the built-in
    exercises only. Its text is shown as written, never read as markup.
    """
    progression = exercise.progression(level)
    sided = exercise.sided(progression)
    rungs = len(exercise.progressions)
    title: list[Content | str | tuple[str, str]] = [(exercise.name, "bold")]
    # A file's progression may be named as its exercise: not named twice.
    if progression is not None and progression.name != exercise.name:
        title += [SEP, (progression.name, "bold")]
    where: list[str] = [f"from {source}"] if source else []
    if rungs > 1 or (exercise.builtin and rungs):
        yours = min(max(your_level, 1), rungs)
        where.append(f"level {level} of {rungs}")
        where.append("your level" if level == yours else f"your settings use level {yours}")
    if where:
        title += ["  ", (SEP.join(where), "dim")]
    lines: list[Content] = [Content.assemble(*title)]
    if progression is not None and progression.description:
        lines.append(Content(progression.description))
    # Without a tempo of its own, the movement goes at the pace its figure is drawn at.
    figure = figure_for(progression, exercise)
    tempo = (progression.tempo if progression else None) or (figure.tempo if figure else None)
    pace = tempo.describe() if tempo else ""
    lines.append(
        Content.assemble(
            ("Pace ", "bold"), pace or "steady", SEP, "each side" if sided else "both legs together"
        )
    )
    steps = progression.steps if progression else ()
    lines += _section("Set up", [f"{n}. {step}" for n, step in enumerate(steps, 1)])
    cues = (progression.cues if progression else ()) or exercise.cues
    lines += _section("Form", [f"• {cue}" for cue in cues])
    mistakes = progression.mistakes if progression else ()
    lines += _section("Common mistakes", [f"✗ {m}" for m in mistakes])
    targets = (progression.targets if progression else "") or exercise.targets
    lines += _section("Works", [targets] if targets else [])
    why = [exercise.why] if exercise.why else []
    lines += _section("Why it matters", [*why, WHY_HIPS] if exercise.builtin else why)
    if exercise.builtin:
        each = " each side" if sided else ""
        lines += _section("Dose", [f"article: {exercise.dose.describe()}{each}"])
    return Content("\n").join(lines)


def _section(title: str, items: Sequence[str]) -> list[Content]:
    if not items:
        return []
    return [Content(""), Content.styled(title, "bold"), *(Content(item) for item in items)]


def levels_in_use(
    routines: Sequence[Routine], settings: Settings, overrides: Mapping[str, int]
) -> dict[str, int]:
    """The level a workout would use per exercise id: this run's ``--level``, else the
    routine file's, else the settings' (the first routine with an id decides, as in
    :func:`hiptimer.core.plan.build_plan`)."""
    levels = {e.id: overrides.get("level", settings.level_for(e.id)) for e in EXERCISES}
    for routine in routines:
        for item in routine.items:
            forced = overrides.get("level", item.level or settings.level_for(item.exercise.id))
            levels.setdefault(item.exercise.id, forced)
    return levels


STILL_OR_MOVE = "Stop or start the figure"
"""What space does on the exercises screen, for the help."""


class ExercisesScreen(Screen[None]):
    """Shows each exercise's progressions; the highlighted one moves and is explained.

    The built-in exercises come first, then the exercises of every routine file under its
    routine's name: the screen is where to look up any movement a workout may ask for, and
    it opens on the routine the home screen shows, which is the one the user means to run.

    Args:
        levels: The level the user's settings (and this run's ``--level``) use per
            exercise id.
        exercises: The built-in exercises to show.
        routines: The routines loaded; the exercises of those not built in are listed too.
        start: The id of the routine to open on (its first exercise is highlighted).
        classes: CSS classes to start with (the terminal's size).
    """

    CSS_PATH = "exercises.tcss"
    """Read when the screen first opens, not at start-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,e", "back", "Back", id="exercises-back", tooltip="Back to where you were"),
        # Space has two: check_action shows the one that applies.
        Binding("space", "still_figure", "Still", id="exercises-pause", tooltip=STILL_OR_MOVE),
        Binding("space", "move_figure", "Move", id="exercises-move", tooltip=STILL_OR_MOVE),
        Binding("o", "other_side", "Side", id="exercises-side", tooltip="Show the other side"),
    ]

    def __init__(
        self,
        levels: Mapping[str, int],
        exercises: Sequence[Exercise] = EXERCISES,
        *,
        routines: Sequence[Routine] = (),
        start: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.levels = dict(levels)
        self.groups: list[tuple[Routine | None, tuple[Exercise, ...]]] = [(None, tuple(exercises))]
        self.groups += [(r, tuple(i.exercise for i in r.items)) for r in routines if not r.builtin]
        self.start = start
        self.choices: list[tuple[Exercise, int, Routine | None] | None] = []
        """What each list entry stands for (None: a heading)."""
        self.mirrored = False

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """Every exercise listed, built-in ones first."""
        return tuple(e for _, group in self.groups for e in group)

    def level_of(self, exercise: Exercise) -> int:
        """The level the user's settings use for ``exercise``, within its ladder."""
        return min(max(self.levels.get(exercise.id, 1), 1), max(len(exercise.progressions), 1))

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for routine, exercises in self.groups:
            if routine is not None:
                # Text from the user's file: Content, never markup.
                options.append(Option(Content.styled(routine.name, "italic"), disabled=True))
                self.choices.append(None)
            for exercise in exercises:
                self._list(exercise, routine, options)
        with Horizontal(id="exercises-main"):
            yield OptionList(*options, id="exercises-list")
            with Vertical(id="exercises-detail"):
                yield FigureView(id="exercises-figure")
                with VerticalScroll(id="exercises-body"):
                    yield Static(id="exercises-text")
        yield KeyBar()

    def _list(self, exercise: Exercise, routine: Routine | None, options: list[Option]) -> None:
        # A built-in entry has an id (``glute-bridge.2``); a file's ids may repeat across
        # files (or a built-in id), so its entries go by their place in the list.
        ids = routine is None
        name = Content.styled(exercise.name, "bold")
        ladder = exercise.progressions
        if len(ladder) <= 1 and routine is not None:
            # One entry: the exercise itself, at the left as every exercise's name is.
            options.append(Option(name))
            self.choices.append((exercise, 1, routine))
            return
        options.append(Option(name, disabled=True))
        self.choices.append(None)
        for level, progression in enumerate(ladder, 1):
            mark = f" {YOURS}" if level == self.level_of(exercise) else ""
            prompt = Content(f"  {progression.name}{mark}")
            options.append(Option(prompt, id=option_id(exercise, level) if ids else None))
            self.choices.append((exercise, level, routine))

    def on_mount(self) -> None:
        listing = self.query_one("#exercises-list", OptionList)
        listing.highlighted = self._first_index()
        listing.focus()

    def _first_index(self) -> int:
        """The entry to open on: the start routine's first exercise at the level in use
        (the built-in exercises' when the start routine is built in or not listed)."""
        files = {r.id for r, _ in self.groups if r is not None}
        start = self.start if self.start in files else None
        for index, choice in enumerate(self.choices):
            if choice is None:
                continue
            exercise, level, routine = choice
            if (routine.id if routine else None) == start and level == self.level_of(exercise):
                return index
        return next(i for i, choice in enumerate(self.choices) if choice is not None)

    @property
    def chosen(self) -> tuple[Exercise, int] | None:
        """The exercise and level highlighted."""
        index = self.query_one("#exercises-list", OptionList).highlighted
        choice = self.choices[index] if index is not None else None
        return (choice[0], choice[1]) if choice else None

    @property
    def progression(self) -> Progression | None:
        """The progression highlighted."""
        chosen = self.chosen
        return chosen[0].progression(chosen[1]) if chosen else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the progression under the cursor."""
        self._show()

    def _show(self) -> None:
        index = self.query_one("#exercises-list", OptionList).highlighted
        choice = self.choices[index] if index is not None else None
        if choice is None:
            return
        exercise, level, routine = choice
        progression = exercise.progression(level)
        mirrored = self.mirrored and exercise.sided(progression)
        self.query_one(FigureView).show_figure(figure_for(progression, exercise), mirrored)
        source = routine.name if routine is not None else ""
        self.query_one("#exercises-text", Static).update(
            detail_text(exercise, level, self.level_of(exercise), source)
        )
        self.query_one("#exercises-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def action_back(self) -> None:
        """Close the screen."""
        self.dismiss(None)

    def action_still_figure(self) -> None:
        """Hold the figure still."""
        self.query_one(FigureView).paused = True
        self.refresh_bindings()

    def action_move_figure(self) -> None:
        """Let the figure move again."""
        self.query_one(FigureView).paused = False
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Of Still and Move (both on space), show and run the one that applies; neither,
        nor the other side, when no figure is drawn."""
        if action in ("still_figure", "move_figure", "other_side"):
            views = self.query(FigureView)
            if not views or views.first().figure is None:
                return False
            return action == "other_side" or views.first().paused is (action == "move_figure")
        return True

    def action_other_side(self) -> None:
        """Draw the other side of a one-side-at-a-time movement."""
        chosen = self.chosen
        if chosen is not None and not chosen[0].sided(chosen[0].progression(chosen[1])):
            self.notify("o: both legs work together here; there is no other side to show")
            return
        self.mirrored = not self.mirrored
        self._show()
