"""How late a cue reaches each audio backend after its phase boundary (the driver's deadline).

Runs a short real-time workout (1 s lead-ins, 2 s sets) through the real driver and the real
player once per usable backend, and prints, per backend, how long after each deadline the
backend was called and when it had taken the sound (in-process: the buffer handed to the
library; system player: the player process started). Targets: <= 10 ms in-process, <= 50 ms
for a system player. Prints figures; it is not a test.

    python benchmarks/cue_latency.py             # the real default device
    python benchmarks/cue_latency.py --capture   # no sound card: ALSA's file plugin over null

With --capture, mind one artefact: the null device takes data as fast as it is given, so
miniaudio's Python callback runs flat out for the whole sound while the device starts and
competes for the GIL with the thread starting it (measured here: 1-35 ms, most for the
longer sounds). On a real device the callback runs once per 20 ms period.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_MS = {"simpleaudio": 10.0, "miniaudio": 10.0, "winsound": 10.0}
"""Milliseconds; every other backend is a system player, with a 50 ms target."""


def use_capture_device() -> Path:
    """Point ALSA's default device at a file (over ``null``) through a temporary HOME."""
    home = Path(tempfile.mkdtemp(prefix="hiptimer-bench-"))
    (home / ".asoundrc").write_text(
        'pcm.!default {\n  type file\n  slave.pcm "null"\n'
        f'  file "{home}/capture.raw"\n  format "raw"\n  truncate false\n}}\n'
    )
    os.environ["HOME"] = str(home)
    return home


def measure(rung_name: str) -> tuple[list[float], list[float], list[str]]:
    """Run the short workout on one backend; return call and start latencies (ms) and
    the notices the player gave."""
    from hiptimer.core.catalog import BUILTIN_ROUTINE
    from hiptimer.core.cues import player_sink
    from hiptimer.core.engine import Engine
    from hiptimer.core.events import Event
    from hiptimer.core.plan import build_plan
    from hiptimer.core.settings import Settings
    from hiptimer.driver import Driver
    from hiptimer.sound.backends import Backend, Playback
    from hiptimer.sound.ladder import find_rungs
    from hiptimer.sound.setup import make_player

    deadlines: deque[float] = deque()
    called: list[float] = []
    started: list[float] = []

    class Timed:
        """Wraps a backend to note when each sound reaches it."""

        def __init__(self, inner: Backend) -> None:
            self.inner = inner
            self.name = inner.name

        def start(self, pcm: bytes, key: str) -> Playback:
            entered = time.monotonic()
            deadline = deadlines.popleft() if deadlines else None
            playback = self.inner.start(pcm, key)
            if deadline is not None:
                called.append((entered - deadline) * 1000)
                started.append((time.monotonic() - deadline) * 1000)
            return playback

    rungs = [r for r in find_rungs() if r.name == rung_name]
    assert rungs and rungs[0].backend is not None
    notices: list[str] = []
    player, problems = make_player(muted=False, voice=True, on_notice=notices.append, rungs=[])
    player.backends = [Timed(rungs[0].backend)]
    notices.extend(problems)
    settings = Settings(work=2, sets=1, rest=1, exercise_rest=1, switch=1, prepare=1)
    plan = build_plan(BUILTIN_ROUTINE, settings)
    cue_sink = player_sink(player, plan)

    def sink(events: Sequence[Event]) -> None:
        # Noted before playing: the backend may be called from another thread at once.
        before = player._seq
        deadlines.append(events[0].at)
        cue_sink(events)
        if player._seq == before:  # this batch made no sound
            deadlines.pop()

    asyncio.run(Driver(Engine(plan), sink).run())
    player.close(timeout=5.0)
    return called, started, notices


def summary(values: list[float]) -> str:
    """Median, 95th percentile and worst, in milliseconds."""
    if not values:
        return "no cues reached the backend"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered):6.2f}  p95 {p95:6.2f}  "
        f"max {ordered[-1]:6.2f} ms  ({len(ordered)} cues)"
    )


def main(argv: list[str] | None = None) -> int:
    """Measure every usable backend and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--capture", action="store_true", help="ALSA into a file, no sound card")
    parser.add_argument("--backend", action="append", help="only these backends (repeatable)")
    args = parser.parse_args(argv)
    if args.capture:
        print(f"capturing into {use_capture_device()}")
    from hiptimer.sound.alsa import silence_alsa
    from hiptimer.sound.ladder import find_rungs

    silence_alsa()
    names = [r.name for r in find_rungs() if r.backend is not None]
    if args.backend:
        names = [n for n in names if n in args.backend]
    print(f"Python {sys.version.split()[0]}; backends: {', '.join(names) or 'none'}")
    for name in names:
        called, started, notices = measure(name)
        target = TARGET_MS.get(name, 50.0)
        # Judged on the 95th percentile: the very first sound also opens the device
        # (miniaudio keeps it open after that), and it is not on a beat.
        p95 = sorted(started)[round(0.95 * (len(started) - 1))] if started else None
        verdict = "ok" if p95 is not None and p95 <= target else "OVER TARGET"
        print(f"\n{name} (target <= {target:g} ms): {verdict}")
        print(f"  deadline -> backend called: {summary(called)}")
        print(f"  deadline -> sound taken:    {summary(started)}")
        for notice in notices:
            print(f"  notice: {notice}")
        if args.capture and name == "miniaudio":
            print("  (capture device: the taken figure is inflated, see the module docstring)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
