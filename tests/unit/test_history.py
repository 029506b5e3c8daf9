"""The history database: recording a workout as it happens, recovery, and weekly stats."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from hiptimer.core.catalog import BUILTIN_ROUTINE, HIP_CLAM, Routine, RoutineItem
from hiptimer.core.engine import Engine
from hiptimer.core.events import Event
from hiptimer.core.plan import Plan, build_plan
from hiptimer.core.records import goal_progress_text, session_ordinal_text
from hiptimer.core.settings import Settings
from hiptimer.core.wording import ordinal
from hiptimer.store import schema
from hiptimer.store.recorder import Recorder, planned_sets
from hiptimer.store.schema import SCHEMA_VERSION
from hiptimer.store.sessions import History, HistoryOpen, load_overview, open_history
from hiptimer.store.writer import HistoryWriter

WALL = float(int(time.time()))
"""Wall time at the start of each test workout: now, so that nothing looks abandoned."""
CLAMS = Routine("clams", "Clams", (RoutineItem(HIP_CLAM),))
SHORT = Settings(work=10, sets=2, rest=5, switch=2, prepare=3)


def clam_plan() -> Plan:
    """PREPARE 3 · (L 10 · SWITCH 2 · R 10) · REST 5 · (L 10 · SWITCH 2 · R 10) · DONE."""
    return build_plan(CLAMS, SHORT)


def opened(path: Path) -> History:
    history, notices = open_history(path)
    assert notices == ()
    assert history is not None
    return history


WRITERS: list[HistoryWriter] = []


@pytest.fixture(autouse=True)
def close_writers() -> Iterator[None]:
    yield
    while WRITERS:
        WRITERS.pop().close(5.0)


def writer_for(history: History | None, **kwargs: object) -> HistoryWriter | None:
    """A real writer thread on the same file as ``history`` (its own connection)."""
    if history is None:
        return None
    writer = HistoryWriter(history.path, **kwargs).start()  # type: ignore[arg-type]
    WRITERS.append(writer)
    return writer


class Workout:
    """An engine and a recorder on a wall clock that follows the monotonic one; its rows go
    through a real writer thread, waited for after each step so the test can read them."""

    def __init__(
        self, history: History | None, plan: Plan, wall: float = WALL, **writer: object
    ) -> None:
        self.engine = Engine(plan)
        self.now = 0.0
        self.writer = writer_for(history, **writer)
        self.recorder = Recorder(self.writer, plan, clock=lambda: wall + self.now)

    def record(self, events: list[Event]) -> None:
        self.recorder(events)
        if self.writer is not None:
            assert self.writer.flush(10.0)

    def start(self) -> None:
        self.record(self.engine.start(self.now))

    def to(self, now: float) -> None:
        """Move to ``now`` stopping at every deadline, as the driver does."""
        while (deadline := self.engine.next_deadline) is not None and deadline <= now:
            self.now = deadline
            self.record(self.engine.advance(deadline))
        self.now = now
        self.record(self.engine.advance(now))

    def pause(self, now: float) -> None:
        self.now = now
        self.record(self.engine.pause(now))

    def resume(self, now: float) -> None:
        self.now = now
        self.record(self.engine.resume(now))

    def stop(self, now: float) -> None:
        self.now = now
        self.record(self.engine.stop(now))


def test_a_session_is_written_at_start_with_every_planned_set(tmp_path: Path) -> None:
    history = opened(tmp_path / "h.sqlite3")
    workout = Workout(history, clam_plan())
    workout.start()
    (session,) = history.recent()
    assert session.status == "running" and session.ended_at is None
    assert session.started_at == WALL and session.routine == "clams"
    assert [(s.set, s.side, s.planned_seconds, s.done_seconds) for s in session.sets] == [
        (1, "left", 10, 0),
        (1, "right", 10, 0),
        (2, "left", 10, 0),
        (2, "right", 10, 0),
    ]


def test_each_finished_work_phase_is_stored_at_once(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    workout = Workout(opened(path), clam_plan())
    workout.start()
    workout.to(13.5)  # prepare 3 + left 10 done, half a second into the switch
    # Another connection (another process would see the same) reads it committed.
    reader = opened(path)
    (session,) = reader.recent()
    assert [s.done_seconds for s in session.sets] == [10, 0, 0, 0]
    assert session.active_seconds == 13
    assert session.status == "running"


def test_a_finished_workout_is_completed_with_active_time(tmp_path: Path) -> None:
    history = opened(tmp_path / "h.sqlite3")
    plan = clam_plan()
    workout = Workout(history, plan)
    workout.start()
    workout.to(plan.total_seconds + 1)
    (session,) = history.recent()
    assert session.status == "completed"
    assert session.active_seconds == plan.total_seconds == 52
    assert session.ended_at == WALL + plan.total_seconds
    assert session.sets_done == session.sets_planned == 2
    assert workout.recorder.summary() == "1st session this week"


def test_pauses_are_not_active_time(tmp_path: Path) -> None:
    history = opened(tmp_path / "h.sqlite3")
    plan = clam_plan()
    workout = Workout(history, plan)
    workout.start()
    workout.pause(5)
    workout.resume(605)  # ten minutes on the phone
    workout.to(plan.total_seconds + 600 + 1)
    (session,) = history.recent()
    assert session.status == "completed"
    assert session.active_seconds == plan.total_seconds
    assert session.ended_at is not None
    assert session.ended_at - session.started_at == plan.total_seconds + 600


def test_a_stopped_workout_keeps_what_was_done(tmp_path: Path) -> None:
    history = opened(tmp_path / "h.sqlite3")
    workout = Workout(history, clam_plan())
    workout.start()
    workout.to(19)  # left done, switch done, 4 s into the right side
    workout.stop(19)
    (session,) = history.recent()
    assert session.status == "stopped"
    assert [s.done_seconds for s in session.sets] == [10, 4, 0, 0]
    assert session.active_seconds == 19
    assert session.sets_done == 0
    assert workout.recorder.summary() is None


def test_stopping_before_the_start_records_nothing(tmp_path: Path) -> None:
    history = opened(tmp_path / "h.sqlite3")
    workout = Workout(history, clam_plan())
    workout.stop(0)
    assert history.count() == 0
    assert workout.recorder.status == "stopped"


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_session_left_running_by_a_dead_process_is_closed_as_stopped(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    history = opened(path)
    workout = Workout(history, clam_plan())
    workout.start()
    workout.to(14)
    history.conn.execute("UPDATE sessions SET pid = ?", (dead_pid(),))
    history.close()
    reopened = opened(path)
    (session,) = reopened.recent()
    assert session.status == "stopped"
    assert session.ended_at == WALL + 13  # the last write: the end of the left side
    assert [s.done_seconds for s in session.sets] == [10, 0, 0, 0]


def test_a_session_of_a_live_process_is_left_running(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    history = opened(path)
    workout = Workout(history, clam_plan())
    workout.start()
    # Another hiptimer still at it: the parent process is alive.
    import os

    history.conn.execute("UPDATE sessions SET pid = ?", (os.getppid(),))
    assert opened(path).close_abandoned(now=WALL + 60) == 0
    assert opened(path).recent()[0].status == "running"
    # ...unless nothing was written for more than STALE_AFTER.
    assert opened(path).close_abandoned(now=WALL + 13 * 3600) == 1
    assert opened(path).recent()[0].status == "stopped"


def test_two_connections_writing_in_turns_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    plan = clam_plan()
    first, second = Workout(opened(path), plan), Workout(opened(path), plan)
    first.start()
    second.start()
    for now in range(1, plan.total_seconds + 2):
        first.to(now)
        second.to(now)
    sessions = opened(path).recent()
    assert [s.status for s in sessions] == ["completed", "completed"]
    assert all(s.sets_done == 2 for s in sessions)


def test_a_corrupt_database_is_moved_aside_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = b"this is not a database, it is a shopping list\n" * 100
    path.write_bytes(garbage)
    history, notices = open_history(path)
    assert history is not None
    (notice,) = notices
    (aside,) = tmp_path.glob("history.sqlite3.corrupt-*")
    assert aside.read_bytes() == garbage
    assert str(path) in notice and aside.name in notice and "damaged" in notice
    assert history.count() == 0
    assert history.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_database_from_a_newer_version_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    history, notices = open_history(path)
    assert history is not None
    assert "newer hiptimer (schema 99" in notices[0]
    (aside,) = tmp_path.glob("history.sqlite3.newer-v99-*")
    assert aside.read_bytes() == before
    assert history.count() == 0


def test_an_older_schema_is_migrated_and_keeps_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "h.sqlite3"
    workout = Workout(opened(path), clam_plan())
    workout.start()
    workout.to(100)
    following = SCHEMA_VERSION + 1
    monkeypatch.setattr(schema, "SCHEMA_VERSION", following)
    monkeypatch.setitem(
        schema.MIGRATIONS, following, ("ALTER TABLE sessions ADD COLUMN note TEXT",)
    )
    history = opened(path)
    assert history.conn.execute("PRAGMA user_version").fetchone()[0] == following
    assert history.conn.execute("SELECT note FROM sessions").fetchall() == [(None,)]
    assert history.recent()[0].status == "completed"


def test_a_folder_that_cannot_be_made_is_a_notice_and_recording_is_skipped(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    history, notices = open_history(blocker / "hiptimer" / "history.sqlite3")
    assert history is None
    assert notices[0].startswith("history not recorded: ")
    workout = Workout(None, clam_plan())
    workout.start()
    workout.to(100)
    assert workout.recorder.status == "completed"
    assert workout.recorder.summary() is None


def test_a_failed_write_becomes_one_notice_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    opened(path).close()

    def refusing(path: Path) -> HistoryOpen:
        # A write SQLite refuses for good (a read-only file is kept for later instead: see
        # tests/unit/test_history_writer.py).
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute(
            "CREATE TEMP TRIGGER refuse BEFORE INSERT ON sessions"
            " BEGIN SELECT RAISE(ABORT, 'refused here'); END"
        )
        return HistoryOpen(History(conn, path), ())

    said: list[str] = []
    plan = clam_plan()
    workout = Workout(opened(path), plan, opener=refusing, notify=said.append)
    workout.start()
    workout.to(plan.total_seconds + 1)
    assert workout.engine.state.name == "FINISHED"
    assert len(said) == 1
    assert said[0] == f"history: could not write to {path}: refused here"


def test_json_shape_is_the_one_design_section_6_gives(tmp_path: Path) -> None:
    history = opened(tmp_path / "h.sqlite3")
    wall = datetime(2026, 3, 4, 7, 0, tzinfo=UTC).timestamp()
    # Level 9 for the clam: it has two progressions, so the second is what was done.
    settings = Settings(levels={"hip-clam": 9})
    workout = Workout(history, build_plan(BUILTIN_ROUTINE, settings), wall)
    workout.start()
    workout.to(200)
    workout.stop(200)
    data = history.recent()[0].as_json()
    assert list(data) == ["started_at", "ended_at", "routine", "status", "active_seconds", "sets"]
    assert data["started_at"] == "2026-03-04T07:00:00Z"
    assert data["ended_at"] == "2026-03-04T07:03:20Z"
    assert (data["routine"], data["status"], data["active_seconds"]) == (
        "runners-hips",
        "stopped",
        200,
    )
    assert data["sets"][0] == {
        "exercise": "Glute bridge",
        "exercise_id": "glute-bridge",
        "set": 1,
        "side": None,
        "level": 1,
        "progression": "Basic bridge",
        "planned_seconds": 30,
        "done_seconds": 30,
        "reset": False,
    }
    assert list(data["sets"][0]) == [
        "exercise",
        "exercise_id",
        "set",
        "side",
        "level",
        "progression",
        "planned_seconds",
        "done_seconds",
        "reset",
    ]
    clam = next(s for s in data["sets"] if s["exercise_id"] == "hip-clam")
    assert (clam["level"], clam["progression"]) == (2, "Side-plank clam")
    assert {s["side"] for s in data["sets"]} == {None, "left", "right"}


def test_planned_sets_follow_the_plan_work_phases() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings(sets=2))
    sets = planned_sets(plan)
    assert len(sets) == 2 + 4 + 4
    assert all(plan.phases[s.position].is_work for s in sets)


# --- weekly statistics -------------------------------------------------------------------

TODAY = date(2026, 3, 4)  # Wednesday; the week began on Monday 2 March


def add_sessions(history: History, days: list[date], status: str = "completed") -> None:
    for day in days:
        # Noon UTC is the same day in every time zone from UTC-11 to UTC+11.
        at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()
        session_id = history.start_session("runners-hips", "Runner's hips", [], at)
        history.finish_session(session_id, status, 300, at + 300)


def weeks_ago(n: int, weekday: int = 0) -> date:
    return date(2026, 3, 2) - timedelta(weeks=n) + timedelta(days=weekday)


@pytest.mark.parametrize(
    ("days", "goal", "this_week", "streak"),
    [
        pytest.param([], 3, 0, 0, id="empty"),
        pytest.param([weeks_ago(0)], 3, 1, 0, id="one-this-week"),
        pytest.param([weeks_ago(1, d) for d in (0, 2, 4)], 3, 0, 1, id="last-week-met"),
        pytest.param(
            [weeks_ago(w, d) for w in (1, 2, 3) for d in (0, 3)], 2, 0, 3, id="three-weeks"
        ),
        pytest.param(
            [weeks_ago(w, d) for w in (0, 1, 2) for d in (0, 1)], 2, 2, 3, id="this-week-counts"
        ),
        pytest.param(
            [weeks_ago(w, d) for w in (1, 3) for d in (0, 1)], 2, 0, 1, id="a-gap-breaks-it"
        ),
        pytest.param(
            [weeks_ago(w, d) for w in range(1, 21) for d in (0, 1)], 2, 0, 20, id="past-chart"
        ),
    ],
)
def test_week_stats(
    tmp_path: Path, days: list[date], goal: int, this_week: int, streak: int
) -> None:
    history = opened(tmp_path / "h.sqlite3")
    add_sessions(history, days)
    stats = history.week_stats(goal, today=TODAY, tz=UTC)
    assert len(stats.weeks) == 12
    assert stats.weeks[-1].start == date(2026, 3, 2)
    assert stats.weeks[0].start == date(2026, 3, 2) - timedelta(weeks=11)
    assert stats.this_week == this_week
    assert stats.streak == streak
    in_chart = [d for d in days if d >= stats.weeks[0].start]
    assert sum(w.sessions for w in stats.weeks) == len(in_chart)


def test_stopped_sessions_do_not_count_toward_the_goal(tmp_path: Path) -> None:
    history = opened(tmp_path / "h.sqlite3")
    add_sessions(history, [weeks_ago(0), weeks_ago(0, 1)])
    add_sessions(history, [weeks_ago(0, 2)], status="stopped")
    stats = history.week_stats(3, today=TODAY, tz=UTC)
    assert stats.this_week == 2
    assert stats.progress_text() == "2nd of 3 this week"
    assert history.completed_this_week(today=TODAY, tz=UTC) == 2


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinal(n: int, text: str) -> None:
    assert ordinal(n) == text


def test_progress_texts() -> None:
    assert session_ordinal_text(2) == "2nd session this week"
    assert goal_progress_text(0, 3) == "0 of 3 this week"
    assert goal_progress_text(2, 3) == "2nd of 3 this week"
    assert goal_progress_text(3, 3) == "3rd of 3 this week"
    assert goal_progress_text(4, 3) == "4th this week, goal 3"


def test_the_overview_reads_chart_streak_and_recent_sessions(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    empty = load_overview(path, 3, today=TODAY)
    assert (empty.total, empty.recent, empty.notices, empty.stats.streak) == (0, (), (), 0)
    assert [w.sessions for w in empty.stats.weeks] == [0] * 12
    assert empty.stats.weeks[-1].start == date(2026, 3, 2)
    assert not path.exists()
    history = opened(path)
    add_sessions(history, [weeks_ago(1, d) for d in (0, 2, 4)] + [weeks_ago(0)])
    history.close()
    overview = load_overview(path, 3, limit=2, today=TODAY)
    assert overview.total == 4
    assert len(overview.recent) == 2
    assert overview.recent[0].started_at > overview.recent[1].started_at
    assert [w.sessions for w in overview.stats.weeks][-2:] == [3, 1]
    assert overview.stats.streak == 1
    assert overview.stats.progress_text() == "1st of 3 this week"
