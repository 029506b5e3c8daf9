"""Textual bindings and palette commands made from the controls table."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from hiptimer.core.controls import CONTROLS, GROUP_LABELS, Control, Scope

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
