"""Start-up with the routines folder full: 50 routine files of 256 KiB each (the limits).

Run from the repository with hiptimer installed::

    python benchmarks/routine_files.py [--runs 5]

Every command (and the app, before its first frame) reads every routine file, so this times
``hiptimer routines`` as a whole process, start-up included, against a folder of
:data:`~hiptimer.config.routines.MAX_FILES` files of
:data:`~hiptimer.config.routines.MAX_FILE_BYTES` each, one row per kind of content: the
target is under 1 s for each. The folders are made in a temporary HOME; nothing of yours
is touched.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hiptimer.config.routines import MAX_FILE_BYTES, MAX_FILES, MAX_PIECES

TARGET = 1.0
"""Seconds ``hiptimer routines`` may take with the folder full."""


def _fill(head: str) -> str:
    """``head``, then one long description that brings the file to exactly the limit."""
    room = MAX_FILE_BYTES - len(head.encode()) - len('description = ""\n')
    return head + 'description = "' + "d" * room + '"\n'


def valid_routine() -> str:
    """A routine that loads: 30 exercises of 20 cues of 400 characters, to the limit."""
    parts = ['name = "Everything"\n']
    number = 0
    while sum(len(p) for p in parts) < MAX_FILE_BYTES - 9_000:
        number += 1
        cues = "".join(f'  "{"c" * 396} {i:02}",\n' for i in range(20))
        parts.append(
            f'\n[[exercises]]\nname = "Exercise {number}"\nsets = 2\nwork = 30\ncues = [\n{cues}]\n'
        )
    text = "".join(parts)
    return text + "#" * (MAX_FILE_BYTES - len(text.encode()) - 1) + "\n"


SHAPES: dict[str, Callable[[], str]] = {
    "valid: 30 exercises x 20 cues": valid_routine,
    "one string of 256 KiB": lambda: _fill(""),
    f"{MAX_PIECES - 2} keys + a string": lambda: _fill(
        "".join(f"k{i} = {i}\n" for i in range(MAX_PIECES - 2))
    ),
    f"{MAX_PIECES - 5} list items + a string": lambda: _fill(
        "cues = [" + ",".join("1" for _ in range(MAX_PIECES - 5)) + "]\n"
    ),
    "256 KiB of tabs": lambda: "\t" * (MAX_FILE_BYTES - 6) + "a = 1\n",
    "refused: 128 Ki list items": lambda: (
        ("cues = [" + "1," * ((MAX_FILE_BYTES - 11) // 2) + "1]\n").ljust(MAX_FILE_BYTES - 1, "#")
        + "\n"
    ),
    "refused: 256 Ki blank lines": lambda: "\n" * MAX_FILE_BYTES,
}
"""Each kind of content: what a real routine at the limits holds, and what costs the
parser most per byte (strings, keys, list items, whitespace) within the limits."""


def time_process(args: list[str], env: dict[str, str], runs: int) -> list[tuple[float, float]]:
    """Wall time and CPU time (user + system) of whole ``hiptimer`` processes, output
    thrown away. The CPU time is what the wall time would be on an idle machine."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        times.append((wall, cpu))
    return times


def row(label: str, times: list[tuple[float, float]], note: str) -> str:
    """One line of figures: the best and median wall time, and the least CPU time."""
    walls = [wall for wall, _ in times]
    cpu = min(c for _, c in times)
    return (
        f"{label:40} best {min(walls):.3f} s  median {statistics.median(walls):.3f} s  "
        f"cpu {cpu:.3f} s  {note}"
    )


def main() -> int:
    """Time start-up with each folder; print one row each; exit 1 when one is over."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    beside = Path(sys.executable).parent / "hiptimer"
    exe = str(beside) if beside.exists() else shutil.which("hiptimer") or "hiptimer"
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "HOME": folder,
            "XDG_CONFIG_HOME": f"{folder}/config",
            "XDG_DATA_HOME": f"{folder}/data",
        }
        env.pop("HIPTIMER_CONFIG", None)
        routines = Path(folder) / "config" / "hiptimer" / "routines"
        routines.mkdir(parents=True)
        empty = time_process([exe, "routines"], env, options.runs)
        print(row("no routine files", empty, "(start-up alone)"))
        for name, make in SHAPES.items():
            text = make()
            assert len(text.encode()) == MAX_FILE_BYTES, (name, len(text.encode()))
            for old in routines.iterdir():
                old.unlink()
            for number in range(MAX_FILES):
                (routines / f"r{number:02}.toml").write_text(text, encoding="utf-8")
            times = time_process([exe, "routines"], env, options.runs)
            worst = max(worst, min(wall for wall, _ in times))
            print(row(f"{MAX_FILES} x {name}", times, f"(target < {TARGET} s)"))
    return 0 if worst < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
