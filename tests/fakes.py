"""Test doubles shared by the unit and app tests: a recording cue player."""

from __future__ import annotations

from collections.abc import Sequence

from hiptimer.core.cues import Cue


class RecordingPlayer:
    """A player that plays nothing and remembers every cue it was asked for."""

    def __init__(self, muted: bool = False) -> None:
        self._muted = muted
        self.played: list[Cue] = []

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def play(self, cues: Sequence[Cue]) -> None:
        if not self._muted:
            self.played.extend(cues)

    @property
    def tones(self) -> list[str]:
        """The tones played, in order."""
        return [c.tone for c in self.played if c.tone]
