"""The exercises, their progressions and form reminders, and the built-in routine."""

from __future__ import annotations

from dataclasses import dataclass

WEEKLY_SESSIONS = (2, 3)
"""How many sessions a week the routine is meant for (low, high)."""

WHY_HIPS = (
    "When the hips are weak, every stride hands their job down the chain: feet, ankles, "
    "shins and knees end up absorbing load they are not built to steer. A few minutes of "
    "targeted hip work, two or three times a week, keeps that load where it belongs. "
    "Core work is not a substitute: planks train the trunk, not the muscles that hold the "
    "pelvis steady while you run."
)
"""The routine's "why", shown on the home screen and in ``hiptimer routines``."""


@dataclass(frozen=True, slots=True)
class Progression:
    """One step on an exercise's ladder, easiest first."""

    name: str
    description: str


@dataclass(frozen=True, slots=True)
class DoseRange:
    """The prescribed range for an exercise: sets and seconds of work per set."""

    sets: tuple[int, int]
    seconds: tuple[int, int]

    def describe(self) -> str:
        """Return the range as text, for example ``2–3 × 30–45 s``."""
        return f"{self.sets[0]}–{self.sets[1]} × {self.seconds[0]}–{self.seconds[1]} s"


ARTICLE_DOSE = DoseRange(sets=(2, 3), seconds=(30, 45))
"""The article gives every exercise the same dose: 2–3 sets of 30–45 seconds."""


@dataclass(frozen=True, slots=True)
class Exercise:
    """An exercise of the catalog or of a user's routine file."""

    id: str
    """Stable identifier, used in settings (progression per exercise) and history."""
    name: str
    per_side: bool
    """True when each set is done on the left and then on the right."""
    targets: str
    why: str
    cues: tuple[str, ...]
    """Form reminders, shown in turn while working; the first is shown during the rest before."""
    progressions: tuple[Progression, ...] = ()
    dose: DoseRange = ARTICLE_DOSE

    def progression(self, level: int) -> Progression | None:
        """Return the progression for a 1-based level, clamped to the ones that exist."""
        if not self.progressions:
            return None
        index = min(max(level, 1), len(self.progressions)) - 1
        return self.progressions[index]


GLUTE_BRIDGE = Exercise(
    id="glute-bridge",
    name="Glute bridge",
    per_side=False,
    targets="Glutes: hip extension, side-to-side stability and hip rotation",
    why="Strong glutes drive each stride and hold the hip in line when you land.",
    cues=(
        "Hips rise and fall square: no tilting or twisting of the pelvis",
        "Drive through the glutes; the hamstrings only help",
        "Hamstrings taking over? Lower the hips, reset, squeeze the glutes, go again",
        "Press through the heels and finish tall at the top",
        "Ribs down, so the lower back does not arch to fake the height",
    ),
    progressions=(
        Progression("Basic bridge", "On your back, knees bent, lift and lower the hips."),
        Progression("Bridge walk", "Hold the bridge high and walk the feet out and back."),
        Progression(
            "Runner's hinge",
            "Standing on one leg, hinge and drive the hip through hard; a good pre-run primer.",
        ),
    ),
)

HIP_CLAM = Exercise(
    id="hip-clam",
    name="Hip clam",
    per_side=True,
    targets="Glute med and glute min, the abductors that keep the pelvis steady each step",
    why="Control first: steady side hips turn into more power and speed in the stride.",
    cues=(
        "Stack the hips and keep them stacked; do not roll back to lift higher",
        "Slow and controlled: stability is the point, not range",
        "Feet stay together while the top knee opens",
        "Feel it at the side of the hip, not in the lower back",
        "Pause at the top before you lower",
    ),
    progressions=(
        Progression("Side-lying clam", "On your side on the floor, knees bent, open and close."),
        Progression("Side-plank clam", "Do the clam from a raised side plank on your elbow."),
    ),
)

LATERAL_LUNGE = Exercise(
    id="lateral-lunge",
    name="Lateral lunge",
    per_side=True,
    targets="Adductors (inner thigh) and VMO, the inner quad that keeps the knee stable",
    why="Strong inner thighs and a steady knee keep each landing lined up.",
    cues=(
        "Press both big toes into the floor the whole time",
        "Keep the hip bones level from start to finish",
        "Sit back into the hip; the knee tracks over the toes",
        "No weight until the basics feel solid",
        "Push back to standing through the bent leg's heel",
    ),
    progressions=(
        Progression("Bodyweight", "Step wide, sit into one hip, push back to standing."),
        Progression("Weighted", "Hold a weight once the bodyweight version is steady."),
    ),
)

EXERCISES: tuple[Exercise, ...] = (GLUTE_BRIDGE, HIP_CLAM, LATERAL_LUNGE)
"""The built-in exercises, in routine order."""


@dataclass(frozen=True, slots=True)
class RoutineItem:
    """An exercise in a routine; ``None`` values come from the settings."""

    exercise: Exercise
    sets: int | None = None
    work: int | None = None
    """Seconds of work per set (per side for per-side exercises)."""
    rest: int | None = None
    """Seconds of rest between this exercise's sets."""
    level: int | None = None
    """1-based progression level."""


@dataclass(frozen=True, slots=True)
class Routine:
    """A named sequence of exercises."""

    id: str
    name: str
    items: tuple[RoutineItem, ...]
    description: str = ""
    builtin: bool = False
    source: str | None = None
    """Path of the file the routine came from; ``None`` for the built-in one."""


BUILTIN_ROUTINE = Routine(
    id="runners-hips",
    name="Runner's hips",
    items=tuple(RoutineItem(exercise) for exercise in EXERCISES),
    description="Glute bridges, hip clams and lateral lunges: the short routine for runners.",
    builtin=True,
)

BUILTIN_ROUTINES: tuple[Routine, ...] = (BUILTIN_ROUTINE,)
