"""Offers to move up, as the user meets them: the words on home, the done screen and line
mode's closing lines, the question asked, and the settings a yes saves. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from types import MappingProxyType

from hiptimer.core.controls import CONTROL
from hiptimer.core.progression import Suggestion
from hiptimer.core.settings import ExerciseDose, Settings
from hiptimer.core.wording import SEP

MOVE_UP = CONTROL["move-up"]
"""The control that takes an offer (``u``)."""


def target(offer: Suggestion) -> str:
    """What is offered, in a few words: ``the bridge walk``, ``3 × 40 s``."""
    if offer.is_progression and offer.progression:
        return f"the {offer.label()}"
    return offer.dose.text()


def offer_line(offers: Sequence[Suggestion]) -> str:
    """The first offer for home and the done screen, with the key that takes it:
    ``Glute bridge: ready for the bridge walk? u to move up``, then how many more wait."""
    first = offers[0]
    line = f"{first.exercise}: ready for {target(first)}? {MOVE_UP.shown} to move up"
    more = len(offers) - 1
    if more:
        line += f"{SEP}{more} more after this"
    return line


def question(offer: Suggestion) -> str:
    """The yes/no question ``u`` asks: ``Glute bridge: move up to the bridge walk?``."""
    return f"{offer.exercise}: move up to {target(offer)}?"


def detail(offer: Suggestion, where: str) -> str:
    """The lines under the question: exactly what a yes changes, why, and where it is saved
    (short lines: the dialog does not wrap them).

    Args:
        offer: The offer asked about.
        where: Where the settings are saved (a path, or that they are not).
    """
    change = f"{offer.exercise} at {offer.dose.text()}"
    if offer.is_progression and offer.progression:
        change = f"{offer.exercise} at level {offer.to_level} ({offer.progression}), "
        change += offer.dose.text()
    return f"{change}.\nEarned by {offer.because or offer.why}.\nSettings: {where}"


def file_text(offer: Suggestion) -> str:
    """The offer as keys of ``config.toml``, for whoever sets it by hand."""
    dose = f"[dose.{offer.exercise_id}] sets = {offer.sets}, work = {offer.work}"
    if offer.is_progression:
        return f"[levels] {offer.exercise_id} = {offer.to_level}, {dose}"
    return dose


def offer_event_line(offer: Suggestion) -> str:
    """Line mode's words for one offer, after the closing line: ``OFFER Glute bridge: ready
    for the bridge walk (2 clean sessions in a row at 3 × 45 s) · in config.toml: ...``."""
    because = f" ({offer.because})" if offer.because else ""
    return (
        f"OFFER {offer.exercise}: ready for {target(offer)}{because}{SEP}"
        f"in config.toml: {file_text(offer)}; or run hiptimer and press {MOVE_UP.shown}"
    )


def accept(settings: Settings, offer: Suggestion) -> Settings:
    """The settings with an offer taken: the exercise's level (when it changes) and its own
    dose, so the next workout runs what was offered and the offer is not made again."""
    exercise_id = offer.exercise_id
    levels = dict(settings.levels)
    if settings.level_for(exercise_id) != offer.to_level:
        levels[exercise_id] = offer.to_level
    doses = {**settings.doses, exercise_id: ExerciseDose(offer.sets, offer.work)}
    return replace(settings, levels=MappingProxyType(levels), doses=MappingProxyType(doses))
