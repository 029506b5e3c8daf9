"""An exercise figure drawn in braille, moving at the exercise's tempo."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from hiptimer.core.braille import rasterise
from hiptimer.core.figures import Figure

FPS = 10.0
"""Frames a second: the lowest that looks smooth. Measured with
``benchmarks/figure_fps.py``: at 10 a second the fastest joint of the bridges, clams and
lunges moves 0.6–1.1 braille dots a frame in the exercises screen's 40 × 10 cell figure
(1.0–1.6 at 60 × 14), so no dot is skipped; at 6 they jump about two dots, which shows as
stutter; above 10 most frames repeat the picture before (the widget skips those). The
runner's hinge's one-second drive is a snap by design (about 7 dots a frame)."""
MIN_SIZE = (12, 3)
"""Smallest room (columns, rows) a figure is drawn in; smaller shows nothing and runs no
timer."""


class FigureView(Widget):
    """Draws a figure scaled to its room and animates it while it can be seen.

    The animation timer runs only while the widget is shown, big enough, has a figure and
    is not paused; otherwise no timer runs at all. Only a frame that differs from the one
    on screen is repainted. Frames fall on a grid of :data:`FPS` a second and each is drawn
    once for the room it is in, so after the first repetition a tick costs a look-up.

    Args:
        figure: What to draw; None draws nothing.
        mirrored: Draw the other side.
        at: Seconds into the movement to start from (a still frame when ``paused``).
        paused: Start still.
        clock: Monotonic seconds (tests pass a fake).
    """

    DEFAULT_CSS = """
    FigureView {
        width: 1fr;
        height: 1fr;
    }
    """

    paused: reactive[bool] = reactive(False, init=False)
    """Hold the current frame; no timer runs while paused."""

    def __init__(
        self,
        figure: Figure | None = None,
        *,
        mirrored: bool = False,
        at: float = 0.0,
        paused: bool = False,
        clock: Callable[[], float] = time.monotonic,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.figure = figure
        self.mirrored = mirrored
        self._clock = clock
        self._at = at
        """Seconds into the movement when ``_since`` was taken."""
        self._since: float | None = None
        self._timer: Timer | None = None
        self._shown = False
        self._lines: list[str] = []
        self._drawn: dict[int, list[str]] = {}
        """The braille rows of each frame drawn so far, by its place on the grid."""
        self._drawn_for: tuple[Figure | None, bool, Size] | None = None
        """What ``_drawn`` holds frames of: the figure, its side and the room."""
        self._box: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
        self.set_reactive(FigureView.paused, paused)

    # -- what is drawn -------------------------------------------------------------------

    @property
    def seconds(self) -> float:
        """Seconds into the movement now."""
        if self._since is None:
            return self._at
        return self._at + (self._clock() - self._since)

    @property
    def animating(self) -> bool:
        """Whether the animation timer is running."""
        return self._timer is not None

    @property
    def fits(self) -> bool:
        """Whether the room is big enough to draw in."""
        return self.size.width >= MIN_SIZE[0] and self.size.height >= MIN_SIZE[1]

    def frame_lines(self) -> list[str]:
        """The braille rows for the current moment and room (empty when nothing is drawn):
        the frame on the :data:`FPS` grid nearest to it."""
        figure = self.figure
        if figure is None or not self.fits:
            return []
        drawn_for = (figure, self.mirrored, self.size)
        if drawn_for != self._drawn_for:
            self._drawn_for, self._drawn = drawn_for, {}
            # The box spans a whole repetition (110 poses): once per figure, not per frame.
            self._box = figure.box(self.mirrored)
        count = max(1, round(figure.tempo.seconds * FPS))
        index = round(self.seconds * FPS) % count
        lines = self._drawn.get(index)
        if lines is None:
            frame = figure.frame(index / FPS, self.mirrored)
            lines = rasterise(frame.lines, self._box, self.size.width, self.size.height)
            self._drawn[index] = lines
        return lines

    def render(self) -> RenderResult:
        self._lines = self.frame_lines()
        return Content("\n".join(self._lines))

    def show_figure(self, figure: Figure | None, mirrored: bool = False) -> None:
        """Draw another figure (or none), from the start of its movement."""
        self.figure, self.mirrored = figure, mirrored
        self._at = 0.0
        self._since = self._clock() if self._since is not None else None
        self.refresh()
        self._update_timer()

    def hold(self, seconds: float) -> None:
        """Stop at the pose ``seconds`` into the movement (for a still picture)."""
        self.paused = True
        self._at = seconds
        self.refresh()

    def tick(self) -> None:
        """Repaint if the frame for now differs from the one shown (the timer calls this)."""
        if self.frame_lines() != self._lines:
            self.refresh()

    # -- when the timer runs -------------------------------------------------------------

    def on_show(self) -> None:
        self._shown = True
        self._update_timer()

    def on_hide(self) -> None:
        self._shown = False
        self._update_timer()

    def on_resize(self) -> None:
        self._update_timer()

    def watch_paused(self) -> None:
        self._update_timer()

    def _update_timer(self) -> None:
        run = self._shown and not self.paused and self.figure is not None and self.fits
        if run and self._timer is None:
            self._since = self._clock()
            self._timer = self.set_interval(1 / FPS, self.tick, name="figure")
        elif not run and self._timer is not None:
            self._at = self.seconds  # hold the pose; go on from it later
            self._since = None
            self._timer.stop()
            self._timer = None
