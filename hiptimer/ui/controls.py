"""Textual bindings and palette commands made from the controls table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from hiptimer.core.controls import CONTROLS, GROUP_LABELS, Control, Scope, control_for_key

if TYPE_CHECKING:  # the engine loads with the first workout, not at start-up
    from hiptimer.core.engine import Engine

GROUPS = {name: Binding.Group(label, compact=True) for name, label in GROUP_LABELS.items()}
"""Key bar groups: back and next share a place, as do plus and minus."""


def binding_for(control: Control) -> Binding:
    """Return the binding of one control."""
    return Binding(
        ",".join(control.keys),
        control.action,
        control.label,
        show=control.show,
        id=control.id,
        key_display=control.shown,
        tooltip=control.help,
        group=GROUPS[control.group] if control.group else None,
        # Ctrl+C works whatever has the focus, as a terminal user expects.
        priority=control.id == "interrupt",
    )


def control_bindings(scope: Scope) -> list[BindingType]:
    """Return the bindings of every control of ``scope``, in the table's order."""
    return [binding_for(c) for c in CONTROLS if c.scope is scope]


def refusal_notice(engine: Engine, key: str) -> str | None:
    """What a workout key says when the engine refuses it and has words for why (the reset
    says when it works: ``h: reset is for a bridge set...``); None otherwise."""
    control = control_for_key(key)
    if control is None or control.scope is not Scope.WORKOUT or control.command is None:
        return None
    why = engine.refusal(control.command)
    return None if why is None else f"{control.shown}: {why}"


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
