"""Custom routine files: the documented format, problems collected per file, never raised."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hiptimer.config.routines import find_routine, load_routine_file, load_routines
from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.plan import PhaseKind, build_plan
from hiptimer.core.settings import Settings

README = Path(__file__).parents[2] / "README.md"


def readme_routine() -> str:
    """The complete routine example in the README (the TOML block under 'Custom routines')."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Custom routines", 1)[1]
    match = re.search(r"```toml\n(.*?)```", section, re.S)
    assert match, "the README has no routine example"
    return match.group(1)


def test_the_readme_example_loads_without_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "pre-run.toml"
    path.write_text(readme_routine(), encoding="utf-8")
    result = load_routine_file(path)
    assert result.problems == ()
    routine = result.routine
    assert routine is not None
    assert (routine.id, routine.name) == ("pre-run", "Pre-run primer")
    assert routine.description == "Five minutes before an easy run"
    assert routine.source == str(path) and not routine.builtin
    hinge, clam = routine.items
    assert (hinge.exercise.name, hinge.exercise.id) == ("Runner's hinge", "runner-s-hinge")
    assert (hinge.sets, hinge.work, hinge.rest, hinge.level) == (2, 30, 10, 1)
    assert hinge.exercise.per_side
    assert hinge.exercise.cues[0] == "Hinge from the hip, back long"
    assert [p.name for p in hinge.exercise.progressions] == ["Supported", "Free standing"]
    assert (clam.sets, clam.work, clam.rest) == (None, 40, None)


def test_a_routine_plans_with_settings_for_what_it_leaves_open(tmp_path: Path) -> None:
    path = tmp_path / "pre-run.toml"
    path.write_text(readme_routine(), encoding="utf-8")
    routine = load_routine_file(path).routine
    assert routine is not None
    plan = build_plan(routine, Settings(sets=3, switch=4))
    work = [p for p in plan.phases if p.kind is PhaseKind.WORK]
    # The hinge: 2 sets × 2 sides of 30 s; the clam: the settings' 3 sets × 2 sides of 40 s.
    assert [p.duration for p in work] == [30] * 4 + [40] * 6
    assert work[0].progression is not None and work[0].progression.name == "Supported"


def test_routines_folder_lists_builtin_first_then_files_by_name(tmp_path: Path) -> None:
    for stem in ("zz-last", "aa-first"):
        (tmp_path / f"{stem}.toml").write_text(
            f'name = "{stem}"\n[[exercises]]\nname = "Bridge"\n', encoding="utf-8"
        )
    (tmp_path / "notes.txt").write_text("not a routine")
    loaded = load_routines(tmp_path)
    assert [r.id for r in loaded.routines] == ["runners-hips", "aa-first", "zz-last"]
    assert loaded.problems == ()
    assert find_routine(loaded.routines, None) is BUILTIN_ROUTINE
    assert find_routine(loaded.routines, "zz-last") is loaded.routines[2]
    assert find_routine(loaded.routines, "nope") is None


def test_a_missing_folder_means_only_the_builtin_routine(tmp_path: Path) -> None:
    loaded = load_routines(tmp_path / "nowhere")
    assert loaded.routines == (BUILTIN_ROUTINE,)
    assert loaded.problems == ()


def test_a_bad_file_is_reported_and_the_others_still_load(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text('name = "Good"\n[[exercises]]\nname = "Clam"\n')
    (tmp_path / "bad.toml").write_text('name = "Bad"\n[[exercises]\n')
    loaded = load_routines(tmp_path)
    assert [r.id for r in loaded.routines] == ["runners-hips", "good"]
    (problem,) = loaded.problems
    assert problem.path == tmp_path / "bad.toml"
    assert str(problem).startswith(f"{tmp_path / 'bad.toml'}: line 2, column ")
    assert "routine not loaded" in str(problem)


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        pytest.param(
            '[[exercises]]\nname = "A"\n',
            "key 'name'",
            "missing; using the file name",
            id="no-name",
        ),
        pytest.param(
            'name = "R"\n[[exercises]]\nname = "A"\nsets = 0\n',
            "key 'exercises[1].sets'",
            "of sets from 1 to 10, not 0",
            id="zero-sets",
        ),
        pytest.param(
            'name = "R"\n[[exercises]]\nname = "A"\nwork = 3601\n',
            "key 'exercises[1].work'",
            "not 3601",
            id="too-long",
        ),
        pytest.param(
            'name = "R"\n[[exercises]]\nname = "A"\nper_side = 1\n',
            "key 'exercises[1].per_side'",
            "true or false",
            id="per-side-number",
        ),
        pytest.param(
            'name = "R"\n[[exercises]]\nname = "A"\ncues = [1]\n',
            "key 'exercises[1].cues[1]'",
            "text in quotes",
            id="cue-number",
        ),
        pytest.param(
            'name = "R"\n[[exercises]]\nname = "A"\nsecs = 30\n',
            "key 'exercises[1].secs'",
            "did you mean 'sets'",
            id="misspelt",
        ),
        pytest.param(
            'name = "R"\ndescripton = "x"\n[[exercises]]\nname = "A"\n',
            "key 'descripton'",
            "did you mean 'description'",
            id="misspelt-top",
        ),
        pytest.param(
            'name = "R"\n[[exercises]]\nname = "A"\nprogressions = 3\n',
            "key 'exercises[1].progressions'",
            "list of tables",
            id="progressions",
        ),
    ],
)
def test_a_wrong_value_is_named_and_the_routine_still_loads(
    tmp_path: Path, text: str, where: str, reason: str
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    result = load_routine_file(path)
    assert result.routine is not None
    (problem,) = result.problems
    assert problem.where == where
    assert reason in problem.reason


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param('name = "R"\n', id="no-exercises"),
        pytest.param('name = "R"\nexercises = []\n', id="empty-list"),
        pytest.param('name = "R"\n[[exercises]]\nsets = 2\n', id="exercise-without-name"),
        pytest.param('name = "R"\nexercises = [1, 2]\n', id="numbers"),
    ],
)
def test_a_routine_without_a_usable_exercise_is_not_loaded(tmp_path: Path, text: str) -> None:
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    result = load_routine_file(path)
    assert result.routine is None
    assert any("routine not loaded" in p.reason for p in result.problems)


def test_a_file_named_like_the_builtin_routine_does_not_replace_it(tmp_path: Path) -> None:
    (tmp_path / "runners-hips.toml").write_text('name = "Mine"\n[[exercises]]\nname = "A"\n')
    loaded = load_routines(tmp_path)
    assert loaded.routines == (BUILTIN_ROUTINE,)
    assert "id of a built-in routine" in str(loaded.problems[0])


def test_markup_like_text_stays_exactly_as_written(tmp_path: Path) -> None:
    path = tmp_path / "markup.toml"
    path.write_text(
        'name = "[/b]"\n[[exercises]]\nname = "[bold]Bridge[/]"\ncues = ["[/]", "[0]"]\n',
        encoding="utf-8",
    )
    routine = load_routine_file(path).routine
    assert routine is not None
    assert routine.name == "[/b]"
    assert routine.items[0].exercise.name == "[bold]Bridge[/]"
    assert routine.items[0].exercise.cues == ("[/]", "[0]")


def test_exercise_ids_are_unique_within_a_routine(tmp_path: Path) -> None:
    path = tmp_path / "twice.toml"
    path.write_text('name = "T"\n[[exercises]]\nname = "Clam"\n[[exercises]]\nname = "clam"\n')
    routine = load_routine_file(path).routine
    assert routine is not None
    assert [i.exercise.id for i in routine.items] == ["clam", "clam-2"]


def test_a_flood_of_problems_is_capped(tmp_path: Path) -> None:
    keys = "\n".join(f"unknown{i} = 1" for i in range(50))
    path = tmp_path / "noisy.toml"
    path.write_text(f'name = "N"\n{keys}\n[[exercises]]\nname = "A"\n', encoding="utf-8")
    problems = load_routine_file(path).problems
    assert len(problems) == 10
    assert problems[-1].reason == "and 41 more problems"


def test_a_folder_or_dangling_link_named_like_a_routine_is_named_not_passed_over(
    tmp_path: Path,
) -> None:
    (tmp_path / "good.toml").write_text('name = "Good"\n[[exercises]]\nname = "Clam"\n')
    (tmp_path / "old.toml").mkdir()
    (tmp_path / "gone.toml").symlink_to(tmp_path / "moved-away.toml")
    (tmp_path / ".#good.toml").symlink_to("someone@host.1234")  # an editor's lock link
    loaded = load_routines(tmp_path)
    assert [r.name for r in loaded.routines] == ["Runner's hips", "Good"]
    assert [str(p) for p in loaded.problems] == [
        f"{tmp_path / 'gone.toml'}: a link to a file that does not exist; skipped",
        f"{tmp_path / 'old.toml'}: a folder, not a routine file; skipped",
    ]
