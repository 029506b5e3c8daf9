"""The miniaudio backend: a fresh playback device for every sound, opened in advance."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

from hiptimer.sound.backends import GRACE, BackendError, Playback, error_reason
from hiptimer.sound.clips import CHANNELS, RATE, WIDTH, seconds_of


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
                        raise BackendError(error_reason(err)) from None
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
