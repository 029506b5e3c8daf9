"""A screen that answers every key: one that does nothing here, or a control the workout
refuses right now, says so in a short notice, as line mode says it in a line."""

from __future__ import annotations

import time
from collections.abc import Mapping

from textual import events
from textual.binding import ActiveBinding
from textual.screen import Screen

from hiptimer.core.wording import SEP

NOTICE_SECONDS = 3
"""How long a key's notice stays: long enough to read, short enough not to linger."""

ARROWS = {"left": "←", "right": "→", "up": "↑", "down": "↓"}
"""Named keys as a notice writes them."""


def key_notice(
    bindings: Mapping[str, ActiveBinding], key: str, character: str | None
) -> str | None:
    """What to say about a key press before the bindings see it, or None when it works.

    Args:
        bindings: The screen's active bindings (a refused control is there, disabled).
        key: Textual's name of the key.
        character: The character it types, if any.
    """
    active = bindings.get(key)
    printable = character is not None and len(character) == 1 and character.isprintable()
    if active is not None:
        if active.enabled:
            return None
        shown = character if printable and character != " " else ARROWS.get(key, key)
        return f"{shown}: not possible now"
    if printable and character != " ":
        return f"{character} does nothing here{SEP}? lists the keys"
    return None


class KeyedScreen(Screen[None]):
    """A screen whose keys never go unanswered (see :func:`key_notice`)."""

    _said: tuple[str, float] = ("", 0.0)

    def refusal(self, key: str) -> str | None:
        """What to say of a key this screen refuses now, when it has more to say than
        :func:`key_notice`; None leaves it to that."""
        return None

    def on_key(self, event: events.Key) -> None:
        """Say why a key does nothing; runs before the bindings act on it."""
        notice = self.refusal(event.key) or key_notice(
            self.active_bindings, event.key, event.character
        )
        if notice is None:
            return
        # The same words again while they still show would only stack up over the screen.
        now = time.monotonic()
        said, when = self._said
        if notice == said and now - when < NOTICE_SECONDS:
            return
        self._said = (notice, now)
        self.notify(notice, markup=False, timeout=NOTICE_SECONDS)
