"""The ``hiptimer`` command: parse the command line and hand over to a command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hiptimer import __version__
from hiptimer.commands.userfiles import load_user_files, warn
from hiptimer.core.settings import FIELDS, LEVEL_RANGE, parse_whole

# Every command is imported where it is used: the full-screen app should not wait for
# modules it needs only later, or never.


def whole_number(low: int, high: int, unit: str) -> type[int]:
    """Return an argparse type that accepts whole numbers of ``unit`` from ``low`` to ``high``,
    with the same message as a settings file or the settings screen."""

    def parse(text: str) -> int:
        value, why = parse_whole(text, low, high, unit)
        if value is None:
            raise argparse.ArgumentTypeError(str(why))
        return value

    parse.__name__ = unit  # argparse names the type in some messages
    return parse  # type: ignore[return-value]


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for the whole command line; the one-run overrides come from the
    settings table."""
    parser = argparse.ArgumentParser(
        prog="hiptimer",
        description="A terminal coach for the hip routine runners do 2-3 times a week.",
    )
    parser.add_argument("--version", action="version", version=f"hiptimer {__version__}")
    parser.add_argument("--routine", metavar="ID", help="routine to run (see: hiptimer routines)")
    for field in FIELDS:
        if field.flag:
            parser.add_argument(
                field.option,
                type=whole_number(*field.limits, field.unit),
                metavar="N" if field.unit == "sets" else "S",
                help=f"{field.help} ({field.limits[0]}-{field.limits[1]}), this run only",
            )
    parser.add_argument(
        "--level",
        type=whole_number(*LEVEL_RANGE, "levels"),
        metavar="N",
        help="progression level (1 = easiest), this run only",
    )
    parser.add_argument("--mute", action="store_true", help="start muted")
    parser.add_argument(
        "--plain", action="store_true", help="line mode: no full-screen UI, one line per event"
    )
    parser.add_argument("--config", metavar="PATH", help="settings file (or HIPTIMER_CONFIG)")
    parser.add_argument("--no-history", action="store_true", help="do not record this session")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("routines", help="list routines with their total time")
    commands.add_parser("doctor", help="check the set-up: audio backend, sounds; play a test cue")
    history = commands.add_parser("history", help="past sessions and this week against the goal")
    form = history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="every session as JSON, newest first")
    form.add_argument("--csv", action="store_true", help="every set as CSV, newest first")
    history.add_argument(
        "--limit", type=int, default=20, metavar="N", help="sessions in the table (default 20)"
    )
    status = commands.add_parser(
        "status", help="one line for a prompt: this week, streak, next session, offers"
    )
    status.add_argument("--json", action="store_true", help="the same as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hiptimer`` command.

    Returns:
        The process exit code: 0 on success, 2 for a bad command line.
    """
    args = build_parser().parse_args(argv)
    files = load_user_files(args.config)
    if args.command in ("routines", "history", "status"):  # the doctor reports them itself
        for notice in files.notices:
            warn(notice)
    if args.command == "routines":
        from hiptimer.commands.routines import cmd_routines

        return cmd_routines(files)
    if args.command == "history":
        from hiptimer.commands.history import cmd_history

        return cmd_history(args, files)
    if args.command == "status":
        from hiptimer.commands.status import cmd_status

        return cmd_status(args, files)
    if args.command == "doctor":
        from hiptimer.commands.doctor import DoctorOptions, run_doctor

        options = DoctorOptions(
            files.settings, play=not args.mute, settings_file=files.settings_file
        )
        return run_doctor(options, sys.stdout)
    from hiptimer.commands.run import cmd_run

    return cmd_run(args, files)
