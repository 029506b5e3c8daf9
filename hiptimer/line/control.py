"""Line mode's keys: what each key does, and the one line a press prints when it causes no event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hiptimer.core.command import Command
from hiptimer.core.controls import Control, Scope, control_for_key, key_help_line
from hiptimer.core.engine import IllegalCommand
from hiptimer.core.wording import SEP
from hiptimer.driver import Driver
from hiptimer.line.printer import LinePrinter

KEY_HELP = key_help_line()
"""The keys of line mode, the full-screen app's keys, said in one line (from the controls)."""

KEY_NAMES: dict[str, str] = {
    " ": "space",
    "+": "plus",
    "=": "equals_sign",
    "-": "minus",
    "_": "underscore",
    "?": "question_mark",
}
"""The decoder's key names (see :class:`hiptimer.line.decoder.KeyDecoder`) that Textual
spells out; every other key has the same name in both. Letters work in either case."""


LINE_SCOPES = (Scope.WORKOUT, Scope.APP)
"""The controls line mode takes; an offer's ``u`` belongs to the app's home and done screens."""


def control_of(key: str) -> Control | None:
    """Return the control a decoded key stands for, as in the full-screen app."""
    name = key.lower() if len(key) == 1 else key
    return control_for_key(KEY_NAMES.get(name, name), LINE_SCOPES)


@dataclass(frozen=True, slots=True)
class KeyOptions:
    """What line mode needs to take keys from a terminal."""

    fd: int
    """The terminal to read (in cbreak mode while the workout runs)."""
    printer: LinePrinter
    """Prints the lines of key presses that cause no event."""
    toggle_mute: Callable[[], bool] | None = None
    """See :class:`KeyControl`."""


class KeyControl:
    """Turns a key press into a command through the driver, and makes sure each press
    says something: the engine's events print their own lines; this adds a line only
    where a press causes none (mute, ?, a command not possible now).

    Args:
        driver: Runs the workout; every command goes through it.
        printer: Prints the extra lines.
        toggle_mute: Turns sound off or on and returns whether it is now off; None when
            there is no sound to turn off.
    """

    def __init__(
        self,
        driver: Driver,
        printer: LinePrinter,
        toggle_mute: Callable[[], bool] | None = None,
    ) -> None:
        self.driver = driver
        self.printer = printer
        self.toggle_mute = toggle_mute

    def say(self, words: str) -> None:
        """Print a line at the workout clock's time."""
        engine = self.driver.engine
        self.printer.say(engine.active(self.driver.clock.now()), words)

    def announce(self) -> None:
        """Say which keys work (at the start, and for ?)."""
        self.say(f"KEYS {KEY_HELP}")

    def press(self, key: str) -> None:
        """Carry out what ``key`` stands for. Never raises for a command the engine's
        state does not allow: that press says so in one line instead."""
        control = control_of(key)
        if control is None:
            if len(key) == 1 and key.isprintable():
                self.say(f"KEY {key} does nothing{SEP}? lists the keys")
            return
        engine = self.driver.engine
        if engine.ended:
            return
        try:
            self._act(control, key)
        except IllegalCommand:  # driver.send checks first; this is belt and braces
            self.say(f"KEY {_shown(key)} is not possible now")

    def _act(self, control: Control, key: str) -> None:
        driver = self.driver
        engine = driver.engine
        command = control.command
        if control.id == "help":
            self.announce()
        elif control.id == "mute":
            if self.toggle_mute is None:
                self.say("SOUND none in this run")
            else:
                self.say("SOUND off" if self.toggle_mute() else "SOUND on")
        elif command is Command.STOP:
            driver.send(command)  # a line has nothing to ask with: q ends at once
        elif command in (Command.PAUSE, Command.RESUME):
            if not driver.toggle_pause():
                self.say(f"KEY {_shown(key)} is not possible now")
        elif command is Command.ADJUST:
            before = (engine.index, engine.duration)
            if not driver.send(command, delta=control.delta):
                self.say(f"KEY {_shown(key)} is not possible now")
            elif (engine.index, engine.duration) == before:
                # The engine keeps at least a second to go and says nothing when it cannot
                # shorten the phase any more.
                self.say(f"ADJUST +0 s{SEP}{engine.duration:.0f} s{SEP}as short as it can be")
        elif command is not None and not driver.send(command):
            if (why := engine.refusal(command)) is not None:
                self.say(f"KEY {_shown(key)}{SEP}{why}")
            else:
                self.say(f"KEY {_shown(key)} is not possible now")


def _shown(key: str) -> str:
    """A key as a line names it."""
    return {" ": "space", "right": "→", "left": "←"}.get(key, key)
