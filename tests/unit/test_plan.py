"""Plan tests: per-side expansion, rest placement, totals for the presets."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hiptimer.core.catalog import BUILTIN_ROUTINE, GLUTE_BRIDGE, HIP_CLAM, Routine, RoutineItem
from hiptimer.core.plan import PhaseKind, Side, build_plan
from hiptimer.core.settings import PRESETS, Settings


def kinds(plan_phases: tuple[object, ...]) -> str:
    """Compact spelling of a plan: P prepare, W work, S switch, R rest, D done."""
    letters = {"prepare": "P", "work": "W", "switch": "S", "rest": "R", "done": "D"}
    return "".join(letters[p.kind.value] for p in plan_phases)  # type: ignore[attr-defined]


def test_builtin_default_shape() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings())
    # bridge: W R W; clam: WSW R WSW; lunge: WSW R WSW; rests between exercises.
    assert kinds(plan.phases) == "P" + "WRW" + "R" + "WSWRWSW" + "R" + "WSWRWSW" + "D"


def test_per_side_sets_are_left_switch_right_with_full_time_each_side() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings(work=40, switch=7))
    clam_work = [p for p in plan.phases if p.is_work and p.exercise is HIP_CLAM]
    assert [(p.set_number, p.side) for p in clam_work] == [
        (1, Side.LEFT),
        (1, Side.RIGHT),
        (2, Side.LEFT),
        (2, Side.RIGHT),
    ]
    assert all(p.duration == 40 for p in clam_work)
    switches = [p for p in plan.phases if p.kind is PhaseKind.SWITCH]
    assert [p.duration for p in switches] == [7] * 4


def test_rest_between_sets_and_longer_rest_between_exercises() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings(rest=15, exercise_rest=30))
    rests = [(i, p.duration) for i, p in enumerate(plan.phases) if p.kind is PhaseKind.REST]
    between_sets = [d for i, d in rests if plan.phases[i - 1].exercise is plan.phases[i].exercise]
    between_exercises = [
        d for i, d in rests if plan.phases[i - 1].exercise is not plan.phases[i].exercise
    ]
    assert between_sets == [15, 15, 15]
    assert between_exercises == [30, 30]


def test_no_rest_after_the_last_set() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings())
    assert plan.phases[-1].kind is PhaseKind.DONE
    assert plan.phases[-2].is_work


@pytest.mark.parametrize(
    ("preset", "total"),
    [
        # prepare 10 + bridge sets*(w) + clam and lunge sets*(2w+5)
        # + rests 15*(sets-1) per exercise + 2 exercise rests of 30
        ("quick", 10 + 2 * 30 + 2 * (2 * (2 * 30 + 5)) + 3 * 15 + 60),
        ("standard", 10 + 3 * 40 + 2 * (3 * (2 * 40 + 5)) + 3 * 2 * 15 + 60),
        ("full", 10 + 3 * 45 + 2 * (3 * (2 * 45 + 5)) + 3 * 2 * 15 + 60),
    ],
    ids=["quick-2x30", "standard-3x40", "full-3x45"],
)
def test_preset_totals(preset: str, total: int) -> None:
    chosen = next(p for p in PRESETS if p.id == preset)
    plan = build_plan(BUILTIN_ROUTINE, Settings().with_preset(chosen))
    assert plan.total_seconds == total
    assert plan.total_seconds == sum(p.duration for p in plan.phases)


def test_sets_planned_counts_a_per_side_set_once() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings(sets=3))
    assert plan.sets_planned == 9


def test_overrides_beat_routine_items_which_beat_settings() -> None:
    routine = Routine("r", "R", (RoutineItem(GLUTE_BRIDGE, sets=1, work=20, rest=5),))
    plan = build_plan(routine, Settings(work=30, sets=3))
    assert [p.duration for p in plan.phases if p.is_work] == [20]
    plan = build_plan(routine, Settings(), {"work": 50, "sets": 2})
    assert [p.duration for p in plan.phases if p.is_work] == [50, 50]


def test_level_picks_the_progression_and_clamps_to_the_ladder() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings(levels={"glute-bridge": 3}))
    bridge = next(p for p in plan.phases if p.exercise is GLUTE_BRIDGE and p.is_work)
    assert bridge.progression is not None and bridge.progression.name == "Runner's hinge"
    plan = build_plan(BUILTIN_ROUTINE, Settings(), {"level": 9})
    clam = next(p for p in plan.phases if p.exercise is HIP_CLAM and p.is_work)
    assert clam.progression == HIP_CLAM.progressions[-1]


def test_next_work_skips_rest_and_switch() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings())
    for i, phase in enumerate(plan.phases[:-1]):
        nxt = plan.next_work(i)
        if phase.kind is PhaseKind.DONE or i >= len(plan.phases) - 2:
            continue
        assert nxt is not None and nxt > i and plan.phases[nxt].is_work


def test_empty_routine_is_just_done() -> None:
    plan = build_plan(replace(BUILTIN_ROUTINE, items=()), Settings())
    assert kinds(plan.phases) == "D"
    assert plan.total_seconds == 0
