"""Where each of the user's files lives: one function per path, so tests can point them away."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "hiptimer"
CONFIG_ENV = "HIPTIMER_CONFIG"
"""Environment variable naming another settings file (``--config`` beats it)."""


def config_dir() -> Path:
    """Return the folder of the settings file and the routines folder (platformdirs)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Return the folder that holds the history database (platformdirs)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def settings_path(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the settings file.

    Args:
        override: The ``--config`` value; beats ``HIPTIMER_CONFIG``, which beats the default.
    """
    chosen = override if override else os.environ.get(CONFIG_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return config_dir() / "config.toml"


def routines_dir(settings_file: Path | None = None) -> Path:
    """Return the folder of custom routines: ``routines/`` beside the settings file."""
    return (settings_file or settings_path()).parent / "routines"


def history_path() -> Path:
    """Return the history database."""
    return data_dir() / "history.sqlite3"
