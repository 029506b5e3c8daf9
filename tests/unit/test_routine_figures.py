"""A routine file's exercise may name a built-in figure; it reaches the workout through the
plan's progression, and a wrong name is a problem that still loads the routine."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiptimer.config.routines import load_routine_file
from hiptimer.core.catalog import EXERCISES, FIGURE_NAMES, Routine
from hiptimer.core.figures import FIGURES, figure_for
from hiptimer.core.plan import PhaseKind, build_plan
from hiptimer.core.settings import Settings


def load(tmp_path: Path, text: str) -> tuple[Routine, list[str]]:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    result = load_routine_file(path)
    assert result.routine is not None
    return result.routine, [str(p) for p in result.problems]


def test_every_figure_name_draws_a_built_in_figure() -> None:
    assert set(FIGURE_NAMES.values()) == set(FIGURES)
    for exercise in EXERCISES:
        first = exercise.progression(1)
        assert first is not None
        assert FIGURE_NAMES[exercise.id] == first.figure


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        ("hip-clam", "side-lying-clam"),
        ("glute-bridge", "basic-bridge"),
        ("lateral-lunge", "lateral-lunge"),
        ("side-plank-clam", "side-plank-clam"),
        ("runners-hinge", "runners-hinge"),
    ],
    ids=lambda value: str(value),
)
def test_a_named_figure_reaches_every_work_phase_of_the_exercise(
    tmp_path: Path, name: str, figure: str
) -> None:
    routine, problems = load(
        tmp_path, f'name = "Mine"\n[[exercises]]\nname = "Clams"\nfigure = "{name}"\n'
    )
    assert problems == []
    plan = build_plan(routine, Settings(sets=2))
    work = [p for p in plan.phases if p.kind is PhaseKind.WORK]
    assert work and all(p.progression is not None for p in work)
    drawn = {figure_for(p.progression) for p in work}
    assert drawn == {FIGURES[figure]}
    # The REST and GET READY before a set carry the exercise too, for what comes next.
    assert plan.phases[0].exercise is work[0].exercise


def test_a_figure_goes_with_each_of_the_files_own_progressions(tmp_path: Path) -> None:
    routine, problems = load(
        tmp_path,
        'name = "Mine"\n[[exercises]]\nname = "Bridge"\nfigure = "bridge-walk"\nlevel = 2\n'
        'progressions = [{ name = "Easy" }, { name = "Hard", description = "Walk" }]\n',
    )
    assert problems == []
    exercise = routine.items[0].exercise
    assert [(p.name, p.figure) for p in exercise.progressions] == [
        ("Easy", "bridge-walk"),
        ("Hard", "bridge-walk"),
    ]
    work = next(p for p in build_plan(routine, Settings()).phases if p.is_work)
    assert work.progression is not None and work.progression.name == "Hard"


def test_without_a_figure_nothing_is_drawn(tmp_path: Path) -> None:
    routine, problems = load(tmp_path, 'name = "Mine"\n[[exercises]]\nname = "Clams"\n')
    assert problems == []
    plan = build_plan(routine, Settings())
    assert all(figure_for(p.progression) is None for p in plan.phases)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ('"clamshell"', "is not a built-in figure ('clamshell'); use one of: basic-bridge"),
        ('"[red]x[/"', "is not a built-in figure ('[red]x[/'); use one of:"),
        ("3", "must be text in quotes"),
        ('"a\\u0007b"', "control character"),
    ],
    ids=["unknown", "markup-like", "number", "control-character"],
)
def test_a_wrong_figure_is_named_and_the_routine_loads_without_one(
    tmp_path: Path, value: str, reason: str
) -> None:
    routine, problems = load(
        tmp_path, f'name = "Mine"\n[[exercises]]\nname = "Clams"\nfigure = {value}\n'
    )
    assert routine.items[0].exercise.progressions == ()
    [problem] = problems
    assert problem.startswith(f"{tmp_path / 'mine.toml'}: key 'exercises[1].figure': ")
    assert reason in problem and problem.endswith("; no figure drawn")
    if "use one of" in reason:
        assert all(name in problem for name in FIGURE_NAMES)
