"""Widgets of the full-screen app: they show state, they never keep time."""

from hiptimer.widgets.bigword import BigWord
from hiptimer.widgets.meter import Meter
from hiptimer.widgets.setdots import SetDots

__all__ = ["BigWord", "Meter", "SetDots"]
