"""The moving figure writes its changed cells straight to the terminal only where nothing
covers it and only at the room the screen gives it; the text it writes turns the picture on
screen into the next one and touches no other cell."""

from __future__ import annotations

import re

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region

from hiptimer.core.figures import FIGURES
from hiptimer.ui.widgets import figure as figure_module
from hiptimer.ui.widgets.figure import WAKE_LATE, FigureView
from hiptimer.ui.widgets.paint import direct_writer, uncovered

TERMINAL_TEXT = re.compile(r"\x1b\[(\d+);(\d+)H|\x1b\[[0-9;]*m|(.)", re.DOTALL)
"""What the figure writes: cursor moves, colours, and the cells' characters."""


class Room(App[None]):
    """A figure in a room of ``css``, at the right of a 60 x 16 screen."""

    def __init__(self, view: FigureView, css: str = "width: 19; height: 7;") -> None:
        self.CSS = f"Screen {{ align: right middle; }} FigureView {{ {css} }}"
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield self.view


def apply(text: str, screen: list[list[str]]) -> set[tuple[int, int]]:
    """Play terminal ``text`` onto ``screen`` (rows of cells); return the cells written."""
    x = y = 0
    written = set()
    for match in TERMINAL_TEXT.finditer(text):
        row, column, char = match.groups()
        if row is not None:
            y, x = int(row) - 1, int(column) - 1
        elif char is not None:
            screen[y][x] = char
            written.add((x, y))
            x += 1
    return written


async def test_a_figure_nothing_covers_is_found_where_the_screen_draws_it() -> None:
    view = FigureView(FIGURES["basic-bridge"])
    async with Room(view).run_test(size=(60, 16)) as pilot:
        await pilot.pause()
        assert uncovered(view) == view.region == Region(41, 4, 19, 7)
        # A test app has no terminal: every change goes through Textual.
        assert direct_writer(view) is None


async def test_a_notification_over_the_figure_covers_it_until_it_goes() -> None:
    view = FigureView(FIGURES["basic-bridge"])
    room = Room(view, "width: 1fr; height: 1fr;")
    async with room.run_test(size=(60, 16), notifications=True) as pilot:
        await pilot.pause()
        assert uncovered(view) == view.region
        pilot.app.notify("Sets saved", timeout=60)
        await pilot.pause()
        await pilot.pause()
        assert uncovered(view) is None
        pilot.app.clear_notifications()
        await pilot.pause()
        await pilot.pause()
        assert uncovered(view) == view.region


@pytest.mark.parametrize("figure_id", ["basic-bridge", "side-lying-clam", "runners-hinge"])
async def test_the_text_for_a_change_turns_the_picture_shown_into_the_next(
    figure_id: str,
) -> None:
    view = FigureView(FIGURES[figure_id], paused=True)
    async with Room(view).run_test(size=(60, 16)) as pilot:
        await pilot.pause()
        frames, region = view.frames, view.region
        assert frames is not None
        pictures = [frames.lines(step) for step in range(frames.count)]
        screen = [[" "] * 60 for _ in range(16)]
        for row, line in enumerate(pictures[0]):
            screen[region.y + row][region.x : region.right] = list(line)
        for old, new in zip(pictures, pictures[1:] + pictures[:1], strict=True):
            written = apply(view._change(old, new, region), screen)
            shown = ["".join(screen[region.y + row][region.x : region.right]) for row in range(7)]
            assert shown == new
            # Only cells of rows that changed, all inside the figure's room.
            changed = {row for row, (a, b) in enumerate(zip(old, new, strict=True)) if a != b}
            assert {y - region.y for _, y in written} == changed
            assert all(region.contains(x, y) for x, y in written)


async def test_a_wake_up_writes_straight_only_at_the_room_the_figure_was_drawn_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [0.0]
    view = FigureView(FIGURES["basic-bridge"], clock=lambda: now[0])
    async with Room(view).run_test(size=(60, 16)) as pilot:
        await pilot.pause()
        written: list[str] = []
        refreshed: list[object] = []
        original = view.refresh

        def refresh(*regions: object, **kwargs: object) -> object:
            refreshed.append(regions)
            return original(*regions, **kwargs)  # type: ignore[arg-type]

        view.refresh = refresh  # type: ignore[method-assign]
        room = [view.region]
        monkeypatch.setattr(figure_module, "direct_writer", lambda _: (room[0], written.append))

        def wake() -> None:
            delay = view.next_change()
            assert delay is not None
            now[0] += delay + WAKE_LATE
            view._wake()

        wake()
        assert len(written) == 1 and refreshed == []
        assert view._lines == view.frame_lines()
        # The screen has given the figure another room, and the figure has not heard yet.
        room[0] = Region(30, 2, 24, 9)
        wake()
        assert len(written) == 1 and len(refreshed) == 1
        # Nothing can be written straight: through Textual, as before.
        monkeypatch.setattr(figure_module, "direct_writer", lambda _: None)
        wake()
        assert len(written) == 1 and len(refreshed) == 2
