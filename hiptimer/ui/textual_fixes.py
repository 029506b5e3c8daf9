"""Work-arounds for two memory leaks in Textual that an app left running for an hour meets.

Each names its Textual issue; drop it once the Textual that hiptimer needs has the fix.
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import TYPE_CHECKING

from textual._styles_cache import StylesCache

if TYPE_CHECKING:
    from textual.color import Color
    from textual.dom import DOMNode
    from textual.style import Style


def unpin_styles_caches() -> None:
    """Cache the two backgrounds a widget's lines are drawn on by their colours alone.

    Textual caches ``StylesCache.get_inner_outer`` with ``lru_cache`` on the method, so the
    key holds the widget's ``StylesCache`` (with every line it has drawn) for 1,024 further
    calls after the widget has gone (Textualize/textual#6665): every finished workout's
    widgets, and, with Textual's footer (which rebuilt its keys at every phase), about 5 MB
    of removed keys' lines over an hour's workout. The method does not use ``self``: the
    same cache keyed by the colours gives the same styles.
    Does nothing when Textual's method is no longer a cached ``(self, base, background)``.
    """
    original = getattr(StylesCache.get_inner_outer, "__wrapped__", None)
    if original is None or original.__code__.co_argcount != 3:
        return
    inner_outer = lru_cache(1024)(partial(original, None))

    def get_inner_outer(
        self: StylesCache, base_background: Color, background: Color
    ) -> tuple[Style, Style]:
        result: tuple[Style, Style] = inner_outer(base_background, background)
        return result

    # setattr: mypy will not have a method assigned to.
    setattr(StylesCache, "get_inner_outer", get_inner_outer)  # noqa: B010


def unwatch(node: DOMNode, obj: DOMNode, attribute: str) -> None:
    """Drop the watchers ``node`` set on ``obj``'s ``attribute`` with ``node.watch``.

    Textual keeps such a watcher after ``node`` is removed, until the attribute next
    changes, and the watcher holds ``node`` with everything it shows
    (Textualize/textual#6666): a screen watching the app would stay in memory after every
    workout. Call this when ``node`` unmounts.
    """
    watchers = getattr(obj, "__watchers", {}).get(attribute)
    if watchers:
        watchers[:] = [(owner, callback) for owner, callback in watchers if owner is not node]
