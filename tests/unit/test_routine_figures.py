"""A routine file's exercise may name a built-in figure; it reaches the workout through the
plan's progression, or the exercise itself when it has no progressions, and a wrong name is a
problem that still loads the routine."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiptimer.config.routines import load_routine_file
from hiptimer.core.catalog import EXERCISES, FIGURE_NAMES, Routine
from hiptimer.core.engine import Engine
from hiptimer.core.figures import FIGURES, figure_for
from hiptimer.core.plan import PhaseKind, build_plan
from hiptimer.core.settings import Settings
from hiptimer.store.recorder import Recorder
from hiptimer.store.sessions import open_history
from hiptimer.store.writer import HistoryWriter

FIGURE_ONLY = 'name = "Mine"\n[[exercises]]\nname = "Clams"\nfigure = "hip-clam"\n'
"""A routine file whose one exercise names a figure and has no progressions."""


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
    exercise = routine.items[0].exercise
    # The figure goes on the exercise: no ladder of one step is made up to carry it.
    assert (exercise.figure, exercise.progressions) == (figure, ())
    plan = build_plan(routine, Settings(sets=2))
    work = [p for p in plan.phases if p.kind is PhaseKind.WORK]
    assert work and all(p.progression is None for p in work)
    drawn = {figure_for(p.progression, p.exercise) for p in work}
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
    assert figure_for(work.progression, work.exercise) == FIGURES["bridge-walk"]


def test_history_records_no_progression_for_a_figure_only_exercise(tmp_path: Path) -> None:
    routine, _ = load(tmp_path, FIGURE_ONLY)
    plan = build_plan(routine, Settings(sets=1, work=10, prepare=3))
    path = tmp_path / "history.sqlite3"
    history, notices = open_history(path)
    assert history is not None and notices == ()
    writer = HistoryWriter(path).start()
    try:
        engine = Engine(plan)
        recorder = Recorder(writer, plan)
        recorder(engine.start(0.0))
        while (deadline := engine.next_deadline) is not None:
            recorder(engine.advance(deadline))
        assert writer.flush(10.0)
    finally:
        writer.close(5.0)
    session = history.recent()[0].as_json()
    assert session["status"] == "completed"
    # As the README says of an exercise without progressions: no progression, level 1.
    assert [(s["exercise"], s["level"], s["progression"]) for s in session["sets"]] == [
        ("Clams", 1, None)
    ]


def test_without_a_figure_nothing_is_drawn(tmp_path: Path) -> None:
    routine, problems = load(tmp_path, 'name = "Mine"\n[[exercises]]\nname = "Clams"\n')
    assert problems == []
    plan = build_plan(routine, Settings())
    assert all(figure_for(p.progression, p.exercise) is None for p in plan.phases)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ('"clamshell"', "is not a built-in figure ('clamshell'); use one of: basic-bridge"),
        ('"[red]x[/"', "is not a built-in figure ('[red]x[/'); use one of:"),
        ('"Hip Clam"', "is not a built-in figure ('Hip Clam'); did you mean 'hip-clam'?"),
        (
            '"hip\u2010clam"',
            "is not a built-in figure ('hip‐clam'); it holds HYPHEN (U+2010), not a plain "
            "letter or hyphen; did you mean 'hip-clam'?",
        ),
        ("3", "must be text in quotes"),
        ('"a\\u0007b"', "control character"),
    ],
    ids=["unknown", "markup-like", "near", "look-alike", "number", "control-character"],
)
def test_a_wrong_figure_is_named_and_the_routine_loads_without_one(
    tmp_path: Path, value: str, reason: str
) -> None:
    routine, problems = load(
        tmp_path, f'name = "Mine"\n[[exercises]]\nname = "Clams"\nfigure = {value}\n'
    )
    exercise = routine.items[0].exercise
    assert (exercise.figure, exercise.progressions) == (None, ())
    [problem] = problems
    assert problem.startswith(f"{tmp_path / 'mine.toml'}: key 'exercises[1].figure': ")
    assert reason in problem and problem.endswith("; no figure drawn")
    if "use one of" in reason:
        assert all(name in problem for name in FIGURE_NAMES)


def test_a_date_given_as_a_figure_is_named_as_a_date(tmp_path: Path) -> None:
    path = tmp_path / "dated.toml"
    path.write_text('name = "D"\n[[exercises]]\nname = "A"\nfigure = 1979-05-27\n', "utf-8")
    (problem,) = load_routine_file(path).problems
    assert problem.reason == "must be text in quotes, not a date; no figure drawn"


def test_a_figure_name_in_capitals_is_a_figure_name(tmp_path: Path) -> None:
    routine, problems = load(
        tmp_path, 'name = "Mine"\n[[exercises]]\nname = "Clams"\nfigure = " Hip-Clam "\n'
    )
    assert problems == [] and routine.items[0].exercise.figure == "side-lying-clam"
