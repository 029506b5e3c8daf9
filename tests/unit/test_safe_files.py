"""Hostile paths meet real files: FIFOs, devices, huge and many routine files, read-only and
foreign-owned settings. Each case reads or saves a real file in ``tmp_path`` and says what
must happen; the ones that hung or read without end on the old code run in a child process
with a time and memory limit, so a regression fails instead of stalling the suite."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hiptimer.config.routines import (
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_PIECES,
    load_routine_file,
    load_routines,
)
from hiptimer.config.settings import SaveError, save_mute, save_settings
from hiptimer.core.settings import Settings

ROUTINE = 'name = "Mine"\n[[exercises]]\nname = "Clam"\n'


def _limit_memory() -> None:
    # The old code read /dev/zero into memory without end: stop it at 512 MB.
    resource.setrlimit(resource.RLIMIT_AS, (512 * 2**20, 512 * 2**20))


def in_child(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python with 20 s and 512 MB at most; fail past either."""
    try:
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=20,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("reading the file did not come back within 20 s (it waited on it)")


# --- reads that cannot hang -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        pytest.param(lambda p: os.mkfifo(p), "a named pipe (FIFO)", id="fifo"),
        pytest.param(lambda p: p.symlink_to("/dev/zero"), "a character device", id="dev-zero"),
        pytest.param(lambda p: p.mkdir(), "a folder", id="folder"),
    ],
)
def test_a_settings_file_that_is_not_a_regular_file_is_refused_unread(
    tmp_path: Path, make, kind: str
) -> None:
    path = tmp_path / "config.toml"
    make(path)
    result = in_child(
        f"""
        from pathlib import Path
        from hiptimer.config.settings import load_settings
        settings, problems = load_settings(Path({str(path)!r}))
        print(settings.work)
        for problem in problems:
            print(problem)
        """
    )
    assert result.returncode == 0, result.stderr
    work, message = result.stdout.splitlines()
    assert work == "30"  # the defaults
    assert message == f"{path}: is {kind}, not a regular file, so it was not read"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: os.mkfifo(p), id="fifo"),
        pytest.param(lambda p: p.symlink_to("/dev/zero"), id="dev-zero"),
    ],
)
def test_a_routine_file_that_is_not_a_regular_file_is_refused_unread(tmp_path: Path, make) -> None:
    (tmp_path / "good.toml").write_text(ROUTINE)
    make(tmp_path / "odd.toml")
    result = in_child(
        f"""
        from pathlib import Path
        from hiptimer.config.routines import load_routines
        loaded = load_routines(Path({str(tmp_path)!r}))
        print(",".join(r.id for r in loaded.routines))
        for problem in loaded.problems:
            print(problem)
        """
    )
    assert result.returncode == 0, result.stderr
    ids, message = result.stdout.splitlines()
    assert ids == "runners-hips,good"
    assert message.startswith(f"{tmp_path / 'odd.toml'}: is a ")
    assert message.endswith("not a regular file, so it was not read; routine not loaded")


def test_a_routine_file_over_256_kib_is_refused_unread_and_named(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text(ROUTINE + "# " + "x" * (300 * 1024) + "\n")
    loaded = load_routine_file(big)
    assert loaded.routine is None
    (problem,) = loaded.problems
    assert str(problem) == (
        f"{big}: the file is too large (300 KiB; the limit is 256 KiB), so it was not read; "
        "routine not loaded"
    )
    at_limit = tmp_path / "at-limit.toml"
    at_limit.write_text(ROUTINE.ljust(MAX_FILE_BYTES - 1, "#") + "\n")
    assert at_limit.stat().st_size == MAX_FILE_BYTES
    assert load_routine_file(at_limit).routine is not None


def test_at_most_50_routine_files_are_read_in_name_order(tmp_path: Path) -> None:
    for number in range(60):
        (tmp_path / f"r{number:02}.toml").write_text(ROUTINE)
    loaded = load_routines(tmp_path)
    assert MAX_FILES == 50
    assert [r.id for r in loaded.routines[1:]] == [f"r{n:02}" for n in range(50)]
    (problem,) = loaded.problems
    assert str(problem) == (
        f"{tmp_path}: holds 60 routine files; read the first 50 by name and skipped 10 "
        "(from 'r50.toml')"
    )


def test_a_routine_file_with_too_many_pieces_is_refused_unparsed(tmp_path: Path) -> None:
    # 100,000 numbers in 200 KiB took a quarter of a second to parse.
    path = tmp_path / "numbers.toml"
    path.write_text(ROUTINE + "cues = [" + "1," * 100_000 + "1]\n")
    (problem,) = load_routine_file(path).problems
    assert "the file is too complex (100" in str(problem)
    assert f"the limit is {MAX_PIECES} of each), so it was not read" in str(problem)


def test_an_exercise_id_that_is_not_a_slug_is_replaced_by_one_from_the_name(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        'name = "Mine"\n[[exercises]]\nname = "Single leg bridge"\nid = "single leg bridge"\n'
        'progressions = ["Easy", "Hard"]\n'
    )
    loaded = load_routine_file(path)
    assert loaded.routine is not None
    assert loaded.routine.items[0].exercise.id == "single-leg-bridge"
    (problem,) = loaded.problems
    assert str(problem).startswith(f"{path}: key 'exercises[1].id': must be lower-case letters")


# --- saves that cannot hurt -----------------------------------------------------------------


def _device(path: Path) -> None:
    """A character device of our own (a twin of /dev/null) where config.toml should be."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:  # not root: a FIFO is not a regular file either
        os.mkfifo(path)


def test_saving_never_replaces_a_device(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    _device(path)
    message = save_mute(path, True)
    assert message is not None
    assert "not a regular file" in message and "left as it is" in message
    assert not stat.S_ISREG(os.lstat(path).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_saving_refuses_a_read_only_file_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("work = 40\n")
    path.chmod(0o444)
    with pytest.raises(SaveError, match="read-only"):
        save_settings(path, Settings(sets=3), since=Settings())
    assert "read-only" in (save_mute(path, True) or "")
    assert path.read_text() == "work = 40\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_root_saving_a_users_file_keeps_its_owner_group_and_mode(tmp_path: Path) -> None:
    # The tests run as root (as CI does), which is how a file comes to change hands.
    path = tmp_path / "config.toml"
    path.write_text("work = 40\n")
    os.chown(path, 65534, 65533)
    path.chmod(0o640)
    assert save_mute(path, True) is None
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65533, 0o640)
    assert path.read_text() == "work = 40\nmute = true\n"
