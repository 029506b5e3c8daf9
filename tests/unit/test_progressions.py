"""Each built-in progression's own content, and how the plan and engine use it: its
reminders (rotating on over the sets), its sides."""

from __future__ import annotations

import math

import pytest

from hiptimer.core.catalog import (
    BUILTIN_ROUTINE,
    EXERCISES,
    GLUTE_BRIDGE,
    HIP_CLAM,
    LATERAL_LUNGE,
    Exercise,
    Progression,
    Routine,
    RoutineItem,
    Tempo,
)
from hiptimer.core.engine import Engine
from hiptimer.core.events import FormReminder
from hiptimer.core.plan import Phase, PhaseKind, Side, build_plan
from hiptimer.core.settings import Settings

PROGRESSIONS = {p.name: (e, level) for e in EXERCISES for level, p in enumerate(e.progressions, 1)}


def progression(name: str) -> Progression:
    exercise, level = PROGRESSIONS[name]
    found = exercise.progression(level)
    assert found is not None
    return found


def only(exercise: Exercise) -> Routine:
    return Routine("one", "One", (RoutineItem(exercise),))


def test_the_seven_progressions_of_the_article() -> None:
    assert list(PROGRESSIONS) == [
        "Basic bridge",
        "Bridge walk",
        "Runner's hinge",
        "Side-lying clam",
        "Side-plank clam",
        "Bodyweight",
        "Weighted",
    ]


@pytest.mark.parametrize("name", list(PROGRESSIONS))
def test_every_progression_has_its_own_coaching(name: str) -> None:
    p = progression(name)
    assert 2 <= len(p.steps) <= 4
    assert all(len(step) <= 80 for step in p.steps), "steps are short lines"
    assert len(p.cues) >= 4
    assert len(p.mistakes) >= 2
    assert p.targets
    assert p.tempo is not None and 2 <= p.tempo.seconds <= 10
    assert p.per_side is not None
    assert p.figure


def test_no_two_progressions_share_their_reminders() -> None:
    cue_sets = [progression(name).cues for name in PROGRESSIONS]
    assert len(set(cue_sets)) == len(cue_sets)


@pytest.mark.parametrize(
    ("name", "sided"),
    [
        ("Basic bridge", False),
        ("Bridge walk", False),
        ("Runner's hinge", True),  # standing on one leg: each leg in turn
        ("Side-lying clam", True),
        ("Side-plank clam", True),
        ("Bodyweight", True),
        ("Weighted", True),
    ],
)
def test_which_progressions_are_done_on_each_side(name: str, sided: bool) -> None:
    exercise, level = PROGRESSIONS[name]
    plan = build_plan(only(exercise), Settings(sets=2), {"level": level})
    work = [p for p in plan.phases if p.is_work]
    expected: list[Side | None] = [Side.LEFT, Side.RIGHT] * 2 if sided else [None, None]
    assert [p.side for p in work] == expected
    assert any(p.kind is PhaseKind.SWITCH for p in plan.phases) == sided


@pytest.mark.parametrize(
    ("name", "has", "has_not"),
    [
        # The article's facts, in our words, where each belongs.
        ("Basic bridge", ["pelvis level", "Hamstrings taking over? Lower the hips, reset"], []),
        ("Bridge walk", ["Hips stay square", "Lower the hips, reset, squeeze the glutes"], []),
        # A standing hinge has no heels to press through and no hips to lower to the floor.
        ("Runner's hinge", ["Hips level"], ["Press through the heels", "Lower the hips"]),
        ("Side-lying clam", ["stable pelvis matters more than how far"], []),
        ("Side-plank clam", ["Open only as far as the hips stay still"], []),
        ("Bodyweight", ["big toes", "Hip bones level", "No weight yet"], []),
        ("Weighted", ["big toes", "Hip bones level"], ["No weight"]),
    ],
)
def test_reminders_belong_to_the_progression(name: str, has: list[str], has_not: list[str]) -> None:
    exercise, level = PROGRESSIONS[name]
    plan = build_plan(only(exercise), Settings(), {"level": level})
    shown = " / ".join({cue for p in plan.phases if p.is_work for cue in p.reminders})
    for words in has:
        assert words in shown
    for words in has_not:
        assert words not in shown


def shown_per_work_phase(
    exercise: Exercise, sets: int, work: int, level: int = 1
) -> list[list[int]]:
    """Run the exercise alone through the engine; return, per work phase, the reminders
    shown (the one it opens with, then each FormReminder), as indexes into its cues."""
    plan = build_plan(
        only(exercise), Settings(sets=sets, work=work, prepare=1, rest=15), {"level": level}
    )
    engine = Engine(plan, jump_threshold=math.inf)
    events = engine.start(0.0)
    while not engine.ended:
        deadline = engine.next_deadline
        assert deadline is not None
        events += engine.advance(deadline)
    shown: dict[int, list[int]] = {}
    for index, phase in enumerate(plan.phases):
        if phase.is_work:
            shown[index] = [phase.cue_start % len(phase.reminders)]
    for event in events:
        if isinstance(event, FormReminder):
            shown[event.index].append(event.cue)
    return list(shown.values())


def test_set_two_goes_on_where_set_one_stopped() -> None:
    # 30 s: the opening reminder, one at 12 s and one at 24 s; five reminders in all.
    assert shown_per_work_phase(GLUTE_BRIDGE, sets=2, work=30) == [[0, 1, 2], [3, 4, 0]]


def test_the_other_side_goes_on_where_the_first_stopped() -> None:
    assert shown_per_work_phase(HIP_CLAM, sets=1, work=30) == [[0, 1, 2], [3, 4, 0]]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
@pytest.mark.parametrize(
    ("sets", "work"), [(2, 30), (2, 40), (2, 45), (3, 30), (3, 45)], ids=lambda v: str(v)
)
@pytest.mark.parametrize("level", [1, 2, 3])
def test_every_reminder_shows_at_the_article_dose(
    exercise: Exercise, sets: int, work: int, level: int
) -> None:
    """2–3 sets of 30–45 s: every reminder of the movement gets its turn."""
    shown = shown_per_work_phase(exercise, sets, work, level)
    cues = exercise.progression(level).cues  # type: ignore[union-attr]
    assert {i for phase in shown for i in phase} == set(range(len(cues)))


def test_a_rest_shows_the_reminder_the_next_set_opens_with() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings(sets=2, work=30))
    for index, phase in enumerate(plan.phases):
        upcoming = plan.next_work(index)
        if phase.kind is PhaseKind.REST and upcoming is not None:
            following = plan.phases[upcoming]
            assert following.reminder() == following.reminders[following.cue_start % 5]


def test_a_file_exercise_without_progressions_uses_its_own_cues() -> None:
    mine = Exercise("mine", "Mine", False, "", "", ("One", "Two"))
    phase = Phase(PhaseKind.WORK, 30, mine, 1, 1, cue_start=3)
    assert (phase.reminders, phase.reminder(), phase.reminder(1)) == (("One", "Two"), "Two", "One")
    assert Phase(PhaseKind.WORK, 30, Exercise("x", "X", False, "", "", ())).reminder() is None


@pytest.mark.parametrize(
    ("steps", "text", "seconds"),
    [
        (((2, "up"), (1, "hold"), (2, "down"), (0.5, "")), "2 s up · 1 s hold · 2 s down", 5.5),
        (((3, "open"), (1, "hold"), (3, "close")), "3 s open · 1 s hold · 3 s close", 7),
        (((1.5, "hinge"),), "1.5 s hinge", 1.5),
    ],
)
def test_tempo_text_and_length(
    steps: tuple[tuple[float, str], ...], text: str, seconds: float
) -> None:
    tempo = Tempo(steps)
    assert (tempo.describe(), tempo.seconds) == (text, seconds)


def test_clams_go_slower_than_bridges_and_lunges() -> None:
    def rep(name: str) -> float:
        tempo = progression(name).tempo
        assert tempo is not None
        return tempo.seconds

    assert rep("Side-lying clam") > rep("Basic bridge")
    assert rep("Side-plank clam") > rep("Bodyweight")
    assert LATERAL_LUNGE.sided(None) and not GLUTE_BRIDGE.sided(None)
