"""The full-screen Textual app: screens, widgets and their styles."""
