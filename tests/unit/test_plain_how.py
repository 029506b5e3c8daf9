"""Line mode's HOW line: how to set up, once per exercise, before its first set."""

from __future__ import annotations

import io

from hiptimer.core.catalog import BUILTIN_ROUTINE, EXERCISES, Exercise, Progression, Routine
from hiptimer.core.catalog import RoutineItem as Item
from hiptimer.core.engine import Engine
from hiptimer.core.events import Event, ExerciseAhead
from hiptimer.core.plan import Plan, build_plan
from hiptimer.core.settings import Settings
from hiptimer.line.printer import LinePrinter


def run_out(plan: Plan, *, back_at: int | None = None) -> tuple[list[Event], list[str]]:
    """Run a plan to its end, each phase to its deadline; at the phase ``back_at`` go back
    one phase once and forward again."""
    engine = Engine(plan)
    events: list[Event] = engine.start(0.0)
    went_back = False
    while not engine.ended:
        if engine.index == back_at and not went_back:
            went_back = True
            due = engine.next_deadline
            assert due is not None
            events += engine.previous(due - 1) + engine.next(due - 1)
        deadline = engine.next_deadline
        assert deadline is not None
        events += engine.advance(deadline)
    out = io.StringIO()
    LinePrinter(plan, out)(events)
    return events, out.getvalue().splitlines()


def words(lines: list[str]) -> list[str]:
    return [line.split(" ", 1)[1] for line in lines]


def test_a_how_line_comes_once_per_exercise_before_its_first_set() -> None:
    _, lines = run_out(build_plan(BUILTIN_ROUTINE, Settings()))
    hows = [i for i, line in enumerate(lines) if " HOW " in line]
    assert len(hows) == len(EXERCISES)
    for i, exercise in zip(hows, EXERCISES, strict=True):
        first = exercise.progression(1)
        assert first is not None
        assert lines[i].split(" ", 1)[1] == f"HOW {exercise.name} · {first.name} · {first.setup}"
        # Right after the READY or REST that leads into the first set, before any WORK of it.
        assert " READY " in lines[i - 1] or f"next: {exercise.name}" in lines[i - 1]
        assert f" WORK {exercise.name} " in lines[i + 1]
        assert not any(f" WORK {exercise.name} " in line for line in lines[:i])
    assert lines[hows[0]].startswith("00:00 HOW Glute bridge · Basic bridge · Lie on your back")


def test_the_how_line_follows_the_level_in_use() -> None:
    _, lines = run_out(build_plan(BUILTIN_ROUTINE, Settings(levels={"glute-bridge": 3})))
    how = next(line for line in lines if " HOW Glute bridge" in line)
    assert how.startswith("00:00 HOW Glute bridge · Runner's hinge · Stand tall on one leg")


def test_going_back_over_the_rest_before_an_exercise_does_not_say_it_again() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings())
    clam = next(i for i, p in enumerate(plan.phases) if p.is_work and p.exercise is EXERCISES[1])
    events, lines = run_out(plan, back_at=clam)  # back to the rest, then on to the clam again
    assert sum(" HOW Hip clam" in line for line in lines) == 1
    ahead = [e.index for e in events if isinstance(e, ExerciseAhead)]
    assert len(ahead) == len(set(ahead)) == len(EXERCISES)


def custom(*progressions: Progression) -> Plan:
    exercise = Exercise("mine", "Clams [b]", True, "", "", ("Slow",), progressions)
    return build_plan(Routine("mine", "Mine", (Item(exercise, sets=2),)), Settings())


def test_a_files_exercise_says_its_own_description_as_written() -> None:
    _, lines = run_out(custom(Progression("Easy [/]", "On your side, [red]knees bent")))
    assert words(lines)[1] == "HOW Clams [b] · Easy [/] · On your side, [red]knees bent"


def test_a_files_exercise_with_nothing_to_say_how_has_no_how_line() -> None:
    # READY and REST already name it; a HOW with the name alone would say it twice.
    for plan in (custom(), custom(Progression("Clams [b]", "", figure="side-lying-clam"))):
        _, lines = run_out(plan)
        assert not any(" HOW " in line for line in lines)
        assert " READY Clams [b] · left side · set 1 of 2" in lines[0]


def test_a_figure_only_step_is_not_named_twice() -> None:
    _, lines = run_out(custom(Progression("Clams [b]", "Lie down", figure="side-lying-clam")))
    assert words(lines)[1] == "HOW Clams [b] · Lie down"


def test_text_that_could_drive_the_terminal_is_printed_escaped() -> None:
    # A routine file cannot hold it (it is refused where it is read), and the printer
    # escapes every line anyway.
    _, lines = run_out(custom(Progression("Easy", "Lie\x1b]0;owned\x07 down")))
    assert words(lines)[1] == "HOW Clams [b] · Easy · Lie\\x1b]0;owned\\x07 down"
