"""Screens of the full-screen app: home, workout, done, help and the quit question.

Each lives in its own module, imported where it is first needed, so start-up only loads
the home screen's code.
"""
