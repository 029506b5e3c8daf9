"""How quickly ``hiptimer status`` answers over 10,000 sessions: a shell prompt runs it each time.

Run from the repository with hiptimer installed::

    python benchmarks/status_scale.py [--sessions 10000] [--runs 10]

It builds a history in a temporary folder (nothing of yours is touched): ``--sessions``
sessions of the built-in routine over ten years, every week at the goal (so the streak walks
back through all of them, the slowest case), the dose climbing the ladder and the newest two
sessions clean at the top, so offers are made. Then it times ``hiptimer status`` and
``hiptimer status --json`` as whole processes (start-up included; the target is well under
0.1 s), ``hiptimer --version`` for the start-up alone, and the reading in-process.
It prints figures; it is not a test and exits 0 whatever they are.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from processes import hiptimer_exe, history_file, isolated_env, time_process

from hiptimer.core.catalog import EXERCISES
from hiptimer.core.progression import dose_ladder
from hiptimer.store.progress import read_status
from hiptimer.store.sessions import open_history

TARGET = 0.1
"""Seconds ``hiptimer status`` should stay well under, as a whole process."""
YEARS = 10


def build(path: Path, sessions: int) -> None:
    """Fill a new history with ``sessions`` sessions, evenly spread over :data:`YEARS` years.

    Rows go in through one bulk transaction, named by column so that the same script fills a
    history with or without the per-set level and reset columns.
    """
    history, notices = open_history(path)
    assert history is not None, notices
    conn = history.conn
    columns = {row[1] for row in conn.execute("PRAGMA table_info(sets)")}
    extra = [c for c in ("level", "reset") if c in columns]
    names = ", ".join(
        [
            "session_id",
            "position",
            "exercise",
            "exercise_id",
            "set_number",
            "side",
            "planned_seconds",
            "done_seconds",
            *extra,
        ]
    )
    marks = ", ".join("?" * (8 + len(extra)))
    ladder = dose_ladder()
    now = datetime.now(UTC).timestamp()
    span = YEARS * 365 * 86400
    conn.execute("BEGIN")
    for session_id in range(1, sessions + 1):
        start = now - span * (1 - session_id / sessions) - 3600
        # Climb one rung a session, two sessions at the top, then the other level, round
        # again; counted back from the newest, which ends two clean sessions at the top.
        age = sessions - session_id
        step = len(ladder) - age % (len(ladder) + 1)
        dose = ladder[min(step, len(ladder) - 1)]
        level = 1 + (age // (len(ladder) + 1)) % 2
        # Every 50th session was stopped halfway: it holds the dose, as a real history would.
        status = "stopped" if session_id % 50 == 0 and session_id < sessions - 5 else "completed"
        conn.execute(
            "INSERT INTO sessions (id, started_at, ended_at, updated_at, routine, routine_name,"
            " status, active_seconds) VALUES (?, ?, ?, ?, 'runners-hips', 'Runner''s hips',"
            " ?, 600)",
            (session_id, start, start + 700, start + 700, status),
        )
        rows = []
        for exercise in EXERCISES:
            sides = ("left", "right") if exercise.per_side else (None,)
            for number in range(1, dose.sets + 1):
                for side in sides:
                    row = [
                        session_id,
                        len(rows),
                        exercise.name,
                        exercise.id,
                        number,
                        side,
                        dose.work,
                        dose.work,
                    ]
                    rows.append(row + [level, 0][: len(extra)])
        conn.executemany(f"INSERT INTO sets ({names}) VALUES ({marks})", rows)
    conn.execute("COMMIT")
    history.close()


def main() -> int:
    """Build the history, time the status, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()
    exe = hiptimer_exe()
    with tempfile.TemporaryDirectory() as folder:
        env = isolated_env(folder)
        path = history_file(folder)
        start = time.perf_counter()
        build(path, options.sessions)
        print(
            f"built {options.sessions:,} sessions over {YEARS} years in "
            f"{time.perf_counter() - start:.1f} s ({path.stat().st_size / 1e6:.1f} MB)"
        )
        line = subprocess.run(
            [exe, "status"], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        print(f"it says: {line}")

        status = time_process([exe, "status"], env, options.runs)
        print(
            f"hiptimer status           best {min(status) * 1000:.0f} ms  "
            f"median {statistics.median(status) * 1000:.0f} ms  (target well under "
            f"{TARGET * 1000:.0f} ms)"
        )
        as_json = time_process([exe, "status", "--json"], env, options.runs)
        print(
            f"hiptimer status --json    best {min(as_json) * 1000:.0f} ms  "
            f"median {statistics.median(as_json) * 1000:.0f} ms"
        )
        baseline = time_process([exe, "--version"], env, options.runs)
        print(f"hiptimer --version        best {min(baseline) * 1000:.0f} ms  (start-up alone)")

        reads = []
        for _ in range(options.runs):
            t0 = time.perf_counter()
            read = read_status(path, 3, EXERCISES)
            reads.append(time.perf_counter() - t0)
        print(
            f"read_status in-process    best {min(reads) * 1000:.1f} ms  "
            f"median {statistics.median(reads) * 1000:.1f} ms  "
            f"(streak {read.status.streak_weeks} weeks, {len(read.status.suggestions)} offers)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
