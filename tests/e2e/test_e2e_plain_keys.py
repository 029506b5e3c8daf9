"""The installed ``hiptimer --plain`` in a real terminal (tmux): keys work, and the terminal
is as it was afterwards however the workout ends."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import termios
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.tmux import Terminal
from tests.e2e.userfiles import hiptimer_path

SHORT = ["--mute", "--no-history", "--prepare", "3", "--work", "3", "--sets", "1"]
SHORT += ["--rest", "2", "--exercise-rest", "2", "--switch", "1"]

RUN_AND_RECORD = (
    "import json, pathlib, signal, subprocess, sys, termios\n"
    # Ctrl+C reaches this wrapper too (same process group): let hiptimer alone answer it.
    "signal.signal(signal.SIGINT, lambda *_: None)\n"
    "def mode():\n"
    "    m = termios.tcgetattr(0)\n"
    "    return [*m[:6], [c if isinstance(c, int) else c.hex() for c in m[6]]]\n"
    "before = mode()\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "after = mode()\n"
    "result = {'code': code, 'before': before, 'after': after}\n"
    "pathlib.Path(sys.argv[1]).write_text(json.dumps(result))\n"
)
"""Runs ``argv[2:]`` and writes its exit status and the terminal's settings before and
after it to the file ``argv[1]``."""

LINE = re.compile(r"^(\d{2}:\d{2}) ([A-Z]+)\b(.*)$")


class LineTerminal(Terminal):
    """A tmux pane wide enough that no line wraps, running hiptimer in line mode."""

    def __init__(self, tmp_path: Path) -> None:
        super().__init__(tmp_path, 200, 50)
        self.result_file = tmp_path / "result.json"

    def run_plain(self, *args: str) -> None:
        env_args = [arg for key, value in self.env.items() for arg in ("-e", f"{key}={value}")]
        command = [sys.executable, "-c", RUN_AND_RECORD, str(self.result_file)]
        command += [hiptimer_path(), "--plain", *args]
        self.tmux(
            "new-session", "-d", "-s", "hip", "-x", str(self.width), "-y", str(self.height),
            *env_args, *command,
        )  # fmt: skip

    def lines(self) -> list[tuple[str, str, str]]:
        """The printed lines as (clock, EVENT, the rest)."""
        found = []
        for row in self.screen().splitlines():
            match = LINE.match(row.strip())
            if match:
                found.append((match.group(1), match.group(2), match.group(3).strip()))
        return found

    def wait_line(self, event: str, after: int = 0) -> int:
        """Wait for a line with ``event`` among the lines from index ``after``; its index."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            lines = self.lines()
            for i in range(after, len(lines)):
                if lines[i][1] == event:
                    return i
            time.sleep(0.05)
        raise AssertionError(f"no {event} line; the screen was:\n{self.screen()}")

    def tty_mode(self) -> list[Any]:
        """The pane's terminal settings now, read from outside."""
        path = self.tmux("display-message", "-p", "-t", "hip", "#{pane_tty}").strip()
        fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        try:
            return termios.tcgetattr(fd)
        finally:
            os.close(fd)

    def hiptimer_pid(self) -> int:
        wrapper = int(self.tmux("display-message", "-p", "-t", "hip", "#{pane_pid}").strip())
        children = Path(f"/proc/{wrapper}/task/{wrapper}/children").read_text().split()
        assert len(children) == 1, children
        return int(children[0])

    def result(self) -> dict[str, Any]:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.result_file.exists() and self.result_file.read_text():
                data: dict[str, Any] = json.loads(self.result_file.read_text())
                return data
            time.sleep(0.05)
        raise AssertionError(f"hiptimer did not exit; the screen was:\n{self.screen()}")


@pytest.fixture
def line_terminal(tmp_path: Path) -> Iterator[LineTerminal]:
    term = LineTerminal(tmp_path)
    yield term
    term.close()


def assert_put_back(result: dict[str, Any]) -> None:
    assert result["after"] == result["before"]
    lflag = result["after"][3]
    assert lflag & termios.ECHO and lflag & termios.ICANON


def test_pause_next_and_quit_with_keys(line_terminal: LineTerminal) -> None:
    term = line_terminal
    term.run_plain(*SHORT)
    ready = term.wait_line("READY")
    assert term.lines()[0][1:] == (
        "KEYS",
        "space pause · p or ← back · n or → next · r restart · h bridge reset · +/- 10 s"
        " · m mute · ? keys · q quit",
    )
    # While it runs the terminal is in cbreak mode: no echo, a key at a time, Ctrl+C kept.
    mode = term.tty_mode()
    assert not mode[3] & termios.ECHO and not mode[3] & termios.ICANON
    assert mode[3] & termios.ISIG

    term.keys("Space")
    paused = term.wait_line("PAUSE", after=ready)
    clock, _, words = term.lines()[paused]
    assert words == "press space to resume"
    # Prepare is 3 s: had the clock kept going, WORK would be out by now.
    time.sleep(3.5)
    assert len(term.lines()) == paused + 1, term.screen()

    term.keys("Space")
    resumed = term.wait_line("RESUME", after=paused)
    assert term.lines()[resumed][0] == clock  # not a second counted while paused

    term.keys("n")
    work = term.wait_line("WORK", after=resumed)
    assert term.lines()[work][2].startswith("Glute bridge · set 1 of 1 · 3 s")
    assert work == resumed + 1  # skipped straight there

    term.keys("q")
    stop = term.wait_line("STOP", after=work)
    assert term.lines()[stop][2].startswith("0 of 3 sets")
    result = term.result()
    assert result["code"] == 130
    assert_put_back(result)
    assert "Traceback" not in term.screen()


@pytest.mark.parametrize("how", ["ctrl-c", "SIGTERM", "SIGHUP"])
def test_terminal_put_back_however_it_ends(line_terminal: LineTerminal, how: str) -> None:
    term = line_terminal
    term.run_plain(*SHORT)
    term.wait_line("READY")
    if how == "ctrl-c":
        term.keys("C-c")
    else:
        os.kill(term.hiptimer_pid(), getattr(signal, how))
    term.wait_line("STOP")
    result = term.result()
    assert result["code"] == 130
    assert_put_back(result)
    assert "Traceback" not in term.screen()


def test_a_finished_workout_puts_the_terminal_back(line_terminal: LineTerminal) -> None:
    term = line_terminal
    term.run_plain(*SHORT)
    term.wait_line("READY")
    for _ in range(10):  # skip through every phase to the end (11 phases)
        term.keys("Right")
    term.wait_line("DONE")
    result = term.result()
    assert result["code"] == 0
    assert_put_back(result)


def test_skipping_through_every_phase_is_recorded_as_partial(line_terminal: LineTerminal) -> None:
    term = line_terminal
    term.run_plain(*[arg for arg in SHORT if arg != "--no-history"])
    term.wait_line("READY")
    for _ in range(10):  # n through every phase to the end (11 phases)
        term.keys("n")
    done = term.wait_line("DONE")
    words = term.lines()[done][2]
    assert words.startswith("0 of 3 sets · ")
    assert "skipped or cut short: Glute bridge set 1, Hip clam set 1, Lateral lunge set 1" in words
    assert words.endswith(" · not counted toward the weekly goal")
    assert "session this week" not in words
    assert term.result()["code"] == 0
    history = subprocess.run(
        [hiptimer_path(), "history", "--json"],
        env=term.home.env(),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    (session,) = json.loads(history.stdout)
    assert session["status"] == "partial"


def saved(config: Path) -> dict[str, Any]:
    """The settings file's keys and values, as TOML."""
    return tomllib.loads(config.read_text(encoding="utf-8"))


def test_m_turns_sound_on_and_off_and_keeps_it_like_the_app(line_terminal: LineTerminal) -> None:
    term = line_terminal
    config = term.home.settings_file
    term.run_plain(*SHORT, "--prepare", "30")  # --mute: this run only, the file says nothing
    term.wait_line("READY")
    assert not config.exists()
    term.keys("m")
    on = term.wait_line("SOUND")
    assert term.lines()[on][2] == "on"
    # The file is new: it holds only what differs from the defaults, so sound on (the
    # default) is no key yet. Its header's comments mention "mute = false": parse, never grep.
    assert saved(config).get("mute", False) is False
    term.keys("m")
    off = term.wait_line("SOUND", after=on + 1)
    assert term.lines()[off][2] == "off"
    assert saved(config)["mute"] is True
    term.keys("m")
    again = term.wait_line("SOUND", after=off + 1)
    assert term.lines()[again][2] == "on"
    assert saved(config)["mute"] is False  # the key is there now: it changes, it stays
    term.keys("q")
    assert term.result()["code"] == 130
