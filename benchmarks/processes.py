"""What the benchmarks that time whole ``hiptimer`` processes share: which ``hiptimer`` to
run, a home of its own, and the timing loop. Imported as a sibling module (the benchmarks are
run as scripts: ``python benchmarks/status_scale.py``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def hiptimer_exe() -> str:
    """The ``hiptimer`` installed beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "hiptimer"
    return str(beside) if beside.exists() else shutil.which("hiptimer") or "hiptimer"


def isolated_env(folder: str) -> dict[str, str]:
    """The environment with HOME and the XDG folders inside ``folder`` (nothing of yours is
    read or touched), and no ``HIPTIMER_CONFIG``."""
    env = {
        **os.environ,
        "HOME": folder,
        "XDG_CONFIG_HOME": f"{folder}/config",
        "XDG_DATA_HOME": f"{folder}/data",
    }
    env.pop("HIPTIMER_CONFIG", None)
    return env


def history_file(folder: str) -> Path:
    """Where :func:`isolated_env`'s ``hiptimer`` keeps its history."""
    return Path(folder) / "data" / "hiptimer" / "history.sqlite3"


def time_process(args: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Wall time of ``runs`` whole processes of ``args``, output thrown away."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times
