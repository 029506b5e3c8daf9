"""The settings file as the app's port: load once, save on request, never raise."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path

from hiptimer.config.regularfile import is_missing
from hiptimer.config.settings import SaveError, save_mute, save_settings, theme_problem
from hiptimer.config.tomlfile import read_toml
from hiptimer.core.settings import Settings


class SettingsFile:
    """``config.toml`` behind the :class:`hiptimer.core.ports.SettingsStore` port.

    Args:
        path: The settings file (it need not exist yet).
        settings: What was loaded from it.
    """

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = path
        self._settings = settings
        self._lock: asyncio.Lock | None = None

    @property
    def settings(self) -> Settings:
        """The settings as loaded, then as last saved."""
        return self._settings

    @property
    def where(self) -> str:
        """The file's path."""
        return str(self.path)

    def save_problem(self) -> str | None:
        """Why the file cannot be saved over (it does not parse), or None."""
        if is_missing(self.path):
            return None
        document, problem = read_toml(self.path)
        if document is not None:
            return None
        return (
            f"Saving is off: {problem}. The file is kept as it is; fix it or move it away "
            "to save from here."
        )

    def theme_problem(self, themes: Collection[str]) -> str | None:
        """The notice for a theme in the file that is not one of ``themes``, or None."""
        problem = theme_problem(self._settings, self.path, themes)
        return None if problem is None else str(problem)

    async def save(self, settings: Settings, since: Settings) -> str | None:
        """Write what changed since ``since``, keeping the user's comments, keys and every
        other value as written; None when saved."""
        problem = await self._in_thread(self._save, settings, since)
        if problem is None:
            self._settings = settings
        return problem

    async def save_mute(self, muted: bool) -> str | None:
        """Keep the mute key's state alone (the app's ``m``)."""
        return await self._in_thread(save_mute, self.path, muted)

    async def save_theme(self, theme: str) -> str | None:
        """Keep a theme picked in the command palette."""
        return await self.save(replace(self._settings, theme=theme), self._settings)

    def _save(self, settings: Settings, since: Settings) -> str | None:
        try:
            save_settings(self.path, settings, since=since)
        except SaveError as error:
            return str(error)
        return None

    async def _in_thread(self, save: Callable[..., str | None], *args: object) -> str | None:
        """Run a save in a thread (reading, writing and two fsyncs do not belong on the
        event loop), one at a time, in the order asked."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            return await asyncio.to_thread(save, *args)
