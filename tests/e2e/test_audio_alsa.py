"""Real playback through ALSA into a file: every backend delivers the cue's samples unchanged,
muted means nothing is opened, and libasound's own messages never reach the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hiptimer.core.cues import TONES
from hiptimer.sound.clips import GAP, RATE, load_sounds, pcm_samples
from tests.e2e.alsa_capture import (
    MISSING_DEVICE_CONFIG,
    capture_files,
    capture_home,
    captures,
    holds_exactly,
    run_python,
)
from tests.home import IsolatedHome

SOUNDS = load_sounds()

IN_PROCESS = ["simpleaudio", "miniaudio"] if sys.version_info < (3, 12) else ["miniaudio"]
"""The in-process backends the ``sound`` and ``test`` extras install for this Python."""

PLAY_EACH_TONE = """
from hiptimer.sound.ladder import find_rungs
from hiptimer.sound.setup import make_player
from hiptimer.core.cues import TONES, Cue
rungs = [r for r in find_rungs() if r.name == {name!r}]
assert rungs and rungs[0].backend is not None, rungs
player, problems = make_player(
    muted={muted}, voice=False, rungs=rungs, on_notice=lambda n: print("NOTICE", n)
)
assert not problems, problems
for tone in TONES:
    player.play([Cue(tone)])
    assert player.wait_idle(10)
print("BACKEND", player.backend_name)
"""


@pytest.mark.parametrize("backend", [*IN_PROCESS, "aplay"])
def test_each_tone_reaches_the_device_sample_for_sample(tmp_path: Path, backend: str) -> None:
    target = capture_home(tmp_path)
    done = run_python(PLAY_EACH_TONE.format(name=backend, muted=False), tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"BACKEND {backend}" in done.stdout
    assert "NOTICE" not in done.stdout
    heard = captures(target)
    assert len(heard) == len(TONES)  # every sound opens the device afresh
    for tone in TONES:  # (sounds a few ms apart may tie on file times: order is checked
        # by the line-mode workout, whose cues are a second apart)
        assert sum(holds_exactly(c, SOUNDS.tones[tone]) for c in heard) == 1, tone


def test_a_cue_with_voice_is_its_tone_then_its_clip(tmp_path: Path) -> None:
    target = capture_home(tmp_path)
    code = """
from hiptimer.sound.setup import make_player
from hiptimer.core.cues import Cue
player, _ = make_player(muted=False, voice=True)
player.play([Cue("switch", "switch-sides", "Switch sides")])
assert player.wait_idle(10)
print(player.backend_name)
"""
    done = run_python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == IN_PROCESS[0]
    (heard,) = captures(target)
    expected = SOUNDS.tones["switch"] + GAP + SOUNDS.voice["switch-sides"]
    assert holds_exactly(heard, expected)


@pytest.mark.parametrize("backend", [*IN_PROCESS, "aplay"])
def test_muted_opens_no_device(tmp_path: Path, backend: str) -> None:
    target = capture_home(tmp_path)
    done = run_python(PLAY_EACH_TONE.format(name=backend, muted=True), tmp_path)
    assert done.returncode == 0, done.stderr
    assert capture_files(target) == []


def test_the_trap_device_really_makes_libasound_talk(tmp_path: Path) -> None:
    """The control for the tests below: without our handler, this config prints ALSA lib."""
    (tmp_path / ".asoundrc").write_text(MISSING_DEVICE_CONFIG)
    code = (
        "import simpleaudio\n"
        "try: simpleaudio.play_buffer(bytes(400), 1, 2, 22050)\n"
        "except Exception: pass\n"
    )
    if sys.version_info >= (3, 12):
        code = "import subprocess; subprocess.run(['aplay', '-q', '/dev/null'])"
    done = run_python(code, tmp_path)
    assert "ALSA lib" in done.stderr


def test_no_alsa_text_when_every_backend_fails_in_process(tmp_path: Path) -> None:
    (tmp_path / ".asoundrc").write_text(MISSING_DEVICE_CONFIG)
    code = """
from hiptimer.sound.setup import make_player
from hiptimer.core.cues import Cue
notices = []
player, _ = make_player(muted=False, voice=True, on_notice=notices.append, on_bell=None)
player.play([Cue("go", "go", "Go")])
assert player.wait_idle(10)
player.play([Cue("tick")])
assert player.wait_idle(10)
print(player.backend_name)
print(len(notices))
print(notices[0])
"""
    done = run_python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ALSA lib" not in done.stdout + done.stderr
    backend, count, notice = done.stdout.splitlines()
    assert (backend, count) == ("bell", "1")
    assert "aplay failed (aplay exited with status 1)" in notice
    assert notice.endswith("now using the terminal bell")


def test_aplay_errors_go_to_the_null_device(tmp_path: Path) -> None:
    (tmp_path / ".asoundrc").write_text(MISSING_DEVICE_CONFIG)
    code = """
from hiptimer.sound.ladder import find_rungs
from hiptimer.sound.setup import make_player
from hiptimer.core.cues import Cue
rungs = [r for r in find_rungs() if r.name == "aplay"]
player, _ = make_player(muted=False, voice=False, rungs=rungs, on_bell=None)
player.play([Cue("tick")])
assert player.wait_idle(10)
print(player.backend_name)
"""
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=IsolatedHome(tmp_path).env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "bell"
    assert done.stderr == ""


def test_words_of_a_routine_file_are_spoken_with_espeak_ng_after_the_tone(
    tmp_path: Path,
) -> None:
    target = capture_home(tmp_path)
    code = """
from hiptimer.sound.setup import make_player
from hiptimer.core.cues import Cue
player, _ = make_player(muted=False, voice=True)
assert player.speaker is not None and player.speaker.espeak, "espeak-ng is not on PATH"
player.play([Cue("rest", "rest", "Rest"), Cue(None, "next-wall-sit", "Next up: Wall sit")])
assert player.wait_idle(20)
"""
    done = run_python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    first, spoken = captures(target)  # simpleaudio: each sound opens the device
    assert holds_exactly(first, SOUNDS.tones["rest"] + GAP + SOUNDS.voice["rest"])
    samples = pcm_samples(spoken)
    loud = [i for i, s in enumerate(samples) if abs(s) > 1000]
    assert loud and (loud[-1] - loud[0]) / RATE > 0.5  # about a second of speech
