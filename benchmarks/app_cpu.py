"""Compare hiptimer's CPU use and start-up with a minimal Textual app, in real terminals (tmux).

Usage::

    python benchmarks/app_cpu.py [--seconds 30] [--starts 5]

The programs run at the same time, each in its own tmux pane at 80x24: the installed
``hiptimer`` counting down a long work phase three times, with the moving figure beside the
digits (``hiptimer+figure``: the basic bridge, the default routine's first figure; and
``hiptimer+hinge``: the runner's hinge, whose drive up is the busiest figure of all, about
eight changes of picture a second against the bridge's three) and with ``figures = false``
(``hiptimer``), a minimal Textual app that
updates one ``Digits`` once a second (this same file, run with ``--minimal-app``), and
termdown counting down when it is installed. CPU is read from the scheduler's per-thread figures
(``/proc/PID/task/*/schedstat``) over the same window (several windows, median), peak memory
from ``VmHWM``. Start-up is the time from launching a program in a new pane until its first
frame shows in ``tmux capture-pane``, the median of several starts. The targets: CPU at most
1.3x the minimal app and below termdown without the figure and at most 2x with it (the
bridge; the hinge is shown beside it), first
frame at most 1.2x, peak memory at most 1.3x.
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
from dataclasses import dataclass
from pathlib import Path

CPU_TARGET = 1.3
FIGURE_CPU_TARGET = 2.0
"""CPU at most this many times the minimal app's while a figure moves (woken only when its
picture changes, about 3 times a second for the bridge at 80x24, and each change written
straight to the terminal)."""
FIRST_FRAME_TARGET = 1.2
RSS_TARGET = 1.3
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


@dataclass(frozen=True)
class Program:
    """One program measured: how to start it, how to tell its first frame, how to make it
    count (keys to send once its first frame shows)."""

    name: str
    argv: list[str]
    shown: Callable[[str], bool]
    keys: tuple[str, ...] = ()
    counting: Callable[[str], bool] = lambda screen: True
    starts: bool = True
    """Whether its first frame is timed too (the figure variant's home screen is the same)."""


def peak_rss_mib(pid: int) -> float:
    """The most memory the process has held (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def has_braille(screen: str) -> bool:
    """Whether a figure is drawn: braille dots, U+2800 to U+28FF."""
    return any("\u2800" <= char <= "\u28ff" for char in screen)


def hiptimer_program(hiptimer: str, config: Path, figure: bool, level: int = 1) -> Program:
    # A long first work phase after a one-second get-ready; no history, no sound. Nine
    # minutes: from ten the time is wider and at 80x24 leaves the figure too few columns.
    # Level 3 makes the first exercise the runner's hinge.
    name = "hiptimer" if not figure else "hiptimer+figure" if level == 1 else "hiptimer+hinge"
    return Program(
        name,
        [hiptimer, "--work", "540", "--prepare", "1", "--no-history", "--mute"]
        + ([] if figure else ["--config", str(config)])
        + ([] if level == 1 else ["--level", str(level)]),
        lambda screen: "Start" in screen and "total" in screen,
        keys=("Enter",),
        counting=lambda screen: "WORK" in screen and has_braille(screen) is figure,
        starts=not figure,
    )


def minimal_program() -> Program:
    # Digits draws with box-drawing corners: light ones, or heavy ones when bold.
    return Program(
        "minimal app",
        [sys.executable, str(Path(__file__).resolve()), "--minimal-app"],
        lambda screen: any(corner in screen for corner in "╭╰┏┗"),
    )


def termdown_program() -> Program | None:
    """termdown counting down 15 minutes in big letters, when it is installed."""
    beside = Path(sysconfig.get_path("scripts")) / "termdown"
    found = str(beside) if beside.exists() else shutil.which("termdown")
    if found is None:
        return None
    return Program("termdown", [found, "15m"], lambda screen: bool(screen.strip()))


def first_frames(tmux: Tmux, programs: Sequence[Program], starts: int) -> dict[str, list[float]]:
    """Time launch-to-first-frame for every program, taking turns, ``starts`` times each."""
    times: dict[str, list[float]] = {p.name: [] for p in programs if p.starts}
    for i in range(starts):
        for program in (p for p in programs if p.starts):
            session = f"start{i}-{program.name.replace(' ', '-')}"
            began = time.monotonic()
            tmux.start(session, program.argv)
            times[program.name].append(wait_for(tmux, session, program.shown) - began)
            tmux.kill(session)
    return times


def cpu_window(
    tmux: Tmux, programs: Sequence[Program], seconds: float
) -> dict[str, tuple[float, float]]:
    """Run every program side by side, counting; return each one's CPU percent over the
    same window and its peak memory."""
    pids: dict[str, int] = {}
    for program in programs:
        session = program.name.replace(" ", "-")
        pids[program.name] = tmux.start(session, program.argv)
        wait_for(tmux, session, program.shown)
        for key in program.keys:
            tmux.run("send-keys", "-t", session, key)
        wait_for(tmux, session, program.counting)
    time.sleep(2)  # let all settle into their steady state
    start = time.monotonic()
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    time.sleep(seconds)
    after = {name: cpu_seconds(pid) for name, pid in pids.items()}
    elapsed = time.monotonic() - start
    for program in programs:
        if not program.counting(tmux.screen(program.name.replace(" ", "-"))):
            raise SystemExit(f"{program.name} stopped counting during the window")
    figures = {
        name: (100 * (after[name] - before[name]) / elapsed, peak_rss_mib(pid))
        for name, pid in pids.items()
    }
    for program in programs:
        tmux.kill(program.name.replace(" ", "-"))
    return figures


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}x" if theirs > 0 else "n/a (baseline used no CPU)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=30, help="CPU window (default 30)")
    parser.add_argument("--windows", type=int, default=3, help="CPU windows (default 3)")
    parser.add_argument("--starts", type=int, default=15, help="starts to time (default 15)")
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
        config = Path(tmp) / "no-figures.toml"
        config.write_text("figures = false\n", encoding="utf-8")
        programs = [
            hiptimer_program(hiptimer, config, figure=False),
            hiptimer_program(hiptimer, config, figure=True),
            hiptimer_program(hiptimer, config, figure=True, level=3),
            minimal_program(),
        ]
        peer = termdown_program()
        if peer is None:
            print("termdown is not installed: pip install termdown (benchmarks/run.py does)")
        else:
            programs.append(peer)
        tmux = Tmux(Path(tmp))
        # A session that idles throughout, so the server outlives each measured program.
        tmux.start("keep", [sys.executable, "-c", "import time; time.sleep(3600)"])
        try:
            starts = first_frames(tmux, programs, args.starts)
            windows = [cpu_window(tmux, programs, args.seconds) for _ in range(args.windows)]
        finally:
            tmux.close()
    base = "minimal app"
    frame = {name: statistics.median(times) for name, times in starts.items()}
    cpu = {p.name: statistics.median(w[p.name][0] for w in windows) for p in programs}
    rss = {p.name: statistics.median(w[p.name][1] for w in windows) for p in programs}
    print(
        f"medians: first frame of {args.starts} starts; CPU over {args.windows} windows of "
        f"{args.seconds:.0f} s, all programs counting side by side at 80x24"
    )
    print(f"{'':15} {'first frame s':>14} {'CPU %':>8} {'peak RSS MiB':>13}")
    for program in programs:
        first = f"{frame[program.name]:14.3f}" if program.name in frame else f"{'-':>14}"
        print(f"{program.name:15} {first} {cpu[program.name]:8.2f} {rss[program.name]:13.1f}")
    targets = {
        "first frame": f"hiptimer <= {FIRST_FRAME_TARGET}x",
        "CPU": f"hiptimer <= {CPU_TARGET}x, hiptimer+figure <= {FIGURE_CPU_TARGET}x",
        "peak RSS": f"hiptimer <= {RSS_TARGET}x",
    }
    for what, values in (("first frame", frame), ("CPU", cpu), ("peak RSS", rss)):
        line = ", ".join(
            f"{name} {ratio(values[name], values[base])}" for name in values if name != base
        )
        print(f"{what} against the minimal app: {line} (target: {targets[what]})")
    if peer is not None:
        below = "below" if cpu["hiptimer"] < cpu[peer.name] else "NOT below"
        print(
            f"hiptimer's CPU is {below} termdown's "
            f"({cpu['hiptimer']:.2f} % vs {cpu[peer.name]:.2f} %)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
