"""The controls: every key a user presses during a workout, written once.

The app's bindings, its key bar, help screen and command palette, line mode's keys and its
KEYS line, and the driver's dispatch are all made from :data:`CONTROLS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from hiptimer.core.command import ADJUST_STEP, Command


class Scope(Enum):
    """Where a control works."""

    WORKOUT = "workout"
    """On the workout screen (and in line mode): it goes to the engine."""
    APP = "app"
    """Everywhere in the app (and in line mode)."""
    OFFER = "offer"
    """On home and the done screen while an offer to move up shows (not in line mode,
    which prints its offers for the user to take in the app or the file)."""


@dataclass(frozen=True, slots=True)
class Control:
    """One control: its keys, what it does, and how every surface names it."""

    id: str
    """Stable name: the binding id, and the argument of the ``control`` action."""
    keys: tuple[str, ...]
    """Textual key names; the first is the one shown. Line mode decodes to the same names."""
    shown: str
    """The keys as the key bar and the help write them: ``p/←``."""
    label: str
    """A word or two for the key bar: ``Back``."""
    help: str
    """A sentence for the help screen, the palette and tooltips."""
    scope: Scope
    command: Command | None = None
    """The engine command it sends; None for the app's own (mute, help, quit)."""
    delta: float = 0.0
    """Seconds for :attr:`Command.ADJUST`."""
    asks_first: bool = False
    """Whether it asks before acting while a workout is in progress."""
    group: str | None = None
    """Controls of one group share a place in the key bar (back and next)."""
    line: str = ""
    """How line mode's KEYS line says it; empty when it is said with the group's first."""
    show: bool = True
    """Whether the key bar lists it (Ctrl+C works everywhere and is not listed)."""
    palette: str = ""
    """Its title in the command palette; empty when the palette does not offer it."""
    obvious: bool = False
    """Its keys say what it does by themselves (arrows, + and -, ?, q): a key bar short of
    room drops its words first."""
    idle_help: str = ""
    """The help's sentence on a screen with no workout running, when it says otherwise."""

    @property
    def action(self) -> str:
        """The Textual action string of the binding."""
        return f"control({self.id!r})"


_STEP = f"{ADJUST_STEP:.0f}"

CONTROLS: tuple[Control, ...] = (
    Control(
        "pause", ("space",), "space", "Pause", "Pause or resume", Scope.WORKOUT,
        Command.PAUSE, line="space pause", palette="Pause / resume",
    ),
    Control(
        "resume", ("space",), "space", "Resume", "Pause or resume", Scope.WORKOUT,
        Command.RESUME,
    ),
    Control(
        "previous", ("p", "left"), "p/←", "Back", "Back to the previous phase", Scope.WORKOUT,
        Command.PREVIOUS, group="skip", line="p or ← back", palette="Previous phase",
        obvious=True,
    ),
    Control(
        "next", ("n", "right"), "n/→", "Next", "Skip to the next phase", Scope.WORKOUT,
        Command.NEXT, group="skip", line="n or → next", palette="Next phase", obvious=True,
    ),
    Control(
        "restart", ("r",), "r", "Restart", "Start this phase again", Scope.WORKOUT,
        Command.RESTART, line="r restart", palette="Restart phase",
    ),
    Control(
        "reset", ("h",), "h", "Reset",
        "Hamstrings took over: start the bridge set again, recorded as reset", Scope.WORKOUT,
        Command.RESET, line="h bridge reset", palette="Reset the set (hamstrings took over)",
    ),
    Control(
        "longer", ("plus", "equals_sign"), "+", f"+{_STEP} s",
        f"Add {_STEP} seconds to this phase", Scope.WORKOUT, Command.ADJUST, ADJUST_STEP,
        group="adjust", line=f"+/- {_STEP} s", palette=f"Add {_STEP} seconds", obvious=True,
    ),
    Control(
        "shorter", ("minus", "underscore"), "-", f"-{_STEP} s",
        f"Take {_STEP} seconds off this phase", Scope.WORKOUT, Command.ADJUST, -ADJUST_STEP,
        group="adjust", palette=f"Remove {_STEP} seconds", obvious=True,
    ),
    Control(
        "mute", ("m",), "m", "Mute", "Turn the sound off", Scope.APP, line="m mute",
        palette="Mute",
    ),
    Control(
        "unmute", ("m",), "m", "Unmute", "Turn the sound back on", Scope.APP, palette="Unmute",
    ),
    Control(
        "help", ("question_mark",), "?", "Help", "Show every key and what it does", Scope.APP,
        line="? keys", palette="Controls", obvious=True,
    ),
    Control(
        "quit", ("q",), "q", "Quit", "End the workout (the sets done are kept) and quit",
        Scope.APP, Command.STOP, asks_first=True, line="q quit", obvious=True,
        idle_help="Quit hiptimer",
    ),
    Control(
        "move-up", ("u",), "u", "Move up",
        "Take the offer to move up (asks first, then saves it in the settings)", Scope.OFFER,
        asks_first=True, palette="Move up",
        # The offer's own line says "u to move up" beside it, and home's key bar is full
        # at 80 columns (? Help would be cut): the help and the palette list it.
        show=False,
    ),
    Control(
        "interrupt", ("ctrl+c",), "ctrl+c", "Stop",
        "Stop at once; the sets done are kept", Scope.APP, Command.STOP, show=False,
        idle_help="Quit at once",
    ),
)  # fmt: skip
"""Every control, in the order the key bar, the help and the palette list them."""

CONTROL = {c.id: c for c in CONTROLS}
"""The controls by id."""

GROUP_LABELS = {"skip": "Back/Next", "adjust": f"±{_STEP} s"}
"""What the key bar says for a group of controls shown together."""


def key_help_line() -> str:
    """Line mode's KEYS line: every control it takes, in one line."""
    return " · ".join(c.line for c in CONTROLS if c.line)


def control_for_key(key: str, scopes: tuple[Scope, ...] = tuple(Scope)) -> Control | None:
    """Return the control of ``scopes`` a Textual key name stands for (pause for space), or
    None."""
    return next((c for c in CONTROLS if key in c.keys and c.scope in scopes), None)
