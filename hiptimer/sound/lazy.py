"""A cue player made after the first frame: the app shows up first, the sounds load behind it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hiptimer.core.cues import Cue
    from hiptimer.sound.player import AudioPlayer
    from hiptimer.sound.setup import PlayerSetup


class DeferredPlayer:
    """Stands in for the real player until it is made, then hands every call over.

    Loading the sounds and probing the audio libraries takes tens of milliseconds and a few
    megabytes, which the first frame should not wait for and a muted workout does not need.
    :meth:`load` makes the real player (from any thread, once); :meth:`load_soon` makes it in
    a thread of its own, at once or, while muted, on unmute; a cue played before that makes
    it on the spot.

    Args:
        make: Makes the real player, given whether to start muted.
        muted: Start muted.
        on_loaded: Called, in the loading thread, once :meth:`load_soon` made the player.
    """

    def __init__(
        self,
        make: Callable[[bool], PlayerSetup],
        *,
        muted: bool,
        on_loaded: Callable[[], None] | None = None,
    ) -> None:
        self._make = make
        self._muted = muted
        self._voice: bool | None = None
        self._on_loaded = on_loaded
        self._player: AudioPlayer | None = None
        self._connect: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._wanted = False
        self._thread: threading.Thread | None = None
        self.problems: tuple[str, ...] = ()
        """What was wrong with the sound files, once loaded."""

    @property
    def muted(self) -> bool:
        """Whether sound is off."""
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Turn sound off or on (on starts the loading :meth:`load_soon` put off)."""
        with self._lock:
            self._muted = muted
            if self._player is not None:
                self._player.set_muted(muted)
        self._start_loading()

    def set_voice(self, voice: bool) -> None:
        """Spoken prompts on or off: on the real player now, or once it is made."""
        with self._lock:
            self._voice = voice
            if self._player is not None:
                self._player.set_voice(voice)

    def load_soon(self) -> None:
        """Make the real player in a thread of its own: now, or once unmuted."""
        with self._lock:
            self._wanted = True
        self._start_loading()

    def _start_loading(self) -> None:
        with self._lock:
            if not self._wanted or self._muted or self._player is not None or self._thread:
                return
            self._thread = threading.Thread(
                target=self._load_in_thread, name="hiptimer-sounds", daemon=True
            )
        self._thread.start()

    def _load_in_thread(self) -> None:
        self.load()
        if self._on_loaded is not None:
            self._on_loaded()

    def join(self, timeout: float | None = None) -> None:
        """Wait for a loading thread started by :meth:`load_soon`, if any (for tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def play(self, cues: Sequence[Cue]) -> None:
        """Play cues, making the real player first if it is not there yet."""
        if cues and not self._muted:
            self.load().play(cues)

    def connect(self, **callbacks: Any) -> None:
        """Remember the app's callbacks and pass them on (see ``AudioPlayer.connect``)."""
        with self._lock:
            self._connect = callbacks
            if self._player is not None:
                self._player.connect(**callbacks)

    def load(self) -> AudioPlayer:
        """Make the real player unless made already, and return it."""
        with self._lock:
            if self._player is None:
                player, problems = self._make(self._muted)
                if self._connect is not None:
                    player.connect(**self._connect)
                if self._voice is not None:
                    player.set_voice(self._voice)
                self._player, self.problems = player, problems
            return self._player

    @property
    def loaded(self) -> bool:
        """Whether the real player has been made."""
        return self._player is not None

    def close(self, timeout: float = 5.0) -> bool:
        """Close the real player, if it was ever made."""
        with self._lock:
            player = self._player
        return player.close(timeout=timeout) if player is not None else True
