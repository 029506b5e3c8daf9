"""Line mode's text: the ``MM:SS EVENT details`` line each engine event is printed as."""

from __future__ import annotations

from hiptimer.core.events import (
    Adjusted,
    Event,
    ExerciseAhead,
    Finished,
    FormReminder,
    Halfway,
    Paused,
    PhaseStarted,
    Reset,
    Resumed,
)
from hiptimer.core.plan import Phase, PhaseKind, Plan
from hiptimer.core.records import short_set_names, workout_sets
from hiptimer.core.wording import SEP, clock_text, duration_text, plural, work_label


def first_cue(phase: Phase) -> str | None:
    """The form reminder a work phase opens with, if it has any."""
    return phase.reminder()


def how_text(phase: Phase) -> str | None:
    """The HOW words before an exercise's first set: ``HOW Glute bridge · Basic bridge ·
    <how to set up>``; None when there is nothing to say how (a routine file's exercise
    without a description), since the READY or REST line already names it."""
    progression = phase.progression
    if phase.exercise is None or progression is None or not progression.how():
        return None
    parts = [phase.exercise.name]
    # A file's progression may be named as its exercise: not named twice.
    if progression.name != phase.exercise.name:
        parts.append(progression.name)
    parts.append(progression.how())
    return "HOW " + SEP.join(parts)


def format_event(event: Event, plan: Plan, summary: str | None = None) -> str | None:
    """Return the line for an event, or None for events line mode does not print.

    Args:
        event: What happened.
        plan: The workout's plan, for what comes next.
        summary: Extra words for the closing line (for example the weekly count).
    """
    words = _describe(event, plan, summary)
    if words is None:
        return None
    return f"{clock_text(event.clock)} {words}"


def _describe(event: Event, plan: Plan, summary: str | None) -> str | None:
    if isinstance(event, PhaseStarted):
        return _describe_phase(event, plan)
    if isinstance(event, ExerciseAhead):
        return how_text(event.phase)
    if isinstance(event, Halfway):
        return "HALFWAY"
    if isinstance(event, FormReminder):
        return f"FORM {event.text}"
    if isinstance(event, Paused):
        return "PAUSE" + (f" {event.reason}" if event.reason else "")
    if isinstance(event, Resumed):
        return "RESUME"
    if isinstance(event, Reset):
        phase = plan.phases[event.index]
        return f"RESET {work_label(phase)}{SEP}{phase.duration} s again{SEP}{event.text}"
    if isinstance(event, Adjusted):
        return f"ADJUST {event.delta:+.0f} s{SEP}{event.duration:.0f} s"
    if isinstance(event, Finished):
        every = event.completed and event.sets_done == event.sets_planned
        parts = (
            [plural(event.sets_done, "set")]
            if every
            else [f"{event.sets_done} of {plural(event.sets_planned, 'set')}"]
        )
        parts.append(duration_text(event.clock))
        if event.completed:
            short = short_set_names(workout_sets(plan, dict(event.work_done)))
            if short:
                parts.append("skipped or cut short: " + ", ".join(short))
        if summary:
            parts.append(summary)
        return ("DONE " if event.completed else "STOP ") + SEP.join(parts)
    return None


def _describe_phase(event: PhaseStarted, plan: Plan) -> str | None:
    phase = event.phase
    seconds = f"{event.duration:.0f} s"
    if phase.kind is PhaseKind.WORK:
        parts = [work_label(phase), seconds]
        cue = first_cue(phase)
        if cue:
            parts.append(cue)
        return "WORK " + SEP.join(parts)
    if phase.kind is PhaseKind.DONE:
        return None
    upcoming = plan.next_work(event.index)
    if phase.kind is PhaseKind.PREPARE:
        if upcoming is None:
            return f"READY starts in {seconds}"
        return f"READY {work_label(plan.phases[upcoming])}{SEP}starts in {seconds}"
    word = "SWITCH" if phase.kind is PhaseKind.SWITCH else "REST"
    if upcoming is None:
        return f"{word} {seconds}"
    parts = [seconds, "next: " + work_label(plan.phases[upcoming])]
    cue = first_cue(plan.phases[upcoming])
    if cue and phase.kind is PhaseKind.REST:
        parts.append(cue)
    return f"{word} " + SEP.join(parts)
