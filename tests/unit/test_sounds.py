"""The cue files: all there, one format, small, rebuildable and distinct (that the wheel
carries them is checked end to end, in ``tests/e2e/test_wheel.py``)."""

from __future__ import annotations

import itertools
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from hiptimer.core.catalog import EXERCISES
from hiptimer.core.cues import TONES, VOICE_PHRASES, next_up_clip, reset_clip
from hiptimer.core.plan import Phase, PhaseKind, Side
from hiptimer.sound.clips import RATE, load_sounds, pcm_samples, seconds_of

ROOT = Path(__file__).resolve().parents[2]
SOUNDS_DIR = ROOT / "sounds"


L, R = Side.LEFT, Side.RIGHT


def next_up_clips() -> list[str]:
    clips = []
    for exercise in EXERCISES:
        sides = [s for sided in exercise.side_options() for s in ((L, R) if sided else (None,))]
        for side in sides:
            phase = Phase(PhaseKind.WORK, 1, exercise=exercise, set_number=1, sets=1, side=side)
            clips.append(next_up_clip(phase))
    return clips


def reset_clips() -> list[str]:
    return [
        reset_clip(Phase(PhaseKind.WORK, 1, exercise=exercise, progression=progression))
        for exercise in EXERCISES
        for progression in exercise.progressions
        if progression.reset_cue
    ]


EVERY_FILE = [f"{t}.wav" for t in TONES] + [
    f"voice/{c}.wav" for c in [*VOICE_PHRASES, *next_up_clips(), *reset_clips()]
]


def test_next_up_clips_cover_every_built_in_exercise_and_side() -> None:
    assert next_up_clips() == [
        "next-glute-bridge",
        "next-glute-bridge-left",  # the runner's hinge, one leg at a time
        "next-glute-bridge-right",
        "next-hip-clam-left",
        "next-hip-clam-right",
        "next-lateral-lunge-left",
        "next-lateral-lunge-right",
    ]


def test_every_bridge_movement_has_its_spoken_reset() -> None:
    """The article's reset is for the bridges: each of their movements has a clip, and no
    other exercise has one."""
    assert reset_clips() == ["reset-basic-bridge", "reset-bridge-walk", "reset-runners-hinge"]


@pytest.mark.parametrize("name", EVERY_FILE)
def test_every_cue_is_a_16_bit_mono_wav_at_the_one_rate(name: str) -> None:
    with wave.open(str(SOUNDS_DIR / name), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        samples = pcm_samples(wav.readframes(wav.getnframes()))
    assert 0.05 < len(samples) / RATE < 4.0
    loudest = max(abs(s) for s in samples)
    assert 0.5 * 32767 < loudest < 32767  # clearly audible, never clipped


def test_all_sounds_together_are_under_3_mb() -> None:
    total = sum(p.stat().st_size for p in SOUNDS_DIR.rglob("*.wav"))
    assert total < 3_000_000


def test_the_tones_are_what_the_script_makes(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SOUNDS_DIR / "make_sounds.py"), "--tones", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for tone in TONES:
        rebuilt = (tmp_path / f"{tone}.wav").read_bytes()
        assert rebuilt == (SOUNDS_DIR / f"{tone}.wav").read_bytes(), tone


def pitch(pcm: bytes) -> float:
    """A rough pitch: zero crossings a second over the loud part."""
    samples = pcm_samples(pcm)
    crossings = sum(1 for a, b in itertools.pairwise(samples) if (a < 0) != (b < 0))
    return crossings / 2 / (len(samples) / RATE)


def test_no_two_tones_sound_alike() -> None:
    """Each pair differs clearly in length or in pitch, so they are told apart by ear."""
    tones = load_sounds().tones
    for a, b in itertools.combinations(TONES, 2):
        longer = abs(seconds_of(tones[a]) - seconds_of(tones[b])) >= 0.05
        pa, pb = pitch(tones[a]), pitch(tones[b])
        higher = max(pa, pb) / min(pa, pb) >= 1.2
        assert longer or higher, (a, b)


def test_line_mode_waits_long_enough_for_the_last_cue_to_be_heard() -> None:
    from hiptimer.commands.run import DONE_WAIT
    from hiptimer.sound.clips import GAP

    sounds = load_sounds()
    last = sounds.tones["done"] + GAP + sounds.voice["workout-complete"]
    assert seconds_of(last) < DONE_WAIT <= seconds_of(last) + 0.5
