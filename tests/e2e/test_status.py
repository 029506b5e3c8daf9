"""``hiptimer status`` as a prompt runs it: the installed script, a real history file, an
isolated home, the line and the JSON."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.userfiles import FAST, Home, hiptimer_path, make_home
from tests.progress_history import Made, make_history, routine_sets


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return make_home(tmp_path / "home")


def run(home: Home, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``hiptimer`` in ``home``, days counted in UTC."""
    return subprocess.run(
        [hiptimer_path(), *args],
        env=home.env(TZ="UTC"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def status(home: Home) -> str:
    result = run(home, "status")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return lines[0]


def status_json(home: Home) -> dict[str, Any]:
    result = run(home, "status", "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def this_monday() -> date:
    today = datetime.now(UTC).date()
    return today - timedelta(days=today.weekday())


def at(day: date, hour: int = 0, second: int = 1) -> float:
    return datetime.combine(day, time(hour, 0, second), UTC).timestamp()


def test_no_history_is_due_today_and_creates_nothing(home: Home) -> None:
    assert status(home) == "hips 0/3 this week · next: today"
    data = status_json(home)
    assert data == {
        "week_done": 0,
        "weekly_goal": 3,
        "streak_weeks": 0,
        "last_session": None,
        "due": datetime.now(UTC).date().isoformat(),
        "suggestions": [],
    }
    assert not home.history_file.exists()


def test_four_weeks_at_the_goal_and_two_clean_sessions_at_the_top(home: Home) -> None:
    monday = this_monday()
    today = datetime.now(UTC).date()
    made = [
        Made(at(monday - timedelta(weeks=w, days=-d), hour=7), sets=routine_sets("3x45"))
        for w in (4, 3, 2, 1)
        for d in (0, 1, 2)
    ]
    # This week's session at the first second of Monday: today when today is Monday.
    made.append(Made(at(monday), sets=routine_sets("3x45")))
    make_history(home.history_file, made)
    due = today + timedelta(days=1) if today == monday else today
    when = "tomorrow" if today == monday else "today"
    assert status(home) == (
        f"hips 1/3 this week · streak 4 wk · next: {when}"
        " · ready: bridge walk, side-plank clam, weighted lunge"
    )
    data = status_json(home)
    assert {k: data[k] for k in ("week_done", "weekly_goal", "streak_weeks")} == {
        "week_done": 1,
        "weekly_goal": 3,
        "streak_weeks": 4,
    }
    assert data["last_session"] == f"{monday.isoformat()}T00:00:01Z"
    assert data["due"] == due.isoformat()
    assert [
        (s["exercise_id"], s["from_level"], s["to_level"], s["progression"])
        for s in data["suggestions"]
    ] == [
        ("glute-bridge", 1, 2, "Bridge walk"),
        ("hip-clam", 1, 2, "Side-plank clam"),
        ("lateral-lunge", 1, 2, "Weighted"),
    ]
    assert all(
        s["why"].startswith("2 clean sessions in a row at 3 × 45 s") for s in data["suggestions"]
    )


def test_the_settings_give_the_goal_and_hide_an_offer_already_taken(home: Home) -> None:
    home.settings_file.write_text(
        "weekly_goal = 2\nsets = 3\nwork = 30\n\n[levels]\nglute-bridge = 1\n", encoding="utf-8"
    )
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    sets = routine_sets("2x30", reset="glute-bridge")
    make_history(home.history_file, [Made(at(yesterday, hour=7), sets=sets)])
    line = status(home)
    # 3 x 30 s is set already, so the clean clam and lunge have nothing new to be offered,
    # and the reset bridge holds.
    assert line.startswith("hips ") and "/2 this week" in line
    assert "ready" not in line
    assert status_json(home)["suggestions"] == []


def test_a_reset_in_the_newest_session_holds_the_bridge(home: Home) -> None:
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    made = [
        Made(at(yesterday - timedelta(days=2), hour=7), sets=routine_sets("3x30")),
        Made(at(yesterday, hour=7), sets=routine_sets("3x35", reset="glute-bridge")),
    ]
    make_history(home.history_file, made)
    assert status(home).endswith(" · next: today · ready: clam 3×40 s, lunge 3×40 s")
    offers = status_json(home)["suggestions"]
    assert [(s["exercise_id"], s["to_level"]) for s in offers] == [
        ("hip-clam", 1),
        ("lateral-lunge", 1),
    ]


def test_a_workout_just_done_makes_the_next_one_due_tomorrow(home: Home) -> None:
    workout = run(home, "--plain", "--routine", "tiny", *FAST)
    assert workout.returncode == 0, workout.stderr
    assert status(home) == "hips 1/3 this week · next: tomorrow"
    data = status_json(home)
    assert data["week_done"] == 1
    assert data["due"] == (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    assert data["last_session"] is not None and data["last_session"].endswith("Z")


def test_a_damaged_history_still_gives_a_line_and_says_why(home: Home) -> None:
    home.history_file.parent.mkdir(parents=True, exist_ok=True)
    home.history_file.write_bytes(b"not a database at all" * 50)
    result = run(home, "status")
    assert result.returncode == 0
    assert result.stdout == "hips 0/3 this week · next: today\n"
    assert str(home.history_file) in result.stderr
    assert home.history_file.read_bytes() == b"not a database at all" * 50


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("sessions.started_at", "1e20"),
        ("sessions.started_at", "1e15"),
        ("sessions.started_at", "'abc'"),
        ("sessions.started_at", "x'ff00'"),
        ("sets.planned_seconds", "'x'"),
        ("sets.level", "'x'"),
    ],
    ids=["far-future", "year-out-of-range", "text-time", "blob-time", "text-seconds", "text-level"],
)
def test_a_hand_made_value_never_gives_a_traceback(home: Home, column: str, value: str) -> None:
    # The prompt runs this at every line: one odd row must not put a traceback in it.
    workout = run(home, "--plain", "--routine", "tiny", *FAST)
    assert workout.returncode == 0, workout.stderr
    table, name = column.split(".")
    with sqlite3.connect(home.history_file) as conn:
        conn.execute(f"UPDATE {table} SET {name} = {value}")
    for args in (("status",), ("status", "--json")):
        result = run(home, *args)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout.strip()
