"""Styling work kept small on the event loop that plays the cues: a screen's stylesheet read
without re-parsing the others, and the bell's flash restyling its screen alone."""

from __future__ import annotations

from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen

ScreenT = TypeVar("ScreenT", bound=Screen[Any])

FLASH = "-flash"
"""The class that tints a screen for the bell's visual cue; the stylesheet's rule for it
names ``Screen.-flash`` alone (see :func:`set_flash`)."""


def with_stylesheet(app: App[Any], screen: ScreenT) -> ScreenT:
    """Read ``screen``'s stylesheet files into ``app``'s, if new; return the screen.

    Textual reads a new screen's ``CSS_PATH`` as the screen is pushed and then re-parses
    every stylesheet it holds, its own widgets' included: 20 to 80 ms on the event loop as
    the workout screen opens, and again for the done screen at the end of a workout. Read
    here first, only the new file is parsed (the others come from the stylesheet's own
    cache, unless a theme change has just emptied it) and Textual finds nothing left to
    read. The rules of a screen's file name that screen's widgets only, so the screens
    already open need no restyle.
    """
    stylesheet = app.stylesheet
    new = [path for path in screen.css_path if not stylesheet.has_source(str(path))]
    if new:
        stylesheet.read_all(new)
        stylesheet.parse()  # now: it also drops the rule map that does not know the new file
    return screen


def set_flash(screen: Screen[Any], on: bool) -> None:
    """Tint ``screen`` for the bell's visual cue, or end the tint.

    A class changed on a screen restyles every widget on it: about 5 ms of CPU, twice for
    each cue, every second of a 3-2-1, while the bell stands in for sound. The tint is the
    screen's own background, so only the screen is restyled (about 1 ms) and its widgets,
    whose cached styles were drawn on the old background, are told to draw afresh.
    """
    if screen.has_class(FLASH) == on:
        return
    screen.set_class(on, FLASH, update=False)
    screen.app.stylesheet.apply(screen)
    for node in screen.walk_children():
        node.notify_style_update()
