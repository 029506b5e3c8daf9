"""A stick body: joints joined by bones of fixed length, posed by angles, drawn as lines. Pure.

A pose is the hip's place and one direction per bone; the joints follow by walking out from
the hip (forward kinematics), so no pose can stretch a bone. Directions are two angles: the
turn in the picture (0° points right, 90° up) and the tilt toward the viewer (0° lies in the
picture). The tilt is what lets a knee open toward the viewer in a clam; the picture is the
body seen straight on, with depth dropped. Units are a unit box: the floor is y = 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Point = tuple[float, float]
Point3 = tuple[float, float, float]
Segment = tuple[Point, Point]


@dataclass(frozen=True, slots=True)
class Bone:
    """A bone from ``parent`` joint to ``child`` joint."""

    name: str
    parent: str
    child: str
    length: float


BONES: tuple[Bone, ...] = (
    Bone("torso", "hip", "neck", 0.30),
    Bone("head", "neck", "head", 0.085),
    Bone("near upper arm", "neck", "near elbow", 0.15),
    Bone("near forearm", "near elbow", "near hand", 0.14),
    Bone("far upper arm", "neck", "far elbow", 0.15),
    Bone("far forearm", "far elbow", "far hand", 0.14),
    Bone("near thigh", "hip", "near knee", 0.25),
    Bone("near shin", "near knee", "near ankle", 0.24),
    Bone("near foot", "near ankle", "near toe", 0.07),
    Bone("far thigh", "hip", "far knee", 0.25),
    Bone("far shin", "far knee", "far ankle", 0.24),
    Bone("far foot", "far ankle", "far toe", 0.07),
)
"""The skeleton, each bone after its parent joint is placed; "near" is the side facing the
viewer (or, seen from the front, the figure's right)."""

BONE = {bone.name: bone for bone in BONES}
HEAD_RADIUS = 0.05
"""The head is a ring around the ``head`` joint; the neck is the bone's part outside it."""
HEAD_SIDES = 12


@dataclass(frozen=True, slots=True)
class Pose:
    """A whole-body pose: where the hip is and which way each bone points.

    ``turn`` and ``tilt`` are degrees per bone, in :data:`BONES` order.
    """

    hip: Point3
    turn: tuple[float, ...]
    tilt: tuple[float, ...]
    extras: tuple[Segment, ...] = ()
    """Lines drawn with the body that are not bones, relative to the near hand (a weight)."""

    def joints(self) -> dict[str, Point3]:
        """Every joint's place, walking out from the hip."""
        placed: dict[str, Point3] = {"hip": self.hip}
        for bone, turn, tilt in zip(BONES, self.turn, self.tilt, strict=True):
            x, y, z = placed[bone.parent]
            t, u = math.radians(turn), math.radians(tilt)
            placed[bone.child] = (
                x + bone.length * math.cos(u) * math.cos(t),
                y + bone.length * math.cos(u) * math.sin(t),
                z + bone.length * math.sin(u),
            )
        return placed

    def mirrored(self) -> Pose:
        """The same pose seen in a mirror (left and right swapped about x = 0.5)."""
        x, y, z = self.hip
        return Pose(
            (1.0 - x, y, z),
            tuple(180.0 - turn for turn in self.turn),
            self.tilt,
            tuple(((-a[0], a[1]), (-b[0], b[1])) for a, b in self.extras),
        )


def pose(hip: Point3 | Point, angles: Mapping[str, float | tuple[float, float]]) -> Pose:
    """Build a pose from the hip's place and each bone's turn (or (turn, tilt)) in degrees.

    Raises:
        KeyError: A bone of :data:`BONES` is missing from ``angles``.
    """
    turns: list[float] = []
    tilts: list[float] = []
    for bone in BONES:
        value = angles[bone.name]
        turn, tilt = value if isinstance(value, tuple) else (value, 0.0)
        turns.append(turn)
        tilts.append(tilt)
    place = hip if len(hip) == 3 else (hip[0], hip[1], 0.0)
    return Pose(place, tuple(turns), tuple(tilts))


def _lerp_angle(a: float, b: float, f: float) -> float:
    """Go from angle ``a`` toward ``b`` the short way round."""
    delta = (b - a + 180.0) % 360.0 - 180.0
    return a + delta * f


def blend(a: Pose, b: Pose, f: float) -> Pose:
    """The pose a fraction ``f`` (0 to 1) of the way from ``a`` to ``b``.

    Angles are blended, not joint places, so every in-between pose keeps its bones' lengths.
    """
    hip = (
        a.hip[0] + (b.hip[0] - a.hip[0]) * f,
        a.hip[1] + (b.hip[1] - a.hip[1]) * f,
        a.hip[2] + (b.hip[2] - a.hip[2]) * f,
    )
    turn = tuple(_lerp_angle(x, y, f) for x, y in zip(a.turn, b.turn, strict=True))
    tilt = tuple(x + (y - x) * f for x, y in zip(a.tilt, b.tilt, strict=True))
    return Pose(hip, turn, tilt, a.extras if f < 0.5 else b.extras)


def ease(f: float) -> float:
    """Smooth start and stop (smoothstep), as a body moves."""
    f = min(max(f, 0.0), 1.0)
    return f * f * (3.0 - 2.0 * f)


def head_ring(centre: Point) -> list[Segment]:
    """The head: a ring of short lines."""
    cx, cy = centre
    points = [
        (
            cx + HEAD_RADIUS * math.cos(2 * math.pi * i / HEAD_SIDES),
            cy + HEAD_RADIUS * math.sin(2 * math.pi * i / HEAD_SIDES),
        )
        for i in range(HEAD_SIDES)
    ]
    return [(points[i], points[(i + 1) % HEAD_SIDES]) for i in range(HEAD_SIDES)]


@dataclass(frozen=True, slots=True)
class Frame:
    """One picture of a figure: its joints and the lines to draw (seen straight on)."""

    joints: Mapping[str, Point3]
    lines: tuple[Segment, ...]


def draw(p: Pose) -> Frame:
    """The frame of a pose: a line per bone (the neck shortened to meet the head), the
    head's ring, and any extras."""
    joints = p.joints()
    lines: list[Segment] = []
    for bone in BONES:
        a, b = joints[bone.parent], joints[bone.child]
        start, end = (a[0], a[1]), (b[0], b[1])
        if bone.name == "head":
            dx, dy = end[0] - start[0], end[1] - start[1]
            seen = math.hypot(dx, dy)
            if seen > HEAD_RADIUS:
                keep = (seen - HEAD_RADIUS) / seen
                lines.append((start, (start[0] + dx * keep, start[1] + dy * keep)))
            lines.extend(head_ring(end))
        else:
            lines.append((start, end))
    hand = joints["near hand"]
    lines.extend(
        ((hand[0] + a[0], hand[1] + a[1]), (hand[0] + b[0], hand[1] + b[1])) for a, b in p.extras
    )
    return Frame(joints, tuple(lines))


def bone_lengths(joints: Mapping[str, Point3]) -> dict[str, float]:
    """Each bone's length as the joints have it (in three dimensions)."""
    return {bone.name: math.dist(joints[bone.parent], joints[bone.child]) for bone in BONES}


def extent(frames: Iterable[Frame]) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) around every line of ``frames``, floor included."""
    xs: list[float] = []
    ys: list[float] = [0.0]
    for frame in frames:
        for (x0, y0), (x1, y1) in frame.lines:
            xs += (x0, x1)
            ys += (y0, y1)
    return (min(xs), min(ys), max(xs), max(ys))
