"""Textual bindings and palette commands made from the controls table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from hiptimer.core.command import Command
from hiptimer.core.controls import (
    CONTROL,
    CONTROLS,
    GROUP_LABELS,
    Control,
    Scope,
    control_for_key,
)

if TYPE_CHECKING:  # the engine loads with the first workout, not at start-up
    from hiptimer.core.engine import Engine
    from hiptimer.driver import Driver

GROUPS = {name: Binding.Group(label, compact=True) for name, label in GROUP_LABELS.items()}
"""Key bar groups: back and next share a place, as do plus and minus."""


def binding_for(control: Control, *, working: bool = True) -> Binding:
    """Return the binding of one control, explained for a screen with a workout running
    (``working``) or without."""
    return Binding(
        ",".join(control.keys),
        control.action,
        control.label,
        show=control.show,
        id=control.id,
        key_display=control.shown,
        tooltip=control.help if working or not control.idle_help else control.idle_help,
        group=GROUPS[control.group] if control.group else None,
        # Ctrl+C works whatever has the focus, as a terminal user expects.
        priority=control.id == "interrupt",
    )


def control_bindings(scope: Scope) -> list[BindingType]:
    """Return the bindings of every control of ``scope``, in the table's order."""
    return [binding_for(c) for c in CONTROLS if c.scope is scope]


def app_control_state(control_id: str, *, muted: bool) -> bool:
    """Whether an app control applies now, as Textual's ``check_action`` answers: of mute and
    unmute (one key, ``m``), only the one that applies, so the key bar, the help and the palette
    say what the key will do; every other control, always."""
    if control_id == "mute":
        return not muted
    if control_id == "unmute":
        return muted
    return True


def app_bindings(*, muted: bool, working: bool = True) -> list[Binding]:
    """The app's bindings that apply now (see :func:`app_control_state`), for the help of
    a screen with a workout running (``working``) or without."""
    return [
        binding_for(c, working=working)
        for c in CONTROLS
        if c.scope is Scope.APP and app_control_state(c.id, muted=muted)
    ]


def refusal_notice(engine: Engine, key: str) -> str | None:
    """What a workout key says when the engine refuses it and has words for why (the reset
    says when it works: ``h: reset is for a bridge set...``); None otherwise."""
    control = control_for_key(key)
    if control is None or control.scope is not Scope.WORKOUT or control.command is None:
        return None
    why = engine.refusal(control.command)
    return None if why is None else f"{control.shown}: {why}"


def control_state(engine: Engine, control_id: str) -> bool | None:
    """Whether a control is shown and works now, as Textual's ``check_action`` answers: True,
    None (shown greyed: the engine would refuse it), False (not shown: the reset where it does
    not work). Of pause and resume, the one that applies is shown."""
    from hiptimer.core.engine import State  # loaded by now: a workout is on

    control = CONTROL.get(control_id)
    if control is None or control.scope is not Scope.WORKOUT or control.command is None:
        return True
    if control.command is Command.PAUSE:
        return None if engine.ended else engine.state is not State.PAUSED
    if control.command is Command.RESUME:
        return engine.state is State.PAUSED
    if engine.can(control.command):
        return True
    return False if control.command is Command.RESET else None


def send_control(driver: Driver, control: Control) -> bool:
    """Send a control's command through the driver; False when the engine refuses it."""
    if control.command is None:
        return False
    if control.command in (Command.PAUSE, Command.RESUME):
        return driver.toggle_pause()  # one key (and palette entry) for both
    if control.command is Command.ADJUST:
        return driver.send(control.command, delta=control.delta)
    return driver.send(control.command)
