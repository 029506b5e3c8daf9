"""Key names from the bytes a terminal sends: printable keys, arrows, escape; split anywhere."""

from __future__ import annotations

import codecs

ESC = "\x1b"
ARROWS = {"A": "up", "B": "down", "C": "right", "D": "left", "H": "home", "F": "end"}
"""Final characters of ``ESC [ …`` and ``ESC O …`` sequences, by key name."""
MAX_SEQUENCE = 32
"""An escape sequence longer than this without its final character is dropped as garbage."""


class KeyDecoder:
    """Turns the bytes a terminal sends into key names.

    A printable key is its own character (``"n"``, ``" "``, ``"+"``); the arrows are
    ``"right"``, ``"left"``, ``"up"`` and ``"down"`` (with or without modifiers, in both the
    ``ESC [`` and the ``ESC O`` form); Escape followed by an ordinary key is ``"escape"``;
    other escape sequences (function keys, mouse) are dropped. Bytes may arrive split
    anywhere, even inside a UTF-8 character or an escape sequence.
    """

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""

    def feed(self, data: bytes) -> list[str]:
        """Return the keys completed by ``data``; an unfinished sequence waits for more."""
        text = self._pending + self._utf8.decode(data)
        keys: list[str] = []
        i = 0
        while i < len(text):
            if text[i] != ESC:
                keys.append(text[i])
                i += 1
                continue
            if i + 1 == len(text):
                break  # a lone ESC so far: the rest of a sequence may follow
            intro = text[i + 1]
            if intro not in "[O":
                keys.append("escape")
                i += 1
                continue
            end = _sequence_end(text, i + 2, intro)
            if end is None:
                if len(text) - i > MAX_SEQUENCE:
                    i = len(text)  # garbage: drop it
                break
            if end < 0:  # not a sequence after all
                keys.append("escape")
                i += 1
                continue
            name = ARROWS.get(text[end])
            if name is not None:
                keys.append(name)
            i = end + 1
        self._pending = text[i:]
        return keys


def _sequence_end(text: str, start: int, intro: str) -> int | None:
    """Index of the final character of the sequence whose body starts at ``start``; None
    when it is not complete yet, -1 when the characters cannot be a sequence."""
    if intro == "O":  # SS3: exactly one final character
        if start >= len(text):
            return None
        return start if "\x40" <= text[start] <= "\x7e" else -1
    for j in range(start, len(text)):
        char = text[j]
        if "\x40" <= char <= "\x7e":
            return j
        if not "\x20" <= char <= "\x3f":  # neither a parameter nor an intermediate byte
            return -1
    return None
