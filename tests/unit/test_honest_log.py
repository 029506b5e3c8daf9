"""An honest log: the engine, the recorder and a real SQLite file agree on which sets were
done (80 % of their planned time) and on a session's status; only completed ones count."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from hiptimer.core.catalog import HIP_CLAM, Routine, RoutineItem
from hiptimer.core.engine import Engine
from hiptimer.core.plan import Plan, build_plan
from hiptimer.core.records import NOT_COUNTED
from hiptimer.core.settings import Settings
from hiptimer.store.recorder import Recorder
from hiptimer.store.sessions import History, open_history
from hiptimer.store.writer import HistoryWriter

WALL = float(int(time.time()))
"""Wall time at the start of each workout: now, so that nothing looks abandoned."""
CLAMS = Routine("clams", "Clams", (RoutineItem(HIP_CLAM),))


def clam_plan(**settings: int) -> Plan:
    """PREPARE 3 · (L 10 · SWITCH 2 · R 10) · REST 5 · (L 10 · SWITCH 2 · R 10) · DONE."""
    values = {"work": 10, "sets": 2, "rest": 5, "switch": 2, "prepare": 3, **settings}
    return build_plan(CLAMS, Settings(**values))  # type: ignore[arg-type]


WRITERS: list[HistoryWriter] = []
"""The writer threads a test started, closed when it ends."""


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    found, notices = open_history(tmp_path / "history.sqlite3")
    assert found is not None and notices == ()
    yield found
    while WRITERS:
        WRITERS.pop().close(5.0)


def run(history: History | None, plan: Plan, presses: Sequence[tuple[float, str]] = ()) -> Recorder:
    """Run ``plan`` deadline by deadline, as the driver does, pressing ``n`` (next) or ``q``
    (stop) at the given workout times; then to its end."""
    engine = Engine(plan)
    now = 0.0
    # The program's path: rows go through a real writer thread on the same file.
    writer = HistoryWriter(history.path).start() if history is not None else None
    if writer is not None:
        WRITERS.append(writer)
    recorder = Recorder(writer, plan, clock=lambda: WALL + now)

    def to(t: float) -> None:
        nonlocal now
        while (deadline := engine.next_deadline) is not None and deadline <= t:
            now = deadline
            recorder(engine.advance(deadline))
        now = t

    recorder(engine.start(0.0))
    for at, key in presses:
        to(at)
        recorder(engine.next(at) if key == "n" else engine.stop(at))
    to(float("inf"))
    assert engine.ended
    assert writer is None or writer.flush(10.0)
    return recorder


def test_skipping_through_every_phase_is_partial_and_does_not_count(history: History) -> None:
    plan = clam_plan()
    presses = [(0.5 * (i + 1), "n") for i in range(len(plan.phases) - 1)]
    recorder = run(history, plan, presses)
    (session,) = history.recent()
    assert session.status == recorder.status == "partial"
    assert session.sets_done == 0
    assert history.completed_this_week() == 0
    assert history.week_stats(3).this_week == 0
    assert recorder.summary() == NOT_COUNTED


def test_a_set_cut_a_little_short_still_completes_the_session(history: History) -> None:
    recorder = run(history, clam_plan(), [(3 + 8, "n")])  # the first side at 8 of 10 s: 80 %
    (session,) = history.recent()
    assert [s.done_seconds for s in session.sets] == [8, 10, 10, 10]
    assert session.status == "completed"
    assert recorder.summary() == "1st session this week"
    assert history.week_stats(3).this_week == 1


def test_one_side_cut_at_half_makes_the_session_partial(history: History) -> None:
    recorder = run(history, clam_plan(), [(3 + 10 + 2 + 5, "n")])  # set 1 right: 5 of 10 s
    (session,) = history.recent()
    assert session.status == recorder.status == "partial"
    assert (session.sets_done, session.sets_planned) == (1, 2)


def test_stopped_stays_stopped_even_with_every_set_done(history: History) -> None:
    plan = clam_plan(sets=1)
    recorder = run(history, plan, [(plan.total_seconds - 0.5, "q")])  # quit at the very end
    (session,) = history.recent()
    assert session.sets_done == session.sets_planned == 1  # 9.5 of 10 s on the right
    assert session.status == recorder.status == "stopped"
    assert recorder.summary() is None


def test_without_a_history_the_status_is_still_known() -> None:
    recorder = run(None, clam_plan(), [(3.5, "n")])  # the first side skipped
    assert recorder.status == "partial"
    assert recorder.summary() is None


def test_each_set_records_its_progression(history: History) -> None:
    plan = build_plan(CLAMS, Settings(work=10, sets=1, levels={"hip-clam": 2}))
    run(history, plan)
    (session,) = history.recent()
    assert [(s.exercise_id, s.side, s.level, s.progression, s.reset) for s in session.sets] == [
        ("hip-clam", "left", 2, "Side-plank clam", False),
        ("hip-clam", "right", 2, "Side-plank clam", False),
    ]
    assert history.conn.execute("SELECT DISTINCT reset FROM sets").fetchall() == [(0,)]


def test_a_session_finishes_only_with_a_known_status(history: History) -> None:
    session_id = history.start_session("r", "R", [], WALL)
    with pytest.raises(ValueError, match="status must be one of"):
        history.finish_session(session_id, "skipped", 1, WALL + 1)
    history.finish_session(session_id, "partial", 1, WALL + 1)
    assert history.recent()[0].status == "partial"
    assert history.completed_this_week() == 0
