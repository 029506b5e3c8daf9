"""What the app does about memory: the garbage collector's rounds after start-up, and a cache
of Textual's that would keep a finished screen's widgets alive."""

from __future__ import annotations

import gc


def keep_start_up() -> None:
    """After the first frame: take what start-up made (modules, styles, the home screen) out
    of the garbage collector's rounds unwalked, then turn the collector on (the program turns
    it off for start-up, see :func:`hiptimer.commands.run.run_app`).

    Turned on with all of that still in its youngest generation, its next rounds would walk
    every object: 12 to 28 ms on the event loop, just as the first keys may come. Frozen,
    they are skipped for good, and freezing moves a list and walks nothing. The few hundred
    objects start-up left unreachable (about 400 of 74,000) are kept.
    """
    gc.freeze()
    gc.enable()


def freeze_start_up() -> None:
    """Take what is alive as the first workout starts out of the garbage collector's rounds,
    after a collection: done once. In the program, start-up's objects are frozen already
    (see :func:`keep_start_up`), so this collection walks only what came after them.

    A full collection walks every object: about 20 ms with Textual loaded, on the event loop
    that plays the cues and moves the digits. Frozen, those objects are skipped (they live as
    long as the app anyway) and a full collection looks only at what came after. Not before
    the first frame, which the collection would hold up, and never in a test process, where
    the apps of earlier tests would be kept forever.
    """
    gc.collect()
    gc.freeze()


def release_styles_cache() -> None:
    """Let go of the widgets a finished screen drew with.

    Textual caches ``StylesCache.get_inner_outer`` with ``lru_cache`` on the method, so the
    cache keys hold removed widgets' styles caches, with every line they drew, for 1,024
    further calls (Textualize/textual#6665). Clearing it as a workout screen goes frees
    them; it refills in a few frames. Through the cache's public ``cache_clear``, and
    nothing at all when a Textual without that cache no longer has the name.
    """
    try:
        from textual._styles_cache import StylesCache
    except ImportError:  # pragma: no cover - a Textual that moved it has likely fixed it
        return
    clear = getattr(getattr(StylesCache, "get_inner_outer", None), "cache_clear", None)
    if callable(clear):
        clear()
