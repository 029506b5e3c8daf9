"""Engine tests: time is an argument, so every case runs instantly and exactly."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.command import Command
from hiptimer.core.engine import TRANSITIONS, Engine, IllegalCommand, State
from hiptimer.core.events import (
    Adjusted,
    Countdown,
    Event,
    Finished,
    FormReminder,
    Halfway,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    Tick,
)
from hiptimer.core.plan import PhaseKind, Plan, build_plan
from hiptimer.core.settings import Settings

T0 = 5000.0


def make_plan(**kw: int) -> Plan:
    base = {"work": 30, "sets": 2, "rest": 15, "exercise_rest": 30, "switch": 5, "prepare": 10}
    base.update(kw)
    return build_plan(BUILTIN_ROUTINE, Settings(**base))  # type: ignore[arg-type]


def new(plan: Plan) -> Engine:
    """An engine for tests that leap ahead: clock-jump detection is off (tested on its own)."""
    return Engine(plan, jump_threshold=math.inf)


def run_to_end(engine: Engine) -> list[Event]:
    """Feed the engine exactly its own deadlines until it finishes."""
    events: list[Event] = []
    while not engine.ended:
        deadline = engine.next_deadline
        assert deadline is not None
        events += engine.advance(deadline)
    return events


def of(events: Sequence[Event], kind: type[Event]) -> list[Event]:
    return [e for e in events if isinstance(e, kind)]


# --- a whole workout, read as a script -----------------------------------------------


def test_script_a_whole_default_workout() -> None:
    plan = make_plan()
    engine = new(plan)
    events = engine.start(T0) + run_to_end(engine)

    started = of(events, PhaseStarted)
    assert [e.index for e in started] == list(range(len(plan.phases)))  # type: ignore[attr-defined]
    # Every phase starts exactly where the one before was planned to end.
    for e in started:
        expected = sum(p.duration for p in plan.phases[: e.index])  # type: ignore[attr-defined]
        assert e.at == pytest.approx(T0 + expected, abs=1e-9)
        assert e.clock == pytest.approx(expected, abs=1e-9)
    finished = of(events, Finished)
    assert len(finished) == 1 and finished[0].completed  # type: ignore[attr-defined]
    assert finished[0].clock == pytest.approx(plan.total_seconds)
    assert finished[0].sets_done == plan.sets_planned == 6  # type: ignore[attr-defined]
    assert engine.state is State.FINISHED


def test_script_first_work_phase_moments() -> None:
    engine = new(make_plan())
    events = engine.start(T0)
    events += engine.advance(T0 + 10)  # prepare (10 s) is over
    events += engine.advance(T0 + 40)  # the first 30 s set is over
    words = [
        (type(e).__name__, round(e.clock, 3), getattr(e, "number", getattr(e, "remaining", "")))
        for e in events
        if not isinstance(e, Tick)
    ]
    assert words == [
        ("PhaseStarted", 0, ""),
        ("ExerciseAhead", 0, ""),
        ("Countdown", 7, 3),
        ("Countdown", 8, 2),
        ("Countdown", 9, 1),
        ("PhaseEnded", 10, ""),
        ("PhaseStarted", 10, ""),
        ("FormReminder", 22, ""),
        ("Halfway", 25, ""),
        ("FormReminder", 34, ""),
        ("Countdown", 37, 3),
        ("Countdown", 38, 2),
        ("Countdown", 39, 1),
        ("PhaseEnded", 40, ""),
        ("PhaseStarted", 40, ""),
    ]


def test_ticks_count_down_the_shown_seconds() -> None:
    engine = new(make_plan(prepare=5))
    events = engine.start(T0) + engine.advance(T0 + 5)
    ticks = [e.remaining for e in of(events, Tick)]  # type: ignore[attr-defined]
    assert ticks == [4, 3, 2, 1]


def test_form_reminders_rotate_through_the_exercise_cues() -> None:
    engine = new(make_plan(prepare=1, work=60))
    events = engine.start(T0) + engine.advance(T0 + 61)
    reminders = of(events, FormReminder)
    cues = engine.plan.phases[1].exercise.cues  # type: ignore[union-attr]
    assert [r.text for r in reminders] == list(cues[1:5])  # type: ignore[attr-defined]
    gaps = [b.clock - a.clock for a, b in zip(reminders, reminders[1:], strict=False)]
    assert all(10 <= g <= 15 for g in gaps)


def test_countdown_before_every_work_start_and_end() -> None:
    engine = new(make_plan())
    events = engine.start(T0) + run_to_end(engine)
    work_indices = [i for i, p in enumerate(engine.plan.phases) if p.is_work]
    for i in work_indices:
        before = [e.number for e in of(events, Countdown) if e.index == i - 1]  # type: ignore[attr-defined]
        ending = [e.number for e in of(events, Countdown) if e.index == i]  # type: ignore[attr-defined]
        assert before == [3, 2, 1], f"no 3-2-1 before work phase {i}"
        assert ending == [3, 2, 1], f"no 3-2-1 at the end of work phase {i}"
    assert all(not e.ending for e in of(events, Countdown) if e.index not in work_indices)  # type: ignore[attr-defined]


# --- commands, table-driven ----------------------------------------------------------


def engine_in(state: State) -> Engine:
    engine = new(make_plan())
    if state is State.IDLE:
        return engine
    engine.start(T0)
    engine.advance(T0 + 12)  # into the first work phase
    if state is State.PAUSED:
        engine.pause(T0 + 12)
    elif state is State.STOPPED:
        engine.stop(T0 + 12)
    elif state is State.FINISHED:
        run_to_end(engine)
    return engine


METHODS = {
    Command.START: lambda e, t: e.start(t),
    Command.PAUSE: lambda e, t: e.pause(t),
    Command.RESUME: lambda e, t: e.resume(t),
    Command.NEXT: lambda e, t: e.next(t),
    Command.PREVIOUS: lambda e, t: e.previous(t),
    Command.RESTART: lambda e, t: e.restart(t),
    Command.RESET: lambda e, t: e.reset(t),
    Command.ADJUST: lambda e, t: e.adjust(t, 10),
    Command.STOP: lambda e, t: e.stop(t),
}


@pytest.mark.parametrize("state", list(State), ids=lambda s: s.name.lower())
@pytest.mark.parametrize("command", list(Command), ids=lambda c: c.name.lower())
def test_transition_table(state: State, command: Command) -> None:
    engine = engine_in(state)
    before = (engine.state, engine.index, engine.duration, engine.active(T0 + 20))
    legal = (state, command) in TRANSITIONS
    assert engine.can(command) is legal
    if legal:
        METHODS[command](engine, T0 + 20)
        assert engine.state is TRANSITIONS[(state, command)]
    else:
        with pytest.raises(IllegalCommand):
            METHODS[command](engine, T0 + 20)
        # Nothing changed.
        assert (engine.state, engine.index, engine.duration, engine.active(T0 + 20)) == before


def test_previous_on_the_first_phase_is_illegal_and_changes_nothing() -> None:
    engine = new(make_plan())
    engine.start(T0)
    assert not engine.can(Command.PREVIOUS)
    with pytest.raises(IllegalCommand):
        engine.previous(T0 + 1)
    assert engine.index == 0 and engine.state is State.RUNNING


def test_pause_freezes_time_and_is_excluded_from_active_time() -> None:
    engine = new(make_plan())
    engine.start(T0)
    engine.advance(T0 + 4)
    events = engine.pause(T0 + 4)
    assert isinstance(events[-1], Paused)
    assert engine.next_deadline is None
    assert engine.remaining(T0 + 100) == pytest.approx(6)
    assert engine.advance(T0 + 100) == []
    resumed = engine.resume(T0 + 100)
    assert isinstance(resumed[0], Resumed) and resumed[0].clock == pytest.approx(4)
    assert engine.next_deadline == pytest.approx(T0 + 100 + 1)  # the next shown second
    events = engine.advance(T0 + 106)
    assert of(events, PhaseStarted)[0].clock == pytest.approx(10)
    assert engine.active(T0 + 106) == pytest.approx(10)


@pytest.mark.parametrize(
    ("command", "index_after", "done"),
    [
        (Command.NEXT, 2, 5.0),
        (Command.PREVIOUS, 0, 5.0),
        (Command.RESTART, 1, 5.0),
    ],
    ids=["next", "previous", "restart"],
)
def test_moving_between_phases(command: Command, index_after: int, done: float) -> None:
    engine = new(make_plan())
    engine.start(T0)
    engine.advance(T0 + 15)  # 5 s into the first work phase (index 1)
    events = METHODS[command](engine, T0 + 15)
    ended = of(events, PhaseEnded)
    assert len(ended) == 1
    assert ended[0].index == 1 and ended[0].done == pytest.approx(done)  # type: ignore[attr-defined]
    assert not ended[0].completed  # type: ignore[attr-defined]
    assert engine.index == index_after
    assert engine.remaining(T0 + 15) == engine.plan.phases[index_after].duration


def test_next_while_paused_moves_and_stays_paused() -> None:
    engine = new(make_plan())
    engine.start(T0)
    engine.pause(T0 + 2)
    engine.next(T0 + 50)
    assert engine.state is State.PAUSED and engine.index == 1
    assert engine.remaining(T0 + 80) == 30


def test_next_on_the_last_phase_finishes() -> None:
    engine = new(make_plan())
    engine.start(T0)
    for k in range(len(engine.plan.phases) - 1):
        events = engine.next(T0 + k)
    assert engine.state is State.FINISHED
    assert of(events, Finished)[0].sets_done == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("elapsed", "delta", "duration_after", "applied"),
    [
        (5.0, 10.0, 40.0, 10.0),
        (5.0, -10.0, 20.0, -10.0),
        (25.0, -10.0, 26.0, -4.0),  # never less than 1 s from now
        (29.5, -10.0, 30.0, 0.0),  # already within the last second: nothing to take
    ],
    ids=["add", "remove", "remove-clamped", "remove-nothing-left"],
)
def test_adjust(elapsed: float, delta: float, duration_after: float, applied: float) -> None:
    engine = new(make_plan())
    engine.start(T0)
    engine.advance(T0 + 10 + elapsed)
    events = engine.adjust(T0 + 10 + elapsed, delta)
    assert engine.duration == pytest.approx(duration_after)
    adjusted = of(events, Adjusted)
    if applied:
        assert adjusted[0].delta == pytest.approx(applied)  # type: ignore[attr-defined]
    else:
        assert adjusted == []
    end = engine.advance(T0 + 10 + duration_after)
    assert of(end, PhaseEnded)[0].done == pytest.approx(duration_after)  # type: ignore[attr-defined]


def test_adjust_rearms_the_end_countdown_and_keeps_one_halfway() -> None:
    engine = new(make_plan())
    engine.start(T0)
    events = engine.advance(T0 + 10 + 28)  # 3, 2 of the end countdown have sounded
    engine.adjust(T0 + 38, 10)
    events += engine.advance(T0 + 10 + 40)
    numbers = [e.number for e in of(events, Countdown) if e.index == 1]  # type: ignore[attr-defined]
    assert numbers == [3, 2, 3, 2, 1]
    assert len([e for e in of(events, Halfway) if e.index == 1]) == 1  # type: ignore[attr-defined]


def test_late_calls_do_not_shift_later_phases() -> None:
    """A driver that wakes late still gets every phase on its planned deadline."""
    engine = new(make_plan())
    events = engine.start(T0)
    t = T0
    while not engine.ended:
        t += 1.7  # wakes at odd moments, never on a deadline
        events += engine.advance(t)
    for e in of(events, PhaseStarted):
        planned = sum(p.duration for p in engine.plan.phases[: e.index])  # type: ignore[attr-defined]
        assert e.at == pytest.approx(T0 + planned)


def test_clock_jump_pauses_at_the_missed_deadline() -> None:
    engine = Engine(make_plan())
    engine.start(T0)
    for second in range(1, 13):
        assert not of(engine.advance(T0 + second), Paused)  # on time: no jump
    events = engine.advance(T0 + 12 + 600)  # the laptop slept ten minutes
    paused = of(events, Paused)
    assert len(paused) == 1 and "clock jumped" in paused[0].reason  # type: ignore[attr-defined]
    assert engine.state is State.PAUSED
    # Nothing was skipped: still in the first work phase, at the moment time was lost.
    assert engine.index == 1
    assert engine.active(T0 + 612) == pytest.approx(13)
    assert of(events, PhaseEnded) == []


def test_stop_keeps_what_was_done() -> None:
    engine = new(make_plan())
    engine.start(T0)
    engine.advance(T0 + 40)  # prepare and the first set are done
    events = engine.stop(T0 + 45)
    finished = of(events, Finished)[0]
    assert not finished.completed  # type: ignore[attr-defined]
    assert finished.sets_done == 1  # type: ignore[attr-defined]
    assert finished.clock == pytest.approx(45)
    assert engine.state is State.STOPPED
    assert engine.active(T0 + 99) == pytest.approx(45)


def test_a_per_side_set_counts_only_when_both_sides_are_done() -> None:
    plan = make_plan(sets=1, prepare=1, exercise_rest=1)
    engine = new(plan)
    engine.start(T0)
    # bridge(30) rest(1) clam-left(30) switch(5): stop in the right side
    engine.advance(T0 + 1 + 30 + 1 + 30 + 5 + 10)
    finished = of(engine.stop(T0 + 77), Finished)[0]
    assert finished.sets_done == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(("cut_at", "sets_done"), [(24, 6), (23, 5), (0.5, 5)])
def test_a_set_counts_from_80_percent_and_the_end_carries_what_was_done(
    cut_at: float, sets_done: int
) -> None:
    engine = new(make_plan())
    engine.start(T0)
    engine.advance(T0 + 10 + cut_at)  # into the first set (30 s), after prepare (10 s)
    events = engine.next(T0 + 10 + cut_at) + run_to_end(engine)
    finished = of(events, Finished)[0]
    assert finished.completed  # type: ignore[attr-defined]
    assert finished.sets_done == sets_done  # type: ignore[attr-defined]
    done = dict(finished.work_done)  # type: ignore[attr-defined]
    assert done[1] == pytest.approx(cut_at)
    assert len(done) == 10 and all(done[i] == 30 for i in done if i != 1)


# --- invariants under random use -----------------------------------------------------

COMMANDS = st.sampled_from(
    [
        Command.PAUSE,
        Command.RESUME,
        Command.NEXT,
        Command.PREVIOUS,
        Command.RESTART,
        Command.RESET,
        Command.ADJUST,
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=20.0, allow_nan=False),
            st.one_of(st.none(), COMMANDS),
            st.sampled_from([10.0, -10.0]),
        ),
        max_size=60,
    ),
    work=st.integers(1, 45),
    sets=st.integers(1, 3),
)
def test_invariants_under_random_commands(
    steps: list[tuple[float, Command | None, float]], work: int, sets: int
) -> None:
    plan = make_plan(work=work, sets=sets, rest=3, exercise_rest=4, switch=2, prepare=2)
    engine = new(plan)
    t = T0
    events: list[Event] = engine.start(t)
    moved = False
    adjustments = 0.0
    for dt, command, delta in steps:
        t += dt
        events += engine.advance(t)
        assert engine.remaining(t) >= 0
        if command is None or not engine.can(command):
            continue
        if command in (Command.NEXT, Command.PREVIOUS, Command.RESTART, Command.RESET):
            moved = True
        caused = (
            engine.adjust(t, delta) if command is Command.ADJUST else METHODS[command](engine, t)
        )
        adjustments += sum(e.delta for e in caused if isinstance(e, Adjusted))
        events += caused
    if engine.state is State.PAUSED:
        events += engine.resume(t)
    events += run_to_end(engine)

    # Exactly one finished event, and it is the last.
    assert len(of(events, Finished)) == 1 and isinstance(events[-1], Finished)
    # Only a set of a movement with a reset is ever recorded as reset.
    assert all(plan.phases[i].reset_cue for i in events[-1].resets)
    # Starts and ends alternate, one end per start, for the same phase.
    bounds = [e for e in events if isinstance(e, PhaseStarted | PhaseEnded)]
    for a, b in zip(bounds[:-1:2], bounds[1::2], strict=False):
        assert isinstance(a, PhaseStarted) and isinstance(b, PhaseEnded)
        assert a.index == b.index
    # The workout clock never runs backwards.
    clocks = [e.clock for e in events]
    assert all(b >= a - 1e-9 for a, b in zip(clocks, clocks[1:], strict=False))
    if not moved:
        # Phases complete in order, each work phase once, and active time is exactly the
        # plan plus what was added or removed.
        starts = [e.index for e in of(events, PhaseStarted)]  # type: ignore[attr-defined]
        assert starts == list(range(len(plan.phases)))
        work_ends = [e for e in of(events, PhaseEnded) if e.phase.kind is PhaseKind.WORK]  # type: ignore[attr-defined]
        assert len(work_ends) == sum(1 for p in plan.phases if p.is_work)
        assert events[-1].clock == pytest.approx(plan.total_seconds + adjustments, abs=1e-6)
