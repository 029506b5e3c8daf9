"""The exit matrix: every way out of hiptimer at every moment of a workout, each case with a
sound state, generated so that every pair of (exit, moment, sound) is met at least once."""

from __future__ import annotations

import itertools
import signal
from typing import NamedTuple

EXITS = (
    "q-y",
    "ctrl-c",
    "ctrl-q",
    "palette",
    "sigint",
    "sigterm",
    "sighup",
    "closed-pty",
    "stdin-eof",
    "workout-end",
)
"""Ways out: keys typed in the terminal (``q`` then ``y``, Ctrl+C, Ctrl+Q, the command
palette's Quit), signals sent to hiptimer, the terminal closed (``tmux kill-session``: the pty
goes, the kernel sends SIGHUP and SIGCONT), standard input at end of file (``hiptimer <
/dev/null``), and the workout run to its end (then ``q`` on the done screen)."""

MOMENTS = ("home", "countdown", "work", "switch", "rest", "paused", "done", "help", "dialog")
"""Where the app is when it is asked to end: ``help`` is the help screen over a workout,
``dialog`` the quit question (``q`` mid-workout) still open."""

SOUNDS = ("bell", "muted", "alsa", "hang")
"""Sound states: the terminal bell (the default over a sound device that does not exist),
``--mute``, the in-process backend playing into ALSA's file plugin, and a system player that
never returns (``HIPTIMER_AUDIO=aplay`` with an ``aplay`` on PATH that sleeps)."""

MID_WORKOUT = frozenset({"countdown", "work", "switch", "rest", "paused", "help", "dialog"})
"""Moments at which a workout is running (or held): leaving then stops it early."""


class Case(NamedTuple):
    how: str
    moment: str
    sound: str

    @property
    def id(self) -> str:
        return f"{self.how}-at-{self.moment}-{self.sound}"


def impossible(how: str, moment: str) -> str | None:
    """Why ``how`` cannot be the way out at ``moment``, or None when it can."""
    if how == "stdin-eof" and moment != "home":
        # Only met as the program starts: the full-screen app's stdin is its terminal, which
        # reaches end of file only when it is closed (closed-pty); a stdin that is not a
        # terminal is found at start, before any workout.
        return "stdin is the terminal once the app is up: only closing it ends the input"
    if how == "workout-end":
        if moment in ("home", "done"):
            return "no workout runs: nothing to run to its end"
        if moment in ("paused", "help", "dialog"):
            return "the clock stands still: the workout cannot run out from here"
    return None


def pairwise_cases(
    exits: tuple[str, ...] = EXITS,
    moments: tuple[str, ...] = MOMENTS,
    sounds: tuple[str, ...] = SOUNDS,
) -> list[Case]:
    """Every possible (exit, moment) once, each given the sound state that meets the most
    (exit, sound) and (moment, sound) pairs not met yet (ties: the state used least, then
    the first); then a case for each pair still not met (an exit possible at one moment
    only meets one sound state in the first round). Deterministic: the same list every run."""
    wanted = {("exit", how, sound) for how in exits for sound in sounds}
    wanted |= {("moment", moment, sound) for moment in moments for sound in sounds}
    used = dict.fromkeys(sounds, 0)
    cases: list[Case] = []
    for how, moment in itertools.product(exits, moments):
        if impossible(how, moment):
            continue

        ranked = [
            (len({("exit", how, s), ("moment", moment, s)} & wanted), -used[s], -i, s)
            for i, s in enumerate(sounds)
        ]
        sound = max(ranked)[3]
        wanted -= {("exit", how, sound), ("moment", moment, sound)}
        used[sound] += 1
        cases.append(Case(how, moment, sound))
    # In a fixed order: a set's own order would change from run to run.
    left = [("exit", how, sound) for how in exits for sound in sounds]
    left += [("moment", moment, sound) for moment in moments for sound in sounds]
    for kind, name, sound in left:
        if (kind, name, sound) not in wanted:
            continue
        pairs = [(name, m) for m in moments] if kind == "exit" else [(h, name) for h in exits]
        how, moment = next((h, m) for h, m in pairs if not impossible(h, m))
        wanted -= {("exit", how, sound), ("moment", moment, sound)}
        cases.append(Case(how, moment, sound))
    return cases


def expected_status(how: str, moment: str) -> int | None:
    """The documented exit status (None: it dies with the closed terminal, nobody to tell)."""
    if how == "closed-pty":
        return None
    if how == "sigterm":
        return 128 + signal.SIGTERM
    if how == "sighup":
        return 128 + signal.SIGHUP
    if how in ("stdin-eof", "workout-end"):
        return 0  # the workout ran to its end
    return 130 if moment in MID_WORKOUT else 0  # stopped early, or nothing to stop


def expected_record(how: str, moment: str) -> str | None:
    """The status the history keeps for the session (None: no session was started)."""
    if how in ("stdin-eof", "workout-end") or moment == "done":
        return "completed"
    return "stopped" if moment in MID_WORKOUT else None
