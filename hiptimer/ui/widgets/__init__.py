"""Widgets of the full-screen app: they show state, they never keep time.

Import each from its module (``hiptimer.ui.widgets.meter``); nothing is loaded here, so
start-up only pays for the widgets of the first screen.
"""
