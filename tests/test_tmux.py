"""End to end: the installed ``hiptimer`` in a real terminal (tmux), read as a user would."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import hiptimer_path

pytestmark = pytest.mark.e2e


def short_run(work: int = 3, *, mute: bool = True) -> list[str]:
    """Arguments for a short workout: prepare 2, then each exercise once (``work`` seconds,
    per side for clam and lunge, 1 s to switch), 2 s rest between exercises."""
    args = ["--work", str(work), "--rest", "2", "--exercise-rest", "2", "--switch", "1"]
    args += ["--prepare", "2", "--sets", "1", "--no-history"]
    return [*args, "--mute"] if mute else args


RECORD_STATUS = (
    "import subprocess, sys, pathlib\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "pathlib.Path(sys.argv[1]).write_text(str(code))\n"
    "sys.exit(code)\n"
)
"""Runs a program and writes its exit status to a file: argv is ``STATUS_FILE PROGRAM...``."""

BAND = re.compile(r"^(PAUSED · )?(GET READY|WORK|SWITCH SIDES|REST|DONE)\b")


class Terminal:
    """One tmux server with one pane running a command."""

    def __init__(self, tmp_path: Path, width: int, height: int) -> None:
        self.tmp_path = tmp_path
        self.width = width
        self.height = height
        home = tmp_path / "home"
        home.mkdir()
        conf = tmp_path / "tmux.conf"
        # Keep the pane after the program exits so its last words (and status) can be read.
        conf.write_text("set -g remain-on-exit on\nset -g status off\n")
        self.conf = conf
        self.status_file = tmp_path / "exit-status"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "TMUX_TMPDIR": str(tmp_path),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        }

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", "hiptimer-e2e", "-f", str(self.conf), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return result.stdout

    def start(self, *argv: str) -> None:
        """Run ``argv`` in the pane, through a small Python wrapper that writes its exit
        status to a file (tmux 3.3 sometimes reports a dead pane without its status)."""
        env_args = [arg for key, value in self.env.items() for arg in ("-e", f"{key}={value}")]
        wrapper = [sys.executable, "-c", RECORD_STATUS, str(self.status_file), *argv]
        self.tmux(
            "new-session", "-d", "-s", "hip", "-x", str(self.width), "-y", str(self.height),
            *env_args, *wrapper,
        )  # fmt: skip

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "hip")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "hip", *keys)

    def wait_for(self, what: Callable[[str], bool], timeout: float = 15.0) -> str:
        """Poll the screen until ``what`` holds; fail with the last screen at the deadline."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if what(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out; the screen was:\n{screen}")

    def wait_exit(self, timeout: float = 10.0) -> str:
        """Wait for the program to end and return its exit status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.status_file.exists() and self.status_file.read_text():
                return self.status_file.read_text()
            time.sleep(0.05)
        raise AssertionError(f"hiptimer did not exit; the screen was:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(
            ["tmux", "-L", "hiptimer-e2e", "kill-server"],
            env=self.env,
            capture_output=True,
            timeout=10,
            check=False,
        )


def band(screen: str) -> str | None:
    """The phase word in the band (the first line that holds one), or None."""
    for line in screen.splitlines()[:4]:
        match = BAND.match(line.strip())
        if match:
            return match.group(0)
    return None


def countdown(screen: str) -> list[str]:
    """The big digits' rows (block digits, or the three-row ones where space is short),
    to compare two screens' countdowns."""
    return [line for line in screen.splitlines() if "█" in line or "┃" in line or "━┓" in line]


def test_whole_workout_in_a_real_terminal(terminal: Terminal) -> None:
    terminal.start(hiptimer_path(), *short_run())
    home = terminal.wait_for(lambda s: "Start" in s and "total" in s)
    assert "Glute bridge · 1 × 3 s" in home
    assert "Hip clam · 1 × 3 s each side" in home

    terminal.keys("Enter")
    words: list[str] = []
    paused_checked = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        screen = terminal.screen()
        word = band(screen)
        if word and (not words or words[-1] != word):
            words.append(word)
        if word == "WORK" and not paused_checked:
            terminal.keys("Space")
            # The band and the prompt are separate widgets: a capture can fall between them.
            paused = terminal.wait_for(
                lambda s: band(s) == "PAUSED · WORK" and "press space to resume" in s, 5
            )
            time.sleep(1.5)  # a real second passes: nothing may move while paused
            still = terminal.screen()
            assert band(still) == "PAUSED · WORK"
            assert countdown(still) == countdown(paused)
            terminal.keys("Space")
            terminal.wait_for(lambda s: band(s) == "WORK", 5)
            paused_checked = True
            words.append("PAUSED · WORK")
            words.append("WORK")
        if word == "DONE" and "Workout complete" in screen:
            break
        time.sleep(0.05)
    assert words == [
        "GET READY",
        "WORK",
        "PAUSED · WORK",
        "WORK",
        "REST",
        "WORK",
        "SWITCH SIDES",
        "WORK",
        "REST",
        "WORK",
        "SWITCH SIDES",
        "WORK",
        "DONE",
    ]
    done = terminal.screen()
    assert "3 sets completed" in done  # a per-side set counts once
    terminal.keys("q")
    assert terminal.wait_exit() == "0"
    assert "Traceback" not in terminal.screen()


def test_quit_mid_workout_asks_first(terminal: Terminal) -> None:
    terminal.start(hiptimer_path(), *short_run(30, mute=False))
    terminal.wait_for(lambda s: "Start" in s)
    terminal.keys("Enter")
    terminal.wait_for(lambda s: band(s) == "WORK")
    assert "MUTED" not in terminal.screen()
    terminal.keys("m")
    terminal.wait_for(lambda s: "MUTED" in s, 5)
    terminal.keys("q")
    asked = terminal.wait_for(lambda s: "End the workout and quit?" in s, 5)
    assert band(asked) == "PAUSED · WORK"
    terminal.keys("n")
    terminal.wait_for(lambda s: band(s) == "WORK" and "End the workout" not in s, 5)
    terminal.keys("q")
    terminal.wait_for(lambda s: "End the workout and quit?" in s, 5)
    terminal.keys("y")
    assert terminal.wait_exit() == "130"  # stopped early: as line mode's Ctrl+C
    assert "Traceback" not in terminal.screen()


def test_footer_says_resume_and_ctrl_c_mid_workout_exits_130(terminal: Terminal) -> None:
    terminal.start(hiptimer_path(), *short_run(30))
    terminal.wait_for(lambda s: "Start" in s)
    terminal.keys("Enter")
    terminal.wait_for(lambda s: band(s) == "WORK")
    footer = terminal.wait_for(lambda s: "Pause" in s.splitlines()[-1], 5).splitlines()[-1]
    assert "Resume" not in footer
    terminal.keys("Space")
    terminal.wait_for(lambda s: band(s) == "PAUSED · WORK", 5)
    footer = terminal.wait_for(lambda s: "Resume" in s.splitlines()[-1], 5).splitlines()[-1]
    assert "Pause" not in footer
    terminal.keys("C-c")
    assert terminal.wait_exit() == "130"
    assert "Traceback" not in terminal.screen()


def test_ctrl_c_on_the_home_screen_exits_0(tmp_path: Path) -> None:
    term = Terminal(tmp_path, 80, 24)
    try:
        term.start(hiptimer_path(), *short_run(30))
        term.wait_for(lambda s: "Start" in s)
        term.keys("C-c")
        assert term.wait_exit() == "0"
    finally:
        term.close()


@pytest.mark.parametrize("size", [(120, 40), (40, 12), (20, 6)])
def test_other_sizes_and_resizing(tmp_path: Path, size: tuple[int, int]) -> None:
    term = Terminal(tmp_path, *size)
    try:
        term.start(hiptimer_path(), *short_run(30))
        term.wait_for(lambda s: "Start" in s)
        term.keys("Enter")
        screen = term.wait_for(lambda s: band(s) == "WORK")
        compact = size[0] < 50 or size[1] < 15
        assert (countdown(screen) == []) is compact
        assert re.search(r"0:[0-3]\d", screen) or not compact
        term.tmux("resize-window", "-t", "hip", "-x", "30", "-y", "8")
        term.wait_for(lambda s: len(s.splitlines()[0]) <= 30 and band(s) == "WORK", 5)
        term.tmux("resize-window", "-t", "hip", "-x", "80", "-y", "24")
        term.wait_for(lambda s: countdown(s) != [], 5)
        term.keys("q")
        term.wait_for(lambda s: "End the workout" in s, 5)
        term.keys("y")
        assert term.wait_exit() == "130"
        assert "Traceback" not in term.screen()
    finally:
        term.close()
