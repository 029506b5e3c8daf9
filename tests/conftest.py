"""Fixtures shared by the test modules."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_tmux import Terminal


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A private tmux server with an 80x24 pane, its HOME and XDG folders in tmp_path."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed (it is listed in .ci/packages.txt)")
    term = Terminal(tmp_path, 80, 24)
    yield term
    term.close()
