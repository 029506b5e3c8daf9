"""The countdown's big digits: the font, the choice of size, and what a new second repaints."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region, Size

from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.widgets.bigdigits import FONT, BigDigits, block_lines, block_size, fit_scale


def test_every_glyph_is_seven_rows_of_one_width() -> None:
    for char, rows in FONT.items():
        assert len(rows) == 7, char
        assert len({len(row) for row in rows}) == 1, char
        assert set("".join(rows)) <= {"#", "."}, char


def test_block_lines_scale_whole_cells() -> None:
    one = block_lines("1", 1)
    assert len(one) == 7 and {len(line) for line in one} == {10}
    assert one[0] == "    ██    "
    two = block_lines("1", 2)
    assert len(two) == 14 and two[0] == two[1] == "        ████        "
    assert block_size("0:30", 1) == Size(len(block_lines("0:30", 1)[0]), 7)


@pytest.mark.parametrize(
    ("size", "scale"),
    [
        (Size(38, 7), 1),
        (Size(37, 7), 0),  # one column short: the three-row digits
        (Size(38, 6), 0),
        (Size(76, 14), 2),
        (Size(200, 60), 3),
    ],
    ids=["fits-1", "narrow", "short", "fits-2", "largest"],
)
def test_fit_scale(size: Size, scale: int) -> None:
    assert fit_scale("8:88", size) == scale


class OneDigits(App[None]):
    def compose(self) -> ComposeResult:
        yield BigDigits("0:30")


async def test_the_size_follows_the_space_and_stays_while_counting() -> None:
    app = OneDigits()
    async with app.run_test(size=(80, 24)) as pilot:
        digits = app.query_one(BigDigits)
        assert digits.scale == 2  # 80 x 24 all to itself: 14 rows
        assert len([line for line in digits.text_lines if "█" in line]) == 14
        digits.update("0:11")  # narrower glyphs, same size: the scale is set by 8:88
        assert digits.scale == 2
        await pilot.resize_terminal(50, 10)
        await pilot.pause()
        assert digits.scale == 1
        await pilot.resize_terminal(30, 6)
        await pilot.pause()
        assert digits.scale == 0
        assert len(digits.text_lines) == 3
        digits.reserve = 10
        await pilot.resize_terminal(50, 10)
        await pilot.pause()
        assert digits.scale == 0  # 50 - 2 x 10 columns is too narrow for the blocks


async def test_a_new_second_repaints_only_the_digit_that_changed() -> None:
    app = OneDigits()
    async with app.run_test(size=(80, 24)) as pilot:
        digits = app.query_one(BigDigits)
        await pilot.pause()
        rendered = digits.render_lines(Region(0, 0, 80, 24))  # fills the cache
        assert len(rendered) == 24
        digits._repaint_regions.clear()
        digits.update("0:31")
        regions = list(digits._repaint_regions)
        assert len(regions) == 1
        last_digit = len(block_lines("0:3", 2)[0]) + 4  # after the gap
        region = regions[0]
        assert region.width <= len(block_lines("1", 2)[0])
        assert region.x >= (80 - block_size("0:30", 2).width) // 2 + last_digit - 4
        lines = [strip.text for strip in digits.render_lines(Region(0, 0, 80, 24))]
        assert [line.strip() for line in lines if line.strip()] == [
            line.strip() for line in block_lines("0:31", 2)
        ]


async def test_workout_at_80x24_shows_block_digits_and_the_side_beside_them() -> None:
    clock = FakeClock()
    app = HipTimerApp(player=RecordingPlayer(), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await clock.settle()
        await clock.advance(10 + 30 + 15 + 30 + 30 + 5.5)  # hip clam, left side
        await pilot.pause()
        digits = app.screen.query_one("#time", BigDigits)
        assert digits.value == "0:25"
        assert digits.scale == 1 and digits.size.height >= 7
        side = app.screen.query_one("#side")
        assert side.region.right <= digits.region.x + digits.reserve
