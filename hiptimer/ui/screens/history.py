"""The history screen: recent sessions, sessions per week against the goal, the streak, and
each exercise's dose and level week by week."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from hiptimer.core.records import Overview, Session, WeekStats
from hiptimer.core.text import escape
from hiptimer.core.wording import duration_text
from hiptimer.ui.screens.keyed import KeyedScreen
from hiptimer.ui.widgets.keybar import KeyBar
from hiptimer.ui.widgets.trendchart import ExerciseChart, chart_top, legend

if TYPE_CHECKING:
    from hiptimer.core.ports import HistoryPort

CHART_ROWS = 5
"""Most rows the bars take; taller counts are scaled to fit."""
BAR = "██"
GOAL_MARK = "╌"
MET_MARK = "✓"


def bar_heights(stats: WeekStats, rows: int = CHART_ROWS) -> tuple[list[int], int, int]:
    """Scale the week counts to rows.

    Returns:
        The filled rows of each bar, the row of the goal line, and the rows drawn.
    """
    counts = [w.sessions for w in stats.weeks]
    top = max([stats.goal, 1, *counts])
    height = min(top, rows)

    def scaled(n: int) -> int:
        if n <= 0:
            return 0
        # A week with any session shows at least one row, so it never looks like none.
        return max(1, round(n * height / top))

    return [scaled(n) for n in counts], scaled(stats.goal), height


def week_chart(stats: WeekStats, rows: int = CHART_ROWS) -> Content:
    """Draw sessions per week as bars, oldest on the left, with the goal as a dashed line.

    Readable without colour: the goal line is dashed, each bar's count is written under it,
    and every week that met the goal gets a ✓.

    Args:
        stats: The weeks (oldest first) and the goal.
        rows: Most rows for the bars.
    """
    heights, goal_row, height = bar_heights(stats, rows)
    goal = max(stats.goal, 1)
    met = [w.sessions >= goal for w in stats.weeks]
    top = max([goal, *(w.sessions for w in stats.weeks)])
    # The axis labels take the width of the largest number; each week is a gap and a bar.
    pad = len(str(top))
    width = 3 * len(heights)
    lines: list[Content] = []
    for row in range(height, 0, -1):
        on_goal = row == goal_row
        label = str(top) if row == height else str(goal) if on_goal else ""
        parts: list[Content | tuple[str, str] | str] = [f"{label:>{pad}}{'┤' if label else '│'}"]
        for i, filled in enumerate(heights):
            if on_goal:
                parts.append((GOAL_MARK, "$warning"))
            else:
                parts.append(" ")
            if filled >= row:
                parts.append((BAR, "$success" if met[i] else "$primary"))
            elif on_goal:
                parts.append((GOAL_MARK * 2, "$warning"))
            else:
                parts.append("  ")
        lines.append(Content.assemble(*parts))
    indent = " " * pad
    lines.append(Content(indent + "└" + "─" * width))
    lines.append(Content(indent + " " + "".join(f" {w.sessions:>2}" for w in stats.weeks)))
    lines.append(
        Content.assemble(
            indent + " ", *((f" {MET_MARK:>2}" if m else "   ", "$success") for m in met)
        )
    )
    if stats.weeks:
        first = stats.weeks[0].start.strftime("%d %b").lstrip("0")
        lines.append(
            Content.styled(indent + "  " + first + "this week".rjust(width - len(first) - 1), "dim")
        )
    lines.append(
        Content.assemble(
            indent + "  ",
            (GOAL_MARK * 2, "$warning"),
            f" goal {goal} a week  ",
            (MET_MARK, "$success"),
            " met",
        )
    )
    return Content("\n").join(lines)


def chart_counts(stats: WeekStats) -> list[int]:
    """The counts the chart writes under its bars, oldest first."""
    return [w.sessions for w in stats.weeks]


def started_text(session: Session) -> str:
    """When a session started, in local time."""
    return datetime.fromtimestamp(session.started_at).strftime("%Y-%m-%d %H:%M")


class HistoryScreen(KeyedScreen):
    """Shows the history.

    Args:
        overview: What the history holds, read as the screen opens; None when history
            is off for this run.
        history: Where each exercise's weeks are read from once the screen is up (off the
            event loop); None: no exercise charts.
        classes: CSS classes to start with (the terminal's size).
    """

    CSS_PATH = "history.tcss"
    """Read when the screen first opens, not at start-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h", "back", "Back", id="history-back", tooltip="Back to where you were"),
    ]

    def __init__(
        self,
        overview: Overview | None,
        *,
        history: HistoryPort | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.overview = overview
        self.history = history

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="history-title")
        with VerticalScroll(id="history-body"):
            yield from self._body()
        yield KeyBar()

    def _body(self) -> ComposeResult:
        overview = self.overview
        if overview is None:
            yield Static(
                "History is off for this run (--no-history): nothing is read or recorded.",
                id="history-summary",
                markup=False,
            )
            return
        for notice in overview.notices:
            yield Static(Content(escape(notice)), classes="history-notice")
        yield Static(self._summary(), id="history-summary")
        yield Static(week_chart(overview.stats), id="history-chart")
        if self.history is not None and overview.readable:
            with Vertical(id="history-trends"):
                yield Static(
                    Content.styled("Each exercise, week by week", "bold"), id="trends-title"
                )
                yield Static("Reading each exercise's weeks…", id="trends-waiting", markup=False)
        if overview.recent:
            yield DataTable[Text](id="history-table", cursor_type="row", zebra_stripes=True)
        elif overview.readable:
            yield Static(
                "No sessions yet: start one from the home screen.",
                id="history-empty",
                markup=False,
            )

    def _title(self) -> Content:
        if self.overview is None:
            return Content.styled("History", "bold")
        total = self.overview.total
        shown = len(self.overview.recent)
        detail = f"{total} session{'s' * (total != 1)}"
        if total > shown:
            detail += f" · newest {shown} below"
        return Content.assemble(("History", "bold"), "  ", (detail, "dim"))

    def _summary(self) -> Content:
        assert self.overview is not None
        stats = self.overview.stats
        return Content.assemble(
            (stats.progress_text(), "bold"),
            " · ",
            f"streak: {stats.streak_text()}",
        )

    def on_mount(self) -> None:
        if self.history is not None and self.query("#history-trends"):
            self.run_worker(self._show_trends(self.history), group="trends", exclusive=True)
        if self.overview is None or not self.overview.recent:
            return
        table: DataTable[Text] = self.query_one("#history-table", DataTable)
        table.add_columns("Started", "Routine", "Status", "Active", "Sets")
        for session in self.overview.recent:
            table.add_row(
                Text(started_text(session)),
                # A routine's name is the user's text: a Text object, never markup, and
                # escaped (the history may come from anywhere).
                Text(escape(session.routine_name)),
                Text(escape(session.status)),
                Text(duration_text(session.active_seconds), justify="right"),
                Text(f"{session.sets_done}/{session.sets_planned}", justify="right"),
            )

    async def _show_trends(self, history: HistoryPort) -> None:
        """Read each exercise's weeks (in a thread: the screen is up meanwhile), then draw."""
        trends = await history.trends()
        box = self.query_one("#history-trends", Vertical)
        if trends is None or not trends.readable:
            await box.remove()
            return
        top = chart_top(trends.exercises)
        # The weeks' dates go under the last chart drawn.
        drawn = [i for i, t in enumerate(trends.exercises) if t.latest is not None]
        charts: list[Static | ExerciseChart] = [
            ExerciseChart(t, top, trends.this_week, last=bool(drawn) and i == drawn[-1])
            for i, t in enumerate(trends.exercises)
        ]
        if trends.more:
            more = f"and {trends.more} more exercise{'s' * (trends.more != 1)} of your routines"
            charts.append(Static(Content(more), id="trends-more"))
        charts.append(Static(legend(top), id="trends-legend"))
        await self.query_one("#trends-waiting", Static).remove()
        await box.mount_all(charts)

    def action_back(self) -> None:
        """Back to the screen before."""
        self.dismiss(None)
