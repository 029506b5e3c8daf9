"""The one isolated home for tests: HOME and the XDG folders inside a temporary folder, so
nothing a test runs (in-process, in a subprocess or in tmux) reads or writes the real
user's settings, routines or history."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class IsolatedHome:
    """A home folder with every XDG folder inside it, and where hiptimer's files go there.

    Args:
        root: The home folder (created by :meth:`create`, or by whoever runs there).
    """

    root: Path

    def variables(self) -> dict[str, str]:
        """HOME and the XDG variables that place every user folder inside this home."""
        return {
            "HOME": str(self.root),
            "XDG_CONFIG_HOME": str(self.root / ".config"),
            "XDG_DATA_HOME": str(self.data_dir),
            "XDG_STATE_HOME": str(self.root / ".local" / "state"),
            "XDG_CACHE_HOME": str(self.root / ".cache"),
        }

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a child process living here: this process's own, without any
        XDG or HIPTIMER variable of the user's, with this home's folders, then ``extra``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "HIPTIMER_"))}
        env.update(self.variables(), PYTHONUNBUFFERED="1")
        env.update(extra)
        return env

    def enter(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Make this process live here until the test ends (for in-process runs of ``main``)."""
        for name in [n for n in os.environ if n.startswith(("XDG_", "HIPTIMER_"))]:
            monkeypatch.delenv(name)
        for name, value in self.variables().items():
            monkeypatch.setenv(name, value)

    @property
    def config_dir(self) -> Path:
        """hiptimer's settings folder."""
        return self.root / ".config" / "hiptimer"

    @property
    def routines_dir(self) -> Path:
        """Where the user's routine files go."""
        return self.config_dir / "routines"

    @property
    def settings_file(self) -> Path:
        """The settings file, ``config.toml``."""
        return self.config_dir / "config.toml"

    @property
    def data_dir(self) -> Path:
        """The XDG data folder (hiptimer keeps its history in a folder of its own inside)."""
        return self.root / ".local" / "share"

    @property
    def history_file(self) -> Path:
        """The history database."""
        return self.data_dir / "hiptimer" / "history.sqlite3"

    def create(self) -> IsolatedHome:
        """Create the home and its routines folder; return this home."""
        self.routines_dir.mkdir(parents=True, exist_ok=True)
        return self
