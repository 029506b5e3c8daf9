"""Run-time speech: words without a pre-rendered clip, rendered by espeak-ng or said by ``say``."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from hiptimer.sound.clips import decode_wav

SPEAK_TIMEOUT = 10.0
"""Seconds espeak-ng or ``say`` may take to render or speak one phrase."""

ESPEAK_VOICE = ("-v", "en-us", "-s", "155", "-a", "160")
"""The voice of the run-time "next up" prompts: the same as ``sounds/make_sounds.py``."""


class Speaker:
    """Speaks words that have no pre-rendered clip (prompts of routine files).

    espeak-ng renders them to PCM, played like any clip; macOS ``say`` speaks them itself;
    with neither, the tone plays alone.
    """

    def __init__(self, which: Callable[[str], str | None] = shutil.which) -> None:
        self.espeak = which("espeak-ng")
        self.say = None if self.espeak else which("say")
        self._cache: dict[str, bytes | None] = {}
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """Whether run-time speech is possible."""
        return bool(self.espeak or self.say)

    def render(self, words: str) -> bytes | None:
        """Return the words as PCM frames (espeak-ng only), cached; None when not possible."""
        if self.espeak is None:
            return None
        with self._lock:
            if words in self._cache:
                return self._cache[words]
        pcm: bytes | None = None
        with tempfile.TemporaryDirectory(prefix="hiptimer-say-") as tmp:
            out = Path(tmp) / "say.wav"
            try:
                subprocess.run(
                    [self.espeak, *ESPEAK_VOICE, "-w", str(out), "--", words],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=SPEAK_TIMEOUT,
                    check=True,
                )
                pcm = decode_wav(out.read_bytes())
            except (OSError, subprocess.SubprocessError, ValueError):
                pcm = None
        with self._lock:
            self._cache[words] = pcm
        return pcm

    def speak(self, words: str) -> None:
        """Speak the words directly with ``say`` and wait for it (bounded)."""
        if self.say is None:
            return
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                [self.say, "--", words],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=SPEAK_TIMEOUT,
                check=False,
            )
