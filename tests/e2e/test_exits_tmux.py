"""Every way out of the installed app, at every moment of a workout, in every sound state, in
a real terminal.

The cases come from :mod:`tests.e2e.exit_matrix`: every possible (exit, moment) once, and
every (exit, sound) and (moment, sound) pair at least once. Each case checks that the
process ends within 2 s with the documented status, leaves nothing behind it (no process,
no traceback or other text on the terminal, the terminal's modes as they were) and that the
history keeps the session with the right status.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import stat
import sys
import time
from pathlib import Path

import pytest

from hiptimer.sound.clips import GAP, load_sounds, seconds_of
from tests.e2e.alsa_capture import MISSING_DEVICE_CONFIG, capture_files, capture_home
from tests.e2e.exit_matrix import (
    EXITS,
    MID_WORKOUT,
    MOMENTS,
    SOUNDS,
    Case,
    expected_record,
    expected_status,
    impossible,
    pairwise_cases,
)
from tests.e2e.tmux import Terminal, band
from tests.e2e.userfiles import gone, hiptimer_path, poll

pytestmark = pytest.mark.e2e

ENDED_WITHIN = 2.0
"""Seconds from the exit to the process gone."""

ROUTINES = {
    "exits": 'name = "Exits"\n\n[[exercises]]\nname = "Bridge"\ncues = ["Hips level"]\n',
    "sides": 'name = "Sides"\n\n[[exercises]]\nname = "Clam"\nper_side = true\n',
}
"""Two one-exercise routines: one worked on both sides at once (get ready, work, rest with
two sets, done) and one worked on each side (left, switch sides, right). Their times come
from the command line."""

LONG = 30
"""Seconds of the phase a moment is caught in: long enough to be caught and left in."""


def timings(moment: str, runs_out: bool) -> list[str]:
    """Options for the workout: the phase of ``moment`` lasts :data:`LONG` (or, when the
    workout is to run out from there, 2 s), every other phase 1 s."""
    times = {"prepare": 1, "work": 1, "switch": 1, "rest": 1}
    phase = {"home": "prepare", "countdown": "prepare", "switch": "switch", "rest": "rest"}
    if moment != "done":
        times[phase.get(moment, "work")] = 2 if runs_out else LONG
    sets = 2 if moment == "rest" else 1  # a rest comes between sets
    routine = "sides" if moment == "switch" else "exits"
    args = [arg for key, value in times.items() for arg in (f"--{key}", str(value))]
    return [*args, "--sets", str(sets), "--routine", routine]


WRAPPER = """\
import json, pathlib, subprocess, sys, termios
out, stdin, argv = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
before = termios.tcgetattr(0)
child = subprocess.Popen(argv, stdin=subprocess.DEVNULL if stdin == "null" else None)
while True:
    try:
        code = child.wait()
        break
    except KeyboardInterrupt:  # Ctrl+C typed while the child had the terminal cooked
        pass
after = termios.tcgetattr(0)
out.write_text(json.dumps({"status": code, "before": repr(before), "after": repr(after)}))
"""
"""Runs hiptimer in the pane (with stdin from ``/dev/null`` when asked) and writes its exit
status and the terminal's modes before and after it to a file."""

HANGING_PLAYER = """\
#!/bin/sh
# A sound system that stopped answering: it never plays, never ends.
echo $$ >> "$HOME/player.pids"
exec sleep 600
"""

STRAY = re.compile(r"Traceback|Error: |Exception|ALSA lib|Warning: |Task was destroyed")
"""What must never be seen on the terminal after hiptimer has gone (hiptimer's own notices,
``hiptimer: sound: simpleaudio failed (Error opening PCM device ...`` in line mode, may be)."""


def last_cue_seconds() -> float:
    """How long the workout's last cue, "workout complete", takes to be heard."""
    sounds = load_sounds()
    return seconds_of(sounds.tones["done"] + GAP + sounds.voice["workout-complete"])


ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|[()][0-9A-Za-z]|[@-Z\\-_]|\][^\x07]*\x07)")

CASES = pairwise_cases()


def test_the_matrix_meets_every_exit_moment_and_sound_pair() -> None:
    cases = set(CASES)
    assert len(cases) == len(CASES) <= 80
    possible = {(h, m) for h in EXITS for m in MOMENTS if not impossible(h, m)}
    assert {(c.how, c.moment) for c in CASES} == possible
    assert {(c.how, c.sound) for c in CASES} == {(h, s) for h in EXITS for s in SOUNDS}
    assert {(c.moment, c.sound) for c in CASES} == {(m, s) for m in MOMENTS for s in SOUNDS}
    # The ways first reported broken: Ctrl+C at get ready and at work, a closed terminal at
    # work, with the bell.
    for how, moment in [("ctrl-c", "countdown"), ("ctrl-c", "work"), ("closed-pty", "work")]:
        assert any(c.how == how and c.moment == moment for c in CASES)
    assert pairwise_cases() == CASES  # the same cases every run


class Run:
    """One case in its terminal: hiptimer started, with its pid and where it leaves traces."""

    def __init__(self, terminal: Terminal, case: Case) -> None:
        self.terminal = terminal
        self.case = case
        self.home = terminal.home.root
        self.result = terminal.tmp_path / "result.json"
        self.marker = f"EXITS_CASE={terminal.tmp_path}"
        """In the environment of hiptimer and everything it starts, to find them by."""
        self.pid = 0

    def prepare(self) -> list[str]:
        """Write the routine and the sound state into the home; return extra options."""
        routines = self.terminal.home.routines_dir
        routines.mkdir(parents=True)
        for name, text in ROUTINES.items():
            (routines / f"{name}.toml").write_text(text)
        sound = self.case.sound
        if sound == "alsa":
            capture_home(self.home)
            return []
        (self.home / ".asoundrc").write_text(MISSING_DEVICE_CONFIG)
        if sound == "hang":
            tools = self.terminal.tmp_path / "bin"
            tools.mkdir()
            player = tools / "aplay"
            player.write_text(HANGING_PLAYER)
            player.chmod(player.stat().st_mode | stat.S_IXUSR)
            env = self.terminal.env
            env["PATH"] = f"{tools}:{env['PATH']}"
            env["HIPTIMER_AUDIO"] = "aplay"  # the documented way to start down the ladder
        return ["--mute"] if sound == "muted" else []

    def start(self) -> None:
        """Start hiptimer in the pane and keep its pid.

        For a closed terminal hiptimer is the pane's own process, the session leader, as with
        ``xterm -e hiptimer`` or a tmux window made for it: the kernel then sends it SIGCONT
        as well as SIGHUP, which is what left it hanging. Otherwise it runs under the wrapper.
        """
        terminal = self.terminal
        argv = [hiptimer_path(), *self.prepare(), *timings(self.case.moment, self.runs_out)]
        # Unbuffered, as in many containers: every write to a closed terminal fails at once,
        # which is how a closed terminal left hiptimer hanging (buffered, it got away).
        env = {**terminal.env, "PYTHONUNBUFFERED": "1"}
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        env_args += ["-e", self.marker]
        if self.case.how != "closed-pty":
            stdin = "null" if self.case.how == "stdin-eof" else "tty"
            argv = [sys.executable, "-c", WRAPPER, str(self.result), stdin, *argv]
        size = ("-x", str(terminal.width), "-y", str(terminal.height))
        terminal.tmux("new-session", "-d", "-s", "hip", *size, *env_args, *argv)
        pane = int(terminal.tmux("display-message", "-p", "-t", "hip", "#{pane_pid}"))
        if self.case.how == "closed-pty":
            self.pid = pane
        else:
            children = Path(f"/proc/{pane}/task/{pane}/children")
            poll(lambda: bool(children.read_text().split()))
            (child,) = children.read_text().split()
            self.pid = int(child)
        # Everything written to the terminal, for what is printed after the full screen.
        terminal.tmux("pipe-pane", "-t", "hip", "-o", f"cat >> {self.log}")

    @property
    def runs_out(self) -> bool:
        return self.case.how in ("workout-end", "stdin-eof")

    @property
    def log(self) -> Path:
        return self.terminal.tmp_path / "pane.log"

    def sounded(self) -> bool:
        """Whether the first cue has reached the sound state's evidence."""
        sound = self.case.sound
        if sound == "bell":
            return "terminal bell" in self.terminal.screen()
        if sound == "alsa":
            return any(p.stat().st_size for p in capture_files(self.home / "capture.raw"))
        if sound == "hang":
            return (self.home / "player.pids").exists()
        return True

    def reach(self) -> None:
        """Start a workout (unless the moment is home) and wait until the moment has come,
        with a cue gone to the sound state (the flash of the bell may be on the screen, the
        hanging player holding the cue)."""
        terminal, moment = self.terminal, self.case.moment
        terminal.wait_for(lambda s: "Start" in s and "total" in s)
        if moment == "home":
            return
        terminal.keys("Enter")
        shown = {"countdown": "GET READY", "switch": "SWITCH SIDES", "rest": "REST"}
        terminal.wait_for(lambda s: band(s) == shown.get(moment, "WORK"))
        poll(self.sounded)
        if moment == "paused":
            terminal.keys("Space")
            terminal.wait_for(lambda s: band(s) == "PAUSED · WORK")
        elif moment == "help":
            terminal.keys("?")
            terminal.wait_for(lambda s: "Controls" in s and "Close" in s)
        elif moment == "dialog":
            terminal.keys("q")
            terminal.wait_for(lambda s: "End the workout and quit?" in s)
        elif moment == "done":
            terminal.wait_for(lambda s: band(s) == "DONE")

    def leave(self) -> float:
        """Ask hiptimer to end the case's way; return the time of the last step."""
        terminal, how, moment = self.terminal, self.case.how, self.case.moment
        asks = moment in MID_WORKOUT and moment != "dialog"
        if how == "q-y":
            if moment == "help":  # q closes the help first
                terminal.keys("q")
                terminal.wait_for(lambda s: "Controls" not in s)
            terminal.keys("y" if moment == "dialog" else "q")
        elif how == "ctrl-q":
            terminal.keys("C-q")
        elif how == "palette":
            terminal.keys("C-p")
            terminal.wait_for(lambda s: "Search for commands" in s)
            terminal.keys("quit")
            terminal.wait_for(lambda s: re.search(r"^\W*Quit\b", s, re.M) is not None)
            terminal.keys("Enter")
        elif how == "ctrl-c":
            terminal.keys("C-c")
            asks = False
        elif how == "closed-pty":
            terminal.tmux("kill-session", "-t", "hip")
            asks = False
        elif how == "workout-end":
            terminal.wait_for(lambda s: band(s) == "DONE")
            assert not gone(self.pid), "the app stays on the done screen"
            poll(lambda: sessions(self.home) == [("completed", True)])
            terminal.keys("q")
            asks = False
        elif how == "stdin-eof":
            poll(lambda: self.log.exists() and " DONE " in self.log.read_text(errors="replace"))
            asks = False
        else:
            sent = {"sigterm": signal.SIGTERM, "sighup": signal.SIGHUP, "sigint": signal.SIGINT}
            os.kill(self.pid, sent[how])
            asks = False
        if asks:
            terminal.wait_for(lambda s: "End the workout and quit?" in s, 5)
            terminal.keys("y")
        return time.monotonic()

    def leftovers(self) -> list[str]:
        """Every live process started for this case (hiptimer, a player, a speaker)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or gone(int(entry.name)):
                continue
            try:
                environ = (entry / "environ").read_bytes().split(b"\0")
                if self.marker.encode() in environ:
                    found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:  # gone meanwhile, or not ours to read
                continue
        return found


def sessions(home: Path) -> list[tuple[str, bool]]:
    """Status of every recorded session, and whether it has an end, as the process left them."""
    path = home / ".local" / "share" / "hiptimer" / "history.sqlite3"
    if not path.exists():
        return []
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT status, ended_at FROM sessions ORDER BY id")
        return [(status, ended is not None) for status, ended in rows]
    except sqlite3.OperationalError:  # created, its tables not yet
        return []
    finally:
        conn.close()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_way_out_ends_cleanly_within_2_s(terminal: Terminal, case: Case) -> None:
    run = Run(terminal, case)
    run.start()
    if case.how != "stdin-eof":
        run.reach()

    left_at = run.leave()
    poll(lambda: gone(run.pid), timeout=ENDED_WITHIN + 5)
    took = time.monotonic() - left_at
    if case.how == "stdin-eof" and case.sound in ("alsa", "hang"):
        # Line mode ends once "workout complete" has been heard (or could have been).
        took -= last_cue_seconds()
    assert took <= ENDED_WITHIN, f"hiptimer took {took:.2f} s to end"
    poll(lambda: not run.leftovers(), timeout=ENDED_WITHIN)

    status = expected_status(case.how, case.moment)
    if status is not None:
        poll(lambda: run.result.exists() and bool(run.result.read_text()))
        result = json.loads(run.result.read_text())
        assert result["status"] == status
        assert result["after"] == result["before"], "the terminal's modes were not put back"
        # Out of the alternate screen, no mouse reporting (tmux 3.3's cursor_flag cannot be
        # trusted: it reads 0 after a bare "show the cursor" that leaves the alternate screen).
        modes = "#{alternate_on}#{mouse_any_flag}#{mouse_sgr_flag}"
        assert terminal.tmux("display-message", "-p", "-t", "hip", modes) == "000\n"
        shown = terminal.tmux("capture-pane", "-p", "-S", "-", "-t", "hip")
        shown = re.sub(r"(?m)^Pane is dead \(.*\)$", "", shown)  # tmux's own line
        written = ANSI.sub("", run.log.read_text(errors="replace"))
        for text in (shown, written):
            assert not STRAY.search(text), text[-3000:]
        if case.how == "stdin-eof":
            assert "stdin is not a terminal: running line mode (--plain)" in shown
        else:  # the full screen left nothing behind
            assert shown.strip() == "", shown
    record = expected_record(case.how, case.moment)
    assert sessions(run.home) == ([(record, True)] if record else [])
