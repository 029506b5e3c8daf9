"""The sound's one-line notice ("No sound device: using the terminal bell · ..."), shown on the
workout screen where it covers nothing the workout needs, until its phase ends."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import RenderResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from hiptimer.core.wording import SEP

if TYPE_CHECKING:
    from hiptimer.ui.app import HipTimerApp

LEAST_SECONDS = 6.0
"""The note stays at least this long (time enough to read one line), even if its phase ends
sooner (a short get-ready)."""


class SoundNote(Static):
    """One line on a layer of its own over the band's top row, which is blank at every size
    with a three-row band; in the compact layouts (a one-row band) it lies over the key bar
    instead (see workout.tcss). It goes at the first change of phase once it has been up
    for :data:`LEAST_SECONDS`: at the start of a workout, when getting ready ends, the time
    it takes to get onto the mat.

    Too long for its width, it drops its last ``·`` parts before anything is cut, so the fact
    comes first and ``hiptimer doctor explains`` goes.

    Args:
        message: The notice; never read as markup.
        phase: The workout's phase now (its index), asked whenever the screen's keys change,
            which they do at each phase.
    """

    def __init__(self, message: str, phase: Callable[[], int]) -> None:
        super().__init__(id="sound-note", markup=False)
        self.message = message
        self._phase = phase
        self._came_in = phase()
        self._read = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._phase_may_have_changed)
        if LEAST_SECONDS > 0:
            self.set_timer(LEAST_SECONDS, self._up_long_enough, name="sound-note")
        else:
            self._read = True

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _up_long_enough(self) -> None:
        self._read = True
        self._phase_may_have_changed(self.screen)

    def _phase_may_have_changed(self, _screen: Screen[object]) -> None:
        if self._read and self._phase() != self._came_in:
            self.remove()

    def render(self) -> RenderResult:
        width = self.content_size.width or cell_len(self.message)
        parts = self.message.split(SEP)
        while len(parts) > 1 and cell_len(SEP.join(parts)) > width:
            parts.pop()
        return Content(SEP.join(parts))


def show_sound_notice(app: HipTimerApp, message: str) -> None:
    """Show a notice from the sound player: on a workout, as its :class:`SoundNote` (the
    newest only); elsewhere as the app's other notices are shown."""
    from hiptimer.ui.screens.workout import WorkoutScreen  # loaded by now: sound plays there

    screen = app.screen
    if not isinstance(screen, WorkoutScreen):
        app.notify_plain(message)
        return
    for old in screen.query(SoundNote):
        old.remove()
    engine = screen.engine
    screen.mount(SoundNote(message, lambda: engine.index))
