"""The installed ``hiptimer`` against hostile histories: another program holding the lock (a
real process), files made by hand, and files or folders it may not write or read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from hiptimer.store.sessions import open_history
from hiptimer.store.writer import BUSY_NOTICE
from tests.badhistories import CRAFTED, Crafted, LockHolder, add_row, crafted_history, new_history
from tests.e2e.userfiles import Home, hiptimer_path, make_home

ONE_SET = ("--plain", "--mute", "--routine", "tiny", "--prepare", "1", "--work", "1", "--sets", "1")
"""Prepare 1 s, one set of 1 s: a two-second workout."""


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return make_home(tmp_path)


def json_sessions(home: Home) -> list[dict[str, Any]]:
    result = home.run("history", "--json")
    assert result.returncode == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def test_a_held_lock_does_not_slow_the_workout_and_the_session_is_saved_after(
    home: Home,
) -> None:
    history, _ = open_history(home.history_file)
    assert history is not None
    history.close()
    with LockHolder(home.history_file) as holder:
        began = time.monotonic()
        result = home.run(*ONE_SET)
        took = time.monotonic() - began
        assert result.returncode == 0, result.stderr
        # Two seconds of workout, start-up and a bounded wait at the end; the old code
        # waited 10 s for the lock at the first phase, then lost the session.
        assert took < 7.0, took
        lines = result.stdout.splitlines()
        assert [line.split()[1] for line in lines if line[:1].isdigit()][-1] == "DONE"
        assert not any(" PAUSE " in line for line in lines)
        assert "clock jumped" not in result.stdout + result.stderr
        assert result.stderr.count(BUSY_NOTICE) == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert home.history_file.with_name("history.sqlite3.pending.jsonl").exists()
        holder.release()
    (session,) = json_sessions(home)
    assert session["status"] == "completed"
    assert [s["done_seconds"] for s in session["sets"]] == [1]
    assert not home.history_file.with_name("history.sqlite3.pending.jsonl").exists()
    assert len(json_sessions(home)) == 1  # merged once


@pytest.mark.parametrize("case", CRAFTED, ids=[c.name for c in CRAFTED])
def test_every_reader_survives_a_crafted_row_and_names_it(home: Home, case: Crafted) -> None:
    crafted_history(home.history_file, case)
    for args in (("history",), ("history", "--json"), ("history", "--csv")):
        result = home.run(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert f"hiptimer: {case.says}" in result.stderr.splitlines(), (args, result.stderr)
    assert len(json_sessions(home)) == case.shown
    doctor = home.run("doctor")
    assert "Traceback" not in doctor.stderr
    assert case.says.removeprefix("history: ") in doctor.stdout + doctor.stderr
    assert doctor.returncode == 1


def without_root_powers() -> list[str]:
    """A prefix that runs a command bound by file modes: as root, without the capabilities
    that let root read and write any file."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "running as root: these checks need util-linux's setpriv"
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def run_bound(home: Home, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*without_root_powers(), hiptimer_path(), *args],
        env=home.env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def one_session(home: Home) -> None:
    conn = new_history(home.history_file)
    add_row(conn, 2)
    conn.close()


def test_a_read_only_history_file_is_shown_and_said_to_be_read_only(home: Home) -> None:
    one_session(home)
    home.history_file.chmod(0o444)
    result = run_bound(home, "history")
    assert result.returncode == 0, result.stderr
    assert "No sessions yet" not in result.stdout
    assert "Tiny" in result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"hiptimer: history: {home.history_file} cannot be written (")
    assert json.loads(run_bound(home, "history", "--json").stdout)[0]["routine"] == "tiny"


def test_a_read_only_history_folder_is_shown_and_said_to_be_read_only(home: Home) -> None:
    one_session(home)
    folder = home.history_file.parent
    folder.chmod(0o555)
    try:
        result = run_bound(home, "history")
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "No sessions yet" not in result.stdout
    assert "Tiny" in result.stdout
    assert f"history: {home.history_file} cannot be written" in result.stderr


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_history_that_cannot_be_read_is_one_line_naming_the_path(home: Home, what: str) -> None:
    one_session(home)
    target = home.history_file if what == "file" else home.history_file.parent
    target.chmod(0o000)
    try:
        result = run_bound(home, "history")
    finally:
        target.chmod(0o755 if what == "folder" else 0o644)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"hiptimer: history: {home.history_file} cannot be read: Permission denied\n"
    )


@pytest.mark.parametrize(
    "command",
    [("history",), ("history", "--json"), ("status",), ("doctor", "--mute")],
    ids=["table", "json", "status", "doctor"],
)
def test_a_named_pipe_for_a_history_is_named_not_waited_on(
    home: Home, command: tuple[str, ...]
) -> None:
    """Opening a FIFO to read waits for a writer inside SQLite, where not even Ctrl+C ends
    the wait: each reader names it and goes on instead."""
    home.history_file.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(home.history_file)
    result = subprocess.run(
        [hiptimer_path(), *command],
        env=home.env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    said = f"{home.history_file}: cannot" if command[0] == "doctor" else f"{home.history_file} c"
    named = [line for line in (result.stdout + result.stderr).splitlines() if said in line]
    assert len(named) == 1, result
    assert named[0].endswith("be read: it is a named pipe (FIFO), not a regular file")
    assert "Traceback" not in result.stderr
