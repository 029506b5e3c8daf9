"""The exercise figures: key poses for each built-in progression, played at its tempo. Pure.

Each key pose is a :class:`~hiptimer.core.pose.Pose` (bone angles); contacts such as planted
feet are placed with :func:`reach`, which bends a two-bone limb to touch a point. A figure
moves from key pose to key pose, one tempo step each, so watching it shows the pace too.
Bridges and the hinge are seen from the side, clams and lunges from the front.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from hiptimer.core.catalog import EXERCISES, Exercise, Progression, Tempo
from hiptimer.core.pose import BONE, Frame, Point, Point3, Pose, blend, draw, ease, extent, pose

Angles = dict[str, float | tuple[float, float]]


def reach(start: Point, end: Point, first: str, second: str, bend: int) -> tuple[float, float]:
    """Turn two bones (named) from ``start`` so that the second ends at ``end``.

    Args:
        start: Where the first bone starts (a hip, a shoulder).
        end: Where the second should end (a planted foot).
        first: The first bone's name; ``second``: the second's.
        bend: +1 bends the middle joint to the left of the line from start to end
            (counter-clockwise), -1 to the right.

    Returns:
        The two bones' turns in degrees. Out of reach, the limb points at ``end``.
    """
    l1, l2 = BONE[first].length, BONE[second].length
    dx, dy = end[0] - start[0], end[1] - start[1]
    d = min(max(math.hypot(dx, dy), abs(l1 - l2) + 1e-9), l1 + l2 - 1e-9)
    base = math.atan2(dy, dx)
    turn1 = base + bend * math.acos((l1 * l1 + d * d - l2 * l2) / (2 * l1 * d))
    joint = (start[0] + l1 * math.cos(turn1), start[1] + l1 * math.sin(turn1))
    turn2 = math.atan2(end[1] + 0.0 - joint[1], end[0] - joint[0])
    if math.hypot(dx, dy) > l1 + l2:
        turn2 = turn1
    return math.degrees(turn1), math.degrees(turn2)


def open_knee(p: Pose, side: str, degrees: float) -> Pose:
    """Turn one leg's knee about the line from the hip to its ankle (the clam's opening),
    keeping the ankle where it is."""
    joints = p.joints()
    hip, knee, ankle = joints["hip"], joints[f"{side} knee"], joints[f"{side} ankle"]
    axis = _unit(_sub(ankle, hip))
    v = _sub(knee, hip)
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    cross = _cross(axis, v)
    dot = sum(a * b for a, b in zip(axis, v, strict=True))
    turned = tuple(v[i] * c + cross[i] * s + axis[i] * dot * (1 - c) for i in range(3))
    new_knee = (hip[0] + turned[0], hip[1] + turned[1], hip[2] + turned[2])
    names = [b.name for b in BONE.values()]
    turns, tilts = list(p.turn), list(p.tilt)
    for bone, a, b in ((f"{side} thigh", hip, new_knee), (f"{side} shin", new_knee, ankle)):
        turn, tilt = _angles(_sub(b, a))
        turns[names.index(bone)], tilts[names.index(bone)] = turn, tilt
    return Pose(p.hip, tuple(turns), tuple(tilts), p.extras)


def _sub(a: Point3, b: Point3) -> Point3:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _unit(v: Point3) -> Point3:
    n = math.sqrt(sum(c * c for c in v))
    return (v[0] / n, v[1] / n, v[2] / n)


def _cross(a: Point3, b: Point3) -> Point3:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _angles(v: Point3) -> tuple[float, float]:
    n = math.sqrt(sum(c * c for c in v))
    return math.degrees(math.atan2(v[1], v[0])), math.degrees(math.asin(v[2] / n))


# --- bridges: lying on the back, head to the left ----------------------------------------

_SHOULDER = (0.2, 0.05)
_FEET = 0.78


def _bridge(lift: float, near_foot: float = _FEET, far_foot: float = _FEET) -> Pose:
    """Shoulders down, feet flat; ``lift`` is the torso's rise from the floor in degrees."""
    hip = (
        _SHOULDER[0] + 0.30 * math.cos(math.radians(lift)),
        _SHOULDER[1] + 0.30 * math.sin(math.radians(lift)),
    )
    angles: Angles = {
        "torso": 180.0 + lift,
        "head": 180.0,
        "near upper arm": -4.0,
        "near forearm": 0.0,
        "far upper arm": -4.0,
        "far forearm": 0.0,
        "near foot": -30.0,
        "far foot": -30.0,
    }
    for side, x in (("near", near_foot), ("far", far_foot)):
        thigh, shin = reach(hip, (x, 0.04), f"{side} thigh", f"{side} shin", +1)
        angles[f"{side} thigh"], angles[f"{side} shin"] = thigh, shin
    return pose(hip, angles)


_DOWN, _UP = _bridge(0.0), _bridge(28.0)
_STEP = 0.05

# --- the runner's hinge: standing on the near leg, facing right -----------------------------

_STANCE = (0.58, 0.04)


def _hinge(hip: Point, torso: float, free: Angles, arms: Angles) -> Pose:
    thigh, shin = reach(hip, _STANCE, "near thigh", "near shin", +1)
    angles: Angles = {"torso": torso, "head": torso - 2.0, "near foot": -30.0}
    angles |= {"near thigh": thigh, "near shin": shin} | free | arms
    return pose(hip, angles)


_HANG: Angles = {"near upper arm": -95.0, "near forearm": -85.0}
_HANG |= {"far upper arm": -85.0, "far forearm": -95.0}
_TALL = _hinge(
    (0.57, 0.50), 92.0, {"far thigh": -105.0, "far shin": -112.0, "far foot": -20.0}, _HANG
)
_HINGED = _hinge(
    (0.50, 0.47),
    18.0,
    {"far thigh": 195.0, "far shin": 192.0, "far foot": 260.0},
    {k: -90.0 for k in _HANG},
)
_DRIVE = _hinge(
    (0.58, 0.51),
    94.0,
    {"far thigh": 12.0, "far shin": -80.0, "far foot": -10.0},
    {
        "near upper arm": -70.0,
        "near forearm": 10.0,
        "far upper arm": 250.0,
        "far forearm": 265.0,
    },
)

# --- clams: lying on the side, facing the viewer, head to the left --------------------------


def _clam(plank: bool) -> Pose:
    """Closed, knees together: on the floor, or up in a side plank on elbow and knee."""
    if plank:
        hip: Point = (0.5, 0.105)
        angles: Angles = {
            "torso": 168.5,
            "head": 162.0,
            "far upper arm": -90.0,
            "far forearm": (180.0, 40.0),
            "near upper arm": (-30.0, 40.0),
            "near forearm": (-20.0, 0.0),
            "far thigh": -17.0,
            "far shin": (-10.0, -75.0),
            "far foot": (0.0, -10.0),
        }
    else:
        hip = (0.55, 0.1)
        angles = {
            "torso": 180.0,
            "head": 165.0,
            "far upper arm": 200.0,
            "far forearm": 70.0,
            "near upper arm": (-35.0, 30.0),
            "near forearm": 0.0,
            "far thigh": (-15.0, 45.0),
            "far shin": (-5.0, -47.0),
            "far foot": (-10.0, 60.0),
        }
    # The top leg lies on the bottom one.
    for part in ("thigh", "shin", "foot"):
        angles[f"near {part}"] = angles[f"far {part}"]
    return pose(hip, angles)


def _clam_keys(shut: Pose, widest: float) -> tuple[tuple[Pose, ...], ...]:
    """Open, hold, close, rest. The knee turns about the hip-to-ankle line; blending the
    angles straight from shut to open would swing the foot out, so the way goes through
    poses on that turn and the feet stay together."""
    way = tuple(open_knee(shut, "near", widest * i / 4) for i in range(4))
    opened = open_knee(shut, "near", widest)
    return (way, (opened,), (opened, *reversed(way[1:])), (shut,))


_CLAM_SHUT, _PLANK_SHUT = _clam(False), _clam(True)

# --- lateral lunge: facing the viewer; "far" is the figure's left, on the picture's right --


def _lunge(hip: Point, weight: bool) -> Pose:
    angles: Angles = {
        "torso": 90.0 if hip[0] == 0.5 else 97.0,
        "head": 90.0,
        "near upper arm": 240.0,
        "near forearm": 45.0,
        "far upper arm": -60.0,
        "far forearm": 135.0,
        "near foot": (200.0, 60.0),
        "far foot": (-20.0, 60.0),
    }
    for side, x, bend in (("near", 0.3, -1), ("far", 0.7, +1)):
        thigh, shin = reach(hip, (x, 0.04), f"{side} thigh", f"{side} shin", bend)
        angles[f"{side} thigh"], angles[f"{side} shin"] = thigh, shin
    p = pose(hip, angles)
    if weight:
        # A kettlebell held at the chest, under the hands.
        box = ((-0.05, -0.02), (0.05, -0.02), (0.05, -0.1), (-0.05, -0.1))
        lines = tuple((box[i], box[(i + 1) % 4]) for i in range(4))
        p = Pose(p.hip, p.turn, p.tilt, lines)
    return p


_WIDE, _SIT = (0.5, 0.47), (0.63, 0.3)


def _each(*poses: Pose) -> tuple[tuple[Pose, ...], ...]:
    return tuple((p,) for p in poses)


_OUT = _FEET + _STEP
KEY_POSES: Mapping[str, tuple[tuple[Pose, ...], ...]] = {
    "basic-bridge": _each(_DOWN, _UP, _UP, _DOWN),
    "bridge-walk": _each(
        *(
            _bridge(28.0, near, far)
            for near, far in ((_FEET, _FEET), (_OUT, _FEET), (_OUT, _FEET), (_OUT, _OUT))
            + ((_OUT, _OUT), (_FEET, _OUT), (_FEET, _OUT), (_FEET, _FEET))
        )
    ),
    "runners-hinge": _each(_TALL, _HINGED, _DRIVE, _DRIVE),
    "side-lying-clam": _clam_keys(_CLAM_SHUT, -55.0),
    "side-plank-clam": _clam_keys(_PLANK_SHUT, -50.0),
    "lateral-lunge": _each(*(_lunge(h, False) for h in (_WIDE, _SIT, _SIT, _WIDE))),
    "weighted-lunge": _each(*(_lunge(h, True) for h in (_WIDE, _SIT, _SIT, _WIDE))),
}
"""Key poses per figure, one entry per tempo step: step ``i`` starts at the first pose of
entry ``i``, passes through the rest of it, and ends where entry ``i + 1`` starts (the
last step ends where the first starts)."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A progression's moving figure."""

    id: str
    keys: tuple[tuple[Pose, ...], ...]
    """See :data:`KEY_POSES`."""
    tempo: Tempo

    def pose_at(self, seconds: float, mirrored: bool = False) -> Pose:
        """The pose ``seconds`` into the movement (it repeats every repetition)."""
        t = seconds % self.tempo.seconds
        for index, (length, _) in enumerate(self.tempo.steps):
            if t < length or index == len(self.tempo.steps) - 1:
                way = (*self.keys[index], self.keys[(index + 1) % len(self.keys)][0])
                f = ease(t / length) * (len(way) - 1)
                k = min(int(f), len(way) - 2)
                p = blend(way[k], way[k + 1], f - k)
                return p.mirrored() if mirrored else p
            t -= length
        raise AssertionError("unreachable: the last step always matches")

    def frame(self, seconds: float, mirrored: bool = False) -> Frame:
        """The picture ``seconds`` into the movement; ``mirrored`` for the other side."""
        return draw(self.pose_at(seconds, mirrored))

    def frames(self, per_second: float, mirrored: bool = False) -> list[Frame]:
        """Every frame of one repetition at ``per_second`` frames a second."""
        count = max(1, round(self.tempo.seconds * per_second))
        return [self.frame(i / per_second, mirrored) for i in range(count)]

    def box(self, mirrored: bool = False) -> tuple[float, float, float, float]:
        """The box (left, bottom, right, top) the figure moves in, floor included: a view
        that fits it never has to move or rescale."""
        left, bottom, right, top = extent(self.frames(20))
        return (1.0 - right, bottom, 1.0 - left, top) if mirrored else (left, bottom, right, top)


FRAME_RATES = (4.0, 6.0, 8.0, 10.0)
"""Frames a second a figure may be drawn at, slowest first. Every tempo is in half
seconds, so each of these divides a repetition into whole frames and it loops exactly."""
SMOOTH_STEP = 1.0
"""The most dots a joint may move from one frame to the next and still look smooth:
measured with ``benchmarks/figure_fps.py``, about two dots a frame shows as stutter."""


def largest_step(figure: Figure, per_second: float) -> float:
    """The farthest any joint moves from one frame to the next (the last to the first
    included) at ``per_second`` frames a second, in the figure's units."""
    frames = figure.frames(per_second)
    frames.append(frames[0])
    return max(
        math.dist(a.joints[joint][:2], b.joints[joint][:2])
        for a, b in zip(frames, frames[1:], strict=False)
        for joint in a.joints
    )


def frame_rate(figure: Figure, dots_per_unit: float) -> float:
    """The slowest of :data:`FRAME_RATES` at which no joint of ``figure`` moves more than
    :data:`SMOOTH_STEP` dots a frame when drawn at ``dots_per_unit``
    (:func:`~hiptimer.core.braille.dots_per_unit`); the fastest when none keeps to it (the
    runner's hinge drives up in a snap)."""
    for rate in FRAME_RATES:
        if largest_step(figure, rate) * dots_per_unit <= SMOOTH_STEP:
            return rate
    return FRAME_RATES[-1]


def _figures() -> dict[str, Figure]:
    found: dict[str, Figure] = {}
    for exercise in EXERCISES:
        for p in exercise.progressions:
            if p.figure is not None and p.tempo is not None:
                found[p.figure] = Figure(p.figure, KEY_POSES[p.figure], p.tempo)
    return found


FIGURES: Mapping[str, Figure] = _figures()
"""Every built-in figure by id."""


DRAWN_SIDE: Mapping[str, str] = {
    # Side on, facing right, standing on the near leg: the figure's right.
    "runners-hinge": "right",
    # Head to the left, facing the viewer: lying on the right side, the left knee opens.
    "side-lying-clam": "left",
    "side-plank-clam": "left",
    # Facing the viewer, sinking onto the leg on the picture's right: the figure's left.
    "lateral-lunge": "left",
    "weighted-lunge": "left",
}
"""The side a one-side-at-a-time figure works as drawn; its mirror image works the other."""


def mirrored_for(figure: Figure, side: str | None) -> bool:
    """Whether ``figure`` is drawn mirrored to show ``side`` (``left``, ``right``) worked.

    A figure of both legs at once, or no side asked for, is drawn as it is.
    """
    drawn = DRAWN_SIDE.get(figure.id)
    return side is not None and drawn is not None and side != drawn


def figure_for(progression: Progression | None, exercise: Exercise | None) -> Figure | None:
    """The figure of a progression, else of its exercise (a routine file's exercise without
    progressions may name one), or None when neither has one."""
    figure = progression.figure if progression is not None else None
    if figure is None and exercise is not None:
        figure = exercise.figure
    return FIGURES.get(figure) if figure is not None else None
