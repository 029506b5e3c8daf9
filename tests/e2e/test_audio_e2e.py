"""The installed ``hiptimer`` making real sound: a line-mode workout and ``hiptimer doctor``,
each in a real subprocess whose HOME routes ALSA into files."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from hiptimer.core.catalog import BUILTIN_ROUTINE
from hiptimer.core.cues import player_sink
from hiptimer.core.engine import Engine
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import Settings
from hiptimer.driver import Driver
from hiptimer.sound.clips import GAP, load_sounds
from hiptimer.sound.player import AudioPlayer
from hiptimer.testing import FakeClock
from tests.e2e.alsa_capture import (
    MISSING_DEVICE_CONFIG,
    capture_files,
    capture_home,
    captures,
    holds_exactly,
    holds_in_order,
)
from tests.e2e.userfiles import hiptimer_path
from tests.home import IsolatedHome

SOUNDS = load_sounds()
SHORT = ["--work", "2", "--sets", "1", "--rest", "1", "--exercise-rest", "1"]
SHORT += ["--switch", "1", "--prepare", "1", "--no-history"]
"""A whole workout in 15 seconds: 1 s lead-ins, 2 s sets (room for a tick and halfway)."""
SHORT_SETTINGS = Settings(work=2, sets=1, rest=1, exercise_rest=1, switch=1, prepare=1)


class Collecting:
    """A backend that keeps what it was asked to play."""

    name = "collect"

    def __init__(self) -> None:
        self.sounds: list[tuple[str, bytes]] = []

    def start(self, pcm: bytes, key: str) -> Collecting:
        self.sounds.append((key, pcm))
        return self

    def wait(self, timeout: float) -> bool:
        return True

    def stop(self) -> None:
        pass


def expected_sounds() -> list[tuple[str, bytes]]:
    """Every sound of the short workout, in order, from the same engine on a fake clock."""
    plan = build_plan(BUILTIN_ROUTINE, SHORT_SETTINGS)
    backend = Collecting()
    player = AudioPlayer(SOUNDS, [backend])

    async def run() -> None:
        clock = FakeClock()
        task = asyncio.create_task(Driver(Engine(plan), player_sink(player, plan), clock).run())
        await clock.settle()
        await clock.advance(plan.total_seconds + 1)
        await task

    asyncio.run(run())
    assert player.wait_idle(5)
    return backend.sounds


def run_hiptimer(
    home: Path, args: Sequence[str], extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [hiptimer_path(), *args],
        env=IsolatedHome(home).env(**(extra or {})),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    "backend", ["", "miniaudio", "aplay"], ids=["default", "miniaudio", "aplay"]
)
def test_a_line_mode_workout_plays_every_cue_in_order(tmp_path: Path, backend: str) -> None:
    target = capture_home(tmp_path)
    done = run_hiptimer(tmp_path, ["--plain", *SHORT], {"HIPTIMER_AUDIO": backend})
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines()[-1].startswith("00:15 DONE")
    expected = expected_sounds()
    names = [key for key, _ in expected]
    assert names[0] == "voice/get-ready+voice/next-glute-bridge"
    assert names[-1] == "done+voice/workout-complete"
    assert "switch+voice/switch-sides" in names
    heard = b"".join(captures(target))
    assert holds_in_order(heard, [pcm for _, pcm in expected])
    # The first sound really is the clips the names say, straight from the WAV files.
    first = SOUNDS.voice["get-ready"] + GAP + SOUNDS.voice["next-glute-bridge"]
    assert expected[0][1] == first


def test_a_muted_workout_opens_no_device(tmp_path: Path) -> None:
    target = capture_home(tmp_path)
    done = run_hiptimer(tmp_path, ["--plain", "--mute", *SHORT])
    assert done.returncode == 0, done.stderr
    assert "DONE" in done.stdout
    assert capture_files(target) == []


def test_with_no_device_line_mode_shows_no_alsa_text_and_one_notice(tmp_path: Path) -> None:
    (tmp_path / ".asoundrc").write_text(MISSING_DEVICE_CONFIG)
    done = run_hiptimer(tmp_path, ["--plain", *SHORT])
    assert done.returncode == 0, done.stderr
    assert "ALSA lib" not in done.stdout + done.stderr
    notices = done.stderr.splitlines()
    assert len(notices) == 1, notices
    assert notices[0].startswith("hiptimer: sound: ")
    assert notices[0].endswith("now using the terminal bell")
    assert done.stdout.splitlines()[-1].startswith("00:15 DONE")


def test_doctor_names_the_backend_and_plays_the_test_cue(tmp_path: Path) -> None:
    target = capture_home(tmp_path)
    done = run_hiptimer(tmp_path, ["doctor"])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    sound = lines.index("Sound")  # after the Files section
    assert lines[sound + 1].startswith("  backend: simpleaudio") or lines[sound + 1].startswith(
        "  backend: miniaudio"
    )
    used = lines[sound + 1].split()[1]
    assert f"test cue: played through {used} (tone and voice)" in done.stdout
    (heard,) = captures(target)
    assert holds_exactly(heard, SOUNDS.tones["go"] + GAP + SOUNDS.voice["go"])


def test_doctor_says_why_the_rungs_above_were_skipped(tmp_path: Path) -> None:
    target = capture_home(tmp_path)
    done = run_hiptimer(tmp_path, ["doctor"], {"HIPTIMER_AUDIO": "aplay"})
    assert done.returncode == 0, done.stderr
    assert "backend: aplay" in done.stdout
    assert "skipped  skipped: HIPTIMER_AUDIO=aplay" in done.stdout
    assert "test cue: played through aplay" in done.stdout
    assert len(captures(target)) == 1


def test_doctor_with_no_device_falls_back_to_the_bell_without_alsa_text(tmp_path: Path) -> None:
    (tmp_path / ".asoundrc").write_text(MISSING_DEVICE_CONFIG)
    done = run_hiptimer(tmp_path, ["doctor"])
    assert done.returncode == 0, done.stderr
    assert "ALSA lib" not in done.stdout + done.stderr
    assert "test cue: rang the terminal bell" in done.stdout
    assert "notice: sound: " in done.stdout


def test_doctor_muted_plays_nothing(tmp_path: Path) -> None:
    target = capture_home(tmp_path)
    done = run_hiptimer(tmp_path, ["--mute", "doctor"])
    assert done.returncode == 0, done.stderr
    assert "test cue: not played (--mute)" in done.stdout
    assert capture_files(target) == []
