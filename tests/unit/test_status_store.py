"""Reading the status from real history files: the week, the streak, the last session and the
offers, from schema 2 tables made by hand (and schema 1 ones, read as level 1, never reset)."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from hiptimer.core.catalog import EXERCISES
from hiptimer.core.progression import Current, Dose
from hiptimer.core.rhythm import WeekStatus
from hiptimer.store.progress import read_status, read_week_or_none, recent_attempts
from tests.progress_history import Made, make_history, routine_sets

WED = date(2026, 3, 4)
"""Today in these tests; its week began on Monday 2 March."""
MON = date(2026, 3, 2)


def at(d: date, hour: int = 7) -> float:
    """Unix time of ``hour`` o'clock UTC on ``d``."""
    return datetime.combine(d, time(hour), UTC).timestamp()


def four_weeks_at_the_top() -> list[Made]:
    """Three clean sessions at 3x45 on Monday, Wednesday and Friday of each of the last four
    weeks, oldest first."""
    return [
        Made(at(MON - timedelta(weeks=w) + timedelta(days=d)), sets=routine_sets("3x45"))
        for w in (4, 3, 2, 1)
        for d in (0, 2, 4)
    ]


def status_of(path: Path, current: dict[str, Current] | None = None) -> WeekStatus:
    read = read_status(path, 3, EXERCISES, current, today=WED, tz=UTC)
    assert read.notices == ()
    return read.status


def offers(path: Path) -> list[tuple[str, int, int, int]]:
    return [(s.exercise_id, s.to_level, s.sets, s.work) for s in status_of(path).suggestions]


def test_a_missing_history_is_an_empty_week_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "hiptimer" / "history.sqlite3"
    status = status_of(path)
    assert status.line() == "hips 0/3 this week · next: today"
    assert not path.exists() and not path.parent.exists()


def test_four_weeks_at_the_goal_and_the_top_of_the_range(tmp_path: Path) -> None:
    made = [*four_weeks_at_the_top(), Made(at(MON), sets=routine_sets("3x45"))]
    path = make_history(tmp_path / "h.sqlite3", made)
    status = status_of(path)
    assert (status.week_done, status.streak_weeks, status.due) == (1, 4, WED)
    assert status.last_session == at(MON)
    assert offers(path) == [
        ("glute-bridge", 2, 2, 30),
        ("hip-clam", 2, 2, 30),
        ("lateral-lunge", 2, 2, 30),
    ]
    assert status.line() == (
        "hips 1/3 this week · streak 4 wk · next: today"
        " · ready: bridge walk, side-plank clam, weighted lunge"
    )


def test_a_reset_bridge_holds_the_bridge_only(tmp_path: Path) -> None:
    made = [
        *four_weeks_at_the_top(),
        Made(at(MON), sets=routine_sets("3x45", reset="glute-bridge")),
    ]
    path = make_history(tmp_path / "h.sqlite3", made)
    assert [o[0] for o in offers(path)] == ["hip-clam", "lateral-lunge"]


def test_a_set_cut_short_holds_its_exercise(tmp_path: Path) -> None:
    made = [
        Made(at(MON - timedelta(days=2)), sets=routine_sets("2x30")),
        Made(at(MON), sets=routine_sets("3x30", short="lateral-lunge")),
    ]
    path = make_history(tmp_path / "h.sqlite3", made)
    assert offers(path) == [("glute-bridge", 1, 3, 35), ("hip-clam", 1, 3, 35)]


@pytest.mark.parametrize("status", ["partial", "stopped", "running"])
def test_a_session_not_completed_holds_every_dose(tmp_path: Path, status: str) -> None:
    made = [
        Made(at(MON - timedelta(days=2)), sets=routine_sets("2x30")),
        Made(at(MON), status, sets=routine_sets("3x30")),
    ]
    path = make_history(tmp_path / "h.sqlite3", made)
    assert offers(path) == []
    # It was still a workout: the rest day counts from it.
    assert status_of(path).last_session == at(MON)


def test_a_session_stopped_before_an_exercise_is_no_attempt_at_it(tmp_path: Path) -> None:
    stopped = routine_sets("3x30", not_started=("hip-clam", "lateral-lunge"))
    made = [
        Made(at(MON - timedelta(days=2)), sets=routine_sets("2x30")),
        Made(at(MON), "stopped", sets=stopped),
        Made(
            at(WED, 6),
            "stopped",
            sets=routine_sets("3x30", not_started=("glute-bridge", "hip-clam", "lateral-lunge")),
        ),
    ]
    path = make_history(tmp_path / "h.sqlite3", made)
    # The bridge was started and stopped: held. The others go by the session before.
    assert offers(path) == [("hip-clam", 1, 3, 30), ("lateral-lunge", 1, 3, 30)]
    status = status_of(path)
    # Stopped during the get-ready today: no work done, so still due today. Monday's, with
    # only the bridge's 3 sets of 15 done, wanted no rest day either.
    assert (status.last_session, status.due) == (at(MON - timedelta(days=2)), WED)


@pytest.mark.parametrize(
    ("not_started", "due"),
    [
        pytest.param(("hip-clam", "lateral-lunge"), WED, id="3-of-15-sets-still-due-today"),
        pytest.param(("lateral-lunge",), WED + timedelta(days=1), id="9-of-15-rest-tomorrow"),
    ],
)
def test_a_session_stopped_early_today_wants_a_rest_day_once_half_was_done(
    tmp_path: Path, not_started: tuple[str, ...], due: date
) -> None:
    stopped = routine_sets("3x30", not_started=not_started)
    path = make_history(tmp_path / "h.sqlite3", [Made(at(WED, 6), "stopped", sets=stopped)])
    assert status_of(path).due == due


def test_a_session_today_makes_the_next_one_due_tomorrow(tmp_path: Path) -> None:
    path = make_history(tmp_path / "h.sqlite3", [Made(at(WED, 6), sets=routine_sets())])
    status = status_of(path)
    assert (status.week_done, status.due) == (1, WED + timedelta(days=1))
    assert status.line().startswith("hips 1/3 this week · next: tomorrow")


def test_the_goal_met_makes_the_next_one_due_next_monday(tmp_path: Path) -> None:
    made = [Made(at(MON + timedelta(days=d), 6), sets=routine_sets()) for d in (0, 1, 2)]
    path = make_history(tmp_path / "h.sqlite3", made)
    status = status_of(path)
    assert (status.week_done, status.streak_weeks, status.due) == (3, 1, MON + timedelta(weeks=1))


def test_settings_that_already_reach_an_offer_hide_it(tmp_path: Path) -> None:
    path = make_history(tmp_path / "h.sqlite3", [Made(at(MON), sets=routine_sets("2x30"))])
    current = {e.id: Current(1, Dose(3, 30)) for e in EXERCISES}
    assert status_of(path, current).suggestions == ()
    current["hip-clam"] = Current(1, Dose(2, 30))
    assert [s.exercise_id for s in status_of(path, current).suggestions] == ["hip-clam"]


def test_a_schema_1_history_reads_as_level_1_never_reset(tmp_path: Path) -> None:
    made = [*four_weeks_at_the_top(), Made(at(MON), sets=routine_sets("3x45"))]
    path = make_history(tmp_path / "h.sqlite3", made, schema=1)
    assert offers(path) == [
        ("glute-bridge", 2, 2, 30),
        ("hip-clam", 2, 2, 30),
        ("lateral-lunge", 2, 2, 30),
    ]


def test_levels_come_from_the_sets(tmp_path: Path) -> None:
    levels = {"glute-bridge": 2, "hip-clam": 2}
    made = [
        Made(at(MON - timedelta(days=d)), sets=routine_sets("3x45", levels=levels)) for d in (2, 0)
    ]
    path = make_history(tmp_path / "h.sqlite3", made)
    # The bridge walk leads to the runner's hinge; the side-plank clam is the clam's last.
    assert offers(path) == [("glute-bridge", 3, 2, 30), ("lateral-lunge", 2, 2, 30)]


def test_only_the_newest_sessions_are_read_for_offers(tmp_path: Path) -> None:
    bridge_only = tuple(r for r in routine_sets("2x30") if r.exercise_id == "glute-bridge")
    made = [
        Made(at(MON - timedelta(weeks=3)), sets=routine_sets("2x30")),
        *(Made(at(MON - timedelta(days=d)), sets=bridge_only) for d in (9, 6, 3)),
    ]
    path = make_history(tmp_path / "h.sqlite3", made)
    conn = sqlite3.connect(path)
    try:
        assert {a.exercise_id for a in recent_attempts(conn, lookback=3)} == {"glute-bridge"}
        assert len(recent_attempts(conn, lookback=4)) == 3 + 3
    finally:
        conn.close()


def test_reading_changes_nothing_in_the_file(tmp_path: Path) -> None:
    path = make_history(tmp_path / "h.sqlite3", four_weeks_at_the_top())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    status_of(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    finally:
        conn.close()


def test_a_damaged_file_is_a_notice_and_an_empty_week(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    read = read_status(path, 3, EXERCISES, today=WED, tz=UTC)
    assert read.status.line() == "hips 0/3 this week · next: today"
    assert len(read.notices) == 1 and str(path) in read.notices[0]
    assert path.read_bytes() == b"this is not a database" * 100


def test_home_reads_the_same_week_without_the_offers(tmp_path: Path) -> None:
    made = [*four_weeks_at_the_top(), Made(at(MON), sets=routine_sets("3x45"))]
    path = make_history(tmp_path / "h.sqlite3", made)
    conn = sqlite3.connect(path)
    try:
        week = read_week_or_none(conn, 3, today=WED, tz=UTC)
        assert week is not None and week.suggestions == ()
        assert week.line() == "hips 1/3 this week · streak 4 wk · next: today"
        assert status_of(path).line(offers=False) == week.line()
        # A file changed by hand so that it cannot be read: no line, never a traceback.
        conn.execute("DROP TABLE sets")
        assert read_week_or_none(conn, 3, today=WED, tz=UTC) is None
    finally:
        conn.close()
