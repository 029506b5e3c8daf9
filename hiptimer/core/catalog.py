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
class Tempo:
    """How one repetition is paced: timed steps, repeated for the whole set."""

    steps: tuple[tuple[float, str], ...]
    """(seconds, what happens), in order; a figure moves from one key pose to the next
    during each step, so it shows the pace as well as the movement. A step with no words
    is a short pause that the description leaves out."""
    text: str = ""
    """How to say the pace, when the steps alone would say it badly."""

    @property
    def seconds(self) -> float:
        """Seconds one repetition takes."""
        return sum(seconds for seconds, _ in self.steps)

    def describe(self) -> str:
        """Return the pace as text, for example ``2 s up · 1 s hold · 2 s down``."""
        if self.text:
            return self.text
        return " · ".join(f"{seconds:g} s {what}" for seconds, what in self.steps if what)


@dataclass(frozen=True, slots=True)
class Progression:
    """One step on an exercise's ladder, easiest first.

    A built-in progression carries everything a coach would say about it; a progression
    from a routine file may have only a name and a description.
    """

    name: str
    description: str
    """One sentence: what the movement is."""
    steps: tuple[str, ...] = ()
    """How to set up and move, a short line each."""
    cues: tuple[str, ...] = ()
    """Form reminders while working; empty uses the exercise's."""
    mistakes: tuple[str, ...] = ()
    targets: str = ""
    """What it works; empty uses the exercise's."""
    tempo: Tempo | None = None
    per_side: bool | None = None
    """Whether a set is done on each side; None leaves it to the exercise."""
    figure: str | None = None
    """Id of the drawn figure (see :mod:`hiptimer.core.figures`), if there is one."""
    setup: str = ""
    """One sentence: how to get into position, as line mode's HOW line says it before the
    exercise's first set; empty uses :attr:`description`."""

    def how(self) -> str:
        """The one sentence that says how to set up: :attr:`setup`, else the description;
        empty when there is nothing to say."""
        return self.setup or self.description

    reset_cue: str | None = None
    """What is shown and said when a set is started again because the hamstrings took over
    (the article's reset for the bridges); short, as it is spoken. None: the movement has no
    reset, and the reset key does nothing during it. A routine file's progressions have none."""


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
    """Form reminders, shown in turn while working, for a progression without its own
    (a routine file's exercises)."""
    progressions: tuple[Progression, ...] = ()
    figure: str | None = None
    """Id of the figure drawn for an exercise without progressions of its own: the one a
    routine file's exercise names (its progressions, if it has any, are each given it too).
    None for the built-in exercises, whose progressions carry theirs."""
    dose: DoseRange = ARTICLE_DOSE
    builtin: bool = False
    """True for the catalog's exercises: only they may be shown with the article's range
    and the routine's "why hips" (a routine file's exercise is the user's, not the article's)."""

    def progression(self, level: int) -> Progression | None:
        """Return the progression for a 1-based level, clamped to the ones that exist."""
        if not self.progressions:
            return None
        index = min(max(level, 1), len(self.progressions)) - 1
        return self.progressions[index]

    def sided(self, progression: Progression | None) -> bool:
        """Whether a set is done on each side at ``progression`` (the runner's hinge is,
        though the bridges before it are not)."""
        if progression is not None and progression.per_side is not None:
            return progression.per_side
        return self.per_side

    def side_options(self) -> tuple[bool, ...]:
        """Each way its progressions are done, one side at a time (True) or not, as the
        spoken "next up" clips need them; not-sided first."""
        found = {self.sided(p) for p in self.progressions} or {self.per_side}
        return tuple(sorted(found))


LIFT = Tempo(((2, "up"), (1, "hold"), (2, "down"), (0.5, "")))
"""Bridges and lunges: a steady two seconds each way and a beat at the top."""
SLOW = Tempo(((3, "open"), (1, "hold"), (3, "close"), (0.5, "")))
"""Clams go slower: control, not range, is the point."""

BASIC_BRIDGE = Progression(
    "Basic bridge",
    "On your back with knees bent and feet flat, lift the hips and lower them.",
    steps=(
        "Lie on your back, knees bent, feet flat and hip-width apart",
        "Arms long at your sides, palms on the floor",
        "Squeeze the glutes and lift until knees, hips and shoulders make one line",
        "Lower slowly; touch down lightly before the next lift",
    ),
    cues=(
        "Keep the pelvis level: no tipping to one side, no twisting",
        "Let the glutes do the lifting; the hamstrings only help",
        "Hamstrings taking over? Lower the hips, reset, squeeze the glutes, go again",
        "Push through the heels and finish in a straight line from knee to shoulder",
        "Ribs down, so the lower back does not arch to fake the height",
    ),
    mistakes=(
        "Arching the lower back to get higher",
        "One hip dropping or the pelvis turning",
        "Feeling it mostly in the back of the thighs (the hamstrings took over)",
        "Bouncing off the floor instead of lifting under control",
    ),
    targets="Glutes (hip extension), with the hamstrings as helpers",
    tempo=LIFT,
    per_side=False,
    figure="basic-bridge",
    setup=(
        "Lie on your back with knees bent, feet flat and hip-width apart, arms long by your sides"
    ),
    reset_cue="Hips down, reset, squeeze the glutes, go again",
)

BRIDGE_WALK = Progression(
    "Bridge walk",
    "Hold a high bridge and walk the heels out in small steps, then back in.",
    steps=(
        "Set up as for the basic bridge and lift into it",
        "Hips high, walk the heels away in small steps, one foot at a time",
        "Walk them back in the same way without lowering the hips",
    ),
    cues=(
        "Hips stay square as each foot lifts: no dip toward the moving leg",
        "Glutes squeezed the whole time; the hamstrings want more work as the feet go out",
        "Hamstrings taking over? Lower the hips, reset, squeeze the glutes, walk again",
        "Small steps: go only as far out as the hips stay up",
    ),
    mistakes=(
        "Hips sagging as the feet move away",
        "The pelvis rocking side to side with every step",
        "Steps so long that the hamstrings cramp",
    ),
    targets="Glutes holding the hips up and level while one foot is off the floor",
    tempo=Tempo(((1, "step"), (0.5, "")) * 4, "1 s a step, 2 steps out and 2 back, hips up"),
    per_side=False,
    figure="bridge-walk",
    setup=(
        "Lie on your back with knees bent and feet flat, then lift the hips "
        "into a bridge and hold them there"
    ),
    reset_cue="Hips down, reset, squeeze the glutes, walk again",
)

RUNNERS_HINGE = Progression(
    "Runner's hinge",
    "Standing on one leg, hinge forward at the hip, then drive the hip through and the knee up.",
    steps=(
        "Stand tall on one leg, its knee a little soft",
        "Hinge forward from the hip with a long back while the free leg reaches back",
        "Drive the hip through hard: stand tall and bring the free knee up in front",
        "Do the whole set on one leg, then the other",
    ),
    cues=(
        "Hips level and facing forward, even with one foot in the air",
        "Drive up from the glute of the standing leg: quick and strong",
        "Hinge at the hip with a long back; do not round to reach lower",
        "Standing knee soft and steady over the middle of the foot",
        "Back of the thigh doing the work? Slow down, reset, lead with the glute",
    ),
    mistakes=(
        "The hip of the free leg opening toward the ceiling",
        "Rounding the back to get lower",
        "Rushing the way down: only the drive up is fast",
        "The standing knee falling inward",
    ),
    targets="Glutes of the standing leg: hip drive and side-to-side control, before a run",
    tempo=Tempo(((2, "hinge"), (1, "drive up"), (1, "hold"), (1, ""))),
    per_side=True,
    figure="runners-hinge",
    setup=(
        "Stand tall on one leg with that knee slightly soft and the other foot just off the floor"
    ),
    reset_cue="Slow down, reset, lead with the glute, go again",
)

SIDE_LYING_CLAM = Progression(
    "Side-lying clam",
    "Lying on your side with knees bent and feet together, open the top knee and close it.",
    steps=(
        "Lie on your side, hips and shoulders stacked, head on your lower arm",
        "Bend the knees to about 45° with the heels in line with your back",
        "Keep the heels together, open the top knee, then close it",
    ),
    cues=(
        "Hips stay stacked: do not roll the top hip back to open wider",
        "Slow and steady: a stable pelvis matters more than how far the knee opens",
        "Heels touch the whole time",
        "Feel it at the side of the hip, not in the lower back",
        "Pause at the top, then lower slowly",
    ),
    mistakes=(
        "Rolling the pelvis back to get more range",
        "Swinging the knee up and letting it drop",
        "Heels coming apart",
    ),
    targets="Glute med and glute min, the side-hip muscles that keep the pelvis level",
    tempo=SLOW,
    per_side=True,
    figure="side-lying-clam",
    setup=(
        "Lie on one side with hips stacked, knees bent to about 45° and heels "
        "together in line with your back"
    ),
)

SIDE_PLANK_CLAM = Progression(
    "Side-plank clam",
    "From a side plank on your elbow and knees, keep the hips up and open the top knee.",
    steps=(
        "Lie on your side, elbow under the shoulder, knees bent and stacked",
        "Lift the hips into a side plank on the elbow and the lower knee",
        "Hold the hips up, open the top knee with the feet together, then close it",
        "Lower the hips only to rest",
    ),
    cues=(
        "Hips high and stacked: one line from knee to shoulder",
        "Open only as far as the hips stay still",
        "Push the floor away with the elbow so the shoulder stays strong",
        "Slow out, slow in, feet together",
        "Hips dropping? Rest, then go back to the floor version",
    ),
    mistakes=(
        "Hips sagging toward the floor",
        "The top hip rolling back as the knee opens",
        "The shoulder sinking over the elbow",
    ),
    targets="Glute med and min of both hips, one moving and one holding you up",
    tempo=SLOW,
    per_side=True,
    figure="side-plank-clam",
    setup=(
        "Lie on one side with the elbow under the shoulder and knees bent, "
        "then lift the hips off the floor"
    ),
)

BODYWEIGHT_LUNGE = Progression(
    "Bodyweight",
    "Step wide, sit back into one hip with the other leg long, and push back up.",
    steps=(
        "Stand with the feet wide and the toes pointing forward",
        "Bend one knee and sit the hips back over it; the other leg stays straight",
        "Push through the bent leg back to the middle",
    ),
    cues=(
        "Both big toes press into the floor the whole way",
        "Hip bones level from start to finish",
        "Sit back into the hip; the bent knee follows the toes",
        "Push back up through the whole foot of the bent leg",
        "No weight yet: own this version first",
    ),
    mistakes=(
        "The big toe of the straight leg lifting",
        "The bent knee caving in past the toes",
        "One hip dropping as you sit",
        "Folding forward instead of sitting back",
    ),
    targets="Adductors (inner thigh) and VMO, the inner quad that keeps the knee stable",
    tempo=LIFT,
    per_side=True,
    figure="lateral-lunge",
    setup=(
        "Stand with the feet wide apart and the toes pointing forward, weight even on both feet"
    ),
)

WEIGHTED_LUNGE = Progression(
    "Weighted",
    "The same lunge with a weight held at the chest, once the bodyweight one is steady.",
    steps=(
        "Hold a light dumbbell or kettlebell at your chest, elbows in",
        "Step wide and sit into one hip as in the bodyweight version",
        "Push back to the middle; go heavier only while the form stays the same",
    ),
    cues=(
        "Both big toes stay pressed down, weight or not",
        "Hip bones level: the weight must not tip you",
        "Keep the weight close to the chest",
        "The bent knee tracks over the toes",
        "Form slipping? Go lighter or back to bodyweight",
    ),
    mistakes=(
        "Adding weight before the bodyweight lunge is solid",
        "Letting the weight pull the chest down",
        "Big toes lifting or the hips tilting under the load",
    ),
    targets="Adductors and VMO, under load",
    tempo=LIFT,
    per_side=True,
    figure="weighted-lunge",
    setup=("Stand with the feet wide and a light weight held close to the chest, elbows tucked in"),
)

GLUTE_BRIDGE = Exercise(
    id="glute-bridge",
    name="Glute bridge",
    per_side=False,
    targets="Glutes: hip extension, side-to-side stability and hip rotation",
    why="Strong glutes drive each stride and hold the hip in line when you land.",
    cues=BASIC_BRIDGE.cues,
    progressions=(BASIC_BRIDGE, BRIDGE_WALK, RUNNERS_HINGE),
    builtin=True,
)

HIP_CLAM = Exercise(
    id="hip-clam",
    name="Hip clam",
    per_side=True,
    targets="Glute med and glute min, the abductors that keep the pelvis steady each step",
    why="Control first: steady side hips turn into more power and speed in the stride.",
    cues=SIDE_LYING_CLAM.cues,
    progressions=(SIDE_LYING_CLAM, SIDE_PLANK_CLAM),
    builtin=True,
)

LATERAL_LUNGE = Exercise(
    id="lateral-lunge",
    name="Lateral lunge",
    per_side=True,
    targets="Adductors (inner thigh) and VMO, the inner quad that keeps the knee stable",
    why="Strong inner thighs and a steady knee keep each landing lined up.",
    cues=BODYWEIGHT_LUNGE.cues,
    progressions=(BODYWEIGHT_LUNGE, WEIGHTED_LUNGE),
    builtin=True,
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


def _figure_names() -> dict[str, str]:
    names = {p.figure: p.figure for e in EXERCISES for p in e.progressions if p.figure}
    for exercise in EXERCISES:
        first = exercise.progression(1)
        if first is not None and first.figure is not None:
            names.setdefault(exercise.id, first.figure)
    return names


FIGURE_NAMES: dict[str, str] = _figure_names()
"""The names a routine file may give as an exercise's ``figure``, with the figure each
draws: every built-in progression's figure id (``side-lying-clam``), and every built-in
exercise's id (``hip-clam``), which draws its first progression."""
