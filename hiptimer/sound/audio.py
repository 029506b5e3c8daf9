"""Play cues: preload the WAVs, try a short ladder of backends, fall back when one fails.

The ladder (DESIGN section 5), tried in order once at start:

1. the in-process library for this Python: simpleaudio on Python < 3.12 (where it is
   stable), miniaudio when installed (the one used on 3.12+, where simpleaudio crashes);
2. a system player on PATH: pw-play, paplay, aplay, afplay (winsound on Windows), run with a
   list of arguments, never through a shell, its output sent to the null device;
3. the terminal bell plus a visual flash (callbacks the app or line mode passes in).

A backend that fails mid-workout hands over to the next rung, with one notice. Playback runs
in worker threads, so :meth:`AudioPlayer.play` returns at once and never raises; a backend that
hangs is given up on by deadline, never waited for. Nothing here writes to the terminal
except the default bell; libasound's C-level messages are silenced before any audio call.
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import hashlib
import importlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple, Protocol

from hiptimer.core.cues import TONES, VOICE_PHRASES, Cue

RATE = 22050
"""Samples a second of every cue (espeak-ng's own rate)."""
CHANNELS = 1
WIDTH = 2
"""Bytes a sample: 16-bit signed little-endian PCM."""
GAP = bytes(int(0.06 * RATE) * WIDTH)
"""Silence between a tone and the spoken clip after it."""
START_TIMEOUT = 1.5
"""Seconds a backend may take to start a sound before it counts as hung."""
GRACE = 3.0
"""Seconds past a sound's length before a playback that has not ended counts as hung."""
SPEAK_TIMEOUT = 10.0
"""Seconds espeak-ng or ``say`` may take to render or speak one phrase."""
ENV_BACKEND = "HIPTIMER_AUDIO"
"""Environment variable naming the rung to start the ladder from (for example ``aplay``)."""
SYSTEM_PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ()),
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("afplay", ()),
)
"""System players in the order tried, with the options placed before the file name."""
ESPEAK_VOICE = ("-v", "en-us", "-s", "155", "-a", "160")
"""The voice of the run-time "next up" prompts: the same as ``sounds/make_sounds.py``."""

Notify = Callable[[str], None]
"""Receives a one-line notice, for example that a backend failed and which one took over."""
Deliver = Callable[[Callable[[], None]], None]
"""Runs a callback on the caller's own thread (for example ``loop.call_soon_threadsafe``)."""


# -- libasound's own messages ---------------------------------------------------------------

_ALSA_HANDLER: list[Any] = []
"""The installed no-op handler; kept here for the life of the process, because libasound
calls it through a raw pointer and a collected ctypes callback would crash the process."""


def _ignore_alsa_error(
    file: bytes | None, line: int, func: bytes | None, err: int, fmt: bytes | None
) -> None:
    """Drop one libasound error message."""


def silence_alsa() -> bool:
    """Stop libasound printing its C-level errors ("ALSA lib pcm.c: ...") to the terminal.

    Installs a no-op ``snd_lib_error_set_handler`` once per process. Safe to call often, and
    on systems without ALSA (it does nothing there).

    Returns:
        Whether a handler is installed.
    """
    if _ALSA_HANDLER:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        lib = ctypes.CDLL("libasound.so.2")
    except OSError:
        return False
    # The real handler is variadic; the five fixed arguments are all it needs to accept.
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    handler = handler_type(_ignore_alsa_error)
    lib.snd_lib_error_set_handler(handler)
    _ALSA_HANDLER.extend((lib, handler))
    return True


# -- the sounds -----------------------------------------------------------------------------


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


# -- backends -------------------------------------------------------------------------------


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


def _reason(err: BaseException) -> str:
    """Say what went wrong in a few words (some libraries put a tuple in ``str(err)``)."""
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
            raise BackendError(_reason(err)) from None


class _MiniaudioPlayback:
    def __init__(
        self, backend: MiniaudioBackend, token: int, done: threading.Event, seconds: float
    ) -> None:
        self._backend = backend
        self._token = token
        self._done = done
        self._limit = seconds + GRACE

    def wait(self, timeout: float) -> bool:
        if not self._done.wait(min(timeout, self._limit)):
            if timeout < self._limit:
                return False
            self._backend.finish(self._token, close=True)
            raise BackendError(f"miniaudio did not finish in {self._limit:.0f} s")
        self._backend.finish(self._token)
        return True

    def stop(self) -> None:
        self._done.set()  # wakes wait(): this sound is over
        self._backend.finish(self._token)


class MiniaudioBackend:
    """In-process playback with miniaudio (prebuilt wheels; the one for Python 3.12+).

    Opening a device takes 5-25 ms, too slow for a cue on the beat, and a device stopped and
    started again sometimes never asks for data again; so every sound gets a fresh device,
    opened in advance (after the sound before it) and only started when the cue comes.
    :meth:`release` (on mute and at the end) closes them all.
    """

    name = "miniaudio"

    def __init__(
        self, module: ModuleType, spawn: Callable[[Callable[[], None]], None] | None = None
    ) -> None:
        self._ma = module
        # Never the "null" backend: it accepts every sound and plays none, which would
        # hide a machine without a device instead of falling back.
        self._backends = [b for b in module.Backend if b.name not in ("NULL", "CUSTOM")]
        self._spawn = spawn or _in_thread
        """Runs the opening of the next device in the background (tests run it inline)."""
        self._lock = threading.Lock()
        self._device: Any = None
        """The device playing (or last played) sound :attr:`_token`."""
        self._standby: Any = None
        """A device opened for the next sound, not started."""
        self._token = 0
        self._released = True

    def _open(self) -> Any:
        ma = self._ma
        return ma.PlaybackDevice(
            output_format=ma.SampleFormat.SIGNED16,
            nchannels=CHANNELS,
            sample_rate=RATE,
            buffersize_msec=20,
            backends=self._backends,
            app_name="hiptimer",
        )

    def start(self, pcm: bytes, key: str) -> Playback:
        """Start playing ``pcm`` on a fresh device, cutting off the sound before it."""
        done = threading.Event()
        feed = _feed(pcm, done)
        next(feed)
        with self._lock:
            self._token += 1
            self._released = False
            _close_quietly(self._device)
            device, self._device, self._standby = self._standby, None, None
            for attempt in (1, 2):
                try:
                    if device is None:
                        device = self._open()
                    device.start(feed)
                    break
                except Exception as err:
                    _close_quietly(device)
                    device = None
                    if attempt == 2:  # the standby may have gone stale; a new one failed too
                        raise BackendError(_reason(err)) from None
            self._device = device
            token = self._token
        self._spawn(self._prepare)
        return _MiniaudioPlayback(self, token, done, seconds_of(pcm))

    def _prepare(self) -> None:
        """Open the device for the next sound (outside the lock: it takes milliseconds)."""
        try:
            device = self._open()
        except Exception:
            return  # the next sound opens its own, and reports the error then
        with self._lock:
            if self._released or self._standby is not None:
                _close_quietly(device)
            else:
                self._standby = device

    def finish(self, token: int, *, close: bool = False) -> None:
        """Close the device of sound ``token`` unless a newer sound has taken over."""
        with self._lock:
            if token == self._token:
                _close_quietly(self._device)
                self._device = None

    def release(self) -> None:
        """Close every device (muted, or the workout is over)."""
        with self._lock:
            self._released = True
            _close_quietly(self._device)
            _close_quietly(self._standby)
            self._device = self._standby = None


def _in_thread(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="hiptimer-standby", daemon=True).start()


def _close_quietly(device: Any) -> None:
    """Close a miniaudio device, if any; one that already failed may raise: ignore it."""
    if device is not None:
        with contextlib.suppress(Exception):
            device.close()


TAIL = int(0.12 * RATE)
"""Frames of silence fed after a sound before its device is closed, so the device's own
buffer (a few 20 ms periods) plays out first. Counted in frames, not waited for in wall time,
so a device that takes data faster than real time is not kept open for nothing."""


def _feed(pcm: bytes, done: threading.Event) -> Any:
    """A miniaudio generator: sent a frame count, yields that many frames; after the sound,
    silence, and ``done`` is set once :data:`TAIL` frames of it have gone out."""
    view = memoryview(pcm)
    pos = 0
    wanted: int = yield b""
    while pos < len(view):
        size = wanted * WIDTH * CHANNELS
        wanted = yield view[pos : pos + size]
        pos += size
    tail = 0
    while True:
        if tail >= TAIL:
            done.set()
        tail += wanted
        wanted = yield bytes(wanted * WIDTH * CHANNELS)


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


class _Scratch:
    """A private temporary folder of WAV files for the system players, removed at exit."""

    def __init__(self) -> None:
        self._path: Path | None = None
        self._lock = threading.Lock()

    def file_for(self, pcm: bytes, key: str) -> Path:
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
        self, name: str, program: str, options: Sequence[str] = (), scratch: _Scratch | None = None
    ) -> None:
        self.name = name
        self._argv = [program, *options]
        self._scratch = scratch or _Scratch()

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
            raise BackendError(_reason(self._error))
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


# -- the ladder -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rung:
    """One step of the ladder, as found on this machine."""

    name: str
    backend: Backend | None
    """The backend to use, or None when it was skipped (and :attr:`reason` says why)."""
    reason: str


STOP_TIMEOUT = 1.0
"""Seconds :meth:`AudioPlayer.close` waits for the sound to stop before it gives up on it."""

BELL = "bell"
"""Name of the last rung: the terminal bell and a visual flash."""


def _import(name: str) -> tuple[ModuleType | None, str]:
    try:
        return importlib.import_module(name), ""
    except ImportError:
        return None, "not installed (pip install 'hiptimer[sound]')"
    except Exception as err:  # a broken build of a C extension
        return None, f"fails to load ({type(err).__name__}: {err})"


def find_rungs(
    env: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> list[Rung]:
    """Return every rung of the ladder above the bell, in order, with what is usable here.

    Args:
        env: Environment to read :data:`ENV_BACKEND` from (``os.environ`` by default).
        which: Finds a program on PATH.
    """
    env = os.environ if env is None else env
    rungs: list[Rung] = []
    if sys.version_info >= (3, 12):
        rungs.append(Rung("simpleaudio", None, "not used on Python 3.12+, where it crashes"))
    else:
        module, why = _import("simpleaudio")
        backend = SimpleaudioBackend(module) if module else None
        rungs.append(Rung("simpleaudio", backend, why or "in-process"))
    module, why = _import("miniaudio")
    rungs.append(
        Rung("miniaudio", MiniaudioBackend(module) if module else None, why or "in-process")
    )
    if sys.platform == "win32":
        ws, why = _import("winsound")
        rungs.append(Rung("winsound", WinsoundBackend(ws) if ws else None, why or "Windows"))
    scratch = _Scratch()
    for name, options in SYSTEM_PLAYERS:
        program = which(name)
        if program is None:
            rungs.append(Rung(name, None, "not on PATH"))
        else:
            rungs.append(Rung(name, SystemPlayerBackend(name, program, options, scratch), program))
    wanted = env.get(ENV_BACKEND, "").strip()
    names = [r.name for r in rungs] + [BELL]
    if wanted in names:
        start = names.index(wanted)
        rungs = [
            Rung(r.name, None, f"skipped: {ENV_BACKEND}={wanted}") if i < start else r
            for i, r in enumerate(rungs)
        ]
    return rungs


@dataclass(frozen=True, slots=True)
class BackendStatus:
    """How one rung stands, for ``hiptimer doctor``."""

    name: str
    state: str
    """``used``, ``skipped`` or ``standby`` (a later rung, used if the one above fails)."""
    reason: str


def describe_backends(rungs: Sequence[Rung] | None = None) -> list[BackendStatus]:
    """Say which backend is used and why each one above it was skipped.

    Args:
        rungs: The ladder (:func:`find_rungs` by default).
    """
    rungs = find_rungs() if rungs is None else rungs
    statuses: list[BackendStatus] = []
    used = False
    for rung in rungs:
        if rung.backend is None:
            statuses.append(BackendStatus(rung.name, "skipped", rung.reason))
        else:
            statuses.append(BackendStatus(rung.name, "standby" if used else "used", rung.reason))
            used = True
    bell_reason = "last resort: the terminal bell and a visual flash"
    statuses.append(BackendStatus(BELL, "standby" if used else "used", bell_reason))
    return statuses


# -- run-time speech --------------------------------------------------------------------------


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


# -- the player -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Job:
    seq: int
    pcm: bytes
    key: str
    names: tuple[str, ...]
    """The tones and clips in ``pcm``, for the flash."""
    spoken: tuple[str, ...] = ()
    """Words to speak after ``pcm``, with no clip of their own."""


@dataclass(slots=True)
class _Started:
    seq: int
    backend: Backend
    since: float


def _terminal_bell() -> None:
    stream = sys.stderr
    try:
        if stream is not None and stream.isatty():
            stream.write("\a")
            stream.flush()
    except (OSError, ValueError):
        pass


@dataclass(slots=True)
class _Callbacks:
    notice: Notify | None = None
    flash: Notify | None = None
    bell: Callable[[], None] | None = _terminal_bell
    deliver: Deliver | None = None


class AudioPlayer:
    """The cue player (the ``Player`` protocol of :mod:`hiptimer.core.cues`).

    Each :meth:`play` hands one sound (its cues joined into one buffer) to a worker thread and
    returns. A newer sound cuts off an older one still playing: the newest moment matters most.

    Args:
        sounds: The preloaded cues.
        backends: The usable rungs, best first; the bell follows the last.
        muted: Start muted (no device is opened while muted).
        voice: Play the spoken clips; False plays tones only.
        on_notice: Told once each time playback hands over to another rung.
        on_flash: Told the cue names when the bell rung plays them, to flash the screen.
        on_bell: Rings the bell; by default a BEL on standard error when it is a terminal.
        deliver: Runs each callback on the caller's thread; callbacks otherwise come from a
            worker thread. Pass ``loop.call_soon_threadsafe`` from an asyncio app.
        speaker: Run-time speech for prompts without a clip.
        clock: Monotonic seconds, to tell a hung backend (tests pass a fake).
    """

    def __init__(
        self,
        sounds: Sounds,
        backends: Sequence[Backend],
        *,
        muted: bool = False,
        voice: bool = True,
        on_notice: Notify | None = None,
        on_flash: Notify | None = None,
        on_bell: Callable[[], None] | None = _terminal_bell,
        deliver: Deliver | None = None,
        speaker: Speaker | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sounds = sounds
        self._clock = clock
        self.backends = list(backends)
        self.voice = voice
        self.speaker = speaker
        self._muted = muted
        self._callbacks = _Callbacks(on_notice, on_flash, on_bell, deliver)
        self._lock = threading.Lock()
        self._rung = 0
        self._seq = 0
        self._current: tuple[int, Playback] | None = None
        self._starting: _Started | None = None
        self._threads: set[threading.Thread] = set()

    # -- the Player protocol

    @property
    def muted(self) -> bool:
        """Whether sound is off."""
        return self._muted

    def set_muted(self, muted: bool) -> None:
        """Turn sound off (cutting off what plays) or on. Returns at once: the sound is cut
        off on a worker thread, so a backend that hangs while stopping never holds up the
        caller (the app's event loop)."""
        self._muted = muted
        if muted:
            current = self._take_current()
            thread = threading.Thread(target=self._cut_off, args=(current,), name="hiptimer-mute")
            thread.daemon = True
            with self._lock:
                self._threads.add(thread)
            thread.start()

    def play(self, cues: Sequence[Cue]) -> None:
        """Start playing cues, joined in order, and return at once. Never raises."""
        if self._muted or not cues:
            return
        try:
            self._check_hung()
            job = self._job_for(cues)
            if job is None:
                return
            thread = threading.Thread(target=self._run, args=(job,), name="hiptimer-cue")
            thread.daemon = True
            with self._lock:
                self._threads = {t for t in self._threads if t.is_alive()}
                self._threads.add(thread)
            thread.start()
        except Exception:  # sound must never stop the workout
            pass

    # -- more than the protocol

    def connect(
        self,
        *,
        on_notice: Notify | None = None,
        on_flash: Notify | None = None,
        on_bell: Callable[[], None] | None = None,
        deliver: Deliver | None = None,
    ) -> None:
        """Point the callbacks at a UI that exists only after the player was made (the
        full-screen app connects itself once it is mounted)."""
        self._callbacks = _Callbacks(on_notice, on_flash, on_bell, deliver)

    @property
    def backend_name(self) -> str:
        """Name of the rung in use now."""
        with self._lock:
            return self._backend_name()

    def close(self, timeout: float = 5.0, *, stop_timeout: float = STOP_TIMEOUT) -> bool:
        """Let what is playing finish (up to ``timeout``), then cut it off.

        The cut-off runs in a thread of its own, waited for up to ``stop_timeout``: a sound
        system that stopped answering must not keep the program from ending.

        Returns:
            Whether everything finished in time.
        """
        deadline = time.monotonic() + timeout
        for thread in self._live_threads():
            thread.join(max(0.0, deadline - time.monotonic()))
        done = not self._live_threads()
        self._muted = True
        stopper = threading.Thread(
            target=self._cut_off, args=(self._take_current(),), name="hiptimer-stop", daemon=True
        )
        stopper.start()
        stopper.join(stop_timeout)
        return done and not stopper.is_alive()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no sound is playing; return False if one still is at ``timeout``."""
        deadline = time.monotonic() + timeout
        for thread in self._live_threads():
            thread.join(max(0.0, deadline - time.monotonic()))
        return not self._live_threads()

    # -- internals

    def _take_current(self) -> tuple[int, Playback] | None:
        """Make every sound under way stale and hand back the one playing, to stop."""
        with self._lock:
            self._seq += 1
            current, self._current = self._current, None
        return current

    def _cut_off(self, current: tuple[int, Playback] | None) -> None:
        try:
            if current is not None:
                current[1].stop()
        except Exception:  # a broken backend must not stop muting
            pass
        if self._muted:  # unmuted meanwhile: a new sound may be using the devices
            self._release_devices()

    def _release_devices(self) -> None:
        """Close devices a backend keeps open between sounds."""
        for backend in self.backends:
            release = getattr(backend, "release", None)
            if release is not None:
                with contextlib.suppress(Exception):
                    release()

    def _live_threads(self) -> list[threading.Thread]:
        with self._lock:
            self._threads = {t for t in self._threads if t.is_alive()}
            return list(self._threads)

    def _backend_name(self) -> str:
        return self.backends[self._rung].name if self._rung < len(self.backends) else BELL

    def _job_for(self, cues: Sequence[Cue]) -> _Job | None:
        parts: list[bytes] = []
        names: list[str] = []
        spoken: list[str] = []
        for cue in cues:
            if cue.tone is not None:
                names.append(cue.tone)
                tone = self.sounds.tones.get(cue.tone)
                if tone is not None:
                    parts.append(tone)
            if not self.voice or cue.voice is None:
                continue
            clip = self.sounds.voice.get(cue.voice)
            if clip is not None:
                names.append(f"voice/{cue.voice}")
                parts.append(clip)
            elif cue.say and self.speaker is not None and self.speaker.available:
                spoken.append(cue.say)
        if not parts and not spoken and not names:
            return None
        with self._lock:
            self._seq += 1
            seq = self._seq
        return _Job(seq, GAP.join(parts), "+".join(names), tuple(names), tuple(spoken))

    def _check_hung(self) -> None:
        """Give up on a backend that has been starting one sound for too long."""
        with self._lock:
            started = self._starting
            if started is None or self._clock() - started.since < START_TIMEOUT:
                return
            self._starting = None
            message = self._fail(started.backend, f"did not start within {START_TIMEOUT:g} s")
        if message:
            self._notify_handover([message])

    def _fail(self, backend: Backend, why: str) -> str | None:
        """Move past a failed backend (lock held). Returns the notice, or None when another
        thread has moved past it already."""
        if self._rung >= len(self.backends) or self.backends[self._rung] is not backend:
            return None
        self._rung += 1
        return f"{backend.name} failed ({why})"

    def _run(self, job: _Job) -> None:
        failures: list[str] = []
        try:
            if job.pcm:
                self._play_pcm(job, job.pcm, job.key, failures)
            elif not job.spoken:
                self._ring(job)  # every file of this cue is missing: better a bell than nothing
            for words in job.spoken:
                if not self._is_current(job):
                    break
                assert self.speaker is not None
                pcm = self.speaker.render(words)
                if pcm is not None:
                    self._play_pcm(job, pcm, f"say:{words}", failures)
                elif self._backend_name() != BELL:
                    self.speaker.speak(words)
        except Exception as err:  # a worker thread must not die loudly
            failures.append(f"sound stopped ({type(err).__name__}: {err})")
        finally:
            if failures:
                self._notify_handover(failures)

    def _is_current(self, job: _Job) -> bool:
        with self._lock:
            return job.seq == self._seq and not self._muted

    def _play_pcm(self, job: _Job, pcm: bytes, key: str, failures: list[str]) -> None:
        """Play on the current rung; on failure retry on the next ones, down to the bell."""
        while True:
            previous: tuple[int, Playback] | None = None
            with self._lock:
                if job.seq != self._seq or self._muted:
                    return
                if self._rung >= len(self.backends):
                    backend = None
                else:
                    backend = self.backends[self._rung]
                    self._starting = _Started(job.seq, backend, self._clock())
                    previous, self._current = self._current, None
            if backend is None:
                self._ring(job)
                return
            if previous is not None:
                previous[1].stop()
            try:
                playback = backend.start(pcm, key)
            except BackendError as err:
                with self._lock:
                    self._starting = None
                    message = self._fail(backend, str(err))
                if message:
                    failures.append(message)
                continue
            with self._lock:
                if self._starting is not None and self._starting.seq == job.seq:
                    self._starting = None
                superseded = job.seq != self._seq or self._muted
                if not superseded:
                    self._current = (job.seq, playback)
            if superseded:
                playback.stop()
                return
            try:
                if not playback.wait(seconds_of(pcm) + GRACE):
                    playback.stop()
                    raise BackendError(f"did not finish within {seconds_of(pcm) + GRACE:.0f} s")
            except BackendError as err:
                with self._lock:
                    if job.seq != self._seq or self._muted:
                        return  # cut off on purpose, not a failure
                    message = self._fail(backend, str(err))
                if message:
                    failures.append(message)
                    continue  # play the cue again on the next rung
            return

    def _ring(self, job: _Job) -> None:
        callbacks = self._callbacks
        if callbacks.bell is not None:
            self._call(callbacks.bell)
        flash = callbacks.flash
        if flash is not None:
            self._call(lambda: flash(job.key))

    def _notify_handover(self, failures: Sequence[str]) -> None:
        """Send the one notice of a handover: what failed, and what plays from now on."""
        now = self.backend_name
        tail = "the terminal bell" if now == BELL else now
        self._notify(f"sound: {'; '.join(failures)}; now using {tail}")

    def _notify(self, message: str) -> None:
        notice = self._callbacks.notice
        if notice is not None:
            self._call(lambda: notice(message))

    def _call(self, callback: Callable[[], None]) -> None:
        deliver = self._callbacks.deliver
        try:
            if deliver is not None:
                deliver(callback)
            else:
                callback()
        except Exception:  # a broken callback must not stop the sound
            pass


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
    on_bell: Callable[[], None] | None = _terminal_bell,
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
        folder: Where the cues are (:func:`sounds_dir` by default).
        rungs: The ladder (:func:`find_rungs` by default).
    """
    silence_alsa()
    sounds = load_sounds(folder)
    rungs = find_rungs() if rungs is None else rungs
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


def pcm_samples(pcm: bytes) -> array.array[int]:
    """Return PCM frames in the cue format as 16-bit samples (for tests and the benchmark)."""
    samples = array.array("h", pcm[: len(pcm) - len(pcm) % WIDTH])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples
