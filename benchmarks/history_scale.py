"""How ``hiptimer history`` and the weekly stats hold up with 100,000 sessions in the log.

Run from the repository with hiptimer installed::

    python benchmarks/history_scale.py [--sessions 100000]

It builds the history in a temporary folder (nothing of yours is touched), then times
``hiptimer history`` as a whole process (start-up included; the target is under 0.5 s),
``hiptimer history --json`` for reference, and the weekly statistics in-process.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from processes import hiptimer_exe, history_file, isolated_env, time_process

from hiptimer.store.sessions import open_history

TARGET = 0.5
"""Seconds ``hiptimer history`` may take as a whole process."""

SETS = (
    ("Glute bridge", "glute-bridge", None),
    ("Hip clam", "hip-clam", "left"),
    ("Hip clam", "hip-clam", "right"),
    ("Lateral lunge", "lateral-lunge", "left"),
    ("Lateral lunge", "lateral-lunge", "right"),
)


def build(path: Path, sessions: int) -> None:
    """Fill a new history with ``sessions`` sessions of 2 sets over the last five years.

    Rows go in through one bulk transaction rather than the recorder, which commits after
    every set (that is what keeps a crash cheap, not what makes a benchmark quick to build).
    """
    history, notices = open_history(path)
    assert history is not None, notices
    now = datetime.now(UTC).timestamp()
    span = 5 * 365 * 86400
    rng = random.Random(5)
    conn = history.conn
    conn.execute("BEGIN")
    for session_id in range(1, sessions + 1):
        start = now - span * (1 - session_id / sessions) - rng.random() * 3600
        status = "completed" if rng.random() < 0.9 else "stopped"
        conn.execute(
            "INSERT INTO sessions (id, started_at, ended_at, updated_at, routine, routine_name,"
            " status, active_seconds) VALUES (?, ?, ?, ?, 'runners-hips', 'Runner''s hips',"
            " ?, 355)",
            (session_id, start, start + 360, start + 360, status),
        )
        conn.executemany(
            "INSERT INTO sets (session_id, position, exercise, exercise_id, set_number, side,"
            " planned_seconds, done_seconds) VALUES (?, ?, ?, ?, ?, ?, 30, 30)",
            [
                (session_id, position, name, exercise_id, set_number, side)
                for position, (set_number, (name, exercise_id, side)) in enumerate(
                    (n, s) for n in (1, 2) for s in SETS
                )
            ],
        )
    conn.execute("COMMIT")
    history.close()


def main() -> int:
    """Build the history, time it, print the figures; exit 1 when over the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    exe = hiptimer_exe()
    with tempfile.TemporaryDirectory() as folder:
        env = isolated_env(folder)
        path = history_file(folder)
        start = time.perf_counter()
        build(path, options.sessions)
        print(
            f"built {options.sessions:,} sessions in {time.perf_counter() - start:.1f} s "
            f"({path.stat().st_size / 1e6:.1f} MB)"
        )

        table = time_process([exe, "history"], env, options.runs)
        print(
            f"hiptimer history          best {min(table):.3f} s  "
            f"median {statistics.median(table):.3f} s  (target < {TARGET} s)"
        )
        baseline = time_process([exe, "--version"], env, options.runs)
        print(f"hiptimer --version        best {min(baseline):.3f} s  (start-up alone)")
        export = time_process([exe, "history", "--json"], env, 1)
        print(f"hiptimer history --json   {export[0]:.3f} s  (every session and set)")

        history, _ = open_history(path)
        assert history is not None
        stats_times, recent_times = [], []
        for _ in range(options.runs):
            t0 = time.perf_counter()
            stats = history.week_stats(3)
            t1 = time.perf_counter()
            history.recent(20)
            recent_times.append(time.perf_counter() - t1)
            stats_times.append(t1 - t0)
        history.close()
        print(
            f"week_stats (12 weeks)     best {min(stats_times) * 1000:.1f} ms  "
            f"streak {stats.streak} weeks, this week {stats.this_week}"
        )
        print(f"recent(20)                best {min(recent_times) * 1000:.1f} ms")
    return 0 if min(table) < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
