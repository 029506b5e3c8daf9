"""The installed ``hiptimer history --import`` between two homes: real processes, real
SQLite files, a real pipe and another program holding the lock."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.badhistories import LockHolder
from tests.e2e.userfiles import Home, hiptimer_path, make_home, poll
from tests.exports import CUSTOM_ID, CUSTOM_NAME, CUSTOM_ROUTINE, rich_history

pytestmark = pytest.mark.e2e


@pytest.fixture
def there(tmp_path: Path) -> Home:
    """The machine exported from."""
    home = make_home(tmp_path / "there")
    rich_history(home.history_file)
    return home


@pytest.fixture
def here(tmp_path: Path) -> Home:
    """The machine imported into: no history yet, the custom routine's file."""
    home = make_home(tmp_path / "here")
    (home.routines_dir / f"{CUSTOM_ID}.toml").write_text(CUSTOM_ROUTINE, encoding="utf-8")
    return home


def exported(home: Home, tmp_path: Path) -> Path:
    result = home.run("history", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    file = tmp_path / "export.json"
    file.write_text(result.stdout, encoding="utf-8")
    return file


def test_export_from_one_home_import_into_another_and_again(
    there: Home, here: Home, tmp_path: Path
) -> None:
    file = exported(there, tmp_path)
    result = here.run("history", "--import", str(file))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"Imported 5 sessions from {file}\n"
    again = here.run("history", "--json")
    assert again.stdout == file.read_text(encoding="utf-8")  # byte for byte
    table = here.run("history")
    assert CUSTOM_NAME in table.stdout
    second = here.run("history", "--import", str(file))
    assert (second.returncode, second.stderr) == (0, "")
    assert second.stdout == f"Imported 0 sessions from {file} (5 already there)\n"
    assert here.run("history", "--json").stdout == again.stdout


def test_import_from_stdin(there: Home, here: Home, tmp_path: Path) -> None:
    file = exported(there, tmp_path)
    result = subprocess.run(
        [hiptimer_path(), "history", "--import", "-"],
        env=here.env(),
        input=file.read_bytes(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == b"Imported 5 sessions from stdin\n"
    assert len(json.loads(here.run("history", "--json").stdout)) == 5


def test_a_closed_pipe_gets_no_traceback_and_the_sessions_are_in(
    there: Home, here: Home, tmp_path: Path
) -> None:
    """``hiptimer history --import FILE | head -0``: the summary has nowhere to go."""
    file = exported(there, tmp_path)
    process = subprocess.Popen(
        [hiptimer_path(), "history", "--import", str(file)],
        env=here.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    code = process.wait(timeout=60)
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert code == 141, stderr
    assert stderr == ""
    assert here.run("history", "--json").stdout == file.read_text(encoding="utf-8")


def test_a_lock_held_for_a_moment_is_waited_for(there: Home, here: Home, tmp_path: Path) -> None:
    file = exported(there, tmp_path)
    here.run("history", "--import", str(file))  # makes the history
    more = tmp_path / "more.json"
    sessions = json.loads(file.read_text(encoding="utf-8"))
    more.write_text(json.dumps([dict(sessions[0], routine="tiny")]), encoding="utf-8")
    with LockHolder(here.history_file) as holder:
        began = time.monotonic()
        threading.Timer(1.0, holder.release).start()
        result = here.run("history", "--import", str(more))
        took = time.monotonic() - began
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"Imported 1 session from {more}\n"
    assert took >= 1.0
    assert len(json.loads(here.run("history", "--json").stdout)) == 6


def test_a_file_that_is_not_an_export_leaves_no_trace(here: Home, tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("my runs: mon, wed, fri\n", encoding="utf-8")
    result = here.run("history", "--import", str(file))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"hiptimer: history --import: {file} is not JSON: Expecting value at line 1 column 1;"
        " nothing was imported\n"
    )
    assert not here.history_file.exists()


def test_ctrl_c_while_stdin_is_awaited_ends_quietly(here: Home) -> None:
    """``hiptimer history --import -`` typed with no pipe, then Ctrl+C: status 130 within
    2 s, no traceback, nothing created."""
    process = subprocess.Popen(
        [hiptimer_path(), "history", "--import", "-"],
        env=here.env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        # Linux names where a process sleeps: once it is in a read of the pipe, it is past
        # start-up and waiting for the export.
        wchan = Path(f"/proc/{process.pid}/wchan")
        poll(lambda: "pipe_read" in wchan.read_text(encoding="ascii", errors="replace"))
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=2)
    finally:
        process.kill()
        process.wait()
    assert (process.returncode, out, err) == (130, b"", b"")
    assert not here.history_file.exists()
