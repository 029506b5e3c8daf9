"""Run every benchmark in one go, on this machine, and keep the output.

    python benchmarks/run.py [--quick]

It makes its own virtual environment (``benchmarks/.venv``) with this checkout and the sound
extra installed, plus termdown from PyPI, the peer the app is measured against, then runs,
each as its own process with that environment's Python:

- ``timing.py``: boundary error and end drift of the real driver over a long plan;
- ``app_timing.py``: the same inside the full-screen app (headless), cues and redrawn
  seconds against their deadlines while Textual renders;
- ``app_cpu.py``: in tmux, hiptimer next to a minimal Textual app and termdown: CPU while
  counting, peak memory, time to the first frame;
- ``cue_latency.py``: from a phase boundary to the audio backend (ALSA into a file when the
  machine has no sound card);
- ``scale.py``: a 500-phase plan, and memory while it runs on a fast fake clock;
- ``history_scale.py``: ``hiptimer history`` over 100,000 sessions, and the weekly chart;
- ``status_scale.py``: ``hiptimer status`` (run by a shell prompt) over 10,000 sessions.
- ``routine_files.py``: start-up with the routines folder full (50 files of 256 KiB).

Everything printed is also written to ``benchmarks/results/latest.txt``. It prints figures
against their targets; it is not a test and never fails on a missed target.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import venv
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venv"
RESULTS = HERE / "results" / "latest.txt"
PEERS = ("termdown",)
"""PyPI packages installed beside hiptimer, to compare with."""


def bench_python() -> Path:
    """Create (once) and refresh the benchmark environment; return its Python."""
    python = VENV / "bin" / "python"
    if not python.exists():
        venv.create(VENV, with_pip=True)
    # Non-editable, like a user's install; --quiet keeps the report readable.
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"{ROOT}[sound]", *PEERS], check=True
    )
    return python


def plan(quick: bool) -> list[tuple[str, list[str]]]:
    """The benchmarks to run, with their arguments (``--quick`` shortens the long ones)."""
    return [
        ("timing.py", ["--phases", "20" if quick else "120"]),
        ("app_timing.py", ["--seconds", "30" if quick else "120"]),
        ("app_cpu.py", ["--seconds", "10", "--starts", "3"] if quick else []),
        (
            "cue_latency.py",
            ["--capture"]
            if not Path("/proc/asound/cards").exists()
            or "no soundcards" in Path("/proc/asound/cards").read_text()
            else [],
        ),
        ("scale.py", []),
        ("history_scale.py", ["--sessions", "20000"] if quick else []),
        ("status_scale.py", ["--runs", "5"] if quick else []),
        ("routine_files.py", ["--runs", "2"] if quick else []),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run everything, print as it goes, and keep a copy of the output."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs, rougher figures")
    args = parser.parse_args(argv)
    python = bench_python()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    with RESULTS.open("w", encoding="utf-8") as log:

        def say(text: str) -> None:
            print(text, flush=True)
            log.write(text + "\n")

        say(
            f"hiptimer benchmarks · {time.strftime('%Y-%m-%d %H:%M')} · {os.uname().machine}, "
            f"{os.cpu_count()} cores"
        )
        for script, script_args in plan(args.quick):
            say(f"\n== {script} {' '.join(script_args)}".rstrip())
            started = time.perf_counter()
            process = subprocess.Popen(
                [str(python), str(HERE / script), *script_args],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=env,
                cwd=ROOT,
            )
            assert process.stdout is not None
            for line in process.stdout:
                say(line.rstrip("\n"))
            code = process.wait()
            say(f"-- {script}: {time.perf_counter() - started:.0f} s, exit {code}")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
