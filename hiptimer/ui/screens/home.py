"""The home screen: the routine at a glance, the presets, and the way in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Static

if TYPE_CHECKING:
    from textual.widgets import OptionList

    from hiptimer.core.rhythm import WeekStatus

from hiptimer.core.catalog import WHY_HIPS, Routine, RoutineItem
from hiptimer.core.plan import Phase, Plan, Side, build_plan
from hiptimer.core.settings import PRESETS, Preset, Settings
from hiptimer.core.text import escape
from hiptimer.core.wording import SEP, duration_text
from hiptimer.ui.screens.offered import MOVE_UP_BINDING, OfferScreen
from hiptimer.ui.widgets.keybar import KeyBar
from hiptimer.ui.widgets.mutedbadge import MutedBadge
from hiptimer.ui.widgets.pill import Pill

PRESET_KEYS = Binding.Group("Presets", compact=True)
"""The key bar shows the preset keys together: ``123 Presets``."""


def first_sets(plan: Plan) -> list[Phase | None]:
    """Return, per routine item, the first work phase of that item in the plan."""
    found: list[Phase | None] = []
    phases = [p for p in plan.phases if p.is_work]
    cursor = 0
    for item in plan.routine.items:
        hit: Phase | None = None
        for i in range(cursor, len(phases)):
            phase = phases[i]
            if (
                phase.exercise is item.exercise
                and phase.set_number == 1
                and phase.side is not Side.RIGHT
            ):
                hit, cursor = phase, i + 1
                break
        found.append(hit)
    return found


def own_dose_mark(
    item: RoutineItem, settings: Settings, overrides: Mapping[str, int], preset: Preset | None
) -> str | None:
    """Say where an exercise's own dose (``[dose.<id>]``) stands: ``own dose`` when it is
    used, or what beats it for this run (a preset, a flag); None when it has none in play."""
    exercise_id = item.exercise.id
    own = settings.doses.get(exercise_id)
    if own is None or (item.sets is not None and item.work is not None):
        return None  # no own dose, or the routine file sets both for this item
    beaten = [key for key in ("sets", "work") if key in overrides]
    if not beaten:
        return "own dose"
    by = f"{preset.id} preset" if preset is not None else "--" + "/--".join(beaten)
    mine = f"{settings.sets_for(exercise_id)} × {settings.work_for(exercise_id)} s"
    return f"{by} this run, not its own {mine}"


def item_lines(
    item: RoutineItem, first: Phase | None, mark: str | None = None
) -> tuple[Content, Content | None]:
    """Describe one exercise of the routine: a head line with the dose (and the article's
    range, for a built-in exercise only), and a detail line with the progression in use and
    why it matters.

    Args:
        item: The routine's exercise.
        first: Its first work phase in the plan (None: it has none).
        mark: Where its own dose stands (see :func:`own_dose_mark`), shown instead of the
            article's range.
    """
    exercise = item.exercise
    name = Content.styled(exercise.name, "bold")
    if first is None:
        return name, None
    dose = f"{first.sets} × {first.duration} s"
    if first.side is not None:
        dose += " each side"
    head = Content.assemble(name, SEP, dose)
    if mark is not None:
        head = Content.assemble(head, (f"{SEP}{mark}", "italic"))
    elif exercise.builtin:
        head = Content.assemble(head, (f"{SEP}article: {exercise.dose.describe()}", "dim"))
    detail: list[Content | str] = []
    # A file's progression may be named as its exercise: not named twice.
    if first.progression is not None and first.progression.name != exercise.name:
        detail.append(Content.styled(first.progression.name, "italic"))
    if exercise.why:
        detail.append(exercise.why)
    return head, Content(SEP).join(detail) if detail else None


class HomeScreen(OfferScreen):
    """Shows a routine and starts it, and any offer to move up (``u`` takes it).

    Args:
        routines: The routines to pick from (a picker shows when there is more than one).
        settings: The user's settings.
        overrides: Values for this run only, from the command line.
        muted: Whether sound is off (a MUTED badge says so).
        week_line: Keep a row for the line about the week (history on), filled once read.
        classes: CSS classes to start with.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "start", "Start", id="start", priority=True, key_display="⏎"),
        # One place in the key bar for the three presets, so every key fits in 80 columns.
        Binding(
            "1",
            "preset('quick')",
            "Quick",
            id="preset-quick",
            tooltip="Quick: 2 × 30 s",
            group=PRESET_KEYS,
        ),
        Binding(
            "2",
            "preset('standard')",
            "Standard",
            id="preset-standard",
            tooltip="Standard: 3 × 40 s",
            group=PRESET_KEYS,
        ),
        Binding(
            "3",
            "preset('full')",
            "Full",
            id="preset-full",
            tooltip="Full: 3 × 45 s",
            group=PRESET_KEYS,
        ),
        Binding("s", "app.settings", "Settings", id="settings", tooltip="Change and save settings"),
        Binding("h", "app.history", "History", id="history", tooltip="Past sessions and weeks"),
        Binding("e", "app.exercises", "Exercises", id="exercises", tooltip="How to do each one"),
        MOVE_UP_BINDING,
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    @dataclass
    class Start(Message):
        """The user asked to start this plan."""

        plan: Plan

    def __init__(
        self,
        routines: Sequence[Routine],
        settings: Settings,
        overrides: Mapping[str, int] | None = None,
        *,
        muted: bool = False,
        week_line: bool = False,
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.week_line = week_line
        self._muted_badge = MutedBadge(muted, id="home-muted")
        self.routines = tuple(routines)
        self.settings = settings
        self.overrides: dict[str, int] = dict(overrides or {})
        self.routine = self.routines[0]
        self.preset: Preset | None = None

    @property
    def overview_text(self) -> str:
        """The exercises as shown, one line per widget, as plain text."""
        parts: list[str] = []
        for static in self.query("#routine-items Static").results(Static):
            content = static.content
            parts.append(content.plain if isinstance(content, Content) else str(content))
        return "\n".join(parts)

    @property
    def plan(self) -> Plan:
        """The plan that Start would run."""
        return build_plan(self.routine, self.settings, self.overrides)

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            if len(self.routines) > 1:
                # Only loaded when there is a choice to make.
                from textual.widgets import OptionList
                from textual.widgets.option_list import Option

                yield OptionList(
                    *(
                        Option(Content.assemble((r.name, "bold"), f"  ({r.id})"), id=r.id)
                        for r in self.routines
                    ),
                    id="routine-picker",
                )
            # Not a VerticalScroll: nothing here takes focus, so the first frame is not
            # restyled for a focus change. It still scrolls with the mouse when it overflows.
            with Vertical(id="overview"):
                with Horizontal(id="title-row"):
                    yield Static(self._title(), id="routine-title")
                    yield self._muted_badge
                yield Vertical(*self._items(), id="routine-items")
                why = Static(Content.assemble(("Why hips: ", "bold"), WHY_HIPS), id="why")
                # The article's "why" speaks for its routine, not for a user's file.
                why.display = self.routine.builtin
                yield why
            # Its row is kept from the first frame (the read comes after), so the line does
            # not move the screen when it arrives; --no-history has neither.
            week = Static(Content(""), id="week", markup=False)
            week.display = self.week_line
            yield week
            yield self.offer_widget()
            with Horizontal(id="presets"):
                for preset in PRESETS:
                    label = f"{preset.id.title()} {preset.sets}×{preset.work}s"
                    yield Pill(label, id=f"preset-{preset.id}", classes="preset")
                yield Label(id="home-spacer")
                yield Pill("Settings", id="open-settings", classes="nav")
                yield Pill("History", id="open-history", classes="nav")
                yield Pill("Start ▶", id="start")
        # Compact, so every key (settings and history too) fits in 80 columns.
        yield KeyBar()

    def _title(self) -> Content:
        plan = self.plan
        routine = self.routine
        title = Content.assemble(
            (routine.name, "bold"),
            f"{SEP}{len(routine.items)} exercises{SEP}{plan.sets_planned} sets{SEP}",
            (f"total {duration_text(plan.total_seconds)}", "bold"),
        )
        if self.preset is not None:
            title = Content.assemble(title, (f"{SEP}{self.preset.id} preset", "italic"))
        if routine.description:
            title = Content("\n").join([title, Content.styled(routine.description, "dim")])
        return title

    def _items(self) -> list[Static]:
        lines: list[Static] = []
        for item, first in zip(self.routine.items, first_sets(self.plan), strict=True):
            mark = own_dose_mark(item, self.settings, self.overrides, self.preset)
            head, detail = item_lines(item, first, mark)
            lines.append(Static(head, classes="item-head"))
            if detail is not None:
                lines.append(Static(detail, classes="item-detail"))
        return lines

    def _refresh_overview(self) -> None:
        """Show the routine and dose after a change of routine or preset."""
        self.query_one("#routine-title", Static).update(self._title())
        items = self.query_one("#routine-items", Vertical)
        items.remove_children()
        items.mount_all(self._items())
        self.query_one("#why", Static).display = self.routine.builtin
        for preset in PRESETS:
            pill = self.query_one(f"#preset-{preset.id}", Pill)
            pill.set_class(preset is self.preset, "-selected")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the routine under the cursor; Start runs it."""
        self.routine = self.routines[event.option_index]
        self._refresh_overview()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Clicking a routine picks it."""
        self.routine = self.routines[event.option_index]
        self._refresh_overview()

    async def on_pill_pressed(self, event: Pill.Pressed) -> None:
        """Start, or apply a preset."""
        event.stop()
        button_id = event.pill.id or ""
        if button_id == "start":
            self.action_start()
        elif button_id in ("open-settings", "open-history"):
            await self.app.run_action(button_id.removeprefix("open-"))
        elif button_id.startswith("preset-"):
            self.action_preset(button_id.removeprefix("preset-"))

    def use_settings(self, settings: Settings, overrides: Mapping[str, int]) -> None:
        """Show the routine with new settings (the preset chosen here is dropped)."""
        self.settings = settings
        self.overrides = dict(overrides)
        self.preset = None
        self._refresh_overview()

    def show_week(self, status: WeekStatus | None) -> None:
        """Show where the week stands, as ``hiptimer status`` says it but without the offers
        to move up: the offer line below names the first one, and how to take it."""
        if status is None or not self.week_line:
            return
        # Numbers and fixed words only, but Content and escaped all the same: never markup.
        text = escape(status.line(offers=False))
        self.query_one("#week", Static).update(Content(text))

    def action_preset(self, preset_id: str) -> None:
        """Use a preset's sets and seconds for this run."""
        preset = next(p for p in PRESETS if p.id == preset_id)
        self.preset = preset
        self.overrides["sets"] = preset.sets
        self.overrides["work"] = preset.work
        self._refresh_overview()

    def action_start(self) -> None:
        """Start the routine shown."""
        self.post_message(self.Start(self.plan))
