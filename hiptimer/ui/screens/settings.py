"""The settings screen: edit the dose, progressions, sound and weekly goal, and save them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from hiptimer.core.catalog import Exercise, Routine
from hiptimer.core.ports import SettingsStore
from hiptimer.core.settings import FIELD, FIELDS, PRESETS, Field, Settings, parse_whole
from hiptimer.core.text import escape
from hiptimer.ui.screens.settings_doses import (
    DoseRow,
    check_doses,
    dose_rows,
    dose_text,
    doses_from,
    keeps_row,
    keeps_sentence,
    level_note,
    quote_doses,
)
from hiptimer.ui.widgets.keybar import KeyBar
from hiptimer.ui.widgets.tickbox import TickBox

NUMBER_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.flag)
"""The dose, in the order the screen lists it (the settings table's order)."""

GOAL_FIELD = FIELD["weekly_goal"]
"""Listed apart, after the sound."""


def unit_shown(field: Field) -> str:
    """The unit beside a number: ``s``, ``sets``, ``a week``."""
    return {"seconds": "s", "sessions": "a week"}.get(field.unit, field.unit)


def parse_number(text: str, field: Field) -> tuple[int | None, str | None]:
    """Read a whole number within the field's limits (the same check as files and flags).

    Returns:
        The value and None, or None and why the text is not accepted.
    """
    return parse_whole(text, *field.limits, field.unit)


def field_note(field: Field) -> str:
    """The note beside a number: the article's range when it gives one, else what it is for."""
    if field.article is None:
        return field.help
    return f"article: {field.article[0]}–{field.article[1]} {unit_shown(field)}"


def switch_label(name: str, value: bool) -> str:
    """A check box's label that says its state: ``Voice: on``."""
    return f"{name}: {'on' if value else 'off'}"


def note_for(field: Field, value: int) -> str:
    """The note beside an accepted value: the article's range, and where the value falls."""
    note = field_note(field)
    if field.article is None:
        return note
    low, high = field.article
    if value < low:
        return f"{note} · below it"
    if value > high:
        return f"{note} · above it"
    return note


def exercises_with_progressions(routines: Iterable[Routine]) -> list[Exercise]:
    """Return each exercise (by id, first seen) that has a ladder of progressions."""
    seen: dict[str, Exercise] = {}
    for routine in routines:
        for item in routine.items:
            exercise = item.exercise
            if exercise.progressions and exercise.id not in seen:
                seen[exercise.id] = exercise
    return list(seen.values())


class SettingsScreen(Screen[None]):
    """Edits the user's settings; Save applies them and writes ``config.toml``.

    Args:
        settings: The values to start from (the file's, without one-run overrides).
        routines: Their exercises give the progression choices.
        store: Where to save (a store for this run only saves nothing).
        themes: Theme names to offer.
        classes: CSS classes to start with (the terminal's size).
    """

    CSS_PATH = "settings.tcss"
    """Read when the screen first opens, not at start-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="settings-save", tooltip="Check and save"),
        Binding("escape", "back", "Back", id="settings-back", tooltip="Home; asks first if edited"),
    ]

    @dataclass
    class Applied(Message):
        """New settings to use from now on (saved or, when saving failed, for this run)."""

        settings: Settings

    def __init__(
        self,
        settings: Settings,
        routines: Sequence[Routine],
        store: SettingsStore,
        themes: Iterable[str] = (),
        *,
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.settings = settings
        self.opened = settings
        """The settings the screen opened with: a save writes only what differs from them,
        so a value another hiptimer saved meanwhile is kept."""
        self.exercises = exercises_with_progressions(routines)
        self.dose_rows = dose_rows(routines, settings, (e.id for e in self.exercises))
        """A row per exercise with its own dose (``[dose.<id>]``), to edit or clear."""
        self.store = store
        self.themes = sorted(set(themes) | {settings.theme})
        self.errors: dict[str, str] = {}
        """Field key to the reason its text is not accepted."""
        self._counting = False
        """Whether the status line counts the values that need fixing (after a failed save),
        so it is kept up to date as they are fixed."""

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        settings = self.settings
        where = self.store.where
        yield Static(
            Content.assemble(("Settings", "bold"), "  ", (escape(where), "dim")),
            id="settings-title",
        )
        with VerticalScroll(id="settings-form"):
            for field in NUMBER_FIELDS:
                yield from self._number_row(field, getattr(settings, field.name))
                if field.name == "sets":
                    yield self._presets_row()
                    yield keeps_row(self.dose_rows)
            under = {row.own.exercise_id: row for row in self.dose_rows if row.under_level}
            for index, exercise in enumerate(self.exercises):
                dose_row = under.get(exercise.id)
                row = self._level_row(index, exercise, settings.level_for(exercise.id), dose_row)
                row.set_class(index == 0, "-group")
                yield row
                if dose_row is not None:
                    yield dose_row
            standalone = [row for row in self.dose_rows if not row.under_level]
            for index, dose_row in enumerate(standalone):
                dose_row.set_class(index == 0 and not self.exercises, "-group")
                yield dose_row
            with Horizontal(classes="setting-row -group"):
                yield Label("Sound", classes="setting-label")
                yield TickBox(
                    switch_label("Voice", settings.voice), settings.voice, id="voice", compact=True
                )
                yield TickBox(
                    switch_label("Mute", settings.mute), settings.mute, id="mute", compact=True
                )
                yield Label("voice speaks the prompts", classes="setting-note")
            with Horizontal(classes="setting-row"):
                yield Label("Screen", classes="setting-label")
                yield TickBox(
                    switch_label(FIELD["figures"].label, settings.figures),
                    settings.figures,
                    id="figures",
                    compact=True,
                )
                yield Label("a moving figure beside the time", classes="setting-note")
            yield from self._number_row(GOAL_FIELD, settings.weekly_goal, group=True)
            with Horizontal(classes="setting-row"):
                yield Label("Theme", classes="setting-label")
                yield Select(
                    # Content, not a markup string: the theme is the file's text until the
                    # app has checked it ("[@click=app.quit]" would be a live link).
                    [(Content(escape(name)), name) for name in self.themes],
                    value=settings.theme,
                    allow_blank=False,
                    id="theme",
                    compact=True,
                )
        yield Static(id="settings-status")
        with Horizontal(id="settings-buttons"):
            yield Button("Save (ctrl+s)", id="settings-save", variant="primary", compact=True)
            yield Button("Back (esc)", id="settings-back", compact=True)
        yield KeyBar()

    def _presets_row(self) -> Horizontal:
        return Horizontal(
            Label("Presets", classes="setting-label"),
            *(
                Button(
                    f"{preset.id.title()} {preset.sets}×{preset.work}s",
                    id=f"settings-preset-{preset.id}",
                    classes="settings-preset",
                    compact=True,
                )
                for preset in PRESETS
            ),
            classes="setting-row",
            id="settings-presets",
        )

    def _number_row(self, field: Field, value: int, *, group: bool = False) -> Iterable[Horizontal]:
        unit = "" if field.unit == "sets" else unit_shown(field)
        yield Horizontal(
            Label(field.label, classes="setting-label"),
            Input(
                str(value),
                type="integer",
                max_length=5,
                id=f"field-{field.name}",
                classes="setting-number",
                compact=True,
                select_on_focus=True,
            ),
            Label(unit, classes="setting-unit"),
            Label(
                note_for(field, value),
                id=f"{field.name}-note",
                classes="setting-note",
                markup=False,
            ),
            classes="setting-row -group" if group else "setting-row",
        )

    def _level_row(
        self, index: int, exercise: Exercise, level: int, dose_row: DoseRow | None
    ) -> Horizontal:
        count = len(exercise.progressions)
        level = min(max(level, 1), count)
        options = [
            (Content(f"{n} · {p.name}"), n) for n, p in enumerate(exercise.progressions, start=1)
        ]
        return Horizontal(
            Label(Content(exercise.name), classes="setting-label"),
            Select(
                options,
                value=level,
                allow_blank=False,
                # From the index: an exercise id from a file need not be a valid widget id.
                id=f"level-{index}",
                classes="setting-level",
                compact=True,
            ),
            Label(
                level_note(count, None if dose_row is None else dose_text(*dose_row.shown)),
                id=f"level-note-{index}",
                classes="setting-note",
            ),
            classes="setting-row",
        )

    def on_mount(self) -> None:
        self.query_one("#field-work", Input).focus()
        problem = self.store.save_problem()
        if problem:
            self.say(problem, error=True)
        else:
            self.say("Tab: next field · ctrl+s: save · esc: back")

    # -- reading the form -------------------------------------------------------------------

    def _fields(self) -> tuple[Field, ...]:
        return (*NUMBER_FIELDS, GOAL_FIELD)

    def check(self, field: Field) -> int | None:
        """Validate one field, mark it, and return its value (None when not accepted)."""
        text = self.query_one(f"#field-{field.name}", Input).value
        value, why = parse_number(text, field)
        note = self.query_one(f"#{field.name}-note", Label)
        row = note.parent
        if value is not None:
            self.errors.pop(field.name, None)
            note.update(note_for(field, value))
        else:
            self.errors[field.name] = why or ""
            note.update(f"✗ {why}")
        note.set_class(why is not None, "-invalid")
        if row is not None:
            row.set_class(why is not None, "-invalid")
        return value

    def form_settings(self) -> Settings | None:
        """Return the settings the form holds, or None when a field is not accepted."""
        # Any: only the whole-number fields go in, but ``replace`` sees every field's type.
        values: dict[str, Any] = {}
        for field in self._fields():
            value = self.check(field)
            if value is not None:
                values[field.name] = value
        self._check_doses()
        if self.errors:
            return None
        levels: dict[str, int] = dict(self.settings.levels)
        for index, exercise in enumerate(self.exercises):
            selected = self.query_one(f"#level-{index}", Select).value
            # Only levels that were set or changed: an untouched exercise stays at its default.
            changed = selected != self.settings.level_for(exercise.id)
            if isinstance(selected, int) and (changed or exercise.id in levels):
                levels[exercise.id] = selected
        theme = self.query_one("#theme", Select).value
        return replace(
            self.settings,
            **values,
            levels=levels,
            doses=doses_from(self.dose_rows, self.settings.doses),
            voice=self.query_one("#voice", Checkbox).value,
            mute=self.query_one("#mute", Checkbox).value,
            figures=self.query_one("#figures", Checkbox).value,
            theme=theme if isinstance(theme, str) else self.settings.theme,
        )

    def _check_doses(self) -> None:
        check_doses(self.dose_rows, self.errors)

    def _doses_changed(self) -> None:
        """Keep the notes that quote the own doses as the form holds them."""
        texts = quote_doses(self.dose_rows, self.query_one("#own-doses-note", Label))
        for index, exercise in enumerate(self.exercises):
            if exercise.id in texts:
                note = level_note(len(exercise.progressions), texts[exercise.id])
                self.query_one(f"#level-note-{index}", Label).update(note)

    def say(self, message: str, *, error: bool = False) -> None:
        """Show a line under the form (never read as markup: it may quote the user's file)."""
        status = self.query_one("#settings-status", Static)
        status.update(Content(escape(message)))
        status.set_class(error, "-error")

    @property
    def status_text(self) -> str:
        """The line under the form, as plain text."""
        content = self.query_one("#settings-status", Static).content
        return content.plain if isinstance(content, Content) else str(content)

    # -- events -------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """Check a number as it is typed."""
        field = next((f for f in self._fields() if f"field-{f.name}" == event.input.id), None)
        if field is not None:
            self.check(field)
        elif isinstance(event.input.parent, DoseRow):
            self._check_doses()
            self._doses_changed()
        if self._counting:
            self._say_errors()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Say on or off in words: the box's mark alone differs only by colour."""
        field = FIELD[str(event.checkbox.id)]  # each box's id is its setting's name
        event.checkbox.label = switch_label(field.label, event.value)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, go back, or fill in a preset."""
        event.stop()
        button_id = event.button.id or ""
        if button_id == "settings-save":
            await self.action_save()
        elif button_id == "settings-back":
            self.action_back()
        elif button_id.startswith("settings-preset-"):
            self.action_preset(button_id.removeprefix("settings-preset-"))
        elif isinstance(event.button.parent, DoseRow):
            event.button.parent.toggle()
            self._check_doses()
            self._doses_changed()
            if self._counting:
                self._say_errors()

    def action_preset(self, preset_id: str) -> None:
        """Fill in a preset's sets and work seconds (saved with Save)."""
        preset = next(p for p in PRESETS if p.id == preset_id)
        self.query_one("#field-sets", Input).value = str(preset.sets)
        self.query_one("#field-work", Input).value = str(preset.work)
        also = keeps_sentence(self.dose_rows)
        self.say(
            f"{preset.id.title()} preset: {preset.sets} × {preset.work} s. Save to keep it.{also}"
        )

    async def action_save(self) -> None:
        """Check every field; apply the settings and write them to the file (the store
        writes off the event loop)."""
        settings = self.form_settings()
        if settings is None:
            self._counting = True
            self._say_errors()
            return
        self.settings = settings
        self.post_message(self.Applied(settings))
        problem = await self.store.save(settings, self.opened)
        if problem:
            self.say(f"Applied for this run only. {problem}", error=True)
            return
        self.notify(escape(f"Settings saved to {self.store.where}"), markup=False, timeout=4)
        self.dismiss(None)

    def _say_errors(self) -> None:
        """Say how many values still need fixing, or that none do."""
        count = len(self.errors)
        if count:
            self.say(
                f"Not saved: {count} value{'s' * (count != 1)} marked ✗ need fixing.", error=True
            )
        else:
            self._counting = False
            self.say("Every value is fine now · ctrl+s: save · esc: back")

    @property
    def edited(self) -> bool:
        """Whether the form holds anything not applied yet (a value not accepted counts)."""
        return self.form_settings() != self.settings

    def action_back(self) -> None:
        """Home; with edits not saved, ask first whether to drop them."""
        if not self.edited:
            self.dismiss(None)
            return
        from hiptimer.ui.screens.ask import AskScreen
        from hiptimer.ui.stylesheets import with_stylesheet

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
            else:
                self.say("Still editing · ctrl+s: save")

        ask = AskScreen("Discard your changes?", yes="Discard", no="Keep editing")
        self.app.push_screen(with_stylesheet(self.app, ask), answered)
