"""The set counter: "set 2 of 3" and a dot per set."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from hiptimer.core.wording import set_text

DONE_DOT = "●"
CURRENT_DOT = "◉"
TODO_DOT = "○"


def dots(set_number: int, sets: int) -> str:
    """Return one dot per set: done, the current one, and those to come."""
    return " ".join(
        DONE_DOT if n < set_number else CURRENT_DOT if n == set_number else TODO_DOT
        for n in range(1, sets + 1)
    )


class SetDots(Widget):
    """Shows ``set N of M`` followed by the dots; empty when no set applies."""

    DEFAULT_CSS = """
    SetDots {
        width: auto;
        height: 1;
    }
    """

    set_number: reactive[int] = reactive(0, layout=True)
    sets: reactive[int] = reactive(0, layout=True)

    @property
    def text(self) -> str:
        """What the widget shows, as plain text."""
        if self.sets <= 0:
            return ""
        return f"{set_text(self.set_number, self.sets)}  {dots(self.set_number, self.sets)}"

    def render(self) -> RenderResult:
        return Content(self.text)
