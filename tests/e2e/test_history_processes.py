"""The history against real processes: kill -9, SIGTERM, SIGHUP, two at once, bad databases."""

from __future__ import annotations

import csv
import io
import json
import resource
import shutil
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.userfiles import FAST, Home, LineReader, make_home, wait_for

V1_HISTORY = Path(__file__).parents[1] / "corpus" / "history" / "v1.sqlite3"
"""A real history from schema 1 (see the README beside it)."""
TWO_SETS = """\
name = "Two sets"

[[exercises]]
name = "Bridge"
sets = 2
work = 3
rest = 1
cues = ["Hips level"]
"""
"""Prepare 1 s, set 1 (3 s), rest 1 s, set 2 (3 s): long enough to be caught mid-set."""


@pytest.fixture
def home(tmp_path: Path) -> Home:
    home = make_home(tmp_path)
    (home.routines_dir / "two.toml").write_text(TWO_SETS, encoding="utf-8")
    return home


def sessions(home: Home) -> list[dict[str, Any]]:
    result = home.run("history", "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def raw_status(home: Home) -> list[str]:
    """Read the database directly, without letting hiptimer tidy it first."""
    conn = sqlite3.connect(f"{home.history_file.as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT status FROM sessions ORDER BY id")]
    finally:
        conn.close()


def test_a_workout_is_recorded_and_the_done_line_counts_the_week(home: Home) -> None:
    first = home.run("--plain", "--routine", "tiny", *FAST)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1].endswith(" · 1st session this week")
    second = home.run("--plain", "--routine", "tiny", *FAST)
    assert second.stdout.splitlines()[-1].endswith(" · 2nd session this week")
    data = sessions(home)
    assert [s["status"] for s in data] == ["completed", "completed"]
    assert data[0]["started_at"] >= data[1]["started_at"]  # newest first
    assert data[0]["routine"] == "tiny"
    assert data[0]["sets"] == [
        {
            "exercise": "Bridge",
            "exercise_id": "bridge",
            "set": 1,
            "side": None,
            "level": 1,
            "progression": None,
            "planned_seconds": 1,
            "done_seconds": 1,
            "reset": False,
        }
    ]
    assert data[0]["active_seconds"] == 2
    assert data[0]["started_at"].endswith("Z") and data[0]["ended_at"].endswith("Z")
    table = home.run("history")
    assert table.returncode == 0
    assert table.stdout.startswith("This week: 2 of 3 sessions")
    assert "Tiny" in table.stdout and "completed" in table.stdout and "1/1" in table.stdout
    rows = list(csv.DictReader(io.StringIO(home.run("history", "--csv").stdout)))
    assert len(rows) == 2
    assert rows[0]["exercise"] == "Bridge" and rows[0]["side"] == ""
    assert rows[0]["status"] == "completed" and rows[0]["done_seconds"] == "1"
    assert (rows[0]["exercise_id"], rows[0]["level"], rows[0]["progression"]) == ("bridge", "1", "")
    assert rows[0]["reset"] == "0"


def test_a_v1_history_is_migrated_by_the_installed_hiptimer(home: Home) -> None:
    home.history_file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(V1_HISTORY, home.history_file)
    data = sessions(home)
    assert [s["status"] for s in data] == [
        "completed",
        "stopped",
        "partial",
        "completed",
        "partial",
        "completed",
    ]
    assert {(s["level"], s["progression"], s["reset"]) for d in data for s in d["sets"]} == {
        (1, None, False)
    }
    assert raw_status(home)[1] == "partial"  # the file itself was migrated
    table = home.run("history")
    assert table.returncode == 0 and "Traceback" not in table.stderr
    assert "partial" in table.stdout


def test_no_history_records_nothing(home: Home) -> None:
    result = home.run("--plain", "--no-history", "--routine", "tiny", *FAST)
    assert " DONE " in result.stdout
    assert "session this week" not in result.stdout
    assert not home.history_file.exists()
    empty = home.run("history")
    assert empty.stdout.startswith("No sessions yet.")
    assert home.run("history", "--json").stdout == "[]\n"
    assert not home.history_file.exists()  # reading creates nothing


def test_kill_9_mid_set_leaves_a_stopped_session_with_the_completed_set(home: Home) -> None:
    process = home.start("--plain", "--routine", "two", "--prepare", "1")
    lines = LineReader(process)
    lines.wait_for_line(["WORK Bridge", "set 2 of 2"])
    process.kill()
    process.wait(timeout=10)
    assert raw_status(home) == ["running"]  # what the crash left behind
    (session,) = sessions(home)
    assert session["status"] == "stopped"
    assert session["ended_at"] is not None
    assert [s["done_seconds"] for s in session["sets"]] == [3, 0]
    assert session["active_seconds"] == 4
    assert raw_status(home) == ["stopped"]


def test_the_next_start_closes_a_killed_session(home: Home) -> None:
    process = home.start("--plain", "--routine", "two", "--prepare", "1")
    LineReader(process).wait_for_line(["WORK Bridge", "set 2 of 2"])
    process.kill()
    process.wait(timeout=10)
    result = home.run("--plain", "--routine", "tiny", *FAST)
    assert result.returncode == 0
    assert raw_status(home) == ["stopped", "completed"]


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"]
)
def test_a_signal_ends_the_workout_and_closes_the_session(home: Home, signum: int) -> None:
    process = home.start("--plain", "--routine", "two", "--prepare", "1")
    lines = LineReader(process)
    lines.wait_for_line(["WORK Bridge", "set 2 of 2"])
    process.send_signal(signum)
    assert process.wait(timeout=10) == 130
    lines.join()
    assert lines.lines[-1].split(" ", 1)[1].startswith("STOP 1 of 2 sets")
    assert process.stderr is not None and "Traceback" not in process.stderr.read()
    assert raw_status(home) == ["stopped"]  # closed by the process itself
    (session,) = sessions(home)
    assert session["ended_at"] is not None
    done = [s["done_seconds"] for s in session["sets"]]
    assert done[0] == 3 and 0 <= done[1] < 3


def test_two_workouts_at_once_both_land(home: Home) -> None:
    processes = [home.start("--plain", "--routine", "two", "--prepare", "1") for _ in range(2)]
    outputs = [p.communicate(timeout=60) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert " DONE 2 sets" in out
        assert "history" not in err
    data = sessions(home)
    assert [s["status"] for s in data] == ["completed", "completed"]
    assert all([s["done_seconds"] for s in d["sets"]] == [3, 3] for d in data)


def test_a_corrupt_database_is_moved_aside_and_the_workout_goes_on(home: Home) -> None:
    home.history_file.parent.mkdir(parents=True)
    garbage = b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 2000
    home.history_file.write_bytes(garbage)
    result = home.run("--plain", "--routine", "tiny", *FAST)
    assert result.returncode == 0
    assert " DONE " in result.stdout
    assert f"hiptimer: history: {home.history_file} is damaged" in result.stderr
    assert "Traceback" not in result.stderr
    (aside,) = home.history_file.parent.glob("history.sqlite3.corrupt-*")
    assert aside.name in result.stderr
    assert aside.read_bytes() == garbage
    assert [s["status"] for s in sessions(home)] == ["completed"]


def test_a_database_from_a_newer_version_is_moved_aside(home: Home) -> None:
    home.history_file.parent.mkdir(parents=True)
    conn = sqlite3.connect(home.history_file)
    conn.execute("CREATE TABLE sessions (anything)")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    before = home.history_file.read_bytes()
    result = home.run("--plain", "--routine", "tiny", *FAST)
    assert result.returncode == 0 and " DONE " in result.stdout
    assert "comes from a newer hiptimer (schema 7" in result.stderr
    (aside,) = home.history_file.parent.glob("history.sqlite3.newer-v7-*")
    assert aside.read_bytes() == before
    assert len(sessions(home)) == 1


def test_an_unwritable_history_is_a_notice_and_the_workout_goes_on(home: Home) -> None:
    # A file where the data folder should be: nothing can be created there, even as root.
    home.data_dir.parent.mkdir(parents=True)
    home.data_dir.write_text("not a folder")
    result = home.run("--plain", "--routine", "tiny", *FAST)
    assert result.returncode == 0, result.stderr
    assert " DONE " in result.stdout
    assert "hiptimer: history not recorded: " in result.stderr
    assert "Traceback" not in result.stderr


def test_history_output_survives_a_closed_pipe(home: Home) -> None:
    for _ in range(2):
        home.run("--plain", "--routine", "tiny", *FAST)
    process = home.start("history", "--csv")
    assert process.stdout is not None
    process.stdout.close()  # the reader goes away at once, like `| head -0`
    wait_for(lambda: process.poll() is not None, timeout=20)
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()


def test_line_mode_with_a_full_disk_mid_workout_warns_once_and_finishes(home: Home) -> None:
    """The kernel refuses every file write from the process once the first set is under
    way (a file-size limit of zero, set from outside with ``prlimit``: what a full disk
    looks like to SQLite, without needing a small file system to fill)."""
    process = home.start("--plain", "--mute", "--routine", "two", "--prepare", "1")
    lines = LineReader(process)
    lines.wait_for_line(["WORK Bridge", "set 1 of 2"])
    resource.prlimit(process.pid, resource.RLIMIT_FSIZE, (0, 0))
    assert process.wait(timeout=120) == 0
    lines.join()
    assert process.stderr is not None
    errors = process.stderr.read().splitlines()
    assert " DONE " in lines.lines[-1]
    history_lines = [e for e in errors if "history" in e]
    assert len(history_lines) == 1, errors
    assert history_lines[0].startswith(f"hiptimer: history: could not write to {home.history_file}")
    assert not any("Traceback" in e for e in errors)
