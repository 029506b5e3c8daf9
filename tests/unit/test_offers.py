"""Offers to move up: their words, what a yes changes, and that an offer taken is not made
again; each exercise's own dose in the plan; line mode's OFFER lines."""

from __future__ import annotations

import io

import pytest

from hiptimer.core.catalog import BUILTIN_ROUTINE, EXERCISES, GLUTE_BRIDGE, HIP_CLAM
from hiptimer.core.controls import CONTROL, Scope, key_help_line
from hiptimer.core.engine import Engine
from hiptimer.core.events import Event
from hiptimer.core.offers import accept, detail, offer_event_line, offer_line, question
from hiptimer.core.plan import PhaseKind, Plan, Side, build_plan
from hiptimer.core.progression import (
    Current,
    Dose,
    ExerciseSession,
    current_doses,
    suggest,
    suggest_all,
)
from hiptimer.core.settings import ExerciseDose, Settings
from hiptimer.line.control import control_of
from hiptimer.line.printer import LinePrinter

DAY = 86400.0


def sessions(exercise_id: str, *doses: str, level: int = 1) -> list[ExerciseSession]:
    """Clean sessions of one exercise, newest first, each dose as ``"3x45"``."""
    made = []
    for age, dose in enumerate(doses):
        sets, work = (int(n) for n in dose.split("x"))
        made.append(
            ExerciseSession(exercise_id, level, sets, work, True, 1_800_000_000.0 - age * DAY)
        )
    return made


BRIDGE_AT_TOP = sessions("glute-bridge", "3x45", "3x45")
CLAM_AT_35 = sessions("hip-clam", "3x35")


def test_a_progression_offer_in_words() -> None:
    offer = suggest(GLUTE_BRIDGE, BRIDGE_AT_TOP)
    assert offer is not None
    assert offer_line([offer]) == "Glute bridge: ready for the bridge walk? u to move up"
    assert question(offer) == "Glute bridge: move up to the bridge walk?"
    assert detail(offer, "/home/r/config.toml") == (
        "Glute bridge at level 2 (Bridge walk), 2 × 30 s.\n"
        "Earned by 2 clean sessions in a row at 3 × 45 s.\n"
        "Settings: /home/r/config.toml"
    )
    assert offer_event_line(offer) == (
        "OFFER Glute bridge: ready for the bridge walk (2 clean sessions in a row at 3 × 45 s)"
        " · in config.toml: [levels] glute-bridge = 2, [dose.glute-bridge] sets = 2, work = 30;"
        " or run hiptimer and press u"
    )


def test_a_dose_offer_in_words_and_how_many_more_wait() -> None:
    clam = suggest(HIP_CLAM, CLAM_AT_35)
    bridge = suggest(GLUTE_BRIDGE, BRIDGE_AT_TOP)
    assert clam is not None and bridge is not None
    assert offer_line([clam, bridge]) == (
        "Hip clam: ready for 3 × 40 s? u to move up · 1 more after this"
    )
    assert question(clam) == "Hip clam: move up to 3 × 40 s?"
    assert detail(clam, "x.toml") == (
        "Hip clam at 3 × 40 s.\nEarned by a clean session at 3 × 35 s.\nSettings: x.toml"
    )
    assert offer_event_line(clam) == (
        "OFFER Hip clam: ready for 3 × 40 s (a clean session at 3 × 35 s)"
        " · in config.toml: [dose.hip-clam] sets = 3, work = 40; or run hiptimer and press u"
    )


def test_a_one_word_progression_is_named_with_its_exercise() -> None:
    lunge = EXERCISES[2]
    offer = suggest(lunge, sessions(lunge.id, "3x45", "3x45"))
    assert offer is not None
    assert question(offer) == "Lateral lunge: move up to the weighted lunge?"


def test_yes_to_a_progression_sets_the_level_and_the_bottom_of_the_range() -> None:
    offer = suggest(GLUTE_BRIDGE, BRIDGE_AT_TOP)
    assert offer is not None
    start = Settings(work=45, sets=3, levels={"hip-clam": 2})
    taken = accept(start, offer)
    assert dict(taken.levels) == {"hip-clam": 2, "glute-bridge": 2}
    assert dict(taken.doses) == {"glute-bridge": ExerciseDose(2, 30)}
    assert (taken.work, taken.sets) == (45, 3)  # the other exercises keep the global dose
    # The offer taken is not made again, and nothing else is offered for the bridge yet.
    assert suggest_all(EXERCISES, BRIDGE_AT_TOP, current_doses(taken, EXERCISES)) == ()
    assert suggest_all(EXERCISES, BRIDGE_AT_TOP, current_doses(start, EXERCISES)) == (offer,)


def test_yes_to_a_dose_keeps_the_level_table_as_it_was() -> None:
    offer = suggest(HIP_CLAM, CLAM_AT_35)
    assert offer is not None
    taken = accept(Settings(), offer)
    assert dict(taken.levels) == {}  # level 1 is the default: nothing to write
    assert taken.sets_for("hip-clam") == 3 and taken.work_for("hip-clam") == 40
    assert taken.sets_for("glute-bridge") == 2 and taken.work_for("glute-bridge") == 30


def test_the_current_dose_is_the_exercises_own() -> None:
    settings = Settings(work=30, sets=2, doses={"hip-clam": ExerciseDose(3, 40)})
    assert current_doses(settings, EXERCISES) == {
        "glute-bridge": Current(1, Dose(2, 30)),
        "hip-clam": Current(1, Dose(3, 40)),
        "lateral-lunge": Current(1, Dose(2, 30)),
    }
    # A clam at 3 × 40 s already reaches the 3 × 40 s the last session earned.
    assert suggest_all(EXERCISES, CLAM_AT_35, current_doses(settings, EXERCISES)) == ()


def test_a_half_given_dose_takes_the_rest_from_the_global_values() -> None:
    settings = Settings(work=35, sets=3, doses={"hip-clam": ExerciseDose(work=45)})
    assert (settings.sets_for("hip-clam"), settings.work_for("hip-clam")) == (3, 45)


def work_of(plan: Plan, exercise_id: str) -> list[tuple[int, int]]:
    """(set, seconds) of each set of one exercise (the left side of a per-side set)."""
    return [
        (p.set_number, p.duration)
        for p in plan.phases
        if p.is_work and p.exercise is not None and p.exercise.id == exercise_id
        if p.side is not Side.RIGHT
    ]


def test_the_plan_runs_each_exercises_own_dose() -> None:
    settings = Settings(doses={"hip-clam": ExerciseDose(3, 40)})
    plan = build_plan(BUILTIN_ROUTINE, settings)
    assert work_of(plan, "hip-clam") == [(1, 40), (2, 40), (3, 40)]
    assert work_of(plan, "glute-bridge") == [(1, 30), (2, 30)]
    assert work_of(plan, "lateral-lunge") == [(1, 30), (2, 30)]
    # The rest before the clams says "set 1 of 3".
    rest = next(p for p in plan.phases if p.kind is PhaseKind.REST and p.exercise is HIP_CLAM)
    assert rest.sets == 3


def test_the_command_line_beats_an_exercises_own_dose() -> None:
    settings = Settings(doses={"hip-clam": ExerciseDose(3, 40)})
    plan = build_plan(BUILTIN_ROUTINE, settings, {"work": 20, "sets": 1})
    assert work_of(plan, "hip-clam") == [(1, 20)]


def test_the_move_up_key_is_in_the_table_for_home_and_done_only() -> None:
    move_up = CONTROL["move-up"]
    assert (move_up.keys, move_up.scope, move_up.asks_first) == (("u",), Scope.OFFER, True)
    # Line mode prints its offers; u there does nothing, and its KEYS line leaves it out.
    assert control_of("u") is None
    assert "u " not in key_help_line()


def run(plan: Plan, *, stop_at: float | None = None) -> list[Event]:
    engine = Engine(plan)
    events: list[Event] = engine.start(0.0)
    while not engine.ended:
        deadline = engine.next_deadline
        assert deadline is not None
        if stop_at is not None and deadline > stop_at:
            events += engine.stop(stop_at)
            break
        events += engine.advance(deadline)
    return events


@pytest.mark.parametrize(
    ("stop_at", "offers_printed"),
    [pytest.param(None, True, id="completed"), pytest.param(20.0, False, id="stopped")],
)
def test_line_mode_prints_its_offers_after_the_done_line(
    stop_at: float | None, offers_printed: bool
) -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings(work=5, sets=1, prepare=1))
    offer = suggest(GLUTE_BRIDGE, BRIDGE_AT_TOP)
    assert offer is not None
    out = io.StringIO()
    asked: list[int] = []

    def offers() -> list[str]:
        asked.append(1)
        return [offer_event_line(offer)]

    LinePrinter(plan, out, summary=lambda: "1st session this week", offers=offers)(
        run(plan, stop_at=stop_at)
    )
    lines = out.getvalue().splitlines()
    if offers_printed:
        assert lines[-2].split(" ", 1)[1].startswith("DONE ")
        clock = lines[-2].split(" ", 1)[0]
        assert lines[-1] == f"{clock} {offer_event_line(offer)}"
        assert lines[-1].startswith(f"{clock} OFFER Glute bridge: ready for the bridge walk")
    else:
        assert lines[-1].split(" ", 1)[1].startswith("STOP ")
        assert asked == []


def test_line_mode_reads_its_offers_from_a_real_history(tmp_path) -> None:
    import time

    from hiptimer.commands.run import offer_lines
    from hiptimer.store.writer import HistoryWriter
    from tests.clean_sessions import clean_history

    path = clean_history(tmp_path / "history.sqlite3", Settings(sets=3, work=45), 2, time.time())
    writer = HistoryWriter(path).start()
    try:
        lines = offer_lines(writer, Settings())
        taken = offer_lines(writer, Settings(levels={"glute-bridge": 2, "hip-clam": 2}))
    finally:
        writer.close(1.0)
    assert [line.split(":")[0] for line in lines] == [
        "OFFER Glute bridge",
        "OFFER Hip clam",
        "OFFER Lateral lunge",
    ]
    assert lines[0].startswith("OFFER Glute bridge: ready for the bridge walk (2 clean sessions")
    assert [line.split(":")[0] for line in taken] == ["OFFER Lateral lunge"]
