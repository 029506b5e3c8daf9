"""Rebuild every cue in this folder: synthesised tones and espeak-ng spoken clips.

Run from the repository root::

    python sounds/make_sounds.py            # tones and voice clips (needs espeak-ng)
    python sounds/make_sounds.py --tones    # tones only (pure Python, no tools needed)

Every file is written as 16-bit mono PCM WAV at 22050 Hz: espeak-ng's own rate (so the voice
needs no resampling), and a format simpleaudio, miniaudio, aplay, paplay, pw-play, afplay and
winsound all take. The tones are pure functions of the numbers below, so a rebuild gives the
same bytes; the voice clips depend on the espeak-ng version.
"""

from __future__ import annotations

import argparse
import array
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from hiptimer.core.catalog import EXERCISES  # noqa: E402
from hiptimer.core.cues import (  # noqa: E402
    TONES,
    VOICE_PHRASES,
    next_up_clip,
    next_up_words,
    reset_clip,
)
from hiptimer.core.plan import Phase, PhaseKind, Side  # noqa: E402

RATE = 22050
"""Samples a second; must match ``hiptimer.sound.clips.RATE``."""
PEAK = 0.7
"""Loudest sample as a fraction of full scale: loud enough across a room, no clipping."""
VOICE_PEAK = 0.8
"""Speech has a lower average level than tones for the same peak, so it may go higher."""
SILENCE = 300
"""Samples below this magnitude count as silence when trimming the spoken clips."""
VOICE = ("-v", "en-us", "-s", "155", "-a", "160")
"""espeak-ng voice, words per minute and amplitude: clear and a little slow, for a
runner whose ears are near the floor."""


@dataclass(frozen=True, slots=True)
class Note:
    """One struck note: a few harmonics under an attack/decay envelope."""

    start: float
    """Seconds from the start of the cue."""
    freq: float
    length: float
    """Seconds until the note has faded out."""
    level: float = 1.0
    harmonics: tuple[float, ...] = (1.0, 0.35, 0.12)
    """Amplitude of the fundamental, 2nd, 3rd... partials: more partials, brighter sound."""
    decay: float = 6.0
    """Exponential decay rate; high for a short knock, low for a ringing chime."""
    attack: float = 0.004


def render(notes: Iterable[Note]) -> list[float]:
    """Mix notes into one buffer of floats, normalised so the loudest sample is ``PEAK``."""
    notes = list(notes)
    total = max(n.start + n.length for n in notes)
    out = [0.0] * (int(total * RATE) + 1)
    for note in notes:
        first = int(note.start * RATE)
        count = int(note.length * RATE)
        norm = sum(note.harmonics)
        for i in range(count):
            t = i / RATE
            env = min(1.0, t / note.attack) * math.exp(-note.decay * t)
            # A short fade at the very end so no note stops with a click.
            env *= min(1.0, (count - i) / (0.005 * RATE))
            value = sum(
                a * math.sin(2 * math.pi * note.freq * (k + 1) * t)
                for k, a in enumerate(note.harmonics)
            )
            out[first + i] += note.level * env * value / norm
    loudest = max(abs(v) for v in out) or 1.0
    return [v * PEAK / loudest for v in out]


def tone_notes() -> dict[str, list[Note]]:
    """The design of every tone. Each differs from the others in pitch, rhythm and length, so
    they can be told apart without looking: one knock, a rising leap, a double pip, a
    see-saw, a falling chime, a quick climb, a full arpeggio, and a dip that comes back."""
    knock = (1.0, 0.5, 0.25, 0.1)
    bright = (1.0, 0.5, 0.3, 0.15)
    pure = (1.0, 0.1)
    return {
        # 3-2-1: one short, dry knock, high enough to cut through.
        "tick": [Note(0.0, 1568.0, 0.09, harmonics=knock, decay=40.0, attack=0.001)],
        # Go: a bright upward leap of a fifth, the second note held.
        "go": [
            Note(0.0, 659.3, 0.14, harmonics=bright, decay=8.0),
            Note(0.11, 987.8, 0.45, harmonics=bright, decay=5.0),
        ],
        # Halfway: two identical soft pips at one pitch.
        "halfway": [
            Note(0.0, 1174.7, 0.12, harmonics=pure, decay=18.0),
            Note(0.16, 1174.7, 0.2, harmonics=pure, decay=14.0),
        ],
        # Switch sides: a see-saw between two notes, left-right-left-right.
        "switch": [
            Note(i * 0.12, f, 0.14, harmonics=bright, decay=12.0, level=0.9)
            for i, f in enumerate((784.0, 523.3, 784.0, 523.3))
        ],
        # Rest: a slow falling chime that rings out, low and calm.
        "rest": [
            Note(0.0, 587.3, 0.5, harmonics=pure, decay=4.0),
            Note(0.28, 440.0, 0.5, harmonics=pure, decay=4.0),
            Note(0.56, 293.7, 0.75, harmonics=pure, decay=3.0),
        ],
        # Last set: a quick climb of three notes and a repeated top note.
        "last_set": [
            Note(0.0, 523.3, 0.12, harmonics=bright, decay=10.0),
            Note(0.09, 659.3, 0.12, harmonics=bright, decay=10.0),
            Note(0.18, 784.0, 0.12, harmonics=bright, decay=10.0),
            Note(0.3, 1046.5, 0.12, harmonics=bright, decay=12.0),
            Note(0.42, 1046.5, 0.3, harmonics=bright, decay=6.0),
        ],
        # Done: a full major arpeggio with a long bright finish.
        "done": [
            Note(0.0, 523.3, 0.3, harmonics=bright, decay=5.0),
            Note(0.15, 659.3, 0.3, harmonics=bright, decay=5.0),
            Note(0.3, 784.0, 0.3, harmonics=bright, decay=5.0),
            Note(0.45, 1046.5, 1.0, harmonics=bright, decay=2.5),
            Note(0.45, 523.3, 1.0, harmonics=pure, decay=2.5, level=0.5),
        ],
        # Reset: low and dull, down a fourth and back up: start that again, properly.
        "reset": [
            Note(0.0, 392.0, 0.16, harmonics=knock, decay=12.0),
            Note(0.15, 293.7, 0.2, harmonics=knock, decay=10.0),
            Note(0.36, 392.0, 0.45, harmonics=knock, decay=6.0),
        ],
    }


def to_pcm(samples: Iterable[float]) -> bytes:
    """Convert floats in -1..1 to 16-bit little-endian PCM."""
    data = array.array("h", (max(-32767, min(32767, round(v * 32767))) for v in samples))
    if sys.byteorder == "big":
        data.byteswap()
    return data.tobytes()


def write_wav(path: Path, pcm: bytes) -> None:
    """Write 16-bit mono PCM at :data:`RATE` as a WAV file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)


def tone_pcm(name: str) -> bytes:
    """Return the PCM bytes of one tone."""
    return to_pcm(render(tone_notes()[name]))


def voice_clips() -> Iterator[tuple[str, str]]:
    """Yield (clip id, words) for every spoken clip: fixed phrases, "next up" for each
    built-in exercise and side, then the reset of each built-in movement that has one."""
    yield from VOICE_PHRASES.items()
    for exercise in EXERCISES:
        sides: list[Side | None] = []
        for sided in exercise.side_options():
            sides.extend((Side.LEFT, Side.RIGHT) if sided else (None,))
        for side in sides:
            phase = Phase(PhaseKind.WORK, 1, exercise=exercise, set_number=1, sets=1, side=side)
            yield next_up_clip(phase), next_up_words(phase)
    for exercise in EXERCISES:
        for progression in exercise.progressions:
            if progression.reset_cue:
                phase = Phase(PhaseKind.WORK, 1, exercise=exercise, progression=progression)
                yield reset_clip(phase), progression.reset_cue


def speak(words: str, espeak: str) -> bytes:
    """Render words with espeak-ng; return trimmed, normalised PCM at :data:`RATE`."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "clip.wav"
        subprocess.run([espeak, *VOICE, "-w", str(raw), words], check=True)
        with wave.open(str(raw), "rb") as clip:
            if (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) != (1, 2, RATE):
                raise SystemExit(f"espeak-ng gave an unexpected format for {words!r}")
            samples = array.array("h", clip.readframes(clip.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    loud = [i for i, v in enumerate(samples) if abs(v) > SILENCE]
    if not loud:
        raise SystemExit(f"espeak-ng gave silence for {words!r}")
    pad = int(0.02 * RATE)
    trimmed = samples[max(0, loud[0] - pad) : loud[-1] + pad]
    gain = VOICE_PEAK * 32767 / max(abs(v) for v in trimmed)
    return to_pcm(v * gain / 32767 for v in trimmed)


def main(argv: list[str] | None = None) -> int:
    """Write the cues into ``out`` (this folder by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tones", action="store_true", help="tones only; keep the voice clips")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    args = parser.parse_args(argv)
    for name in TONES:
        write_wav(args.out / f"{name}.wav", tone_pcm(name))
        print(f"{name}.wav")
    if args.tones:
        return 0
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        print("espeak-ng is not on PATH (Debian: apt install espeak-ng)", file=sys.stderr)
        return 1
    for clip_id, words in voice_clips():
        write_wav(args.out / "voice" / f"{clip_id}.wav", speak(words, espeak))
        print(f"voice/{clip_id}.wav  {words}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
