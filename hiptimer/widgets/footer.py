"""Textual's footer, without the leak of the keys it replaces on every bindings change."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """The key bar of a screen.

    Textual's footer rebuilds its keys whenever the screen's bindings change (every phase
    and every pause of a workout, every return to a screen), and each key it builds leaves
    a watcher on the footer that holds on to the key, its styles and caches: with no end,
    about 5 kB a second over a workout and 18 keys each time home comes back
    (Textualize/textual#6666). The watchers of keys already removed go after each rebuild.
    """

    async def recompose(self) -> None:
        """Rebuild the keys, then let go of the removed ones."""
        await super().recompose()
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(key, callback) for key, callback in watchers if not key._closing]
