"""Folders and files hiptimer may not open: the installed ``hiptimer`` says so in one line
naming the path, never with a traceback, and never saves over a device.

The tests run as root, for whom permissions do not bite: each child process gives up the
two capabilities that let root past them (``CAP_DAC_OVERRIDE``, ``CAP_DAC_READ_SEARCH``,
dropped from its bounding set before ``exec``), so it meets a mode-000 folder as any user
would. Run as another user, the drop fails quietly and the permissions bite anyway.
"""

from __future__ import annotations

import ctypes
import json
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.userfiles import Home, hiptimer_path, make_home

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2


def _as_a_user() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0)


def run_as_user(home: Home, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``hiptimer`` in ``home`` without root's way past permissions."""
    return subprocess.run(
        [hiptimer_path(), *args],
        env=home.env(),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_as_a_user,
        check=False,
    )


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Home]:
    made = make_home(tmp_path / "home")
    made.settings_file.write_text("work = 40\n")
    yield made
    for folder in (made.config_dir, made.data_dir / "hiptimer"):  # let pytest clean up
        if folder.exists():
            folder.chmod(0o755)


def one_line_naming(stderr: str, path: Path) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if str(path) in line]
    assert lines, stderr
    assert all("Permission denied" in line or "unable to open" in line for line in lines)


def test_the_child_really_meets_permissions(home: Home) -> None:
    # Without this the tests below would pass for root without testing anything.
    home.settings_file.chmod(0)
    result = run_as_user(home, "routines")
    assert f"{home.settings_file}: could not be read: Permission denied" in result.stderr


def test_a_config_folder_that_cannot_be_searched(home: Home) -> None:
    home.config_dir.chmod(0)
    result = run_as_user(home, "routines")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("runners-hips\t")  # the built-in routine still runs
    assert result.stderr.splitlines() == [
        f"hiptimer: {home.settings_file}: could not be read: Permission denied",
        f"hiptimer: {home.routines_dir}: could not be read: Permission denied",
    ]
    doctor = run_as_user(home, "doctor")
    assert "Traceback" not in doctor.stderr
    assert f"problem: {home.settings_file}: could not be read: Permission denied" in doctor.stdout
    assert f"problem: {home.routines_dir}: could not be read: Permission denied" in doctor.stdout
    assert doctor.returncode == 1


def test_an_unreadable_config_given_by_flag(home: Home, tmp_path: Path) -> None:
    path = tmp_path / "theirs.toml"
    path.write_text("work = 45\n")
    path.chmod(0)
    result = run_as_user(home, "--config", str(path), "routines")
    assert result.returncode == 0
    assert result.stderr == f"hiptimer: {path}: could not be read: Permission denied\n"


def test_a_data_folder_of_mode_000(home: Home) -> None:
    folder = home.data_dir / "hiptimer"
    folder.mkdir(parents=True)
    folder.chmod(0)
    history = run_as_user(home, "history")
    one_line_naming(history.stderr, home.history_file)
    doctor = run_as_user(home, "doctor")
    assert "Traceback" not in doctor.stderr
    assert f"{home.history_file}: cannot be read: Permission denied" in doctor.stdout


def test_a_device_as_the_settings_file_is_read_as_nothing(home: Home, tmp_path: Path) -> None:
    # `hiptimer --config /dev/null`, with a twin of /dev/null made here; the save that
    # m makes is refused for the same file (tests/unit/test_safe_files.py).
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    result = run_as_user(home, "--config", str(device), "routines")
    assert result.returncode == 0
    assert result.stderr == (
        f"hiptimer: {device}: is a character device, not a regular file, so it was not read\n"
    )
    assert stat.S_ISCHR(os.lstat(device).st_mode)


QUICK = ("--routine", "one", "--plain", "--mute", "--sets", "1", "--work", "1",
         "--rest", "1", "--prepare", "1")  # fmt: skip


def test_a_read_only_history_keeps_the_session_in_the_journal(home: Home) -> None:
    home.routines_dir.mkdir(parents=True, exist_ok=True)
    (home.routines_dir / "one.toml").write_text('name = "One"\n[[exercises]]\nname = "Clam"\n')
    first = run_as_user(home, *QUICK)
    assert first.returncode == 0, first.stderr
    home.history_file.chmod(0o444)
    second = run_as_user(home, *QUICK)
    assert second.returncode == 0 and "Traceback" not in second.stderr
    journal = home.history_file.with_name(home.history_file.name + ".pending.jsonl")
    assert second.stderr.splitlines() == [
        f"hiptimer: history: could not write to {home.history_file}: attempt to write a "
        f"readonly database; this session is kept in {journal.name} beside it and added "
        "once the history can be written"
    ]
    assert journal.is_file()
    for side_file in home.history_file.parent.glob("history.sqlite3*"):  # -wal and -shm too
        side_file.chmod(0o644)
    listed = run_as_user(home, "history", "--json")
    assert listed.stderr == ""
    assert [s["status"] for s in json.loads(listed.stdout)] == ["completed", "completed"]
    assert not journal.exists()


def test_status_reads_a_history_in_a_folder_it_cannot_write(home: Home) -> None:
    home.routines_dir.mkdir(parents=True, exist_ok=True)
    (home.routines_dir / "one.toml").write_text('name = "One"\n[[exercises]]\nname = "Clam"\n')
    assert run_as_user(home, *QUICK).returncode == 0
    folder = home.history_file.parent
    assert sorted(p.name for p in folder.iterdir()) == ["history.sqlite3"]  # no -wal, -shm
    folder.chmod(0o555)
    try:
        status = run_as_user(home, "status")
    finally:
        folder.chmod(0o755)
    assert status.stderr == ""
    assert status.stdout.startswith("hips 1/3 this week")
