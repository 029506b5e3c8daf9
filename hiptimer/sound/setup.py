"""Making the player: silence libasound, load the cues, pick the backends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.resources.abc import Traversable
from typing import NamedTuple

from hiptimer.core.ports import Deliver, Notify
from hiptimer.sound import ladder
from hiptimer.sound.alsa import silence_alsa
from hiptimer.sound.backends import terminal_bell
from hiptimer.sound.clips import load_sounds
from hiptimer.sound.ladder import Rung
from hiptimer.sound.player import AudioPlayer
from hiptimer.sound.speech import Speaker


class PlayerSetup(NamedTuple):
    """What :func:`make_player` returns."""

    player: AudioPlayer
    problems: tuple[str, ...]
    """Missing or broken sound files, one line each, to show before the workout."""


def make_player(
    *,
    muted: bool,
    voice: bool,
    on_notice: Notify | None = None,
    on_flash: Notify | None = None,
    on_bell: Callable[[], None] | None = terminal_bell,
    deliver: Deliver | None = None,
    folder: Traversable | None = None,
    rungs: Sequence[Rung] | None = None,
) -> PlayerSetup:
    """Silence libasound, load every cue and pick the backends; open no device yet.

    Args:
        muted: Start muted.
        voice: Spoken clips on top of the tones.
        on_notice: Told once each time playback falls back to another rung.
        on_flash: Told the cue when the bell rung plays it (flash the screen).
        on_bell: Rings the terminal bell.
        deliver: Runs callbacks on the caller's thread (see :class:`AudioPlayer`).
        folder: Where the cues are (:func:`hiptimer.sound.clips.sounds_dir` by default).
        rungs: The ladder (:func:`hiptimer.sound.ladder.find_rungs` by default).
    """
    silence_alsa()
    sounds = load_sounds(folder)
    # Looked up on the module at call time, so the doctor's tests can swap in a ladder.
    rungs = ladder.find_rungs() if rungs is None else rungs
    backends = [r.backend for r in rungs if r.backend is not None]
    player = AudioPlayer(
        sounds,
        backends,
        muted=muted,
        voice=voice,
        on_notice=on_notice,
        on_flash=on_flash,
        on_bell=on_bell,
        deliver=deliver,
        speaker=Speaker() if voice else None,
    )
    return PlayerSetup(player, sounds.problems)
