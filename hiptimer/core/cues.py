"""Which sound each engine event calls for. Pure: the audio module decides how to play it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hiptimer.core.events import Countdown, Event, Finished, Halfway, PhaseStarted, Reset
from hiptimer.core.plan import Phase, PhaseKind, Plan, Side
from hiptimer.core.wording import side_text

if TYPE_CHECKING:
    from hiptimer.core.ports import CuePlayer

TONES = ("tick", "go", "halfway", "switch", "rest", "last_set", "done", "reset")
"""Every tone cue; each is a WAV file of the same name in ``sounds/``."""

VOICE_PHRASES: dict[str, str] = {
    "get-ready": "Get ready",
    "go": "Go",
    "halfway": "Halfway",
    "switch-sides": "Switch sides",
    "rest": "Rest",
    "last-set": "Last set",
    "workout-complete": "Workout complete",
}
"""Fixed spoken clips: clip id -> the words."""


@dataclass(frozen=True, slots=True)
class Cue:
    """A sound to play: a tone, then optionally a spoken clip."""

    tone: str | None
    """One of :data:`TONES`, or None for voice only."""
    voice: str | None = None
    """Id of a pre-rendered spoken clip (``voice/<id>.wav``)."""
    say: str | None = None
    """The words of ``voice``; spoken at run time when no clip exists (custom routines)."""


def next_up_clip(phase: Phase) -> str:
    """Return the clip id for "next up" before a work phase: ``next-<exercise>[-<side>]``."""
    assert phase.exercise is not None
    side = f"-{phase.side.value}" if phase.side else ""
    return f"next-{phase.exercise.id}{side}"


def next_up_words(phase: Phase) -> str:
    """Return the words of the "next up" prompt before a work phase."""
    assert phase.exercise is not None
    side = f", {side_text(phase.side)}" if phase.side else ""
    return f"Next up: {phase.exercise.name}{side}"


def reset_clip(phase: Phase) -> str:
    """Return the clip id of the reset prompt of a work phase's movement:
    ``reset-<progression>``, such as ``reset-basic-bridge``."""
    assert phase.progression is not None
    name = phase.progression.name.lower().replace("'", "")
    return "reset-" + "-".join("".join(c if c.isalnum() else " " for c in name).split())


def cues_for(event: Event, plan: Plan) -> tuple[Cue, ...]:
    """Return the cues an event calls for, in the order to play them."""
    if isinstance(event, Reset):
        return (Cue("reset", reset_clip(plan.phases[event.index]), event.text),)
    if isinstance(event, Countdown):
        return (Cue("tick"),)
    if isinstance(event, Halfway):
        return (Cue("halfway", "halfway", VOICE_PHRASES["halfway"]),)
    if isinstance(event, Finished):
        if event.completed:
            return (Cue("done", "workout-complete", VOICE_PHRASES["workout-complete"]),)
        return ()
    if not isinstance(event, PhaseStarted):
        return ()
    phase = event.phase
    if phase.kind is PhaseKind.WORK:
        if phase.is_last_set and phase.sets > 1 and phase.side is not Side.RIGHT:
            return (Cue("last_set", "last-set", VOICE_PHRASES["last-set"]),)
        return (Cue("go", "go", VOICE_PHRASES["go"]),)
    if phase.kind is PhaseKind.SWITCH:
        return (Cue("switch", "switch-sides", VOICE_PHRASES["switch-sides"]),)
    if phase.kind in (PhaseKind.REST, PhaseKind.PREPARE):
        first = (
            Cue("rest", "rest", VOICE_PHRASES["rest"])
            if phase.kind is PhaseKind.REST
            else Cue(None, "get-ready", VOICE_PHRASES["get-ready"])
        )
        upcoming = plan.next_work(event.index)
        if upcoming is None:
            return (first,)
        work = plan.phases[upcoming]
        return (first, Cue(None, next_up_clip(work), next_up_words(work)))
    return ()


def player_sink(player: CuePlayer, plan: Plan) -> Callable[[Sequence[Event]], None]:
    """Return a driver sink that plays the cues every event calls for."""

    def sink(events: Sequence[Event]) -> None:
        # A reset's prompt speaks for the set it starts again: no second "go" on top.
        again = {event.index for event in events if isinstance(event, Reset)}
        cues = [
            cue
            for event in events
            if not (isinstance(event, PhaseStarted) and event.index in again)
            for cue in cues_for(event, plan)
        ]
        if cues:
            player.play(cues)

    return sink
