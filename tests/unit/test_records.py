"""The pure history records: the done rule, session status, what fell short, weekly counts
and the streak, with no database behind them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from hiptimer.core.catalog import BUILTIN_ROUTINE, Exercise, Routine, RoutineItem
from hiptimer.core.plan import build_plan
from hiptimer.core.records import (
    DONE_SHARE,
    Session,
    SetRecord,
    Status,
    WeekStats,
    count_weeks,
    session_status,
    set_done,
    set_groups,
    short_set_names,
    shortfall_text,
    workout_sets,
)
from hiptimer.core.settings import Settings

TODAY = date(2026, 3, 4)  # Wednesday; the week began on Monday 2 March
MONDAY = date(2026, 3, 2)


def counter(counts: dict[date, int], asked: list[date]) -> Callable[[date], int]:
    """A ``completed_in`` that reads ``counts`` and notes each week it is asked about."""

    def completed_in(monday: date) -> int:
        asked.append(monday)
        return counts.get(monday, 0)

    return completed_in


def test_the_streak_walks_past_the_chart_asking_only_for_weeks_it_lacks() -> None:
    counts = {MONDAY - timedelta(weeks=w): 2 for w in range(1, 15)}
    asked: list[date] = []
    earliest = datetime.combine(MONDAY - timedelta(weeks=20), datetime.min.time(), UTC)
    stats = count_weeks(2, TODAY, counter(counts, asked), earliest.timestamp(), tz=UTC)
    assert stats.streak == 14
    assert stats.this_week == 0
    chart = [MONDAY - timedelta(weeks=11 - i) for i in range(12)]
    assert [w.start for w in stats.weeks] == chart
    # The chart's twelve weeks, then weeks 12, 13 and 14 (met) and 15 (short): no repeats.
    assert asked == chart + [MONDAY - timedelta(weeks=w) for w in (12, 13, 14, 15)]


def test_without_an_earliest_session_only_the_chart_is_read() -> None:
    asked: list[date] = []
    stats = count_weeks(3, TODAY, counter({MONDAY: 5}, asked), None, weeks=4, tz=UTC)
    assert len(asked) == 4
    assert (stats.this_week, stats.streak) == (5, 1)


def test_an_empty_chart_ends_with_this_week() -> None:
    stats = WeekStats.empty(3, TODAY)
    assert [w.sessions for w in stats.weeks] == [0] * 12
    assert stats.weeks[-1].start == MONDAY
    assert stats.weeks[0].start == MONDAY - timedelta(weeks=11)
    assert (stats.goal, stats.streak, stats.progress_text()) == (3, 0, "0 of 3 this week")


# --- the honest log: which sets were done, what a session counts as --------------------


@pytest.mark.parametrize(
    ("planned", "done", "counts"),
    [
        pytest.param(30, 30, True, id="full"),
        pytest.param(30, 40, True, id="longer-after-plus-10"),
        pytest.param(30, 24, True, id="exactly-80-percent"),
        pytest.param(35, 28, True, id="80-percent-of-35-despite-float-noise"),
        pytest.param(30, 23.9, False, id="just-under-80-percent"),
        pytest.param(30, 15, False, id="cut-at-half"),
        pytest.param(30, 0.5, False, id="skipped-with-n"),
        pytest.param(30, 0, False, id="never-reached"),
        pytest.param(45, 36, True, id="80-percent-of-45"),
    ],
)
def test_a_set_is_done_from_80_percent_of_its_planned_time(
    planned: float, done: float, counts: bool
) -> None:
    assert DONE_SHARE == 0.8
    assert set_done(planned, done) is counts


@pytest.mark.parametrize(
    ("done", "ended_early", "status"),
    [
        pytest.param([True, True, True], False, Status.COMPLETED, id="every-set-done"),
        pytest.param([True, False, True], False, Status.PARTIAL, id="one-cut-short"),
        pytest.param([False, False], False, Status.PARTIAL, id="skipped-through"),
        pytest.param([True, True], True, Status.STOPPED, id="all-done-then-quit"),
        pytest.param([True, False], True, Status.STOPPED, id="stopped-midway"),
        pytest.param([], False, Status.COMPLETED, id="nothing-planned"),
    ],
)
def test_a_session_is_completed_only_when_every_set_is_done(
    done: list[bool], ended_early: bool, status: Status
) -> None:
    assert session_status(done, ended_early=ended_early) is status


def record(exercise: str, number: int, side: str | None, done: float) -> SetRecord:
    return SetRecord(exercise, exercise.lower().replace(" ", "-"), number, side, 30.0, done)


SIX_SETS = [  # the built-in routine at 2 sets: bridge 1, bridge 2, clam 1 L/R, clam 2 L/R...
    ("Glute bridge", 1, None),
    ("Glute bridge", 2, None),
    ("Hip clam", 1, "left"),
    ("Hip clam", 1, "right"),
    ("Hip clam", 2, "left"),
    ("Hip clam", 2, "right"),
    ("Lateral lunge", 1, "left"),
    ("Lateral lunge", 1, "right"),
    ("Lateral lunge", 2, "left"),
    ("Lateral lunge", 2, "right"),
]


def six_sets(short: dict[int, float]) -> list[SetRecord]:
    """The built-in routine's ten work phases, full except those in ``short`` (index: done)."""
    return [
        record(exercise, number, side, short.get(i, 30.0))
        for i, (exercise, number, side) in enumerate(SIX_SETS)
    ]


@pytest.mark.parametrize(
    ("short", "text"),
    [
        pytest.param({}, None, id="every-set-done"),
        pytest.param({0: 25}, None, id="cut-at-83-percent-is-done"),
        pytest.param(
            {5: 15},
            "1 of 6 sets skipped or cut short: Hip clam set 2 right",
            id="one-side-cut-short",
        ),
        pytest.param(
            {4: 0.5, 5: 0.5, 6: 2},
            "2 of 6 sets skipped or cut short: Hip clam set 2, Lateral lunge set 1 left",
            id="both-sides-name-the-set",
        ),
        pytest.param(
            dict.fromkeys(range(10), 0.5),
            "All 6 sets skipped or cut short: Glute bridge set 1, Glute bridge set 2,"
            " Hip clam set 1, Hip clam set 2 and 2 more",
            id="skipped-through-names-four",
        ),
    ],
)
def test_the_shortfall_names_what_was_skipped_or_cut_short(
    short: dict[int, float], text: str | None
) -> None:
    assert shortfall_text(six_sets(short)) == text


def test_without_a_limit_every_short_set_is_named() -> None:
    sets = six_sets(dict.fromkeys(range(10), 0.5))
    assert short_set_names(sets)[-2:] == ["Lateral lunge set 1", "Lateral lunge set 2"]
    text = shortfall_text(sets, limit=None)
    assert text is not None and text.endswith("Lateral lunge set 2") and "more" not in text


def test_a_session_counts_sets_by_the_same_rule() -> None:
    session = Session(1, 0.0, 1.0, "r", "R", "partial", 100.0, tuple(six_sets({0: 25, 5: 15})))
    assert (session.sets_done, session.sets_planned) == (5, 6)


def test_a_routine_with_an_exercise_twice_counts_each_set() -> None:
    twice = [record("Hip clam", 1, "left", 30), record("Hip clam", 1, "right", 30)] * 2
    assert len(set_groups(twice)) == 2


def test_workout_sets_carry_the_progression_and_what_was_done() -> None:
    plan = build_plan(BUILTIN_ROUTINE, Settings(levels={"glute-bridge": 3, "hip-clam": 9}))
    work = [i for i, phase in enumerate(plan.phases) if phase.is_work]
    sets = workout_sets(plan, {work[0]: 30.0, work[1]: 12.0})
    assert len(sets) == len(work)
    # The runner's hinge is done on each leg: its sets come in sides before the clam's.
    first, second = sets[0], sets[1]
    clam = next(s for s in sets if s.exercise_id == "hip-clam")
    assert (first.exercise_id, first.level, first.progression) == (
        "glute-bridge",
        3,
        "Runner's hinge",
    )
    assert (first.done_seconds, second.done_seconds, clam.done_seconds) == (30.0, 12.0, 0.0)
    # Level 9 is past the clam's ladder: the last step is what was done.
    assert (clam.exercise_id, clam.side, clam.level, clam.progression) == (
        "hip-clam",
        "left",
        2,
        "Side-plank clam",
    )
    assert not any(s.reset for s in sets)


def test_an_exercise_without_a_ladder_is_level_1_with_no_progression() -> None:
    bare = Exercise("plank", "Plank", per_side=False, targets="", why="", cues=())
    plan = build_plan(Routine("p", "P", (RoutineItem(bare),)), Settings(sets=1))
    (only,) = workout_sets(plan, {})
    assert (only.level, only.progression, only.done) == (1, None, False)
