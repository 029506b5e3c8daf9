"""The figures: bodies with fixed bone lengths, moving at the tempo, mirrored per side,
and the braille they are drawn in."""

from __future__ import annotations

import math

import pytest

from hiptimer.core.braille import Canvas, rasterise
from hiptimer.core.catalog import EXERCISES
from hiptimer.core.figures import DRAWN_SIDE, FIGURES, KEY_POSES, Figure, figure_for, mirrored_for
from hiptimer.core.pose import BONES, Frame, bone_lengths

TOLERANCE = 1e-6


def every_frame(figure: Figure) -> list[tuple[str, Frame]]:
    """Twenty frames a second of one repetition, on each side."""
    return [
        (f"{side} {i}", frame)
        for side, mirrored in (("left", False), ("right", True))
        for i, frame in enumerate(figure.frames(20, mirrored))
    ]


def test_every_progression_has_a_figure_timed_by_its_tempo() -> None:
    for exercise in EXERCISES:
        for progression in exercise.progressions:
            figure = figure_for(progression, exercise)
            assert figure is not None and figure.tempo is progression.tempo
            assert len(figure.keys) == len(figure.tempo.steps)
    assert set(FIGURES) == set(KEY_POSES)


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_every_frame_keeps_every_bone_its_length(figure_id: str) -> None:
    for name, frame in every_frame(FIGURES[figure_id]):
        lengths = bone_lengths(frame.joints)
        for bone in BONES:
            assert abs(lengths[bone.name] - bone.length) < TOLERANCE, (name, bone.name)


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_every_frame_stays_in_the_unit_box_on_the_floor(figure_id: str) -> None:
    for name, frame in every_frame(FIGURES[figure_id]):
        for point in (p for line in frame.lines for p in line):
            assert -0.01 <= point[0] <= 1.01, name
            assert -0.02 <= point[1] <= 1.0, name  # at most a hair below the floor


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_the_mirror_swaps_sides_and_keeps_lengths(figure_id: str) -> None:
    figure = FIGURES[figure_id]
    for seconds in (0.0, 1.3, 2.7):
        left, right = figure.frame(seconds), figure.frame(seconds, mirrored=True)
        for joint, (x, y, z) in left.joints.items():
            assert right.joints[joint] == pytest.approx((1.0 - x, y, z))
        assert bone_lengths(right.joints) == pytest.approx(bone_lengths(left.joints))


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_each_tempo_step_ends_on_the_next_key_pose(figure_id: str) -> None:
    figure = FIGURES[figure_id]
    start = 0.0
    for index, (seconds, _) in enumerate(figure.tempo.steps):
        assert figure.pose_at(start) == figure.keys[index][0]
        start += seconds
    assert figure.pose_at(figure.tempo.seconds) == figure.keys[0][0]  # and round again


def spread(figure_id: str, joint: str) -> float:
    """How far a joint wanders over a repetition."""
    places = [frame.joints[joint] for frame in FIGURES[figure_id].frames(20)]
    return max(math.dist(a, b) for a in places for b in places)


@pytest.mark.parametrize(
    ("figure_id", "joint", "most"),
    [
        ("basic-bridge", "near ankle", 0.03),  # feet stay planted as the hips rise
        ("basic-bridge", "neck", 0.03),  # and the shoulders stay down
        ("runners-hinge", "near ankle", 0.01),  # the standing foot does not move
        ("lateral-lunge", "near ankle", 0.03),
        ("lateral-lunge", "far ankle", 0.03),
        ("side-lying-clam", "near ankle", 0.03),  # the top foot stays on the bottom one
        ("side-plank-clam", "near ankle", 0.03),
    ],
)
def test_planted_joints_stay_put(figure_id: str, joint: str, most: float) -> None:
    assert spread(figure_id, joint) <= most


@pytest.mark.parametrize(
    ("figure_id", "joint", "least"),
    [
        ("basic-bridge", "hip", 0.1),  # the hips lift
        ("side-lying-clam", "near knee", 0.1),  # the top knee opens
        ("side-plank-clam", "near knee", 0.1),
        ("runners-hinge", "neck", 0.2),  # the body hinges
        ("lateral-lunge", "hip", 0.15),  # the hips sit to the side
    ],
)
def test_the_moving_part_moves(figure_id: str, joint: str, least: float) -> None:
    assert spread(figure_id, joint) >= least


def test_every_one_sided_figure_says_which_side_it_works_as_drawn() -> None:
    for exercise in EXERCISES:
        for progression in exercise.progressions:
            figure = figure_for(progression, exercise)
            assert figure is not None
            assert (figure.id in DRAWN_SIDE) == exercise.sided(progression), figure.id
    assert set(DRAWN_SIDE.values()) <= {"left", "right"}


def deepest(figure_id: str, mirrored: bool = False) -> Frame:
    """The frame with the hip lowest (the lunge's sit, the hinge's bend)."""
    return min(FIGURES[figure_id].frames(20, mirrored), key=lambda f: f.joints["hip"][1])


@pytest.mark.parametrize("figure_id", ["lateral-lunge", "weighted-lunge"])
def test_the_lunge_as_drawn_sits_onto_the_figure_s_left_leg(figure_id: str) -> None:
    # Seen from the front, the figure's left is the picture's right.
    assert deepest(figure_id).joints["hip"][0] > 0.55
    assert deepest(figure_id, mirrored=True).joints["hip"][0] < 0.45
    assert DRAWN_SIDE[figure_id] == "left"


def test_the_hinge_as_drawn_stands_on_the_figure_s_right_leg() -> None:
    # It faces right (the bent-over head ahead of the hip), so its near leg is its right,
    # and the near foot is the one planted all through.
    frame = deepest("runners-hinge")
    assert frame.joints["head"][0] > frame.joints["hip"][0] + 0.1
    assert spread("runners-hinge", "near ankle") < 0.01 < spread("runners-hinge", "far ankle")
    assert DRAWN_SIDE["runners-hinge"] == "right"


@pytest.mark.parametrize("figure_id", ["side-lying-clam", "side-plank-clam"])
def test_the_clam_as_drawn_opens_the_figure_s_left_knee(figure_id: str) -> None:
    # Facing the viewer with the head to the left, it lies on its right side: the top
    # (near) knee that opens is its left.
    frame = FIGURES[figure_id].frame(0.0)
    assert frame.joints["head"][0] < frame.joints["hip"][0] - 0.2
    assert spread(figure_id, "near knee") > spread(figure_id, "far knee") + 0.05
    assert DRAWN_SIDE[figure_id] == "left"


@pytest.mark.parametrize(
    ("figure_id", "side", "mirrored"),
    [
        ("lateral-lunge", "left", False),
        ("lateral-lunge", "right", True),
        ("runners-hinge", "left", True),
        ("runners-hinge", "right", False),
        ("side-plank-clam", "right", True),
        ("basic-bridge", "left", False),  # both legs at once: never mirrored
        ("lateral-lunge", None, False),  # no side asked for: as drawn
    ],
)
def test_a_side_is_shown_by_mirroring_only_when_the_drawing_works_the_other(
    figure_id: str, side: str | None, mirrored: bool
) -> None:
    assert mirrored_for(FIGURES[figure_id], side) is mirrored


@pytest.mark.parametrize(
    ("dots", "cells"),
    [
        ([(0, 0)], ["⠁ "]),
        ([(1, 0)], ["⠈ "]),
        ([(0, 3)], ["⡀ "]),
        ([(1, 3), (2, 0)], ["⢀⠁"]),
        ([(x, 1) for x in range(4)], ["⠒⠒"]),
        ([(5, 0), (0, -1)], ["  "]),  # outside: ignored
    ],
    ids=["top-left", "top-right", "bottom-left", "two-cells", "a-row", "outside"],
)
def test_dots_land_in_the_expected_cells(dots: list[tuple[int, int]], cells: list[str]) -> None:
    canvas = Canvas(2, 1)
    for x, y in dots:
        canvas.dot(x, y)
    assert canvas.text() == cells


def test_a_line_fills_the_dots_between_its_ends() -> None:
    canvas = Canvas(2, 1)
    canvas.line(0, 0, 3, 3)
    assert canvas.text() == ["⠑⢄"]


def test_rasterise_scales_the_box_and_draws_the_floor_on_the_last_row() -> None:
    # A square box into 4 x 2 cells (8 x 8 dots): a line up the middle, floor at the bottom.
    rows = rasterise([((0.5, 0.0), (0.5, 1.0))], (0.0, 0.0, 1.0, 1.0), 4, 2)
    assert len(rows) == 2 and all(len(row) == 4 for row in rows)
    assert rows[1] == "⣀⣀⣇⣀"  # the floor all across, the upright meeting it
    assert rows[0] == "  ⡇ "


def test_rasterise_keeps_proportions_in_a_wide_room() -> None:
    # A square drawn into a wide room stays square (centred), not stretched.
    square = [((0, 0), (1, 0)), ((1, 0), (1, 1)), ((1, 1), (0, 1)), ((0, 1), (0, 0))]
    rows = rasterise(square, (0.0, 0.0, 1.0, 1.0), 20, 2)
    drawn = [i for i, ch in enumerate(rows[0]) if ch != " "]
    assert drawn[0] >= 7 and drawn[-1] <= 12  # 8 dots (4 cells) wide, in the middle
