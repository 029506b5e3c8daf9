"""An exercise figure drawn in braille, moving at the exercise's tempo."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from hiptimer.core.braille import dots_per_unit, rasterise
from hiptimer.core.figures import Figure, frame_rate
from hiptimer.ui.widgets.paint import changed_region, changed_spans, direct_writer, move_to

MIN_SIZE = (12, 3)
"""Smallest room (columns, rows) a figure is drawn in; smaller shows nothing and runs no
timer."""
WAKE_LATE = 0.001
"""Seconds after a frame's start the timer wakes, so it never wakes just before it and
finds the picture unchanged."""


class Frames:
    """The frames of one figure, side and room, each drawn the first time it is needed.

    Args:
        figure: The figure.
        mirrored: Its other side.
        size: The room, in cells (at least :data:`MIN_SIZE`).
    """

    def __init__(self, figure: Figure, mirrored: bool, size: Size) -> None:
        self.key = (figure, mirrored, size)
        """What these are frames of."""
        self.figure, self.mirrored, self.size = figure, mirrored, size
        # The box spans a whole repetition (110 poses): once per figure, not per frame.
        self.box = figure.box(mirrored)
        self.rate = frame_rate(figure, dots_per_unit(self.box, size.width, size.height))
        """Frames a second: the slowest within about a dot a frame at this size (measured
        with ``benchmarks/figure_fps.py``): the workout's small figures at 4–8, the
        exercises screen's 40 × 10 at 8–10; the runner's hinge's one-second drive is a snap
        by design (about 5 dots a frame even at 10)."""
        self.count = max(1, round(figure.tempo.seconds * self.rate))
        """Frames in one repetition."""
        self._lines: dict[int, list[str]] = {}
        self._ahead: dict[int, int | None] = {}

    def lines(self, step: int) -> list[str]:
        """The braille rows of the frame ``step`` frames into the movement."""
        index = step % self.count
        lines = self._lines.get(index)
        if lines is None:
            frame = self.figure.frame(index / self.rate, self.mirrored)
            lines = rasterise(frame.lines, self.box, self.size.width, self.size.height)
            self._lines[index] = lines
        return lines

    def at(self, seconds: float) -> list[str]:
        """The rows of the pose ``seconds`` into the movement, on the grid or between."""
        step = round(seconds * self.rate)
        if abs(step - seconds * self.rate) < 1e-6:
            return self.lines(step)
        frame = self.figure.frame(seconds, self.mirrored)
        return rasterise(frame.lines, self.box, self.size.width, self.size.height)

    def until_change(self, step: int) -> int | None:
        """Frames from ``step`` to the next that looks different; None when none does."""
        index = step % self.count
        if index not in self._ahead:
            now = self.lines(index)
            self._ahead[index] = next(
                (n for n in range(1, self.count + 1) if self.lines(index + n) != now), None
            )
        return self._ahead[index]


class FigureView(Widget):
    """Draws a figure scaled to its room and animates it while it can be seen.

    The animation runs only while the widget is shown, big enough, has a figure and is not
    paused; otherwise nothing is timed at all. Frames fall on a grid of the figure's
    :func:`~hiptimer.core.figures.frame_rate` and each is drawn once for the room it is in.
    While it runs, one timer wakes the widget when the picture next changes (a held pose,
    or a move smaller than a dot, wakes nothing), and only the cells that changed are
    repainted.

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
        self._moving = False
        self._timer: asyncio.TimerHandle | None = None
        self._shown = False
        self._frames: Frames | None = None
        self._still: tuple[Frames, float, list[str]] | None = None
        """The still picture last drawn: of which frames, at which moment."""
        self._lines: list[str] = []
        """The rows last drawn on screen."""
        self._asked: list[str] | None = None
        """The rows the last repaint of a part of the figure was asked for."""
        self._strips: tuple[list[str], Style, list[Strip]] | None = None
        """The rows handed to the screen last: for which rows, in which style."""
        self._changes: tuple[tuple[Region, Style], dict[tuple[str, ...], str]] | None = None
        """Terminal text for a change of picture written straight to the terminal, by the
        rows before and after; kept for one place and style."""
        self.wakes = 0
        """How many times the timer woke the widget (tests count them)."""
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
        """Whether the figure is moving (its timer set whenever the picture will change)."""
        return self._moving

    @property
    def fits(self) -> bool:
        """Whether the room is big enough to draw in."""
        return self.size.width >= MIN_SIZE[0] and self.size.height >= MIN_SIZE[1]

    @property
    def frames(self) -> Frames | None:
        """The frames for the figure, side and room now; None when nothing is drawn."""
        figure, size = self.figure, self.size
        if figure is None or size.width < MIN_SIZE[0] or size.height < MIN_SIZE[1]:
            return None
        frames = self._frames
        if frames is None or frames.key != (figure, self.mirrored, size):
            frames = self._frames = Frames(figure, self.mirrored, size)
        return frames

    def frame_lines(self) -> list[str]:
        """The braille rows for the current moment and room (empty when nothing is drawn):
        the frame on the grid nearest to it."""
        frames = self.frames
        if frames is None:
            return []
        if not self._moving:
            # A still picture shows the very pose asked for (a pause stops on the grid).
            if self._still is None or self._still[:2] != (frames, self._at):
                self._still = (frames, self._at, frames.at(self._at))
            return self._still[2]
        return frames.lines(round(self.seconds * frames.rate))

    def next_change(self) -> float | None:
        """Seconds from now until the picture changes; None when it never does (nothing
        drawn, or a figure too small for its movement to show)."""
        frames = self.frames
        if frames is None:
            return None
        seconds = self.seconds
        step = round(seconds * frames.rate)
        ahead = frames.until_change(step)
        if ahead is None:
            return None
        # Frame n shows from (n - 1/2) / rate on: the grid point nearest to the moment.
        return (step + ahead - 0.5) / frames.rate - seconds

    def render(self) -> RenderResult:
        """The rows as text (for selection; the screen takes :meth:`render_lines`)."""
        return Content("\n".join(self.frame_lines()))

    def render_lines(self, crop: Region) -> list[Strip]:
        """Hand the compositor the rows of the frame, coloured here.

        Textual's per-line styling pass costs more than the braille itself, so it is
        skipped, as :class:`~hiptimer.ui.widgets.bigdigits.BigDigits` does; the paused
        look's ``text-opacity`` is blended by hand the way Textual blends it.
        """
        width, height = self.size
        lines = self.frame_lines()
        if lines is not self._lines:
            if lines is not self._asked and crop != Region(0, 0, width, height):
                self.refresh()  # a part of another frame was asked for: draw this one whole
            self._lines = lines
        style = self._style()
        if self._strips is None or self._strips[0] is not lines or self._strips[1] != style:
            strips = [Strip([Segment(line, style)], width) for line in lines[:height]]
            strips += [Strip.blank(width, style)] * (height - len(strips))
            self._strips = (lines, style, strips)
        return [line.crop(crop.x, crop.right) for line in self._strips[2][crop.y : crop.bottom]]

    def _style(self) -> Style:
        """The figure's colours, the foreground blended into the background by
        ``text-opacity`` (the paused look) as Textual's ``TextOpacity`` does."""
        style = self.visual_style.rich_style
        opacity = self.styles.text_opacity
        fore = style.color.triplet if style.color is not None else None
        back = style.bgcolor.triplet if style.bgcolor is not None else None
        if opacity < 1 and fore is not None and back is not None:
            mixed = (b + (f - b) * opacity for f, b in zip(fore, back, strict=True))
            style += Style(color=RichColor.from_rgb(*mixed))
        return style

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
        """Repaint the cells that differ between the frame for now and the one shown:
        straight to the terminal when nothing can be in the way
        (:func:`~hiptimer.ui.widgets.paint.direct_writer`), else through Textual."""
        new, old = self.frame_lines(), self._lines
        if new == old:
            return
        self._asked = new
        if len(new) != len(old) or not new:
            self.refresh()
            return
        placed, frames = direct_writer(self), self._frames
        # The room in the screen's map may have changed before the widget heard of it.
        if placed is not None and frames is not None and placed[0].size == frames.size:
            region, write = placed
            write(self._change(old, new, region))
            self._lines = new
            return
        changed = changed_region(old, new)
        if changed is not None:  # always: the rows differ
            self.refresh(changed)

    def _change(self, old: list[str], new: list[str], region: Region) -> str:
        """The terminal text that turns the rows ``old`` on screen at ``region`` into
        ``new``: each changed row's span of changed cells, in the figure's colours."""
        place = (region, self._style())
        if self._changes is None or self._changes[0] != place:
            self._changes = (place, {})
        key = (*old, *new)
        text = self._changes[1].get(key)
        if text is None:
            (x, y, _, _), style = place
            console, parts = self.app.console, []
            for row, left, right in changed_spans(old, new):
                parts.append(move_to(x + left, y + row))
                parts.append(Strip([Segment(new[row][left:right], style)]).render(console))
            text = self._changes[1][key] = "".join(parts)
        return text

    # -- when the timer runs -------------------------------------------------------------

    def on_show(self) -> None:
        self._shown = True
        self._update_timer()

    def on_hide(self) -> None:
        self._shown = False
        self._update_timer()

    def on_resize(self) -> None:
        self._update_timer()

    def on_unmount(self) -> None:
        self._moving = False
        self._arm()

    def watch_paused(self) -> None:
        self._update_timer()

    def _update_timer(self) -> None:
        """Start or stop the movement for what can be seen now, and set the timer for the
        next change of picture (the figure, side or room may have changed)."""
        run = self._shown and not self.paused and self.figure is not None and self.fits
        if run and not self._moving:
            self._since = self._clock()
        elif not run and self._moving:
            # Hold the frame shown (its moment on the grid); go on from it later.
            frames, seconds = self.frames, self.seconds
            self._at = round(seconds * frames.rate) / frames.rate if frames else seconds
            self._since = None
        self._moving = run
        self._arm()

    def _arm(self) -> None:
        """Set the one timer for the next change of picture, if there is one.

        An asyncio timer, not Textual's ``set_timer``: that wraps each callback in a new
        ``partial`` whose parameters Textual counts with ``inspect.signature`` on every
        call, which cost more than the frame itself at a few wake-ups a second.
        """
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self._moving:
            return
        delay = self.next_change()
        if delay is not None:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(max(delay, 0.0) + WAKE_LATE, self._wake)

    def _wake(self) -> None:
        self._timer = None
        self.wakes += 1
        self.tick()
        self._arm()
