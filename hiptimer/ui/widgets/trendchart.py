"""The History screen's exercise charts: each exercise's best clean dose a week as a filled
step, and its level as a strip of blocks, week by week as the sessions chart above."""

from __future__ import annotations

from datetime import date

from textual.app import RenderResult
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from hiptimer.core.progression import Dose, dose_ladder
from hiptimer.core.text import escape
from hiptimer.core.trends import ExerciseTrend

DOSE_ROWS = 3
"""Rows of the dose step: 24 eighths, enough to tell every rung of the article's ladder apart
(2 × 30 s to 3 × 45 s are 11, 16, 19, 21 and 24 eighths)."""
LEVEL_BLOCKS = "▁▂▃▄▅▆▇█"
WEEK_CELLS = (3, 2)
"""Cells a week takes, widest first: as the sessions chart's bars, then squeezed."""
TRIED_MARK = "·"
"""How a week tried but not done cleanly looks (along the floor, in the warning colour)."""


def volume(dose: Dose) -> int:
    """A dose as one number to plot: seconds of work per side (3 × 45 s is 135)."""
    return dose.sets * dose.work


TOP_VOLUME = volume(dose_ladder()[-1])
"""The top of the article's range (3 × 45 s): every chart's scale reaches at least this."""


def chart_top(trends: tuple[ExerciseTrend, ...]) -> int:
    """The dose shared by every chart's top row, so the exercises can be compared."""
    return max([TOP_VOLUME, *(t.best_volume for t in trends)])


def dose_rows(trend: ExerciseTrend, top: int, cells: int, rows: int = DOSE_ROWS) -> list[Content]:
    """The best clean dose of each week as a filled step, 0 at the bottom and ``top`` at the
    top, in eighths of a row; a week tried but not done cleanly is dots along the floor."""
    eighths = [
        None if w.best is None else max(1, round(min(volume(w.best), top) * 8 * rows / top))
        for w in trend.weeks
    ]
    lines: list[Content] = []
    for row in range(rows):
        base = (rows - 1 - row) * 8
        parts: list[tuple[str, str] | str] = []
        for week, height in zip(trend.weeks, eighths, strict=True):
            if height is None:
                tried = week.level is not None and row == rows - 1
                parts.append((TRIED_MARK * cells, "$warning") if tried else " " * cells)
                continue
            filled = height - base
            mark = "█" if filled >= 8 else " " if filled <= 0 else LEVEL_BLOCKS[filled - 1]
            parts.append((mark * cells, "$primary"))
        lines.append(Content.assemble(*parts))
    return lines


def level_block(level: int, levels: int) -> str:
    """The block for a level: the top of the ladder is a full cell."""
    index = -(-level * len(LEVEL_BLOCKS) // max(levels, 1)) - 1
    return LEVEL_BLOCKS[min(max(index, 0), len(LEVEL_BLOCKS) - 1)]


def chart_lines(
    trend: ExerciseTrend, top: int, width: int, this_week: date | None = None
) -> list[Content]:
    """One exercise: its name and latest dose in words, then its dose line and level strip
    when ``width`` holds them (else the words alone: the chart gives way, it is never cut).

    Args:
        trend: The exercise's weeks.
        top: The dose at the top row (see :func:`chart_top`).
        width: Columns available.
        this_week: The current week's Monday, for "this week" and "3 weeks ago".
    """
    # The name comes from the history (a routine file's exercise): data, never markup.
    title = Content.assemble((escape(trend.name), "bold"), "  ", trend.latest_text(this_week))
    # Wrapped here, so the height asked for is the height drawn.
    lines = title.wrap(max(width, 1))
    pad = max(len(str(top)), 3)
    cells = next((c for c in WEEK_CELLS if pad + 1 + c * len(trend.weeks) <= width), None)
    if cells is None or trend.latest is None:
        # Too narrow, or nothing to draw (an empty frame says less than the words do).
        return lines
    steps = dose_rows(trend, top, cells)
    for row, step in enumerate(steps):
        label = str(top) if row == 0 else "0" if row == len(steps) - 1 else ""
        lines.append(Content.assemble(f"{label:>{pad}}{'┤' if label else '│'}", step))
    if trend.levels > 1:
        parts: list[Content | tuple[str, str] | str] = [f"{'lvl':>{pad}}│"]
        for week in trend.weeks:
            if week.level is None:
                parts.append(" " * cells)
            else:
                parts.append((level_block(week.level, trend.levels) * cells, "$success"))
        lines.append(Content.assemble(*parts))
    return lines


def dates_line(first: date, weeks: int, width: int, top: int) -> Content | None:
    """The weeks under the charts (``29 Dec ... this week``); None when they are text only."""
    pad = max(len(str(top)), 3)
    cells = next((c for c in WEEK_CELLS if pad + 1 + c * weeks <= width), None)
    if cells is None:
        return None
    start = first.strftime("%d %b").lstrip("0")
    span = cells * weeks
    return Content.styled(" " * (pad + 1) + start + "this week".rjust(span - len(start)), "dim")


def legend(top: int) -> Content:
    """What the marks mean, in words as well as colours."""
    return Content.assemble(
        ("▆▆", "$primary"),
        f" best clean dose a week (sets × seconds a side: {top} at the top)  ",
        (TRIED_MARK * 2, "$warning"),
        " tried, not clean  ",
        ("▃▆█", "$success"),
        " level",
    )


class ExerciseChart(Widget):
    """One exercise's chart, drawn for the width it is given.

    Args:
        trend: The exercise's weeks.
        top: The dose at the top row, shared by every exercise.
        this_week: The current week's Monday.
        last: Write the weeks' dates under this one.
    """

    def __init__(
        self,
        trend: ExerciseTrend,
        top: int,
        this_week: date | None,
        *,
        last: bool = False,
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.trend = trend
        self.top = top
        self.this_week = this_week
        self.last = last

    def lines(self, width: int) -> list[Content]:
        """What the chart shows at ``width`` columns."""
        lines = chart_lines(self.trend, self.top, width, self.this_week)
        if self.last and self.trend.latest is not None:
            dates = dates_line(self.trend.weeks[0].start, len(self.trend.weeks), width, self.top)
            if dates is not None:
                lines.append(dates)
        return lines

    @property
    def text(self) -> str:
        """The chart as plain text at its current width (what a screen reader gets)."""
        return "\n".join(line.plain for line in self.lines(self.content_size.width or 80))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> RenderResult:
        return Content("\n").join(self.lines(self.content_size.width))
