"""Every size readable: the workout screen read back off the rendered screen, size by size.

From 20x6 to 250x80 the time left is big digits drawn whole or a line of text, and it says
what the engine says; from 30x10 the phase word, the set and the side are there too, the
side as bold as the phase word and clear of the digits. The sizes are those on either side
of every threshold the layout has (the app's breakpoints, each face's width and the rows
each trim frees, all taken from the code's own tables), crossed with one size from each
stretch between thresholds, plus the sizes where digits were once cut.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.events import Resize
from textual.geometry import Size
from textual.pilot import Pilot

from hiptimer.core.catalog import GLUTE_BRIDGE, Routine, RoutineItem
from hiptimer.core.ports import RunOnlySettings
from hiptimer.core.settings import Settings
from hiptimer.core.wording import duration_text
from hiptimer.testing import FakeClock, RecordingPlayer
from hiptimer.ui.app import HipTimerApp
from hiptimer.ui.screens.workout import SIDE_WORDS, WorkoutScreen, shown_seconds
from hiptimer.ui.screens.workout_figure import FIGURE_FROM, FigureSpot
from hiptimer.ui.screens.workout_fit import (
    FULL_ROWS,
    NEEDED,
    SIDE_GAP,
    TRIMS,
    fit_layout,
    side_widths,
)
from hiptimer.ui.widgets.bigdigits import FACES, Face, face_lines, face_size
from tests.app.screen_reader import Found, Rendered, read_times, read_word, render

SMALLEST, LARGEST = Size(20, 6), Size(250, 80)
EVERYTHING_FROM = Size(30, 10)
"""From this size on the phase word, the set and the side show as well as the time."""
ONCE_CUT = [(50, 15), (52, 16), (56, 17), (60, 16), (80, 15), (80, 16), (80, 17), (100, 17)]
ONCE_CUT += [(120, 15), (50, 16), (60, 18)]
"""Sizes where the digits once lost their lower rows, or the side word ran into them."""


def _limits(breakpoints: Iterable[tuple[int, str]]) -> set[int]:
    return {limit for limit, _ in breakpoints if limit}


def width_thresholds(shape: str, sided: bool) -> set[int]:
    """Widths at which something changes: the breakpoints, and each face with the side word
    beside it in either form."""
    reserves = [width + SIDE_GAP for width in side_widths(SIDE_WORDS)] if sided else [0]
    faces = {face_size(shape, face).width + 2 * r for face in FACES for r in reserves}
    return faces | _limits(HipTimerApp.HORIZONTAL_BREAKPOINTS) | {EVERYTHING_FROM.width}


def height_thresholds() -> set[int]:
    """Heights at which something changes: the breakpoints, and each face's rows with each
    number of trims."""
    freed = [sum(trim.rows for trim in TRIMS[:count]) for count in range(len(TRIMS) + 1)]
    # The faces the parts are trimmed for (the side word's block letters take 3 rows too),
    # and where each larger face fits the full layout.
    faces = {FULL_ROWS + face.value - rows for face in NEEDED for rows in freed}
    faces |= {FULL_ROWS + face.value for face in FACES}
    return faces | _limits(HipTimerApp.VERTICAL_BREAKPOINTS) | {EVERYTHING_FROM.height}


def around(thresholds: set[int], low: int, high: int) -> tuple[list[int], list[int]]:
    """The values on either side of each threshold, and one value inside each stretch
    between two thresholds (its middle), both within ``low``..``high``."""
    edges = sorted({low, high + 1} | {t for t in thresholds if low < t <= high})
    near = sorted({v for t in edges for v in (t - 1, t) if low <= v <= high})
    inside = sorted({(a + b - 1) // 2 for a, b in zip(edges, edges[1:], strict=False)})
    return near, inside


def size_grid(shape: str, sided: bool) -> list[tuple[int, int]]:
    """Every width next to a threshold with one height from each stretch, and the other way
    round, and the sizes once cut."""
    widths, width_spans = around(width_thresholds(shape, sided), SMALLEST.width, LARGEST.width)
    heights, height_spans = around(height_thresholds(), SMALLEST.height, LARGEST.height)
    grid = {(w, h) for w in widths for h in height_spans}
    grid |= {(w, h) for w in width_spans for h in heights}
    grid |= {(w, h) for w in width_spans for h in height_spans}
    return sorted(grid | set(ONCE_CUT))


def test_the_grid_steps_across_every_threshold() -> None:
    grid = set(size_grid("8:88", sided=True))
    assert {SMALLEST.width, LARGEST.width} <= {w for w, _ in grid}
    assert {SMALLEST.height, LARGEST.height} <= {h for _, h in grid}
    # Either side of the 7-row digits with the side word in block letters beside them.
    wide = face_size("8:88", Face.BLOCK1).width + 2 * (side_widths(SIDE_WORDS)[0] + SIDE_GAP)
    assert {wide - 1, wide} <= {w for w, _ in grid}
    assert {FULL_ROWS + 6, FULL_ROWS + 7} <= {h for _, h in grid}
    assert set(ONCE_CUT) <= grid


@pytest.mark.parametrize(
    "face", [face for face in FACES if face is not Face.TEXT], ids=lambda face: face.name
)
@pytest.mark.parametrize("time", ["0:25", "9:07", "12:34"])
def test_the_reader_reads_every_face_and_nothing_cut(face: Face, time: str) -> None:
    drawn = face_lines(time, face)
    screen = ["", *(f"  LEFT  {row}  " for row in drawn), "set 1 of 2"]
    found = read_times(screen)
    assert [(f.text, f.face, f.top, f.rows) for f in found] == [(time, face.name, 1, face.value)]
    assert found[0].left == 8
    assert read_times(screen[:-2]) == []  # the last row of the digits cut off


def test_fit_layout_gives_the_digits_rows_before_the_bars() -> None:
    sides = side_widths(SIDE_WORDS)
    assert fit_layout(Size(80, 24), "8:88", sides).trims == ()
    squeezed = fit_layout(Size(80, 15), "8:88", sides)
    assert squeezed.trims == ("-trim-gaps", "-trim-routine", "-trim-meter")
    assert squeezed.big_side
    # Too narrow for the block letters beside 7-row digits: the side word turns to text.
    narrow = fit_layout(Size(60, 24), "8:88", sides)
    assert not narrow.big_side and narrow.reserve == sides[1] + SIDE_GAP


WORK_SECONDS = 700
"""A long set: the clock reads 11:xx, two digits of minutes, the widest time there is."""

CASES = {
    # The clam's right side (the widest side word): prepare 10, bridge 30 / rest 15 / 30,
    # rest 30, clam left 30, switch 5, then 5.5 s into the right side.
    "per-side": (None, {}, 10 + 30 + 15 + 30 + 30 + 30 + 5 + 5.5, "8:88", "RIGHT"),
    "two-digit-minutes": (
        [Routine("bridges", "Bridges", (RoutineItem(GLUTE_BRIDGE),))],
        {"work": WORK_SECONDS},
        10 + 5.5,
        "88:88",
        None,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_every_size_shows_the_time_whole_and_right(case: str) -> None:
    routines, overrides, seconds, shape, side = CASES[case]
    clock = FakeClock()
    kwargs: dict[str, object] = {"overrides": overrides}
    if routines is not None:
        kwargs["routines"] = routines
    app = HipTimerApp(player=RecordingPlayer(), clock=clock, **kwargs)  # type: ignore[arg-type]
    grid = size_grid(shape, sided=side is not None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        await clock.settle()
        await clock.advance(seconds)
        await pilot.pause()
        expected = duration_text(shown_seconds(screen.engine.remaining(clock.now())))
        assert len(expected) == len(shape)
        problems: list[str] = []
        for width, height in grid:
            shown = await resize(pilot, Size(width, height))
            problems += check_screen(shown, Size(width, height), expected, side)
        assert problems == [], "\n".join(problems[:20])


@pytest.mark.parametrize("case", list(CASES))
async def test_the_figure_never_costs_the_digits_a_face_nor_touches_them(case: str) -> None:
    """Where a figure may show, the digits draw the same face with figures on as off, and
    the figure keeps clear of them; the size sweep above reads the rest with figures on."""
    routines, overrides, seconds, shape, _ = CASES[case]
    grid = size_grid(shape, sided=True)
    sizes = [(w, h) for w, h in grid if w >= FIGURE_FROM.width and h >= FIGURE_FROM.height]
    faces: dict[bool, list[tuple[tuple[int, int], str]]] = {}
    shown = 0
    for figures in (True, False):
        clock = FakeClock()
        kwargs: dict[str, object] = {"overrides": overrides}
        kwargs["settings_store"] = RunOnlySettings(Settings(figures=figures))
        if routines is not None:
            kwargs["routines"] = routines
        app = HipTimerApp(player=RecordingPlayer(), clock=clock, **kwargs)  # type: ignore[arg-type]
        faces[figures] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, WorkoutScreen)
            await clock.settle()
            await clock.advance(seconds)
            await pilot.pause()
            spot = screen.query_one(FigureSpot)
            for width, height in sizes:
                drawn = await resize(pilot, Size(width, height))
                times = read_times(drawn.lines)
                faces[figures].append(((width, height), times[0].face if times else "none"))
                if spot.shown and times:
                    shown += 1
                    assert spot.region.x > times[0].right, (width, height)
    assert faces[True] == faces[False]
    assert shown >= len(sizes) // 2  # and it did show at most of them


async def resize(pilot: Pilot[object], size: Size) -> Rendered:
    """Resize the terminal and return the screen once it has settled: drawn at the new
    size, no message waiting anywhere, and two renders in a row the same.

    As ``Pilot.resize_terminal`` does, without its wait for the process to go idle (about
    0.1 s of sleeping per size, most of this test's time otherwise).
    """
    app = pilot.app
    assert isinstance(app._driver, HeadlessDriver)
    app._driver._size = size
    app.post_message(Resize(size, size))
    before = None
    for _ in range(100):
        await pilot.pause(0)
        now = render(app)
        waiting = any(node.message_queue_size for node in app.screen.walk_children(with_self=True))
        drawn = Size(max(map(len, now.lines), default=0), len(now.lines))
        if drawn == size and not waiting and not app.message_queue_size and now == before:
            return now
        before = now
    raise AssertionError(f"the screen did not settle at {size}")


def check_screen(shown: Rendered, size: Size, expected: str, side: str | None) -> list[str]:
    """What is wrong with the workout screen at ``size``; nothing when it reads right."""
    lines = shown.lines
    at = f"{size.width}x{size.height}"
    times = read_times(lines)
    problems = []
    if [found.text for found in times] != [expected]:
        problems.append(f"{at}: time read {[(f.text, f.face) for f in times]}, not {expected}")
    if size.width < EVERYTHING_FROM.width or size.height < EVERYTHING_FROM.height:
        return problems
    words = read_word(lines, "WORK")
    if not words:
        problems.append(f"{at}: no phase word")
    if not any("set 1 of" in line for line in lines):
        problems.append(f"{at}: no set")
    if side is not None:
        sides = read_word(lines, side)
        if len(sides) != 1:
            problems.append(f"{at}: side word read {len(sides)} times")
        elif not (shown.all_bold(sides[0]) and all(shown.all_bold(w) for w in words)):
            problems.append(f"{at}: the side word is not as bold as the phase word")
        elif times and sides[0].face == "block" and _touch(times[0], sides[0]):
            problems.append(f"{at}: the side word touches the digits")
    return problems


def _touch(time: Found, side: Found) -> bool:
    """Whether two things read off the screen share a row and come within a column."""
    rows = range(time.top, time.top + time.rows)
    overlap = any(side.top <= row < side.top + side.rows for row in rows)
    return overlap and side.left <= time.right and time.left <= side.right
