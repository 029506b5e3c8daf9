"""Fixtures for every layer: the fake clock, the recording player and an isolated home."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiptimer.testing import FakeClock, RecordingPlayer
from tests.home import IsolatedHome


@pytest.fixture
def clock() -> FakeClock:
    """Time that moves only when the test moves it."""
    return FakeClock()


@pytest.fixture
def player() -> RecordingPlayer:
    """A cue player that records instead of playing."""
    return RecordingPlayer()


@pytest.fixture
def home(tmp_path: Path) -> IsolatedHome:
    """An empty home (with a routines folder) in ``tmp_path / "home"``."""
    return IsolatedHome(tmp_path / "home").create()
