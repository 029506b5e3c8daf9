"""Double progression over made-up histories: when the dose climbs, when it holds, and when the
next progression is offered."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hiptimer.core.catalog import (
    ARTICLE_DOSE,
    EXERCISES,
    GLUTE_BRIDGE,
    HIP_CLAM,
    LATERAL_LUNGE,
    DoseRange,
    Exercise,
)
from hiptimer.core.progression import (
    Current,
    Dose,
    ExerciseSession,
    Suggestion,
    dose_ladder,
    is_clean,
    rung_of,
    set_full,
    suggest,
    suggest_all,
)


@dataclass(frozen=True)
class Try:
    """One made-up session of an exercise: the dose as ``"3x45"``, how it went."""

    dose: str
    level: int = 1
    status: str = "completed"
    full: bool = True
    reset: bool = False
    exercise_id: str = ""


CLEAN = "completed"


def history(exercise: Exercise, *tries: Try) -> list[ExerciseSession]:
    """The tries as the store gives them, newest first (the first try is the newest)."""
    sessions = []
    for age, t in enumerate(tries):
        sets, work = (int(n) for n in t.dose.split("x"))
        sessions.append(
            ExerciseSession(
                exercise_id=t.exercise_id or exercise.id,
                level=t.level,
                sets=sets,
                work=work,
                clean=is_clean(t.status, t.full, t.reset),
                started_at=1_800_000_000.0 - age * 2 * 86400,
            )
        )
    return sessions


TOP = "3x45"

OFFERS = [
    pytest.param(GLUTE_BRIDGE, [], None, None, id="no history offers nothing"),
    pytest.param(GLUTE_BRIDGE, [Try("2x30")], (1, 1, 3, 30), None, id="a clean 2x30 offers 3x30"),
    pytest.param(GLUTE_BRIDGE, [Try("3x30")], (1, 1, 3, 35), None, id="a clean 3x30 offers 3x35"),
    pytest.param(GLUTE_BRIDGE, [Try("3x35")], (1, 1, 3, 40), None, id="a clean 3x35 offers 3x40"),
    pytest.param(GLUTE_BRIDGE, [Try("3x40")], (1, 1, 3, 45), None, id="a clean 3x40 offers 3x45"),
    pytest.param(GLUTE_BRIDGE, [Try("2x30", reset=True)], None, None, id="a reset holds the dose"),
    pytest.param(GLUTE_BRIDGE, [Try("3x35", full=False)], None, None, id="a cut-short set holds"),
    pytest.param(
        GLUTE_BRIDGE, [Try("2x30", status="partial")], None, None, id="a skipped set holds"
    ),
    pytest.param(
        GLUTE_BRIDGE, [Try("2x30", status="stopped")], None, None, id="a stopped session holds"
    ),
    pytest.param(
        GLUTE_BRIDGE, [Try("2x30", status="running")], None, None, id="a running session holds"
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try("2x30"), Try("2x30", reset=True)],
        (1, 1, 3, 30),
        None,
        id="a clean session after a reset climbs again",
    ),
    pytest.param(GLUTE_BRIDGE, [Try(TOP)], None, None, id="one clean at 3x45 is not yet enough"),
    pytest.param(
        GLUTE_BRIDGE,
        [Try(TOP), Try(TOP)],
        (1, 2, 2, 30),
        "Bridge walk",
        id="two clean at 3x45 offers the bridge walk",
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try(TOP, level=2), Try(TOP, level=2), Try("3x40", level=2)],
        (2, 3, 2, 30),
        "Runner's hinge",
        id="two clean at 3x45 on the bridge walk offers the runner's hinge",
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try(TOP), Try(TOP, reset=True), Try(TOP)],
        None,
        None,
        id="a reset between the sessions at 3x45 breaks the run",
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try(TOP), Try(TOP, status="stopped")],
        None,
        None,
        id="a stopped session at 3x45 does not count toward the two",
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try(TOP), Try("3x40"), Try(TOP)],
        None,
        None,
        id="the two at 3x45 must be in a row",
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try(TOP, level=2), Try(TOP, level=1)],
        None,
        None,
        id="two at 3x45 on different progressions do not count",
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try(TOP, level=3), Try(TOP, level=3), Try(TOP, level=3)],
        None,
        None,
        id="last level never offers",
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try(TOP, level=7), Try(TOP, level=3)],
        None,
        None,
        id="a level past the ladder is its last level",
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try("2x30", level=3)],
        (3, 3, 3, 30),
        None,
        id="the dose still climbs on the last level",
    ),
    pytest.param(
        HIP_CLAM,
        [Try(TOP), Try(TOP)],
        (1, 2, 2, 30),
        "Side-plank clam",
        id="two clean at 3x45 offers the side-plank clam",
    ),
    pytest.param(
        HIP_CLAM,
        [Try(TOP, level=2), Try(TOP, level=2)],
        None,
        None,
        id="the side-plank clam is the clam's last level",
    ),
    pytest.param(
        LATERAL_LUNGE,
        [Try(TOP), Try(TOP)],
        (1, 2, 2, 30),
        "Weighted",
        id="two clean at 3x45 offers the weighted lunge",
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try("4x60"), Try("3x50")],
        (1, 2, 2, 30),
        "Bridge walk",
        id="doses past the top count as the top",
    ),
    pytest.param(
        GLUTE_BRIDGE, [Try("1x20")], (1, 1, 2, 30), None, id="a dose below the range offers 2x30"
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try("2x40")],
        (1, 1, 3, 30),
        None,
        id="a dose off the ladder climbs from the last rung it covers",
    ),
    pytest.param(
        GLUTE_BRIDGE,
        [Try("2x30", exercise_id="hip-clam", reset=True), Try("2x30")],
        (1, 1, 3, 30),
        None,
        id="another exercise's reset holds only that exercise",
    ),
]


@pytest.mark.parametrize(("exercise", "tries", "offer", "progression"), OFFERS)
def test_offers(
    exercise: Exercise,
    tries: list[Try],
    offer: tuple[int, int, int, int] | None,
    progression: str | None,
) -> None:
    result = suggest(exercise, history(exercise, *tries))
    if offer is None:
        assert result is None
        return
    assert result is not None
    assert (result.from_level, result.to_level, result.sets, result.work) == offer
    assert result.exercise_id == exercise.id
    assert result.is_progression == (progression is not None)
    # A dose offer names the progression the user is on; a progression offer the next one.
    assert result.progression == (progression or exercise.progressions[offer[1] - 1].name)


def test_the_ladder_adds_the_third_set_first_then_five_seconds_a_rung() -> None:
    assert dose_ladder(ARTICLE_DOSE) == (
        Dose(2, 30),
        Dose(3, 30),
        Dose(3, 35),
        Dose(3, 40),
        Dose(3, 45),
    )
    # Every rung adds work and none shortens a set.
    ladder = dose_ladder()
    volumes = [rung.sets * rung.work for rung in ladder]
    assert volumes == sorted(set(volumes))
    assert all(b.covers(a) for a, b in zip(ladder, ladder[1:], strict=False))


def test_another_range_gets_a_ladder_of_the_same_shape() -> None:
    ladder = dose_ladder(DoseRange(sets=(1, 2), seconds=(20, 32)))
    assert ladder == (Dose(1, 20), Dose(2, 20), Dose(2, 25), Dose(2, 30), Dose(2, 32))


@pytest.mark.parametrize(
    ("dose", "rung"),
    [
        (Dose(1, 45), -1),
        (Dose(2, 29), -1),
        (Dose(2, 30), 0),
        (Dose(2, 45), 0),
        (Dose(3, 30), 1),
        (Dose(3, 44), 3),
        (Dose(3, 45), 4),
        (Dose(5, 90), 4),
    ],
    ids=str,
)
def test_rung_of(dose: Dose, rung: int) -> None:
    assert rung_of(dose, dose_ladder()) == rung


@pytest.mark.parametrize(
    ("status", "full", "reset", "clean"),
    [
        ("completed", True, False, True),
        ("completed", True, True, False),
        ("completed", False, False, False),
        ("partial", True, False, False),
        ("stopped", True, False, False),
        ("running", True, False, False),
    ],
)
def test_is_clean(status: str, full: bool, reset: bool, clean: bool) -> None:
    assert is_clean(status, full, reset) is clean


def test_a_set_is_full_only_at_its_planned_time() -> None:
    assert set_full(45, 45)
    assert set_full(45, 44.96)  # float noise
    assert not set_full(45, 44.5)
    assert set_full(45, 55)  # time added with +


def test_the_why_says_what_was_done_and_what_comes_next() -> None:
    climb = suggest(GLUTE_BRIDGE, history(GLUTE_BRIDGE, Try("3x35")))
    assert climb is not None
    assert climb.why == "a clean session at 3 × 35 s: ready for 3 × 40 s"
    walk = suggest(GLUTE_BRIDGE, history(GLUTE_BRIDGE, Try(TOP), Try(TOP)))
    assert walk is not None
    assert walk.why == "2 clean sessions in a row at 3 × 45 s: ready for Bridge walk at 2 × 30 s"
    below = suggest(HIP_CLAM, history(HIP_CLAM, Try("1x20")))
    assert below is not None
    assert below.why == "a clean session at 1 × 20 s, below the range: ready for 2 × 30 s"


@pytest.mark.parametrize(
    ("current", "offered"),
    [
        pytest.param(None, True, id="no settings known: offered"),
        pytest.param(Current(1, Dose(2, 30)), True, id="settings at the history's dose: offered"),
        pytest.param(Current(1, Dose(3, 30)), False, id="settings already at the offer: not made"),
        pytest.param(Current(1, Dose(3, 45)), False, id="settings past the offer: not made"),
        pytest.param(Current(2, Dose(2, 30)), False, id="a higher level set: not made"),
    ],
)
def test_an_offer_the_settings_already_reach_is_not_made(
    current: Current | None, offered: bool
) -> None:
    result = suggest(GLUTE_BRIDGE, history(GLUTE_BRIDGE, Try("2x30")), current)
    assert (result is not None) is offered


def test_the_next_progression_is_not_offered_once_the_level_is_set() -> None:
    tries = history(GLUTE_BRIDGE, Try(TOP), Try(TOP))
    assert suggest(GLUTE_BRIDGE, tries, Current(1, Dose(3, 45))) is not None
    assert suggest(GLUTE_BRIDGE, tries, Current(2, Dose(3, 45))) is None


def test_every_exercise_is_judged_on_its_own_sessions() -> None:
    mixed = [
        *history(GLUTE_BRIDGE, Try("2x30", reset=True)),
        *history(HIP_CLAM, Try(TOP), Try(TOP)),
        *history(LATERAL_LUNGE, Try("3x35")),
    ]
    mixed.sort(key=lambda s: -s.started_at)
    offers = suggest_all((*EXERCISES, GLUTE_BRIDGE), mixed)
    assert [(o.exercise_id, o.to_level, o.sets, o.work) for o in offers] == [
        ("hip-clam", 2, 2, 30),
        ("lateral-lunge", 1, 3, 40),
    ]


@pytest.mark.parametrize(
    ("offer", "label"),
    [
        (Suggestion("glute-bridge", "Glute bridge", 1, 2, "Bridge walk", 2, 30, ""), "bridge walk"),
        (Suggestion("hip-clam", "Hip clam", 1, 2, "Side-plank clam", 2, 30, ""), "side-plank clam"),
        (
            Suggestion("lateral-lunge", "Lateral lunge", 1, 2, "Weighted", 2, 30, ""),
            "weighted lunge",
        ),
        (Suggestion("hip-clam", "Hip clam", 1, 1, "Side-lying clam", 3, 35, ""), "clam 3×35 s"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_labels_for_a_status_line(offer: Suggestion, label: str) -> None:
    assert offer.label() == label


def test_json_has_the_fields_the_status_command_promises() -> None:
    offer = suggest(GLUTE_BRIDGE, history(GLUTE_BRIDGE, Try(TOP), Try(TOP)))
    assert offer is not None
    assert offer.as_json() == {
        "exercise_id": "glute-bridge",
        "from_level": 1,
        "to_level": 2,
        "progression": "Bridge walk",
        "sets": 2,
        "work": 30,
        "why": offer.why,
    }
