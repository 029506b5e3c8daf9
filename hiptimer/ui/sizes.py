"""The terminal's size as the classes the stylesheets select on (``-short``, ``-narrow``...)."""

from __future__ import annotations

from collections.abc import Sequence


def breakpoint_class(size: int, breakpoints: Sequence[tuple[int, str]]) -> str:
    """Return the class of the largest breakpoint not above ``size``."""
    fitting = [(limit, name) for limit, name in breakpoints if size >= limit]
    return max(fitting)[1] if fitting else ""


def size_classes(
    width: int,
    height: int,
    horizontal: Sequence[tuple[int, str]],
    vertical: Sequence[tuple[int, str]],
) -> str:
    """The breakpoint classes for a terminal of ``width`` × ``height``, space-separated."""
    classes = {breakpoint_class(width, horizontal), breakpoint_class(height, vertical)}
    return " ".join(sorted(classes))
