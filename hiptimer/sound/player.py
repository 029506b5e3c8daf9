"""The cue player: plays on the best rung of the ladder and hands over when a backend fails.

A backend that fails mid-workout hands over to the next rung, with one notice. Playback runs
in worker threads, so :meth:`AudioPlayer.play` returns at once and never raises; a backend that
hangs is given up on by deadline, never waited for. Nothing here writes to the terminal
except the default bell; libasound's C-level messages are silenced before any audio call.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hiptimer.core.cues import Cue
from hiptimer.core.ports import Deliver, Notify
from hiptimer.core.wording import SEP
from hiptimer.sound.backends import GRACE, Backend, BackendError, Playback, terminal_bell
from hiptimer.sound.clips import GAP, Sounds, seconds_of
from hiptimer.sound.ladder import BELL
from hiptimer.sound.speech import Speaker

START_TIMEOUT = 1.5
"""Seconds a backend may take to start a sound before it counts as hung."""

STOP_TIMEOUT = 1.0
"""Seconds :meth:`AudioPlayer.close` waits for the sound to stop before it gives up on it."""


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


@dataclass(slots=True)
class _Callbacks:
    notice: Notify | None = None
    flash: Notify | None = None
    bell: Callable[[], None] | None = terminal_bell
    deliver: Deliver | None = None
    brief: bool = False


def brief_handover(now: str) -> str:
    """The one short line a full-screen UI shows when playback hands over to ``now``: it
    must not cover the workout, so each backend's error is left to ``hiptimer doctor``."""
    if now == BELL:
        return f"No sound device: using the terminal bell{SEP}hiptimer doctor explains"
    return f"Sound now plays through {now}{SEP}hiptimer doctor explains"


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
        on_bell: Callable[[], None] | None = terminal_bell,
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

    def load_soon(self) -> None:
        """Nothing to do: this player was made with its sounds loaded."""

    def set_voice(self, voice: bool) -> None:
        """Speak the prompts on top of the tones, or play tones only, from the next cue."""
        self.voice = voice
        if voice and self.speaker is None:
            # A player made with the voice off has no speech engine yet.
            self.speaker = Speaker()

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
        brief: bool = False,
    ) -> None:
        """Point the callbacks at a UI that exists only after the player was made (the
        full-screen app connects itself once it is mounted). ``brief`` says a handover in
        one short line (:func:`brief_handover`), for a screen a notice must not cover."""
        self._callbacks = _Callbacks(on_notice, on_flash, on_bell, deliver, brief)

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
        if self._callbacks.brief:
            self._notify(brief_handover(now))
            return
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
