"""The frame rate a figure is drawn at: the slowest that keeps every joint within about a
dot a frame at the size drawn, so a small figure wakes the screen less often."""

from __future__ import annotations

import pytest

from hiptimer.core.braille import dots_per_unit
from hiptimer.core.figures import (
    FIGURES,
    FRAME_RATES,
    SMOOTH_STEP,
    frame_rate,
    largest_step,
)

SIZES = [(19, 7), (29, 7), (40, 10), (60, 14)]
"""The workout's figure at 80x24 and 100x30, the exercises screen's, and a big one."""


def rate_at(figure_id: str, columns: int, rows: int) -> float:
    figure = FIGURES[figure_id]
    return frame_rate(figure, dots_per_unit(figure.box(), columns, rows))


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_every_rate_divides_a_repetition_into_whole_frames(figure_id: str) -> None:
    # Otherwise the last frame of a repetition would be short or long and the figure would
    # drift off the tempo it shows.
    for rate in FRAME_RATES:
        frames = FIGURES[figure_id].tempo.seconds * rate
        assert frames == pytest.approx(round(frames)), rate


@pytest.mark.parametrize("size", SIZES, ids=[f"{c}x{r}" for c, r in SIZES])
@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_the_rate_is_the_slowest_that_moves_a_joint_at_most_a_dot(
    figure_id: str, size: tuple[int, int]
) -> None:
    figure = FIGURES[figure_id]
    scale = dots_per_unit(figure.box(), *size)
    rate = rate_at(figure_id, *size)
    slower = [r for r in FRAME_RATES if r < rate]
    if largest_step(figure, rate) * scale <= SMOOTH_STEP:
        assert all(largest_step(figure, r) * scale > SMOOTH_STEP for r in slower)
    else:  # a snap no rate keeps within a dot: the fastest there is
        assert rate == FRAME_RATES[-1]


@pytest.mark.parametrize(
    ("figure_id", "size", "rate"),
    [
        ("basic-bridge", (19, 7), 6),  # the workout's figure at 80x24
        ("basic-bridge", (29, 7), 8),  # at 100x30
        ("basic-bridge", (40, 10), 10),  # the exercises screen's
        ("side-lying-clam", (19, 7), 4),  # the slow clam needs fewer
        ("runners-hinge", (19, 7), 10),  # the hinge's drive is a snap at any size
    ],
)
def test_small_figures_and_slow_movements_get_fewer_frames(
    figure_id: str, size: tuple[int, int], rate: float
) -> None:
    assert rate_at(figure_id, *size) == rate
