"""The ``hiptimer`` command: parse the command line and hand over to the app or a subcommand."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence

from hiptimer import __version__
from hiptimer.catalog import BUILTIN_ROUTINES, Routine
from hiptimer.plain import LinePrinter, duration_text, run_plain
from hiptimer.plan import build_plan
from hiptimer.settings import SECONDS_RANGE, SETS_RANGE, Settings

LEVEL_RANGE = (1, 10)
"""Accepted ``--level`` values; each exercise uses its highest progression when fewer exist."""


def _bounded(low: int, high: int, what: str) -> type[int]:
    """Return an argparse type that accepts whole numbers from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip(), 10)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"must be a whole number of {what} from {low} to {high}, not {text!r}"
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high} {what}, not {value}")
        return value

    parse.__name__ = what  # argparse names the type in some messages
    return parse  # type: ignore[return-value]


SECONDS = _bounded(*SECONDS_RANGE, "seconds")
SETS = _bounded(*SETS_RANGE, "sets")
LEVEL = _bounded(*LEVEL_RANGE, "levels")

OVERRIDES = ("work", "sets", "rest", "exercise_rest", "switch", "prepare", "level")
"""Options that change this run only; they are never saved."""


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for the whole command line."""
    parser = argparse.ArgumentParser(
        prog="hiptimer",
        description="A terminal coach for the hip routine runners do 2-3 times a week.",
    )
    parser.add_argument("--version", action="version", version=f"hiptimer {__version__}")
    parser.add_argument("--routine", metavar="ID", help="routine to run (see: hiptimer routines)")
    parser.add_argument("--work", type=SECONDS, metavar="S", help="seconds of work per set")
    parser.add_argument("--sets", type=SETS, metavar="N", help="sets per exercise (1-10)")
    parser.add_argument("--rest", type=SECONDS, metavar="S", help="seconds of rest between sets")
    parser.add_argument(
        "--exercise-rest", type=SECONDS, metavar="S", help="seconds of rest between exercises"
    )
    parser.add_argument("--switch", type=SECONDS, metavar="S", help="seconds to switch sides")
    parser.add_argument("--prepare", type=SECONDS, metavar="S", help="seconds to get ready")
    parser.add_argument("--level", type=LEVEL, metavar="N", help="progression level (1 = easiest)")
    parser.add_argument("--mute", action="store_true", help="start muted")
    parser.add_argument(
        "--plain", action="store_true", help="line mode: no full-screen UI, one line per event"
    )
    parser.add_argument("--config", metavar="PATH", help="settings file (or HIPTIMER_CONFIG)")
    parser.add_argument("--no-history", action="store_true", help="do not record this session")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("routines", help="list routines with their total time")
    return parser


def overrides_from(args: argparse.Namespace) -> dict[str, int]:
    """Return the one-run overrides given on the command line."""
    return {key: getattr(args, key) for key in OVERRIDES if getattr(args, key) is not None}


def all_routines() -> tuple[Routine, ...]:
    """Return every routine the user can pick."""
    return BUILTIN_ROUTINES


def find_routine(routine_id: str | None) -> Routine | None:
    """Return the routine with this id (the built-in one for None), or None if unknown."""
    routines = all_routines()
    if routine_id is None:
        return routines[0]
    return next((r for r in routines if r.id == routine_id), None)


def cmd_routines(settings: Settings) -> int:
    """Print every routine: id, name, exercises and total time."""
    for routine in all_routines():
        plan = build_plan(routine, settings)
        names = ", ".join(item.exercise.name for item in routine.items)
        print(f"{routine.id}\t{routine.name}\t{names}\t{duration_text(plan.total_seconds)}")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Run a workout: the full-screen app, or line mode with ``--plain``."""
    routine = find_routine(args.routine)
    if routine is None:
        known = ", ".join(r.id for r in all_routines())
        print(f"hiptimer: unknown routine {args.routine!r}; known: {known}", file=sys.stderr)
        return 2
    if not args.plain:
        # Imported here so that line mode and the subcommands never load Textual.
        from hiptimer.app import HipTimerApp

        if args.mute:
            settings = dataclasses.replace(settings, mute=True)
        routines = (routine,) if args.routine else all_routines()
        app = HipTimerApp(settings=settings, routines=routines, overrides=overrides_from(args))
        return app.run() or 0
    plan = build_plan(routine, settings, overrides_from(args))
    printer = LinePrinter(plan, sys.stdout)
    engine = run_plain(plan, [printer])
    return 0 if engine.state.name == "FINISHED" else 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hiptimer`` command.

    Returns:
        The process exit code: 0 on success, 2 for a bad command line.
    """
    args = build_parser().parse_args(argv)
    settings = Settings()
    if args.command == "routines":
        return cmd_routines(settings)
    return cmd_run(args, settings)
