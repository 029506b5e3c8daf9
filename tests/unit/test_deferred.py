"""The deferred cue player: nothing is loaded until needed, then every call reaches the real one."""

from __future__ import annotations

import threading
from typing import Any

from hiptimer.core.cues import Cue
from hiptimer.sound.lazy import DeferredPlayer
from hiptimer.testing import RecordingPlayer


class Real(RecordingPlayer):
    """A recording player that also takes the app's callbacks and can be closed."""

    def __init__(self, muted: bool) -> None:
        super().__init__(muted)
        self.callbacks: dict[str, Any] = {}
        self.closed = False

    def connect(self, **callbacks: Any) -> None:
        self.callbacks = callbacks

    def close(self, timeout: float = 5.0) -> bool:
        self.closed = True
        return True


class Maker:
    def __init__(self) -> None:
        self.made: list[Real] = []

    def __call__(self, muted: bool) -> tuple[Real, tuple[str, ...]]:
        self.made.append(Real(muted))
        return self.made[-1], ("sounds/go.wav: missing",)


CUE = Cue(tone="go", voice=None, say=None)


def test_nothing_is_made_until_asked_and_mute_is_kept() -> None:
    make = Maker()
    player = DeferredPlayer(make, muted=True)  # type: ignore[arg-type]
    player.set_muted(False)
    player.connect(on_notice=print)
    assert not player.loaded and make.made == []
    assert player.close(timeout=0) is True  # closing what was never made is fine

    real = player.load()
    assert make.made == [real] and not real.muted
    assert real.callbacks == {"on_notice": print}
    assert player.problems == ("sounds/go.wav: missing",)
    assert player.load() is real  # made once


def test_a_cue_before_loading_makes_the_player_and_plays() -> None:
    make = Maker()
    player = DeferredPlayer(make, muted=False)  # type: ignore[arg-type]
    player.play([CUE])
    assert [r.played for r in make.made] == [[CUE]]
    player.set_muted(True)
    player.play([CUE])
    assert make.made[0].muted and make.made[0].played == [CUE]
    player.close(timeout=0)
    assert make.made[0].closed


def test_muted_cues_load_nothing() -> None:
    make = Maker()
    player = DeferredPlayer(make, muted=True)  # type: ignore[arg-type]
    player.play([CUE])
    assert make.made == []


def test_loading_from_two_threads_makes_one_player() -> None:
    make = Maker()
    player = DeferredPlayer(make, muted=False)  # type: ignore[arg-type]
    threads = [threading.Thread(target=player.load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(make.made) == 1


def test_loading_soon_waits_while_muted_and_starts_on_unmute() -> None:
    make = Maker()
    told: list[int] = []
    player = DeferredPlayer(make, muted=True, on_loaded=lambda: told.append(len(make.made)))  # type: ignore[arg-type]
    player.load_soon()
    player.join()
    assert make.made == [] and told == []  # muted: no sounds in memory

    player.set_muted(False)
    player.join(timeout=5)
    assert len(make.made) == 1 and not make.made[0].muted
    assert told == [1]  # told once the player is there
    player.set_muted(True)
    player.set_muted(False)
    player.join(timeout=5)
    assert len(make.made) == 1 and told == [1]  # made once, told once


def test_loading_soon_unmuted_loads_in_a_thread_of_its_own() -> None:
    make = Maker()
    threads: list[str] = []
    player = DeferredPlayer(  # type: ignore[arg-type]
        make, muted=False, on_loaded=lambda: threads.append(threading.current_thread().name)
    )
    player.load_soon()
    player.join(timeout=5)
    assert len(make.made) == 1
    assert threads == ["hiptimer-sounds"]


def test_the_voice_setting_reaches_the_real_player_made_before_or_after_it() -> None:
    make = Maker()
    player = DeferredPlayer(make, muted=False)  # type: ignore[arg-type]
    player.set_voice(False)  # before the real player exists: kept for it
    assert player.load().voice is False
    player.set_voice(True)  # after: handed over at once
    assert make.made[0].voice is True
