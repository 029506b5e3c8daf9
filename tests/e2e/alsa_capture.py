"""Real ALSA without a sound card: a temporary HOME whose ``.asoundrc`` sends the default
device to the ``file`` plugin over ``null``, so every sound played lands in a file."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.home import IsolatedHome

CAPTURE_CONFIG = """\
pcm.!default {{
    type file
    slave.pcm "null"
    file "{path}"
    format "raw"
    # Never overwrite: every time a program opens the device, a new numbered file
    # (capture.raw, capture.raw.0001, ...) records what it played, in order.
    truncate false
}}
"""

MISSING_DEVICE_CONFIG = 'pcm.!default "hiptimer_no_such_device"\n'
"""A default device that does not exist: libasound prints "ALSA lib ..." errors for it."""


def capture_home(home: Path) -> Path:
    """Write a capturing ``.asoundrc`` into ``home``; return the capture file's base path."""
    home.mkdir(parents=True, exist_ok=True)
    target = home / "capture.raw"
    (home / ".asoundrc").write_text(CAPTURE_CONFIG.format(path=target))
    return target


def capture_files(target: Path) -> list[Path]:
    """Every file the device left, sounds or not: one per opening of the device."""
    return [p for p in target.parent.iterdir() if p.name.startswith(target.name)]


def captures(target: Path) -> list[bytes]:
    """Return what each opening of the device recorded, in the order the sounds were played,
    leaving out openings that recorded nothing.

    Ordered by when each file was last written (the file number only breaks ties): miniaudio
    opens the device for the next sound in advance, so a file's number says when the device
    was opened, not when its sound played.
    """

    def number(path: Path) -> int:
        suffix = path.name[len(target.name) :]
        return int(suffix[1:]) if suffix else 0

    found = [(p.stat().st_mtime_ns, number(p), p) for p in capture_files(target)]
    return [data for data in (p.read_bytes() for _, _, p in sorted(found)) if data]


def holds_exactly(captured: bytes, pcm: bytes) -> bool:
    """Whether ``captured`` is ``pcm``, sample for sample, with only silence around it
    (players pad to their buffer size)."""
    return holds_in_order(captured, [pcm])


def holds_in_order(captured: bytes, sounds: Sequence[bytes]) -> bool:
    """Whether ``captured`` is these sounds, sample for sample and in this order, with only
    silence before, between and after them."""
    pos = 0
    silence = 0
    for pcm in sounds:
        at = captured.find(pcm, pos)
        while at >= 0 and at % 2:
            at = captured.find(pcm, at + 1)
        if at < 0:
            return False
        silence += captured[pos:at].count(0) - (at - pos)
        pos = at + len(pcm)
    silence += captured[pos:].count(0) - (len(captured) - pos)
    return silence == 0


def run_python(
    code: str, home: Path, extra: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run Python code in a child process living in ``home``."""
    return subprocess.run(
        [sys.executable, "-c", code],
        env=IsolatedHome(home).env(**(extra or {})),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
