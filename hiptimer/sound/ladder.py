"""The ladder of backends, found once at start, and how each rung stands (for the doctor).

The rungs (DESIGN section 5), in order:

1. the in-process library for this Python: simpleaudio on Python < 3.12 (where it is
   stable), miniaudio when installed (the one used on 3.12+, where simpleaudio crashes);
2. a system player on PATH: pw-play, paplay, aplay, afplay (winsound on Windows), run with a
   list of arguments, never through a shell, its output sent to the null device;
3. the terminal bell plus a visual flash (callbacks the app or line mode passes in).
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType

from hiptimer.sound.backends import (
    Backend,
    Scratch,
    SimpleaudioBackend,
    SystemPlayerBackend,
    WinsoundBackend,
)
from hiptimer.sound.miniaudio_device import MiniaudioBackend

ENV_BACKEND = "HIPTIMER_AUDIO"
"""Environment variable naming the rung to start the ladder from (for example ``aplay``)."""
SYSTEM_PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ()),
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("afplay", ()),
)
"""System players in the order tried, with the options placed before the file name."""

BELL = "bell"
"""Name of the last rung: the terminal bell and a visual flash."""


@dataclass(frozen=True, slots=True)
class Rung:
    """One step of the ladder, as found on this machine."""

    name: str
    backend: Backend | None
    """The backend to use, or None when it was skipped (and :attr:`reason` says why)."""
    reason: str


def _import(name: str) -> tuple[ModuleType | None, str]:
    try:
        return importlib.import_module(name), ""
    except ImportError:
        return None, "not installed (the [sound] extra: pip install '.[sound]' in a clone)"
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
    scratch = Scratch()
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
