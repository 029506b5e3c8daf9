"""Fixtures of the end-to-end layer, and its marker: every test here is ``e2e``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux import Terminal

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``e2e``, so ``-m "not e2e"`` leaves the layer out."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A private tmux server with an 80x24 pane, its HOME and XDG folders in tmp_path."""
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed (it is listed in .ci/packages.txt)")
    term = Terminal(tmp_path, 80, 24)
    yield term
    term.close()
