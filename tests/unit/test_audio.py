"""Unit tests of the cue player: loading, the backend ladder and its fallbacks, mute, voice."""

from __future__ import annotations

import asyncio
import sys
import threading
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.cues import TONES, VOICE_PHRASES, Cue, player_sink
from hiptimer.core.engine import Engine
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.driver import Driver
from hiptimer.sound import alsa
from hiptimer.sound.backends import BackendError, SystemPlayerBackend
from hiptimer.sound.clips import GAP, encode_wav, load_sounds
from hiptimer.sound.ladder import BELL, ENV_BACKEND, Rung, describe_backends, find_rungs
from hiptimer.sound.miniaudio_device import MiniaudioBackend
from hiptimer.sound.player import START_TIMEOUT, AudioPlayer
from hiptimer.sound.setup import make_player
from hiptimer.sound.speech import Speaker
from hiptimer.testing import FakeBackend, FakeClock, FakePlayback, memory_sounds, pcm

SOUNDS = memory_sounds()
GO = Cue("go", "go", "Go")


class Recorder:
    """Collects notices, flashes and bells from the player."""

    def __init__(self) -> None:
        self.notices: list[str] = []
        self.flashes: list[str] = []
        self.bells = 0

    def bell(self) -> None:
        self.bells += 1


def make(backends: Sequence[FakeBackend], rec: Recorder, **kwargs: object) -> AudioPlayer:
    return AudioPlayer(
        SOUNDS,
        backends,
        on_notice=rec.notices.append,
        on_flash=rec.flashes.append,
        on_bell=rec.bell,
        **kwargs,  # type: ignore[arg-type]
    )


def played(player: AudioPlayer, cues: Sequence[Cue]) -> None:
    player.play(cues)
    assert player.wait_idle(5)


# -- loading --------------------------------------------------------------------------------


def test_the_shipped_sounds_load_without_problems() -> None:
    sounds = load_sounds()
    assert sounds.problems == ()
    assert set(sounds.tones) == set(TONES)
    assert set(VOICE_PHRASES) <= set(sounds.voice)


def test_missing_and_broken_files_are_reported_at_load_not_raised(tmp_path: Path) -> None:
    for name in TONES:
        (tmp_path / f"{name}.wav").write_bytes(encode_wav(pcm(5)))
    (tmp_path / "tick.wav").unlink()
    (tmp_path / "go.wav").write_bytes(b"RIFF, but not really")
    with wave.open(str(tmp_path / "rest.wav"), "wb") as stereo:
        stereo.setnchannels(2)
        stereo.setsampwidth(2)
        stereo.setframerate(44100)
        stereo.writeframes(bytes(40))
    sounds = load_sounds(tmp_path)
    text = "\n".join(sounds.problems)
    assert "tick.wav is missing" in text
    assert "go.wav not a readable WAV file" in text
    assert "rest.wav is 2-channel 16-bit at 44100 Hz" in text
    assert "voice/get-ready.wav is missing" in text
    assert set(sounds.tones) == set(TONES) - {"tick", "go", "rest"}


def test_make_player_returns_load_problems_and_opens_nothing(tmp_path: Path) -> None:
    backend = FakeBackend("fake")
    setup = make_player(
        muted=False, voice=True, folder=tmp_path, rungs=[Rung("fake", backend, "test")]
    )
    assert len(setup.problems) == len(TONES) + len(VOICE_PHRASES)
    assert backend.played == []
    assert not backend.entered.is_set()


# -- playing --------------------------------------------------------------------------------


def test_a_cue_plays_its_tone_then_its_clip_as_one_sound() -> None:
    backend = FakeBackend("fake")
    player = make([backend], Recorder())
    played(player, [GO])
    assert backend.played == [SOUNDS.tones["go"] + GAP + SOUNDS.voice["go"]]


def test_cues_of_one_moment_are_joined_in_order() -> None:
    backend = FakeBackend("fake")
    player = make([backend], Recorder())
    played(player, [Cue("rest", "rest", "Rest"), Cue(None, "go", "Go")])
    expected = GAP.join([SOUNDS.tones["rest"], SOUNDS.voice["rest"], SOUNDS.voice["go"]])
    assert backend.played == [expected]


def test_voice_off_plays_tones_only_and_skips_voice_only_cues() -> None:
    backend = FakeBackend("fake")
    player = make([backend], Recorder(), voice=False)
    played(player, [GO])
    played(player, [Cue(None, "get-ready", "Get ready")])
    assert backend.played == [SOUNDS.tones["go"]]


def test_muted_player_never_touches_a_backend_and_unmuting_plays_again() -> None:
    backend = FakeBackend("fake")
    player = make([backend], Recorder(), muted=True)
    assert player.muted
    played(player, [GO, Cue("tick")])
    assert not backend.entered.is_set()
    player.set_muted(False)
    played(player, [Cue("tick")])
    assert backend.played == [SOUNDS.tones["tick"]]


def test_muting_cuts_off_the_sound_that_is_playing() -> None:
    backend = FakeBackend("fake")
    player = make([backend], Recorder())
    played(player, [GO])
    # The fake's playback "ends" at once; make one that the player still holds as current.
    player._current = (player._seq, backend.playbacks[0])
    player.set_muted(True)
    assert player.wait_idle(5)  # cut off on a worker thread: muting never waits for it
    assert backend.playbacks[0].stopped


def test_a_newer_sound_cuts_off_the_older_one() -> None:
    first = FakeBackend("fake")
    player = make([first], Recorder())
    played(player, [GO])
    player._current = (player._seq, first.playbacks[0])  # still playing
    played(player, [Cue("tick")])
    assert first.playbacks[0].stopped
    assert not first.playbacks[1].stopped


def test_play_never_raises_even_when_everything_is_broken() -> None:
    class Exploding(FakeBackend):
        def start(self, data: bytes, key: str) -> FakePlayback:
            raise RuntimeError("boom")

    rec = Recorder()
    player = make([Exploding("x")], rec)
    played(player, [GO])
    assert rec.notices and "RuntimeError: boom" in rec.notices[0]


# -- the ladder -----------------------------------------------------------------------------


def test_a_backend_that_cannot_start_hands_over_with_one_notice() -> None:
    bad = FakeBackend("first", start_error="no device")
    good = FakeBackend("second")
    rec = Recorder()
    player = make([bad, good], rec)
    played(player, [GO])
    played(player, [Cue("tick")])
    assert good.played == [SOUNDS.tones["go"] + GAP + SOUNDS.voice["go"], SOUNDS.tones["tick"]]
    assert rec.notices == ["sound: first failed (no device); now using second"]
    assert player.backend_name == "second"


def test_a_backend_that_fails_while_playing_replays_the_cue_on_the_next_rung() -> None:
    bad = FakeBackend("first", play_error="exited with status 1")
    good = FakeBackend("second")
    rec = Recorder()
    player = make([bad, good], rec)
    played(player, [Cue("tick")])
    assert bad.played == [SOUNDS.tones["tick"]]
    assert good.played == [SOUNDS.tones["tick"]]
    assert rec.notices == ["sound: first failed (exited with status 1); now using second"]


def test_all_rungs_failing_end_at_the_bell_and_flash_with_one_notice() -> None:
    rec = Recorder()
    player = make([FakeBackend("a", start_error="x"), FakeBackend("b", play_error="y")], rec)
    played(player, [GO])
    played(player, [Cue("tick")])
    assert rec.notices == ["sound: a failed (x); b failed (y); now using the terminal bell"]
    assert rec.bells == 2
    assert rec.flashes == ["go+voice/go", "tick"]
    assert player.backend_name == BELL


def test_a_connected_screen_gets_one_short_line_and_the_doctor_the_whole_story() -> None:
    rec = Recorder()
    player = make([FakeBackend("a", start_error="x" * 80), FakeBackend("b", play_error="y")], rec)
    player.connect(on_notice=rec.notices.append, on_bell=rec.bell, brief=True)
    played(player, [GO])
    assert rec.notices == ["No sound device: using the terminal bell · hiptimer doctor explains"]
    rec = Recorder()
    player = make([FakeBackend("a", start_error="x"), FakeBackend("b")], rec)
    player.connect(on_notice=rec.notices.append, brief=True)
    played(player, [GO])
    assert rec.notices == ["Sound now plays through b · hiptimer doctor explains"]


def test_no_backend_at_all_rings_the_bell_without_a_notice() -> None:
    rec = Recorder()
    player = make([], rec)
    played(player, [Cue("halfway")])
    assert (rec.bells, rec.flashes, rec.notices) == (1, ["halfway"], [])


def test_a_cue_whose_files_are_missing_rings_the_bell() -> None:
    backend = FakeBackend("fake")
    rec = Recorder()
    sounds = SOUNDS._replace(tones={}, voice={})
    player = AudioPlayer(sounds, [backend], on_bell=rec.bell, on_flash=rec.flashes.append)
    played(player, [Cue("tick")])
    assert backend.played == []
    assert rec.bells == 1


def test_a_hung_backend_is_given_up_on_without_waiting_for_it() -> None:
    now = [100.0]
    gate = threading.Event()
    hung = FakeBackend("hung", gate=gate)
    good = FakeBackend("good")
    rec = Recorder()
    player = make([hung, good], rec, clock=lambda: now[0])
    player.play([GO])
    assert hung.entered.wait(5)
    now[0] += START_TIMEOUT + 0.1
    player.play([Cue("tick")])  # returns at once although the first sound is still stuck
    deadline_thread = [t for t in player._live_threads() if t.is_alive()]
    assert deadline_thread  # the hung one
    gate.set()  # let the stuck call return: it must not play over the newer sound
    assert player.wait_idle(5)
    assert good.played == [SOUNDS.tones["tick"]]
    assert hung.playbacks and hung.playbacks[0].stopped
    assert rec.notices == [
        f"sound: hung failed (did not start within {START_TIMEOUT:g} s); now using good"
    ]


def test_callbacks_go_through_deliver() -> None:
    delivered: list[str] = []
    rec = Recorder()

    def deliver(callback: object) -> None:
        delivered.append("call")
        callback()  # type: ignore[operator]

    player = make([FakeBackend("a", start_error="x")], rec, deliver=deliver)
    played(player, [Cue("tick")])
    assert delivered == ["call", "call", "call"]  # bell, flash, notice
    assert rec.bells == 1 and rec.notices


def test_words_without_a_clip_are_rendered_and_played_after_the_cue() -> None:
    class FakeSpeaker(Speaker):
        def __init__(self) -> None:
            super().__init__(
                which=lambda name: "/usr/bin/espeak-ng" if name == "espeak-ng" else None
            )
            self.asked: list[str] = []

        def render(self, words: str) -> bytes | None:
            self.asked.append(words)
            return pcm(7)

    backend = FakeBackend("fake")
    speaker = FakeSpeaker()
    player = make([backend], Recorder(), speaker=speaker)
    played(player, [Cue("rest", "rest", "Rest"), Cue(None, "next-my-move", "Next up: My move")])
    assert speaker.asked == ["Next up: My move"]
    assert backend.played == [SOUNDS.tones["rest"] + GAP + SOUNDS.voice["rest"], pcm(7)]


def test_words_without_a_clip_and_no_speech_engine_leave_the_tone_alone() -> None:
    backend = FakeBackend("fake")
    speaker = Speaker(which=lambda name: None)
    player = make([backend], Recorder(), speaker=speaker)
    played(player, [Cue("rest", None), Cue(None, "next-my-move", "Next up: My move")])
    assert backend.played == [SOUNDS.tones["rest"]]


def test_find_rungs_in_order_with_reasons() -> None:
    paths = {"aplay": "/usr/bin/aplay", "paplay": "/usr/bin/paplay"}
    rungs = find_rungs(env={}, which=paths.get)
    names = [r.name for r in rungs]
    assert names == ["simpleaudio", "miniaudio", "pw-play", "paplay", "aplay", "afplay"]
    by_name = {r.name: r for r in rungs}
    assert by_name["pw-play"].backend is None and by_name["pw-play"].reason == "not on PATH"
    assert by_name["paplay"].backend is not None
    assert by_name["aplay"].reason == "/usr/bin/aplay"


def test_the_environment_can_start_the_ladder_lower() -> None:
    paths = {"aplay": "/usr/bin/aplay", "paplay": "/usr/bin/paplay"}
    rungs = find_rungs(env={ENV_BACKEND: "aplay"}, which=paths.get)
    statuses = describe_backends(rungs)
    assert [(s.name, s.state) for s in statuses] == [
        ("simpleaudio", "skipped"),
        ("miniaudio", "skipped"),
        ("pw-play", "skipped"),
        ("paplay", "skipped"),
        ("aplay", "used"),
        ("afplay", "skipped"),
        ("bell", "standby"),
    ]
    assert statuses[3].reason == "skipped: HIPTIMER_AUDIO=aplay"


def test_describe_backends_with_nothing_usable_uses_the_bell() -> None:
    rungs = [Rung("simpleaudio", None, "not installed"), Rung("aplay", None, "not on PATH")]
    statuses = describe_backends(rungs)
    assert [s.state for s in statuses] == ["skipped", "skipped", "used"]


def test_the_alsa_error_handler_is_installed_once_and_kept() -> None:
    assert alsa.silence_alsa()
    handler = alsa._ALSA_HANDLER[1]
    assert alsa.silence_alsa()
    assert alsa._ALSA_HANDLER[1] is handler


async def test_a_workout_through_player_sink_plays_every_moment_in_order() -> None:
    plan = build_plan(
        BUILTIN_ROUTINE, Settings(sets=1, work=4, prepare=2, rest=2, exercise_rest=2, switch=2)
    )
    backend = FakeBackend("fake")
    player = make([backend], Recorder(), voice=False)
    clock = FakeClock()
    driver = Driver(Engine(plan), player_sink(player, plan), clock)
    task = asyncio.create_task(driver.run())
    await clock.settle()
    await clock.advance(plan.total_seconds + 1)
    await task
    assert player.wait_idle(5)
    heard = backend.keys
    # Each 2 s lead-in has room for the "1" of its count-in; each 4 s set counts 3, 2, 1 out.
    work = ["tick", "go", "tick", "tick+halfway", "tick"]
    assert heard == [*work, "rest", *work, "switch", *work, "rest", *work, "switch", *work, "done"]


class FakeDevice:
    """A miniaudio PlaybackDevice that takes frames only when told to."""

    opened = 0

    def __init__(self, **config: object) -> None:
        FakeDevice.opened += 1
        self.feed: object = None
        self.closed = False
        self.stops = 0

    def start(self, feed: object) -> None:
        assert self.feed is None, "already started"
        self.feed = feed

    def stop(self) -> None:
        self.stops += 1
        self.feed = None

    def close(self) -> None:
        self.closed = True
        self.feed = None

    def pull(self, frames: int) -> bytes:
        assert self.feed is not None
        return bytes(self.feed.send(frames))  # type: ignore[attr-defined]


def fake_miniaudio() -> object:
    import enum
    import types

    module = types.SimpleNamespace()
    module.Backend = enum.Enum("Backend", "ALSA PULSEAUDIO NULL CUSTOM")
    module.SampleFormat = enum.Enum("SampleFormat", "SIGNED16")
    module.PlaybackDevice = FakeDevice
    return module


def inline(work: Callable[[], None]) -> None:
    work()


def test_miniaudio_plays_each_sound_on_a_device_opened_in_advance() -> None:
    FakeDevice.opened = 0
    backend = MiniaudioBackend(fake_miniaudio(), spawn=inline)  # type: ignore[arg-type]
    first = backend.start(pcm(1, 100), "a")
    dev_a, dev_b = backend._device, backend._standby
    assert isinstance(dev_a, FakeDevice) and isinstance(dev_b, FakeDevice)
    assert FakeDevice.opened == 2 and dev_b.feed is None  # the next one waits, not started
    assert dev_a.pull(40) == pcm(1, 40)
    first.stop()  # a newer sound cuts this one off...
    assert first.wait(0.0)  # ...so its waiter wakes at once
    assert dev_a.closed
    second = backend.start(pcm(2, 10), "b")
    assert backend._device is dev_b and FakeDevice.opened == 3
    assert dev_b.pull(10) == pcm(2, 10)
    first.stop()  # a late stop of the old sound must not touch the new one
    assert dev_b.feed is not None and not dev_b.closed
    # The new sound plays out, then the tail of silence, and then its device is closed.
    while not second.wait(0.0):
        assert dev_b.pull(512) == bytes(1024)
    assert dev_b.closed
    standby = backend._standby
    assert isinstance(standby, FakeDevice)
    backend.release()
    assert standby.closed and backend._standby is None


def test_miniaudio_replaces_a_standby_device_that_no_longer_starts() -> None:
    backend = MiniaudioBackend(fake_miniaudio(), spawn=inline)  # type: ignore[arg-type]
    backend.start(pcm(1), "a").stop()
    stale = backend._standby
    assert isinstance(stale, FakeDevice)

    def broken(feed: object) -> None:
        raise RuntimeError("device unplugged")

    stale.start = broken  # type: ignore[method-assign]
    backend.start(pcm(2), "b")
    assert stale.closed
    fresh = backend._device
    assert isinstance(fresh, FakeDevice) and fresh is not stale
    assert fresh.pull(1) == pcm(2, 1)


def test_miniaudio_without_a_device_is_a_backend_error() -> None:
    module = fake_miniaudio()

    def no_device(**config: object) -> FakeDevice:
        raise RuntimeError("failed to init device", -401)

    module.PlaybackDevice = no_device  # type: ignore[attr-defined]
    backend = MiniaudioBackend(module)  # type: ignore[arg-type]
    with pytest.raises(BackendError, match="^failed to init device -401$"):
        backend.start(pcm(1), "a")


def python_player(code: str) -> SystemPlayerBackend:
    """A "system player" that is a real process running ``code`` (never through a shell)."""
    return SystemPlayerBackend("fakeplay", sys.executable, ["-c", code])


def test_a_system_player_gets_a_wav_file_of_the_sound(tmp_path: Path) -> None:
    out = tmp_path / "got.wav"
    code = f"import shutil, sys; shutil.copy(sys.argv[1], {str(out)!r})"
    backend = python_player(code)
    playback = backend.start(pcm(3, 50), "x")
    assert playback.wait(30)
    with wave.open(str(out), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        assert wav.readframes(50) == pcm(3, 50)


def test_a_system_player_that_fails_or_is_missing_is_a_backend_error(
    capfd: pytest.CaptureFixture[str],
) -> None:
    failing = python_player("import sys; sys.stderr.write('ALSA lib oops'); sys.exit(1)")
    with pytest.raises(BackendError, match="fakeplay exited with status 1"):
        failing.start(pcm(1), "x").wait(30)
    assert "ALSA lib" not in capfd.readouterr().err  # its stderr went to the null device
    missing = SystemPlayerBackend("ghost", "/nonexistent/ghost-player")
    with pytest.raises(BackendError, match="ghost could not start"):
        missing.start(pcm(1), "x")


def test_a_system_player_that_hangs_is_killed_and_counts_as_failed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("hiptimer.sound.backends.GRACE", 0.5)
    backend = python_player("import time; time.sleep(60)")
    playback = backend.start(pcm(1), "x")
    assert playback.wait(0.01) is False  # still going: not a failure yet
    with pytest.raises(BackendError, match="did not finish"):
        playback.wait(30)
    assert playback._process.poll() is not None  # type: ignore[attr-defined]
