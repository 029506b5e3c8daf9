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


HOW_ROUTINE = """\
name = "Mat"

[[exercises]]
name = "Clams [b]"
per_side = true
figure = "hip-clam"
progressions = [{ name = "Floor [/]", description = "On your side, [red]knees bent" }]

[[exercises]]
name = "Dead bug"
progressions = [{ name = "Basic", description = "On your back\\u001b]0;owned\\u0007" }]

[[exercises]]
name = "Glute [0] bridge"
"""


def test_how_lines_once_per_exercise_before_its_first_set(home: IsolatedHome) -> None:
    home.create()
    (home.routines_dir / "mat.toml").write_text(HOW_ROUTINE, encoding="utf-8")
    done = subprocess.run(
        [hiptimer_path(), "--plain", "--mute", "--no-history", "--routine", "mat"]
        + ONE_SECOND_PHASES,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=home.env(),
        timeout=60,
        check=False,
    )
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, err
    assert "\x1b" not in out and "\x07" not in out
    # The description that holds an escape sequence is refused where it is read, and said.
    assert "exercises[2].progressions[1].description" in err and "U+001B" in err
    words = [line.split(" ", 1)[1] for line in out.splitlines()]
    hows = [w for w in words if w.startswith("HOW ")]
    # The markup-like text as written; nothing to say how for the other two: no HOW.
    assert hows == ["HOW Clams [b] · Floor [/] · On your side, [red]knees bent"]
    assert words[0] == "READY Clams [b] · left side · set 1 of 2 · starts in 1 s"
    assert words[1] == hows[0]
    assert words[2].startswith("WORK Clams [b] · left side · set 1 of 2 · 1 s")


def test_the_builtin_routine_says_how_before_each_exercise(home: IsolatedHome) -> None:
    done = subprocess.run(
        [hiptimer_path(), "--plain", "--mute", "--no-history", *ONE_SECOND_PHASES],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=home.env(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    words = [line.split(" ", 1)[1] for line in done.stdout.splitlines()]
    hows = [i for i, w in enumerate(words) if w.startswith("HOW ")]
    assert [words[i].split(" · ")[0] for i in hows] == [
        "HOW Glute bridge",
        "HOW Hip clam",
        "HOW Lateral lunge",
    ]
    for i in hows:  # each right before its exercise's first WORK, and no WORK of it before
        name = words[i].split(" · ")[0].removeprefix("HOW ")
        assert words[i + 1].startswith(f"WORK {name} ")
        assert not any(w.startswith(f"WORK {name} ") for w in words[:i])
