"""The installed ``hiptimer --plain`` in a real process: every line on time and in order."""

from __future__ import annotations

import io
import subprocess
import time

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.engine import Engine
from hiptimer.core.events import Event
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.line.text import format_event
from tests.e2e.userfiles import hiptimer_path
from tests.home import IsolatedHome

ONE_SECOND_PHASES = [
    "--work",
    "1",
    "--rest",
    "1",
    "--exercise-rest",
    "1",
    "--switch",
    "1",
    "--prepare",
    "1",
    "--sets",
    "2",
]
TOLERANCE = 0.050


def planned_lines() -> list[tuple[float, str]]:
    """What the engine says should be printed, and when (seconds after the first line)."""
    plan = build_plan(
        BUILTIN_ROUTINE,
        Settings(),
        {"work": 1, "rest": 1, "exercise_rest": 1, "switch": 1, "prepare": 1, "sets": 2},
    )
    engine = Engine(plan)
    events: list[Event] = engine.start(0.0)
    while not engine.ended:
        deadline = engine.next_deadline
        assert deadline is not None
        events += engine.advance(deadline)
    out = []
    for event in events:
        line = format_event(event, plan)
        if line is not None:
            out.append((event.at, line))
    return out


def test_plain_lines_arrive_on_time_and_in_order(home: IsolatedHome) -> None:
    expected = planned_lines()
    process = subprocess.Popen(
        [hiptimer_path(), "--plain", "--mute", "--no-history", *ONE_SECOND_PHASES],
        stdin=subprocess.DEVNULL,  # no keys: the lines are exactly the plan's
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=home.env(),
    )
    assert process.stdout is not None
    arrived: list[tuple[float, str]] = []
    for raw in io.TextIOWrapper(process.stdout, encoding="utf-8"):
        arrived.append((time.monotonic(), raw.rstrip("\n")))
    stderr = process.stderr.read().decode() if process.stderr else ""
    assert process.wait(timeout=10) == 0, stderr
    assert "Traceback" not in stderr

    got_text = [line for _, line in arrived]
    want_text = [line for _, line in expected]
    # The closing line may carry extra words (the weekly count) after the planned ones.
    assert got_text[:-1] == want_text[:-1]
    assert got_text[-1].startswith(want_text[-1])
    start = arrived[0][0]
    late = [
        (line, round((t - start - planned) * 1000, 1))
        for (t, line), (planned, _) in zip(arrived, expected, strict=True)
        if abs(t - start - planned) > TOLERANCE
    ]
    assert not late, f"lines off their planned time by more than 50 ms (ms): {late}"


def test_ctrl_c_ends_with_a_summary_and_no_traceback(home: IsolatedHome) -> None:
    process = subprocess.Popen(
        [hiptimer_path(), "--plain", "--mute", "--no-history"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=home.env(),
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # the workout is running once READY is out
    assert " READY " in first
    process.send_signal(__import__("signal").SIGINT)
    out, err = process.communicate(timeout=10)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    last = out.strip().splitlines()[-1]
    assert " STOP 0 of 6 sets · 0:00" in last
