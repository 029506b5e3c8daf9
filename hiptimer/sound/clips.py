"""The cues as sound: the WAV format of every clip, the sounds folder, and loading it."""

from __future__ import annotations

import array
import io
import sys
import wave
from collections.abc import Mapping
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import NamedTuple

from hiptimer.core.cues import TONES, VOICE_PHRASES

RATE = 22050
"""Samples a second of every cue (espeak-ng's own rate)."""
CHANNELS = 1
WIDTH = 2
"""Bytes a sample: 16-bit signed little-endian PCM."""
GAP = bytes(int(0.06 * RATE) * WIDTH)
"""Silence between a tone and the spoken clip after it."""


def sounds_dir() -> Traversable:
    """Return the folder of cues: inside the installed package, else the checkout's ``sounds/``.

    A wheel carries them as ``hiptimer/sounds``; an editable install or a plain checkout
    has them at the top of the repository, beside the script that makes them.
    """
    packaged = files("hiptimer").joinpath("sounds")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "sounds"


def decode_wav(data: bytes) -> bytes:
    """Return the PCM frames of a WAV file in the cue format.

    Raises:
        ValueError: The data is not a 16-bit mono WAV at :data:`RATE`, or is empty.
    """
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            shape = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
            frames = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as err:
        raise ValueError(f"not a readable WAV file ({err})") from None
    if shape != (CHANNELS, WIDTH, RATE):
        channels, width, rate = shape
        raise ValueError(
            f"is {channels}-channel {8 * width}-bit at {rate} Hz; "
            f"cues must be mono 16-bit at {RATE} Hz"
        )
    if not frames:
        raise ValueError("holds no sound")
    return frames


def encode_wav(pcm: bytes) -> bytes:
    """Wrap PCM frames in the cue format as a WAV file."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(CHANNELS)
        wav.setsampwidth(WIDTH)
        wav.setframerate(RATE)
        wav.writeframes(pcm)
    return out.getvalue()


def seconds_of(pcm: bytes) -> float:
    """Return how long PCM frames in the cue format last."""
    return len(pcm) / (WIDTH * CHANNELS * RATE)


class Sounds(NamedTuple):
    """Every cue, loaded into memory, and what could not be loaded."""

    tones: Mapping[str, bytes]
    """Tone name -> PCM frames."""
    voice: Mapping[str, bytes]
    """Spoken clip id -> PCM frames."""
    problems: tuple[str, ...]
    """One line per missing or broken file."""
    where: str
    """The folder they came from, for messages."""


def load_sounds(folder: Traversable | None = None) -> Sounds:
    """Load and check every tone and spoken clip, collecting problems instead of raising.

    Every name in :data:`hiptimer.core.cues.TONES` and
    :data:`hiptimer.core.cues.VOICE_PHRASES` must be there; any other clip in ``voice/``
    (the "next up" prompts) is loaded when present.

    Args:
        folder: Where the cues are; :func:`sounds_dir` by default.
    """
    folder = folder if folder is not None else sounds_dir()
    problems: list[str] = []

    def load(entry: Traversable, label: str) -> bytes | None:
        try:
            return decode_wav(entry.read_bytes())
        except FileNotFoundError:
            problems.append(f"{label} is missing")
        except OSError as err:
            problems.append(f"{label} cannot be read ({err.strerror or err})")
        except ValueError as err:
            problems.append(f"{label} {err}")
        return None

    tones: dict[str, bytes] = {}
    for name in TONES:
        pcm = load(folder.joinpath(f"{name}.wav"), f"{name}.wav")
        if pcm is not None:
            tones[name] = pcm
    voice: dict[str, bytes] = {}
    voice_dir = folder.joinpath("voice")
    extra = (
        sorted(e.name[:-4] for e in voice_dir.iterdir() if e.name.endswith(".wav"))
        if voice_dir.is_dir()
        else []
    )
    for clip in [*VOICE_PHRASES, *(c for c in extra if c not in VOICE_PHRASES)]:
        pcm = load(voice_dir.joinpath(f"{clip}.wav"), f"voice/{clip}.wav")
        if pcm is not None:
            voice[clip] = pcm
    where = str(folder)
    return Sounds(tones, voice, tuple(f"{where}: {p}" for p in problems), where)


def pcm_samples(pcm: bytes) -> array.array[int]:
    """Return PCM frames in the cue format as 16-bit samples (for tests and the benchmark)."""
    samples = array.array("h", pcm[: len(pcm) - len(pcm) % WIDTH])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples
