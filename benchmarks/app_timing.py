"""Timing inside the full-screen app: how late each cue and each redrawn second come, with
the real clock and the real screens (Textual's headless driver), while the app renders.

    python benchmarks/app_timing.py [--seconds 120]

``timing.py`` measures the driver alone; here the same driver shares its event loop with
Textual (layout, styles, rendering, garbage collection), as in the app. For each phase
boundary and each shown second it prints how long after its deadline the cue player was
called and the widgets were updated, median and worst, and the garbage collector's pauses.
The start-up objects are frozen out of the collector as the app does when a workout starts.
Targets as for the driver: median <= 2 ms, worst <= 10 ms. Figures, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from collections.abc import Sequence
from typing import Any

from hiptimer.core.cues import Cue
from hiptimer.core.events import Event, PhaseStarted, Tick
from hiptimer.core.ports import SilentPlayer
from hiptimer.ui.app import HipTimerApp

SHORT = {"work": 5, "rest": 3, "exercise_rest": 3, "switch": 2, "prepare": 2, "sets": 3}
"""Short phases: a phase change every few seconds, the moments that cost the app most."""


class ClockedPlayer(SilentPlayer):
    """A silent player that notes when it was last asked to play."""

    def __init__(self) -> None:
        super().__init__()
        self.last_play = 0.0

    def play(self, cues: Sequence[Cue]) -> None:
        self.last_play = time.monotonic()


def summary(name: str, ms: list[float]) -> str:
    if not ms:
        return f"  {name}: none"
    return f"  {name:28} median {statistics.median(ms):6.2f}  worst {max(ms):6.2f} ms  ({len(ms)})"


async def measure(seconds: float, freeze: bool) -> dict[str, list[float]]:
    player = ClockedPlayer()
    cue: list[float] = []
    boundary: list[float] = []
    second: list[float] = []

    def sink(events: Sequence[Event]) -> None:
        # Runs after the player and the widgets, in the same hand-over as they did.
        now = time.monotonic()
        for event in events:
            if isinstance(event, PhaseStarted) and event.index > 0:
                cue.append(1000 * (player.last_play - event.at))
                boundary.append(1000 * (now - event.at))
            elif isinstance(event, Tick):
                second.append(1000 * (now - event.at))

    pauses: list[float] = []
    began = [0.0]

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        elif info["generation"] == 2:
            pauses.append(1000 * (time.perf_counter() - began[0]))

    app = HipTimerApp(player=player, sinks=[sink], overrides=SHORT, freeze_gc=freeze)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # the app freezes what is there, then starts
            await pilot.pause()
            gc.callbacks.append(on_gc)  # from here: the workout's collections only
            await asyncio.sleep(seconds)
    finally:
        if on_gc in gc.callbacks:
            gc.callbacks.remove(on_gc)
        gc.unfreeze()
    return {"cue": cue, "boundary": boundary, "second": second, "gc": pauses}


class StallWatch:
    """The event loop's longest stall: a task that asks to wake every millisecond and notes
    how late it wakes. Anything slow run on the loop (files, SQLite, audio set-up) shows.

    Beside each stall it notes the loop thread's own CPU time in it: on a machine shared
    with other work the wall time also counts waiting for a core, the CPU time does not."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.busiest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        while True:
            before, cpu = time.perf_counter(), time.thread_time()
            await asyncio.sleep(0.001)
            self.longest = max(self.longest, time.perf_counter() - before - 0.001)
            self.busiest = max(self.busiest, time.thread_time() - cpu)

    def start(self) -> None:
        self.longest = self.busiest = 0.0
        self._task = asyncio.get_running_loop().create_task(self._watch())

    def take(self) -> tuple[float, float]:
        """The longest stall since :meth:`start` or the last take, and the most CPU the
        loop spent between two wakes (ms); then start again."""
        figures = (self.longest * 1000, self.busiest * 1000)
        self.longest = self.busiest = 0.0
        return figures


async def measure_stalls(workout_timeout: float = 120.0) -> dict[str, tuple[float, float]]:
    """The longest event-loop stall during start-up, a mute toggle, a settings save and a
    whole workout, with the program's own ports: the settings file, the history file and
    the lazy player over the real sounds (on whatever audio this machine has). The first
    toggle turns sound on, so the sounds load in their thread meanwhile; two more toggles
    then show the toggle alone.

    The workout is three windows: its screen opening (one screen change, with the start-up
    objects frozen out of the collector as the program does), its phases from the first to
    the last, and the done screen opening once the last phase ends."""
    import tempfile
    from pathlib import Path

    from hiptimer.config.store import SettingsFile
    from hiptimer.core.events import Finished
    from hiptimer.core.settings import Settings
    from hiptimer.sound.lazy import DeferredPlayer
    from hiptimer.sound.setup import PlayerSetup, make_player
    from hiptimer.store.port import HistoryService

    folder = Path(tempfile.mkdtemp(prefix="hiptimer-stalls-"))

    def make(muted: bool) -> PlayerSetup:
        return make_player(muted=muted, voice=True, on_bell=None)

    watch = StallWatch()
    figures: dict[str, tuple[float, float]] = {}
    finished = asyncio.Event()

    def at_the_end(events: Sequence[Event]) -> None:
        # Runs in the hand-over of the last phase: what follows is the done screen's.
        if any(isinstance(event, Finished) for event in events):
            figures["whole workout (its phases)"] = watch.take()
            finished.set()

    player = DeferredPlayer(make, muted=True)  # as a muted user: sound loads on "m"
    history = HistoryService(folder / "history.sqlite3")
    app = HipTimerApp(
        settings_store=SettingsFile(folder / "config.toml", Settings(mute=True)),
        player=player,
        history=history,
        overrides={**SHORT, "sets": 1},
        sinks=[at_the_end],
        freeze_gc=True,  # as the program: start-up objects leave the collector's rounds
    )
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()  # the first frame: Textual's own work, not measured here
            watch.start()
            await asyncio.sleep(0.5)  # the warm-up after the first frame: the history opens
            figures["start-up (after the first frame)"] = watch.take()
            await pilot.press("m")
            await asyncio.sleep(1.0)  # the sounds load
            figures["mute toggle"] = watch.take()
            for _ in range(2):  # the toggle alone, once the sounds are loaded: off, on
                await pilot.press("m")
                await asyncio.sleep(0.3)
            figures["mute toggle, sounds loaded"] = watch.take()
            await pilot.press("s")
            await pilot.pause()
            await asyncio.sleep(0.3)
            watch.take()  # opening the screen is Textual's layout; the save is measured
            await pilot.press("ctrl+s")
            await asyncio.sleep(0.5)
            figures["settings save"] = watch.take()
            await pilot.press("enter")
            await asyncio.sleep(0.5)  # well inside the 2 s get-ready
            figures["workout screen opens"] = watch.take()
            await asyncio.wait_for(finished.wait(), workout_timeout)
            await asyncio.sleep(1.0)
            figures["done screen opens"] = watch.take()
    finally:
        history.close()
        player.close(timeout=0)
        gc.unfreeze()
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument(
        "--no-freeze", action="store_true", help="leave start-up objects to the collector"
    )
    args = parser.parse_args(argv)
    figures = asyncio.run(measure(args.seconds, not args.no_freeze))
    frozen = "start-up frozen" if not args.no_freeze else "nothing frozen"
    print(f"app timing over {args.seconds:.0f} s of short phases, real clock ({frozen})")
    print(summary("phase change -> cue player", figures["cue"]))
    print(summary("phase change -> widgets", figures["boundary"]))
    print(summary("second -> widgets", figures["second"]))
    gc_pauses = figures["gc"]
    if gc_pauses:
        print(f"  full garbage collections: {len(gc_pauses)}, longest {max(gc_pauses):.1f} ms")
    else:
        print("  full garbage collections: none")
    every = figures["cue"] + figures["second"]
    if every:
        print(f"  worst of cues and seconds: {max(every):.2f} ms (target <= 10)")
    print(
        "longest event-loop stall, the program's own ports (target <= 20 ms each),"
        " and the loop's own CPU time in the busiest"
    )
    for name, (wall, cpu) in asyncio.run(measure_stalls()).items():
        print(f"  {name:32} {wall:6.1f} ms  (CPU {cpu:5.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
