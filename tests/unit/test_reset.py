"""The article's reset: during a bridge set, ``h`` says the hamstrings took over; the set starts
again with its reset prompt (shown, spoken, printed), and the history keeps the set as reset,
which holds the dose. Fake time, real SQLite files."""

from __future__ import annotations

import io
import json
import math
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiptimer.cli import main
from hiptimer.core.catalog import (
    BASIC_BRIDGE,
    BRIDGE_WALK,
    BUILTIN_ROUTINE,
    EXERCISES,
    RUNNERS_HINGE,
    Exercise,
    Progression,
    Routine,
    RoutineItem,
)
from hiptimer.core.command import Command
from hiptimer.core.cues import Cue, cues_for, player_sink
from hiptimer.core.engine import RESET_WHEN, Engine, IllegalCommand, State
from hiptimer.core.events import Event, Finished, PhaseEnded, PhaseStarted, Reset
from hiptimer.core.plan import Plan, Side, build_plan
from hiptimer.core.progression import suggest_all
from hiptimer.core.records import workout_sets
from hiptimer.core.settings import Settings
from hiptimer.line.printer import LinePrinter
from hiptimer.store import journal
from hiptimer.store.journal import Call, Ref
from hiptimer.store.progress import recent_attempts
from hiptimer.store.recorder import Recorder, planned_sets
from hiptimer.store.sessions import History, open_history
from hiptimer.store.writer import HistoryWriter
from hiptimer.testing import RecordingPlayer
from tests.home import IsolatedHome

T0 = 1000.0
BRIDGE_WORDS = BASIC_BRIDGE.reset_cue
WALL = float(int(time.time()))


def make_plan(level: int = 1, routine: Routine = BUILTIN_ROUTINE) -> Plan:
    """Prepare 10 · bridge 30 (1) · rest 15 · bridge 30 (3) · rest 30 · clam L 30 (5) ·
    switch 5 · clam R 30 (7) · ... at level 1; the runner's hinge at level 3 is per side."""
    settings = Settings(
        work=30, sets=2, rest=15, exercise_rest=30, switch=5, prepare=10,
        levels={"glute-bridge": level},
    )  # fmt: skip
    return build_plan(routine, settings)


def new(plan: Plan) -> Engine:
    return Engine(plan, jump_threshold=math.inf)


def run_to_end(engine: Engine) -> list[Event]:
    events: list[Event] = []
    while (deadline := engine.next_deadline) is not None:
        events += engine.advance(deadline)
    return events


# --- the engine ---------------------------------------------------------------------------


def test_a_reset_during_bridge_work_starts_the_set_again_and_marks_it() -> None:
    engine = new(make_plan())
    engine.start(T0)
    engine.advance(T0 + 22)  # 12 s into the first bridge set
    assert engine.can(Command.RESET) and engine.refusal(Command.RESET) is None
    events = engine.reset(T0 + 22)
    assert [type(e) for e in events] == [PhaseEnded, PhaseStarted, Reset]
    ended, started, reset = events
    assert isinstance(ended, PhaseEnded) and (ended.index, ended.done) == (1, 12.0)
    assert not ended.completed
    assert isinstance(started, PhaseStarted) and started.index == 1
    assert isinstance(reset, Reset) and (reset.index, reset.text) == (1, BRIDGE_WORDS)
    assert reset.clock == pytest.approx(22.0)
    assert engine.index == 1 and engine.remaining(T0 + 22) == 30.0  # the whole set again
    assert engine.resets == {1}
    finished = run_to_end(engine)[-1]
    assert isinstance(finished, Finished) and finished.completed
    assert finished.resets == (1,)
    assert finished.sets_done == engine.plan.sets_planned  # the set redone in full is done
    sets = workout_sets(engine.plan, dict(finished.work_done), finished.resets)
    assert [s.reset for s in sets] == [True] + [False] * (len(sets) - 1)
    assert sets[0].done_seconds == 30.0


@pytest.mark.parametrize(
    ("at", "where"),
    [
        pytest.param(T0 + 5, "get ready", id="get-ready"),
        pytest.param(T0 + 45, "rest", id="rest-between-bridge-sets"),
        pytest.param(T0 + 100, "rest", id="rest-before-the-clams"),
        pytest.param(T0 + 125, "clam work", id="clam-left"),
        pytest.param(T0 + 147, "switch", id="switch"),
        pytest.param(T0 + 160, "clam work", id="clam-right"),
    ],
)
def test_no_reset_outside_a_bridge_set(at: float, where: str) -> None:
    engine = new(make_plan())
    engine.start(T0)
    engine.advance(at)
    before = (engine.state, engine.index, engine.remaining(at), engine.active(at))
    assert not engine.can(Command.RESET), where
    assert engine.refusal(Command.RESET) == RESET_WHEN
    with pytest.raises(IllegalCommand, match="reset is for a bridge set"):
        engine.reset(at)
    assert (engine.state, engine.index, engine.remaining(at), engine.active(at)) == before
    assert engine.resets == set()


def test_refusal_has_words_for_the_reset_and_the_first_phase_only() -> None:
    engine = new(make_plan())
    engine.start(T0)
    assert not engine.can(Command.PREVIOUS)
    assert engine.refusal(Command.PREVIOUS) == "already at the first phase"
    assert engine.refusal(Command.NEXT) is None  # the generic words do for the others


@pytest.mark.parametrize(
    ("level", "progression", "side"),
    [
        pytest.param(2, BRIDGE_WALK, None, id="bridge-walk"),
        pytest.param(3, RUNNERS_HINGE, Side.RIGHT, id="runners-hinge-right-side"),
    ],
)
def test_every_bridge_progression_resets_with_its_own_words(
    level: int, progression: Progression, side: Side | None
) -> None:
    plan = make_plan(level)
    engine = new(plan)
    engine.start(T0)
    # Skip to the first work phase on the wanted side.
    while not (engine.phase.is_work and engine.phase.side is side):
        engine.next(T0)
    index = engine.index
    events = engine.reset(T0 + 3)
    reset = events[-1]
    assert isinstance(reset, Reset) and reset.text == progression.reset_cue
    assert engine.resets == {index}
    if side is Side.RIGHT:
        assert plan.phases[index - 2].side is Side.LEFT and index - 2 not in engine.resets


def test_a_routine_files_own_exercise_has_no_reset_even_under_the_bridges_id() -> None:
    # What decides is the movement's reset words, not the id: a routine file's progression
    # has none, whatever its exercise is called.
    homemade = Exercise(
        "glute-bridge", "Bridge", False, "", "", ("Squeeze",), (Progression("Mine", "Lift."),)
    )
    plan = make_plan(routine=Routine("mine", "Mine", (RoutineItem(homemade),)))
    engine = new(plan)
    engine.start(T0)
    engine.advance(T0 + 15)
    assert engine.phase.is_work and not engine.can(Command.RESET)
    assert engine.refusal(Command.RESET) == RESET_WHEN


def test_a_reset_while_paused_starts_the_set_again_and_stays_paused() -> None:
    engine = new(make_plan())
    engine.start(T0)
    engine.advance(T0 + 30)
    engine.pause(T0 + 30)
    events = engine.reset(T0 + 90)
    assert isinstance(events[-1], Reset) and engine.state is State.PAUSED
    assert engine.remaining(T0 + 500) == 30.0 and engine.next_deadline is None
    assert engine.active(T0 + 500) == pytest.approx(30.0)  # 10 s ready + 20 s worked


def test_a_set_that_ran_out_just_before_the_key_is_not_reset() -> None:
    engine = new(make_plan())
    engine.start(T0)
    engine.advance(T0 + 39)
    events = engine.reset(T0 + 40.2)  # the set ended at 40: what fell due happens, no more
    assert not any(isinstance(e, Reset) for e in events)
    assert engine.index == 2 and engine.resets == set()


# --- the cue and line mode ------------------------------------------------------------------


def reset_events() -> tuple[Plan, list[Event]]:
    plan = make_plan()
    engine = new(plan)
    engine.start(T0)
    engine.advance(T0 + 22)
    return plan, engine.reset(T0 + 22)


def test_the_reset_has_its_own_tone_and_spoken_prompt_instead_of_go() -> None:
    plan, events = reset_events()
    reset = events[-1]
    assert cues_for(reset, plan) == (Cue("reset", "reset-basic-bridge", BRIDGE_WORDS),)
    player = RecordingPlayer()
    player_sink(player, plan)(events)
    assert player.played == [Cue("reset", "reset-basic-bridge", BRIDGE_WORDS)]  # no "go"


def test_line_mode_prints_one_reset_line_and_no_second_work_line() -> None:
    plan, events = reset_events()
    out = io.StringIO()
    LinePrinter(plan, out)(events)
    assert out.getvalue().splitlines() == [
        f"00:22 RESET Glute bridge · set 1 of 2 · 30 s again · {BRIDGE_WORDS}"
    ]


# --- the history and the progression ------------------------------------------------------


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    found, notices = open_history(tmp_path / "history.sqlite3")
    assert found is not None and notices == ()
    yield found
    found.close()


def record_workout(path: Path, *, reset_at: float | None) -> Recorder:
    """A whole default workout through a real writer thread, with ``h`` at ``reset_at``."""
    plan = make_plan()
    engine = Engine(plan)
    now = 0.0
    writer = HistoryWriter(path).start()
    recorder = Recorder(writer, plan, clock=lambda: WALL + now)
    recorder(engine.start(0.0))
    while (deadline := engine.next_deadline) is not None:
        if reset_at is not None and deadline > reset_at:
            now, reset_at = reset_at, None
            recorder(engine.reset(now))
            continue
        now = deadline
        recorder(engine.advance(deadline))
    assert writer.flush(10.0)
    writer.close(5.0)
    return recorder


def test_the_reset_set_is_stored_as_reset_and_the_session_still_completes(
    history: History,
) -> None:
    recorder = record_workout(history.path, reset_at=22.0)
    assert recorder.status == "completed"
    (session,) = history.recent()
    assert [(s.exercise_id, s.set, s.reset) for s in session.sets[:2]] == [
        ("glute-bridge", 1, True),
        ("glute-bridge", 2, False),
    ]
    assert not any(s.reset for s in session.sets[2:])
    assert session.sets[0].done_seconds == 30.0
    rows = history.conn.execute("SELECT position, reset FROM sets WHERE reset != 0").fetchall()
    assert rows == [(1, 1)]


def test_history_json_says_which_set_was_reset(
    home: IsolatedHome, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home.enter(monkeypatch)
    home.history_file.parent.mkdir(parents=True)
    record_workout(home.history_file, reset_at=22.0)
    assert main(["history", "--json"]) == 0
    (session,) = json.loads(capsys.readouterr().out)
    assert [s["reset"] for s in session["sets"]][:3] == [True, False, False]
    assert main(["history", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].endswith(",glute-bridge,1,,1,Basic bridge,30,30,1")
    assert lines[2].endswith(",glute-bridge,2,,1,Basic bridge,30,30,0")


@pytest.mark.parametrize("reset_at", [None, 22.0], ids=["clean", "bridge-reset"])
def test_a_reset_holds_the_bridges_dose_and_only_the_bridges(
    history: History, reset_at: float | None
) -> None:
    record_workout(history.path, reset_at=reset_at)
    attempts = recent_attempts(history.conn)
    clean = {a.exercise_id: a.clean for a in attempts}
    assert clean == {
        "glute-bridge": reset_at is None,
        "hip-clam": True,
        "lateral-lunge": True,
    }
    offered = {offer.exercise_id for offer in suggest_all(EXERCISES, attempts)}
    assert ("glute-bridge" in offered) is (reset_at is None)
    assert {"hip-clam", "lateral-lunge"} <= offered


def test_a_reset_held_up_by_a_lock_waits_in_the_journal_and_is_merged(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    calls = [
        Call(0, "start_session", ("r", "R", planned_sets(make_plan()), WALL)),
        Call(1, "mark_reset", (Ref(0), 1, WALL + 22)),
    ]
    journal.append(path, journal.encode_batch(calls))
    found, _ = open_history(path)
    assert found is not None
    try:
        (session,) = found.recent()
        assert [s.reset for s in session.sets[:2]] == [True, False]
    finally:
        found.close()


def test_a_hand_made_reset_in_the_journal_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    calls = [[0, "start_session", ["r", "R", [], WALL]], [1, "mark_reset", [{"$ref": 0}, "1", 5]]]
    line = {"hiptimer_journal": 1, "host": "elsewhere", "pid": 1, "calls": calls}
    journal.journal_path(path).write_text(json.dumps(line) + "\n", encoding="utf-8")
    found, notices = open_history(path)
    assert found is not None
    try:
        assert found.count() == 0 and any("was not merged" in n for n in notices)
    finally:
        found.close()
