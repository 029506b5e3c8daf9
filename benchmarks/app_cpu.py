"""Compare hiptimer's CPU use and start-up with a minimal Textual app, in real terminals (tmux).

Usage::

    python benchmarks/app_cpu.py [--seconds 30] [--starts 5]

Both programs run at the same time, each in its own tmux pane at 80x24: the installed
``hiptimer`` counting down a long work phase, and a minimal Textual app that updates one
``Digits`` once a second (this same file, run with ``--minimal-app``). CPU is read from the
scheduler's per-thread figures (``/proc/PID/task/*/schedstat``) over the same window.
Start-up is the time from launching a program in a new pane until its first frame shows in
``tmux capture-pane``, the median of several starts.
The targets (issue 3): CPU at most 1.3x the minimal app, first frame at most 1.2x.
This prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

CPU_TARGET = 1.3
FIRST_FRAME_TARGET = 1.2
TICKS = os.sysconf("SC_CLK_TCK")


def minimal_app() -> None:
    """The baseline: one Digits counting down, updated by a one-second interval timer."""
    from textual.app import App, ComposeResult
    from textual.widgets import Digits

    class MinimalApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Digits("10:00")

        def on_mount(self) -> None:
            self.left = 600
            self.set_interval(1, self.tick)

        def tick(self) -> None:
            self.left -= 1
            self.query_one(Digits).update(f"{self.left // 60}:{self.left % 60:02d}")

    MinimalApp().run()


class Tmux:
    """A private tmux server for the measurements."""

    def __init__(self, tmpdir: Path) -> None:
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmpdir),
            "XDG_CONFIG_HOME": str(tmpdir / "config"),
            "XDG_DATA_HOME": str(tmpdir / "data"),
            "TMUX_TMPDIR": str(tmpdir),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        }
        conf = tmpdir / "tmux.conf"
        conf.write_text("set -g status off\n")
        self.base = ["tmux", "-L", "hiptimer-bench", "-f", str(conf)]

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], env=self.env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def start(self, name: str, argv: Sequence[str]) -> int:
        """Start ``argv`` in a new 80x24 session; return the program's pid."""
        env_args = [arg for key, value in self.env.items() for arg in ("-e", f"{key}={value}")]
        self.run("new-session", "-d", "-s", name, "-x", "80", "-y", "24", *env_args, *argv)
        return int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def kill(self, name: str) -> None:
        subprocess.run([*self.base, "kill-session", "-t", name], env=self.env, check=False)

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], env=self.env, check=False)


POLL = 0.02
"""Seconds between two looks at a starting pane. Each look runs a tmux client, and on a
two-core machine looking every 5 ms took CPU from the very start-up being timed."""


def wait_for(tmux: Tmux, name: str, shown: Callable[[str], bool], timeout: float = 30) -> float:
    """Poll the pane until ``shown`` holds; return when it first did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if shown(tmux.screen(name)):
            return time.monotonic()
        time.sleep(POLL)
    raise SystemExit(f"{name}: nothing showed within {timeout} s:\n{tmux.screen(name)}")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process so far, all its threads, to the nanosecond.

    ``/proc/PID/stat`` counts in clock ticks (10 ms): over a 30 s window at well under 1 %
    CPU that is a dozen ticks, so one tick either way moved the ratio by 8 %. The scheduler's
    own per-thread figure (``schedstat``) has no such step; ``stat`` remains the fallback.
    """
    total_ns = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(FileNotFoundError):  # a thread that just ended
                total_ns += int((task / "schedstat").read_text().split()[0])
    except OSError:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    return total_ns / 1e9


def hiptimer_argv(hiptimer: str) -> list[str]:
    # A long first work phase after a one-second get-ready; no history, no sound.
    return [hiptimer, "--work", "900", "--prepare", "1", "--no-history", "--mute"]


def minimal_argv() -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--minimal-app"]


def is_hiptimer_home(screen: str) -> bool:
    return "Start" in screen and "total" in screen


def is_minimal_frame(screen: str) -> bool:
    # Digits draws with box-drawing corners: light ones, or heavy ones when bold.
    return any(corner in screen for corner in "╭╰┏┗")


def first_frames(tmux: Tmux, hiptimer: str, starts: int) -> tuple[list[float], list[float]]:
    """Time launch-to-first-frame for both programs, alternating, ``starts`` times each."""
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(starts):
        for argv, shown, into in (
            (hiptimer_argv(hiptimer), is_hiptimer_home, ours),
            (minimal_argv(), is_minimal_frame, theirs),
        ):
            name = f"start{i}-{'hiptimer' if into is ours else 'minimal'}"
            began = time.monotonic()
            tmux.start(name, argv)
            into.append(wait_for(tmux, name, shown) - began)
            tmux.kill(name)
    return ours, theirs


def cpu_window(tmux: Tmux, hiptimer: str, seconds: float) -> tuple[float, float]:
    """Run both programs side by side and return each one's CPU percent over one window."""
    ours = tmux.start("hiptimer", hiptimer_argv(hiptimer))
    wait_for(tmux, "hiptimer", is_hiptimer_home)
    tmux.run("send-keys", "-t", "hiptimer", "Enter")
    wait_for(tmux, "hiptimer", lambda s: "WORK" in s)
    theirs = tmux.start("minimal", minimal_argv())
    wait_for(tmux, "minimal", is_minimal_frame)
    time.sleep(2)  # let both settle into their steady state
    start = time.monotonic()
    before = cpu_seconds(ours), cpu_seconds(theirs)
    time.sleep(seconds)
    after = cpu_seconds(ours), cpu_seconds(theirs)
    elapsed = time.monotonic() - start
    if "WORK" not in tmux.screen("hiptimer"):
        raise SystemExit("hiptimer left the work phase during the window")
    return (
        100 * (after[0] - before[0]) / elapsed,
        100 * (after[1] - before[1]) / elapsed,
    )


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}x" if theirs > 0 else "n/a (baseline used no CPU)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=30, help="CPU window (default 30)")
    parser.add_argument("--starts", type=int, default=5, help="starts to time (default 5)")
    parser.add_argument("--minimal-app", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.minimal_app:
        minimal_app()
        return 0
    if shutil.which("tmux") is None:
        print("tmux is needed (apt-get install tmux)", file=sys.stderr)
        return 2
    beside = Path(sysconfig.get_path("scripts")) / "hiptimer"
    hiptimer = str(beside) if beside.exists() else shutil.which("hiptimer")
    if hiptimer is None:
        print("install hiptimer first (pip install .)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="hiptimer-bench-") as tmp:
        tmux = Tmux(Path(tmp))
        # A session that idles throughout, so the server outlives each measured program.
        tmux.start("keep", [sys.executable, "-c", "import time; time.sleep(3600)"])
        try:
            ours_start, theirs_start = first_frames(tmux, hiptimer, args.starts)
            ours_cpu, theirs_cpu = cpu_window(tmux, hiptimer, args.seconds)
        finally:
            tmux.close()
    ours_ff = statistics.median(ours_start)
    theirs_ff = statistics.median(theirs_start)
    print(f"first frame, median of {args.starts} starts (s):")
    print(
        f"  hiptimer {ours_ff:.3f}   minimal app {theirs_ff:.3f}"
        f"   ratio {ratio(ours_ff, theirs_ff)}   (target <= {FIRST_FRAME_TARGET}x)"
    )
    print(f"CPU while counting, same {args.seconds:.0f} s window (%):")
    print(
        f"  hiptimer {ours_cpu:.2f}   minimal app {theirs_cpu:.2f}"
        f"   ratio {ratio(ours_cpu, theirs_cpu)}   (target <= {CPU_TARGET}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
