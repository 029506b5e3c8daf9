"""A real terminal for end-to-end tests: a private tmux server whose one pane runs a program
in an isolated home, and readers for what the full-screen app shows in it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.e2e.userfiles import Home


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

BAND = re.compile(
    r"^(?:(?:HALFWAY|LAST SET|RESET)\s+)?"
    r"((?:PAUSED · )?(?:GET READY|WORK|SWITCH SIDES|REST|DONE))\b"
)
"""The band's line: a HALFWAY, LAST SET or RESET mark may stand at its left, then the phase
word."""


class Terminal:
    """One tmux server with one pane running a command."""

    def __init__(self, tmp_path: Path, width: int, height: int) -> None:
        self.tmp_path = tmp_path
        self.width = width
        self.height = height
        self.home = Home(tmp_path / "home")
        """Where the program lives: its HOME and XDG folders (empty at first)."""
        self.home.root.mkdir()
        conf = tmp_path / "tmux.conf"
        # Keep the pane after the program exits so its last words (and status) can be read.
        conf.write_text("set -g remain-on-exit on\nset -g status off\n")
        self.conf = conf
        self.status_file = tmp_path / "exit-status"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            **self.home.variables(),
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
            return match.group(1)
    return None


BRAILLE = re.compile("[\u2800-\u28ff]")
"""The figure's dots."""


def countdown(screen: str) -> list[str]:
    """The big digits' rows (block digits, or the three-row ones where space is short),
    to compare two screens' countdowns; the moving figure beside them (braille) left out."""
    rows = [line for line in screen.splitlines() if "█" in line or "┃" in line or "━┓" in line]
    return [BRAILLE.sub(" ", line).rstrip() for line in rows]
