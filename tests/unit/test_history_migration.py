"""A real schema-1 history (``tests/corpus/history/v1.sqlite3``, made by hiptimer 8c739a1)
opened by today's code: every row kept, each status recounted by the 80 % rule."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, date
from pathlib import Path
from typing import Any

import pytest

from hiptimer.cli import main
from hiptimer.core.catalog import HIP_CLAM, Routine, RoutineItem
from hiptimer.core.engine import Engine
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.store import schema, sessions
from hiptimer.store.recorder import Recorder
from hiptimer.store.sessions import History, open_history
from hiptimer.store.writer import HistoryWriter
from tests.home import IsolatedHome

V1 = Path(__file__).parents[1] / "corpus" / "history" / "v1.sqlite3"
STATUSES = {
    1: "completed",
    2: "partial",
    3: "completed",
    4: "partial",
    5: "stopped",
    6: "completed",
}
"""Each session's status after the migration (see the corpus's README for what was done)."""
SESSION_COLUMNS = "id, started_at, ended_at, updated_at, routine, routine_name, active_seconds"
SET_COLUMNS = (
    "session_id, position, exercise, exercise_id, set_number, side, planned_seconds, done_seconds"
)


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Read ``path`` without hiptimer (read-only: nothing is tidied or migrated)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    path = tmp_path / "history.sqlite3"
    shutil.copyfile(V1, path)
    return path


def migrated(path: Path) -> History:
    history, notices = open_history(path)
    assert notices == ()
    assert history is not None
    return history


def test_the_corpus_file_is_schema_1_as_the_v1_statements_make_it(tmp_path: Path) -> None:
    assert rows(V1, "PRAGMA user_version") == [(1,)]
    fresh = sqlite3.connect(tmp_path / "fresh.sqlite3")
    for step in schema.MIGRATIONS[1]:
        assert isinstance(step, str)
        fresh.execute(step)
    made = fresh.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    fresh.close()
    assert rows(V1, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == made


def test_every_row_of_a_v1_history_survives_with_the_new_columns(v1_copy: Path) -> None:
    sessions_before = rows(v1_copy, f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY id")
    sets_before = rows(v1_copy, f"SELECT {SET_COLUMNS} FROM sets ORDER BY session_id, position")
    assert len(sessions_before) == 6 and len(sets_before) == 6 * 10 - 6
    assert rows(v1_copy, "SELECT DISTINCT status FROM sessions") == [("completed",), ("stopped",)]

    migrated(v1_copy).close()

    assert rows(v1_copy, "PRAGMA user_version") == [(2,)] == [(schema.SCHEMA_VERSION,)]
    assert rows(v1_copy, f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY id") == sessions_before
    assert rows(v1_copy, f"SELECT {SET_COLUMNS} FROM sets ORDER BY session_id, position") == (
        sets_before
    )
    # What schema 1 did not keep: level 1, no progression, never reset.
    assert rows(v1_copy, "SELECT DISTINCT level, progression, reset FROM sets") == [(1, None, 0)]
    assert dict(rows(v1_copy, "SELECT id, status FROM sessions")) == STATUSES
    assert sessions.check_history(v1_copy) is None


def test_the_migrated_sessions_read_back_with_the_rule(v1_copy: Path) -> None:
    history = migrated(v1_copy)
    sessions = {s.id: s for s in history.recent()}
    history.close()
    assert {i: s.status for i, s in sessions.items()} == STATUSES
    done = {i: (s.sets_done, s.sets_planned) for i, s in sessions.items()}
    assert done == {1: (6, 6), 2: (0, 6), 3: (6, 6), 4: (5, 6), 5: (2, 6), 6: (2, 2)}
    assert sessions[3].sets[0].done_seconds == 26  # cut short but done: 87 %
    assert sessions[4].sets[5].name == "Hip clam set 2 right"
    assert not sessions[4].sets[5].done
    assert all((s.level, s.progression, s.reset) == (1, None, False) for s in sessions[6].sets)


def test_only_the_sessions_completed_by_the_rule_count_toward_the_goal(v1_copy: Path) -> None:
    history = migrated(v1_copy)
    stats = history.week_stats(3, today=date(2026, 3, 6), tz=UTC)
    history.close()
    # Schema 1 counted five (every one that reached its end); two of them were not done.
    assert stats.this_week == 3
    assert stats.progress_text() == "3rd of 3 this week"


def test_a_migrated_history_takes_new_sessions_with_their_progression(v1_copy: Path) -> None:
    history = migrated(v1_copy)
    plan = build_plan(Routine("c", "C", (RoutineItem(HIP_CLAM, level=2),)), Settings(sets=1))
    engine = Engine(plan)
    writer = HistoryWriter(v1_copy).start()  # the program's path: a writer thread
    recorder = Recorder(writer, plan, clock=lambda: 1_800_000_000.0)
    recorder(engine.start(0.0))
    while (deadline := engine.next_deadline) is not None:  # deadline by deadline, as the driver
        recorder(engine.advance(deadline))
    assert writer.flush(10.0)
    writer.close(5.0)
    assert recorder.status == "completed"
    newest = history.recent(1)[0]
    history.close()
    assert [(s.level, s.progression) for s in newest.sets] == [(2, "Side-plank clam")] * 2
    assert dict(rows(v1_copy, "SELECT id, status FROM sessions WHERE id <= 6")) == STATUSES


def test_opening_it_again_changes_nothing(v1_copy: Path) -> None:
    migrated(v1_copy).close()
    once = v1_copy.read_bytes()
    migrated(v1_copy).close()
    assert rows(v1_copy, "PRAGMA user_version") == [(2,)]
    assert v1_copy.read_bytes() == once


def test_history_json_and_csv_of_a_migrated_file(
    home: IsolatedHome, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home.enter(monkeypatch)
    home.history_file.parent.mkdir(parents=True)
    shutil.copyfile(V1, home.history_file)
    assert main(["history", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["status"] for s in data] == [STATUSES[i] for i in (6, 5, 4, 3, 2, 1)]
    clam = data[2]["sets"][5]
    assert clam == {
        "exercise": "Hip clam",
        "exercise_id": "hip-clam",
        "set": 2,
        "side": "right",
        "level": 1,
        "progression": None,
        "planned_seconds": 30,
        "done_seconds": 15,
        "reset": False,
    }
    assert main(["history", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "started_at,ended_at,routine,status,active_seconds,exercise,exercise_id,set,side,"
        "level,progression,planned_seconds,done_seconds,reset"
    )
    assert len(lines) == 1 + 6 * 10 - 6
    assert lines[1].endswith(",clams,completed,115,Hip clam,hip-clam,1,left,1,,20,20,0")
