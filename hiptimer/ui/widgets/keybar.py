"""The key bar at the foot of every screen: one line, one widget, drawn from the bindings.

Each space is a piece of the line of its own: SVG screenshots draw a run of text stretched to
its cells, and a run that began with a space showed the words against the key before it.

Short of room, the bar first closes its gaps to one space, then drops descriptions one by one:
first those of keys that say what they do by themselves (``q``, ``?``, ``+ -``, the arrows),
then the others from the end of the bar (which lists the keys most used first). Every key
stays named down to the width of the keys alone (27 columns in a workout); only below that
is the line cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from hiptimer.core.controls import CONTROL

GAP = "  "
"""Between two keys when the line has room; one space when it has not."""


@dataclass(frozen=True, slots=True)
class Fit:
    """How the bar fits its width."""

    roomy: bool
    """A space before the first key and :data:`GAP` between keys; else single spaces."""
    described: frozenset[int]
    """The positions of the keys that keep their description."""


@dataclass(frozen=True, slots=True)
class Key:
    """One entry of the bar: the keys that trigger it and what it does."""

    keys: tuple[tuple[str, str], ...]
    """Each key to press, with how it is shown (a group, such as back and next, has two)."""
    description: str
    enabled: bool
    obvious: bool = False
    """Its keys say what it does by themselves (see :attr:`Control.obvious`)."""

    @property
    def display(self) -> str:
        """The keys as shown."""
        return " ".join(shown for _, shown in self.keys)


def fit(keys: list[Key], width: int) -> Fit:
    """Return how ``keys`` fit in ``width`` cells: roomy if they can, else with single spaces
    and as many descriptions as there is room for, those of obvious keys dropped first, each
    kind from the end of the bar (none at the least).
    """
    named = sum(cell_len(key.display) for key in keys) + len(keys) - 1
    said = [1 + cell_len(key.description) for key in keys]
    everything = frozenset(range(len(keys)))
    if 1 + named + len(keys) - 1 + sum(said) <= width:
        return Fit(roomy=True, described=everything)
    last_first = range(len(keys) - 1, -1, -1)
    dropping = [n for n in last_first if keys[n].obvious]
    dropping += [n for n in last_first if not keys[n].obvious]
    described = set(everything)
    length = named + sum(said)
    for n in dropping:
        if length <= width:
            break
        described.discard(n)
        length -= said[n]
    return Fit(roomy=False, described=frozenset(described))


def bar_keys(screen: Screen[object]) -> list[Key]:
    """Return what the bar shows for ``screen``: the bindings marked to show, one per action,
    a group of several (back and next, plus and minus) as one entry under its description."""
    seen: set[str] = set()
    found: list[tuple[Binding, bool]] = []
    for _node, binding, enabled, _tooltip in screen.active_bindings.values():
        if binding.show and binding.action not in seen:
            seen.add(binding.action)
            found.append((binding, enabled))
    app = screen.app
    keys: list[Key] = []
    index = 0
    while index < len(found):
        binding, enabled = found[index]
        group = binding.group
        members = [(binding, enabled)]
        while (
            group is not None
            and index + len(members) < len(found)
            and found[index + len(members)][0].group == group
        ):
            members.append(found[index + len(members)])
        index += len(members)
        if group is not None and len(members) > 1:
            keys.append(
                Key(
                    tuple((b.key.split(",")[0], app.get_key_display(b)) for b, _ in members),
                    group.description,
                    any(e for _, e in members),
                    all(_obvious(b) for b, _ in members),
                )
            )
        else:
            keys.append(
                Key(
                    ((binding.key.split(",")[0], app.get_key_display(binding)),),
                    binding.description,
                    enabled,
                    _obvious(binding),
                )
            )
    return keys


def _obvious(binding: Binding) -> bool:
    control = CONTROL.get(binding.id or "")
    return control is not None and control.obvious


class KeyBar(Widget, can_focus=False):
    """The screen's keys in one line, clickable, redrawn when the bindings change.

    Textual's ``Footer`` builds a widget per key and rebuilds them all on every change of
    bindings (each phase and each pause here): measured on the home screen, it took about
    half the time to the first frame and a megabyte and a half. This draws the same keys as
    one line of text.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spots: list[tuple[int, int, str | None]] = []
        """What each stretch of the line does when clicked: first column, end column, and
        the key to press ("" for a key that does nothing now, None for the gaps)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    @property
    def keys(self) -> list[Key]:
        """What the bar shows now."""
        return bar_keys(self.screen)

    @property
    def text(self) -> str:
        """The bar as plain text, at its width."""
        return self._content().plain

    def _content(self) -> Content:
        keys = self.keys
        room = fit(keys, self.size.width or 80)
        gap = GAP if room.roomy else " "
        key_style = self.get_visual_style("keybar--key", partial=True)
        text_style = self.get_visual_style("keybar--description", partial=True)
        dim = self.get_visual_style("keybar--disabled", partial=True)
        pieces: list[tuple[str, Style]] = []
        spots: list[tuple[int, int, str | None]] = []
        x = 0

        def put(text: str, style: Style, key: str | None) -> None:
            nonlocal x
            pieces.append((text, style))
            spots.append((x, x + cell_len(text), key))
            x += cell_len(text)

        if room.roomy:
            put(" ", text_style, None)
        for n, key in enumerate(keys):
            if n:
                put(gap, text_style, None)
            shown_style = key_style if key.enabled else key_style + dim
            said_style = text_style if key.enabled else text_style + dim
            for k, (name, shown) in enumerate(key.keys):
                if k:
                    put(" ", text_style, None)  # between a group's keys: presses neither
                put(shown, shown_style, name if key.enabled else "")
            if n not in room.described:
                continue
            pressed = key.keys[0][0] if key.enabled else ""
            put(" ", said_style, pressed)  # a piece of its own: see the module's notes
            put(key.description, said_style, pressed)
        self._spots = spots
        return Content.assemble(*pieces)

    def render(self) -> RenderResult:
        return self._content()

    def on_click(self, event: events.Click) -> None:
        """Press the key that was clicked, as if typed (a bell when it does nothing now)."""
        for start, end, key in self._spots:
            if start <= event.x < end and key is not None:
                event.stop()
                if key:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
