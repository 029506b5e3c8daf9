"""The installed ``hiptimer`` writing where nobody reads: a pipe whose reader leaves, stdout
closed or on a full device, an ASCII-only encoding, a closed stderr, a file instead of a
terminal. Real processes, real pipes; a shell only where the test needs ``>&-``."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.tmux import Terminal
from tests.e2e.userfiles import FAST, Home, hiptimer_path, make_home

READER_GONE = "hiptimer: the reader of the output went away: the workout stopped"
NOT_A_TERMINAL = "hiptimer: stdout is not a terminal: running line mode (--plain)"
STDOUT_CLOSED = "hiptimer: stdout is closed: there is nowhere to write the output"
FULL = "hiptimer: cannot write the output: No space left on device"
BROKEN_ROUTINE = "name = \n"
"""A routine file with a TOML error on its first line."""


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return make_home(tmp_path / "home")


def shell(home: Home, redirect: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``hiptimer ARGS`` with a shell redirection (``>&-``, ``2>&-``): only a shell
    starts a program with a descriptor closed the way a user's command line does."""
    return subprocess.run(
        ["sh", "-c", f'exec "$0" "$@" {redirect}', hiptimer_path(), *args],
        env=home.env(**extra),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def history_statuses(home: Home) -> list[str]:
    result = home.run("history", "--json")
    assert result.returncode == 0, result.stderr
    return [session["status"] for session in json.loads(result.stdout)]


@pytest.mark.parametrize("sound", ["muted", "default"])
def test_line_mode_ends_within_a_second_of_its_reader_leaving(home: Home, sound: str) -> None:
    """``hiptimer --plain | head -3``: the reader leaves 15 s before the next line is due,
    so only watching the pipe can notice; the session is recorded as stopped."""
    args = ["--plain", "--prepare", "2", "--work", "30", *(["--mute"] if sound == "muted" else [])]
    process = subprocess.Popen(
        [hiptimer_path(), *args],
        env=home.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first, how, work = (process.stdout.readline() for _ in range(3))
    assert b" READY " in first and b" HOW Glute bridge" in how and b" WORK Glute bridge" in work
    left = time.monotonic()
    process.stdout.close()  # what ``head -3`` does after its third line
    code = process.wait(timeout=10)
    gone_after = time.monotonic() - left
    stderr = process.stderr.read().decode()
    assert gone_after < 1.0, f"still running {gone_after:.2f} s after the reader left"
    assert code == 141, stderr
    assert f"{READER_GONE} (recorded as stopped)" in stderr.splitlines()
    assert "Traceback" not in stderr
    assert history_statuses(home) == ["stopped"]


def test_a_real_head_ends_line_mode_at_once(home: Home) -> None:
    """The same through the shell's own pipe and the real ``head``."""
    started = time.monotonic()
    result = shell(home, "| head -2", "--plain", "--mute", "--prepare", "1", "--work", "30")
    took = time.monotonic() - started
    assert result.stdout.count("\n") == 2
    assert took < 5.0, f"the pipeline took {took:.1f} s (the workout is 3 minutes)"
    assert "Traceback" not in result.stderr
    assert history_statuses(home) == ["stopped"]


@pytest.mark.parametrize(
    "args",
    [
        ["routines"],
        ["doctor", "--mute"],
        ["history"],
        ["history", "--json"],
        ["history", "--csv"],
        ["--help"],
    ],
    ids=" ".join,
)
def test_no_command_prints_a_traceback_into_a_closed_pipe(home: Home, args: list[str]) -> None:
    """``hiptimer routines | head -0``: the reader is gone before the first write."""
    process = subprocess.Popen(
        [hiptimer_path(), *args],
        env=home.env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    code = process.wait(timeout=60)
    stderr = process.stderr.read().decode()
    assert code == 141, stderr
    assert stderr == ""  # the reader left on purpose: nothing to say


@pytest.mark.parametrize(
    "args", [["routines"], ["history", "--json"], ["doctor", "--mute"]], ids=" ".join
)
def test_a_full_device_is_one_line_and_status_1(home: Home, args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [hiptimer_path(), *args],
            env=home.env(),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == f"{FULL}\n"


def test_line_mode_on_a_full_device_stops_and_records_it(home: Home) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [hiptimer_path(), "--plain", "--mute", "--prepare", "30"],
            env=home.env(),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=20,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == f"{FULL}: the workout stopped (recorded as stopped)\n"
    assert history_statuses(home) == ["stopped"]


@pytest.mark.parametrize("args", [["routines"], ["history"], ["--plain", "--mute"]], ids=" ".join)
def test_a_closed_stdout_is_one_line_on_stderr(home: Home, args: list[str]) -> None:
    result = shell(home, ">&-", *args)
    assert result.returncode == 1
    assert result.stderr == f"{STDOUT_CLOSED}\n"
    assert history_statuses(home) == []  # no workout ran unseen


def test_a_closed_stderr_keeps_notices_out_of_stdout(home: Home) -> None:
    (home.routines_dir / "broken.toml").write_text(BROKEN_ROUTINE)
    listed = shell(home, "2>&-", "routines")
    assert listed.returncode == 0
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["runners-hips", "tiny"]
    workout = shell(home, "2>&-", "--plain", "--mute", "--routine", "tiny", *FAST)
    assert workout.returncode == 0
    assert not [line for line in workout.stdout.splitlines() if "hiptimer:" in line]
    assert " DONE " in workout.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (["--routine", "nope"], 2, "hiptimer: unknown routine 'nope'; known: runners-hips, tiny"),
        (["--wrok", "30"], 2, "hiptimer: error: unrecognized option --wrok (did you mean --work?)"),
    ],
    ids=["unknown routine", "unknown option"],
)
def test_with_stderr_closed_an_error_is_said_on_stdout(
    home: Home, args: list[str], code: int, line: str
) -> None:
    result = shell(home, "2>&-", *args)
    assert result.returncode == code
    assert result.stdout == f"{line}\n"


def test_an_ascii_only_output_gets_replacements(home: Home) -> None:
    result = subprocess.run(
        [hiptimer_path(), "--plain", "--mute", "--routine", "tiny", *FAST],
        env=home.env(PYTHONIOENCODING="ascii"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("ascii")  # every byte is ASCII
    assert "00:00 READY Bridge - set 1 of 1 - starts in 1 s" in text.splitlines()
    assert b"Traceback" not in result.stderr
    table = subprocess.run(
        [hiptimer_path(), "history"],
        env=home.env(PYTHONIOENCODING="ascii"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert table.returncode == 0, table.stderr
    assert b"This week: 1 of 3 sessions - " in table.stdout


def test_output_to_a_file_runs_line_mode_and_says_so(home: Home, tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    with log.open("w") as out:
        result = subprocess.run(
            [hiptimer_path(), "--mute", "--no-history", "--routine", "tiny", *FAST],
            env=home.env(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"{NOT_A_TERMINAL}\n"
    written = log.read_text()
    assert "\x1b" not in written
    assert written.startswith("00:00 READY Bridge")
    assert " DONE " in written.splitlines()[-1]


def test_stderr_to_a_file_in_a_terminal_runs_line_mode(terminal: Terminal) -> None:
    """The full-screen app draws on stderr: sent to a file, it would run unseen."""
    terminal.home.create()
    errors = terminal.tmp_path / "errors.log"
    args = ["--mute", "--no-history", "--prepare", "1", "--work", "1", "--sets", "1"]
    command = f'exec "$0" "$@" 2>{errors}'
    terminal.start("sh", "-c", command, hiptimer_path(), *args)
    terminal.wait_for(lambda s: "00:00 READY Glute bridge" in s and "KEYS " in s)
    terminal.keys("q")
    assert terminal.wait_exit() == "130"
    assert errors.read_text() == "hiptimer: stderr is not a terminal: running line mode (--plain)\n"


def test_the_app_shows_which_routine_runs_instead_of_a_broken_one(tmp_path: Path) -> None:
    # Wide enough that each notice's lines fit whole beside the home screen's text.
    terminal = Terminal(tmp_path, 140, 40)
    try:
        shows_which_routine_runs(terminal)
    finally:
        terminal.close()


def shows_which_routine_runs(terminal: Terminal) -> None:
    terminal.home.create()
    (terminal.home.routines_dir / "mine.toml").write_text(BROKEN_ROUTINE)
    terminal.start(hiptimer_path(), "--mute", "--no-history", "--routine", "mine", "--level", "3")

    def notices(screen: str) -> str:
        """The toasts' words, one line: what is right of their left edge, joined."""
        rows = [line.split("▌")[-1].strip() for line in screen.splitlines() if "▌" in line]
        return " ".join(" ".join(rows).split())

    screen = terminal.wait_for(
        lambda s: (
            "'runners-hips' instead" in notices(s)
            and "--level 3 is more than some exercises have" in notices(s)
        )
    )
    assert "routine 'mine' could not be loaded" in notices(screen)
    assert "Hip clam runs level 2 (Side-plank clam, its last)" in notices(screen)
    terminal.keys("q")
    assert terminal.wait_exit() == "0"


def test_unknown_options_and_bad_limits_are_named(home: Home) -> None:
    wrong = home.run("--wrok", "30")
    assert wrong.returncode == 2
    assert wrong.stderr.splitlines()[-1] == (
        "hiptimer: error: unrecognized option --wrok (did you mean --work?)"
    )
    for limit in ("-1", "99999999999999999999"):
        result = home.run("history", "--limit", limit)
        assert result.returncode == 2
        assert result.stderr.splitlines()[-1] == (
            "hiptimer history: error: argument --limit: must be a whole number of sessions"
            f" from 1 to 1000000, not {limit}"
        )
        assert "Traceback" not in result.stderr


def test_doctor_takes_mute_after_the_command(home: Home) -> None:
    result = home.run("doctor", "--mute")
    assert "unrecognized" not in result.stderr
    assert "  test cue: not played (--mute)" in result.stdout.splitlines()


def test_a_level_above_the_ladders_is_named_in_line_mode(home: Home) -> None:
    result = home.run("--plain", "--mute", "--no-history", "--level", "9", "--sets", "1", *FAST)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "hiptimer: --level 9 is more than some exercises have: "
        "Glute bridge runs level 3 (Runner's hinge, its last), "
        "Hip clam runs level 2 (Side-plank clam, its last), "
        "Lateral lunge runs level 2 (Weighted, its last)"
    ]
