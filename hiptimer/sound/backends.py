"""The ways to play a sound: simpleaudio, a system player, winsound, and the terminal bell.

Each backend starts a sound and returns at once with a :class:`Playback` to wait on or stop;
a failure is a :class:`BackendError`. The miniaudio backend has a module of its own
(:mod:`hiptimer.sound.miniaudio_device`); which backend is used is :mod:`hiptimer.sound.ladder`'s.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from hiptimer.sound.clips import CHANNELS, RATE, WIDTH, encode_wav, seconds_of

GRACE = 3.0
"""Seconds past a sound's length before a playback that has not ended counts as hung."""


class BackendError(Exception):
    """A backend could not play a sound."""


class Playback(Protocol):
    """One sound being played."""

    def wait(self, timeout: float) -> bool:
        """Wait for the sound to end.

        Returns:
            True when it ended (or was stopped); False when it is still going at ``timeout``.

        Raises:
            BackendError: It failed.
        """
        ...

    def stop(self) -> None:
        """Cut the sound off; never raises."""
        ...


class Backend(Protocol):
    """A way to get PCM frames in the cue format out of the speakers."""

    name: str

    def start(self, pcm: bytes, key: str) -> Playback:
        """Start playing and return at once.

        Args:
            pcm: The frames.
            key: A stable name for these frames (system players cache a file under it).

        Raises:
            BackendError: The sound could not be started.
        """
        ...


def error_reason(err: BaseException) -> str:
    """Say what went wrong in a few words (some libraries put a tuple in ``str(err)``).

    Args:
        err: What a sound library raised.

    Returns:
        Its arguments joined, or the exception's type name when it has none.
    """
    words = " ".join(str(a) for a in err.args if a not in (None, ""))
    return words or type(err).__name__


def _poll(done: Callable[[], bool], timeout: float, step: float = 0.01) -> bool:
    """Poll until ``done()`` or ``timeout`` seconds pass; return the last answer."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() >= deadline:
            return False
        time.sleep(step)
    return True


class _SimpleaudioPlayback:
    def __init__(self, play_object: Any) -> None:
        self._play = play_object

    def wait(self, timeout: float) -> bool:
        return _poll(lambda: not self._play.is_playing(), timeout)

    def stop(self) -> None:
        with contextlib.suppress(Exception):  # a sound that already ended
            self._play.stop()


class SimpleaudioBackend:
    """In-process playback with simpleaudio (ALSA on Linux); each sound opens the device."""

    name = "simpleaudio"

    def __init__(self, module: ModuleType) -> None:
        self._sa = module

    def start(self, pcm: bytes, key: str) -> Playback:
        """Start playing ``pcm``."""
        try:
            return _SimpleaudioPlayback(self._sa.play_buffer(pcm, CHANNELS, WIDTH, RATE))
        except Exception as err:
            raise BackendError(error_reason(err)) from None


class _ProcessPlayback:
    def __init__(self, name: str, process: subprocess.Popen[bytes], seconds: float) -> None:
        self._name = name
        self._process = process
        self._stopped = False
        self._limit = seconds + GRACE

    def wait(self, timeout: float) -> bool:
        try:
            code = self._process.wait(timeout=min(timeout, self._limit))
        except subprocess.TimeoutExpired:
            if timeout < self._limit:
                return False
            self.stop()
            raise BackendError(f"{self._name} did not finish in {self._limit:.0f} s") from None
        if code != 0 and not self._stopped:
            raise BackendError(f"{self._name} exited with status {code}")
        return True

    def stop(self) -> None:
        self._stopped = True
        if self._process.poll() is None:
            try:
                self._process.kill()
                self._process.wait(timeout=1.0)
            except (OSError, subprocess.TimeoutExpired):
                pass


class Scratch:
    """A private temporary folder of WAV files for the system players, removed at exit."""

    def __init__(self) -> None:
        self._path: Path | None = None
        self._lock = threading.Lock()

    def file_for(self, pcm: bytes, key: str) -> Path:
        """Return a WAV file of ``pcm``, written on first use and reused for the same ``key``."""
        with self._lock:
            if self._path is None:
                self._path = Path(tempfile.mkdtemp(prefix="hiptimer-sounds-"))
                weakref.finalize(self, shutil.rmtree, self._path, True)
            digest = hashlib.blake2b(key.encode() + pcm[:64], digest_size=8).hexdigest()
            path = self._path / f"{digest}.wav"
            if not path.exists():
                partial = path.with_suffix(".part")
                partial.write_bytes(encode_wav(pcm))
                partial.replace(path)
            return path


class SystemPlayerBackend:
    """A player program on PATH, given a WAV file; its output goes to the null device."""

    def __init__(
        self, name: str, program: str, options: Sequence[str] = (), scratch: Scratch | None = None
    ) -> None:
        self.name = name
        self._argv = [program, *options]
        self._scratch = scratch or Scratch()

    def start(self, pcm: bytes, key: str) -> Playback:
        """Write (or reuse) a WAV file and start the player on it."""
        try:
            path = self._scratch.file_for(pcm, key)
            process = subprocess.Popen(
                [*self._argv, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                # libasound inside aplay would print its errors here.
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError as err:
            raise BackendError(f"{self.name} could not start ({err.strerror or err})") from None
        return _ProcessPlayback(self.name, process, seconds_of(pcm))


class _ThreadPlayback:
    def __init__(self, target: Callable[[], None], on_stop: Callable[[], None]) -> None:
        self._error: BaseException | None = None
        self._on_stop = on_stop
        self._thread = threading.Thread(target=self._run, args=(target,), daemon=True)
        self._thread.start()

    def _run(self, target: Callable[[], None]) -> None:
        try:
            target()
        except BaseException as err:  # handed to wait()
            self._error = err

    def wait(self, timeout: float) -> bool:
        self._thread.join(timeout)
        if self._thread.is_alive():
            return False
        if self._error is not None:
            raise BackendError(error_reason(self._error))
        return True

    def stop(self) -> None:
        with contextlib.suppress(Exception):  # nothing playing
            self._on_stop()


class WinsoundBackend:
    """Windows' own ``winsound`` module, playing from memory."""

    name = "winsound"

    def __init__(self, module: ModuleType) -> None:
        self._ws = module

    def start(self, pcm: bytes, key: str) -> Playback:
        """Play ``pcm`` in a thread (``SND_MEMORY`` cannot be asynchronous)."""
        data = encode_wav(pcm)
        ws = self._ws
        return _ThreadPlayback(
            lambda: ws.PlaySound(data, ws.SND_MEMORY),
            lambda: ws.PlaySound(None, ws.SND_PURGE),
        )


def terminal_bell() -> None:
    """Ring the bell: a BEL on standard error when it is a terminal; never raises."""
    stream = sys.stderr
    try:
        if stream is not None and stream.isatty():
            stream.write("\a")
            stream.flush()
    except (OSError, ValueError):
        pass
