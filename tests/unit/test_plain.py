"""Line-mode formatting: one ``MM:SS EVENT details`` line per moment."""

from __future__ import annotations

import io
import re

import pytest

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.engine import Engine
from hiptimer.core.events import Event
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.core.wording import clock_text
from hiptimer.line.printer import LinePrinter
from hiptimer.line.text import format_event

LINE = re.compile(
    r"^\d{2,}:\d{2} (READY|HOW|WORK|HALFWAY|FORM|SWITCH|REST|PAUSE|RESUME|DONE|STOP|ADJUST)( .+)?$"
)


def whole_workout_lines() -> list[str]:
    plan = build_plan(BUILTIN_ROUTINE, Settings())
    engine = Engine(plan)
    events: list[Event] = engine.start(0.0)
    while not engine.ended:
        deadline = engine.next_deadline
        assert deadline is not None
        events += engine.advance(deadline)
    out = io.StringIO()
    LinePrinter(plan, out, summary=lambda: "2nd session this week")(events)
    return out.getvalue().splitlines()


def test_every_line_has_the_documented_shape() -> None:
    lines = whole_workout_lines()
    assert lines, "nothing printed"
    for line in lines:
        assert LINE.match(line), line


def test_the_documented_opening_and_closing() -> None:
    lines = whole_workout_lines()
    assert lines[0] == "00:00 READY Glute bridge · set 1 of 2 · starts in 10 s"
    assert lines[1].startswith("00:00 HOW Glute bridge · Basic bridge · Lie on your back")
    assert lines[2].startswith("00:10 WORK Glute bridge · set 1 of 2 · 30 s · ")
    assert "00:25 HALFWAY" in lines
    assert any(
        line.startswith("00:40 REST 15 s · next: Glute bridge · set 2 of 2") for line in lines
    )
    assert lines[-1] == "07:15 DONE 6 sets · 7:15 · 2nd session this week"


def test_the_done_line_says_what_was_skipped_or_cut_short() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings())
    engine = Engine(plan)
    events: list[Event] = engine.start(0.0)
    now = 0.0
    while not engine.ended:
        # n half a second into every phase but the second hip clam set's right side.
        phase = engine.phase
        keep = phase.is_work and phase.set_number == 2 and phase.side is not None
        if keep and phase.side == "right" and phase.exercise and phase.exercise.id == "hip-clam":
            deadline = engine.next_deadline
            assert deadline is not None
            now = deadline
            events += engine.advance(now)
        else:
            now += 0.5
            events += engine.advance(now) + engine.next(now)
    out = io.StringIO()
    LinePrinter(plan, out, summary=lambda: "not counted toward the weekly goal")(events)
    last = out.getvalue().splitlines()[-1]
    assert LINE.match(last)
    assert last.split(" ", 1)[1] == (
        "DONE 0 of 6 sets · 0:39 · skipped or cut short: Glute bridge set 1, Glute bridge set 2,"
        " Hip clam set 1, Hip clam set 2 left, Lateral lunge set 1, Lateral lunge set 2"
        " · not counted toward the weekly goal"
    )


def test_per_side_work_and_switch_name_the_side() -> None:
    lines = whole_workout_lines()
    assert any(" WORK Hip clam · left side · set 1 of 2 · 30 s" in line for line in lines)
    assert any(" SWITCH 5 s · next: Hip clam · right side · set 1 of 2" in line for line in lines)


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "00:00"), (59.999, "00:59"), (60, "01:00"), (6000, "100:00")]
)
def test_clock_text(seconds: float, text: str) -> None:
    assert clock_text(seconds) == text


def test_events_with_no_line_print_nothing() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings())
    engine = Engine(plan)
    events = engine.start(0.0) + engine.advance(1.0)
    assert format_event(events[-1], plan) is None  # a tick


@pytest.mark.parametrize(("count", "text"), [(0, "0 sets"), (1, "1 set"), (6, "6 sets")])
def test_plural(count: int, text: str) -> None:
    from hiptimer.core.wording import plural

    assert plural(count, "set") == text
