"""The ``hiptimer`` command: parse the command line and hand over to a command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from hiptimer import __version__
from hiptimer.commands.output import OutputError, fail, prepare_streams, run_guarded, warn
from hiptimer.commands.userfiles import load_user_files
from hiptimer.core.settings import FIELDS, LEVEL_RANGE, parse_whole

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

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


LIMIT_RANGE = (1, 1_000_000)
"""Sessions ``history --limit`` may ask for (a million is 6,000 years at three a week)."""


class Parser(argparse.ArgumentParser):
    """argparse, saying its errors where they can be read (stdout when stderr is closed)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands: dict[str, Parser] = {}
        """Each command's own parser, by name (filled by :func:`build_parser`)."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error, then exit with status 2; only the error when
        stderr is closed (it goes to stdout then)."""
        if sys.stderr is not None:
            self.print_usage(sys.stderr)
        fail(f"error: {message}", prog=self.prog)
        raise SystemExit(2)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse drops a failed write silently; stdout's failure (``--help | head -0``)
        # must reach run_guarded to give its status. stderr's is dropped, as notices are.
        if not message or file is None:
            return
        try:
            file.write(message)
        except OutputError:
            raise
        except OSError:
            pass

    def option_values(self) -> dict[str, bool]:
        """Every option string of this parser, and whether a value follows it."""
        # argparse has no public list of its options; ``_actions`` is typed and stable.
        return {
            option: action.nargs != 0
            for action in self._actions
            for option in action.option_strings
        }


def unknown_option(parser: Parser, argv: Sequence[str]) -> str | None:
    """Return why ``argv`` holds an option nobody knows, naming it, or None.

    argparse alone takes ``--wrok 30`` for an unknown option followed by a command named
    ``30``, and answers "invalid choice: '30'"; this names ``--wrok`` and the option it
    most looks like. Options after a command are that command's own.
    """
    before = known = parser.option_values()
    command: str | None = None
    index = 0
    while index < len(argv):
        token = argv[index]
        index += 1
        if token == "--":
            return None
        if token.startswith("-") and len(token) > 1 and not _is_number(token):
            name, equals, _ = token.partition("=")
            if name.startswith("--"):
                matches = [option for option in known if option.startswith(name)]
            else:  # short options may carry their value joined: -hx
                matches = [option for option in known if option == name[:2]]
            if not matches and command and any(o.startswith(name) for o in before):
                return f"{name} goes before the command: hiptimer {name} … {command}"
            if not matches:
                return _unknown_message(name, known)
            option = name if name in known else matches[0] if len(matches) == 1 else None
            if option is not None and known[option] and not equals:
                index += 1  # its value, whatever it looks like
            continue
        if command is None and token in parser.commands:
            known = parser.commands[token].option_values()
            command = token
    return None


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _unknown_message(name: str, known: Iterable[str]) -> str:
    import difflib  # here: only a mistyped option needs it

    close = difflib.get_close_matches(name, [o for o in known if o.startswith("--")], n=1)
    hint = f"did you mean {close[0]}?" if close else "--help lists the options"
    return f"unrecognized option {name} ({hint})"


def build_parser() -> Parser:
    """Return the parser for the whole command line; the one-run overrides come from the
    settings table."""
    parser = Parser(
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    routines = commands.add_parser("routines", help="list routines with their total time")
    doctor = commands.add_parser(
        "doctor", help="check the set-up: audio backend, sounds; play a test cue"
    )
    # SUPPRESS: without the flag here, ``hiptimer --mute doctor`` keeps the one given before.
    doctor.add_argument(
        "--mute", action="store_true", default=argparse.SUPPRESS, help="play no test cue"
    )
    history = commands.add_parser("history", help="past sessions and this week against the goal")
    form = history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="every session as JSON, newest first")
    form.add_argument("--csv", action="store_true", help="every set as CSV, newest first")
    form.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE",
        help="merge sessions from a --json export (- for stdin): none twice, bad records named",
    )
    history.add_argument(
        "--limit",
        type=whole_number(*LIMIT_RANGE, "sessions"),
        metavar="N",
        help="only the newest N sessions (the table shows 20 unless told; --json and --csv all)",
    )
    status = commands.add_parser(
        "status", help="one line for a prompt: this week, streak, next session, offers"
    )
    status.add_argument("--json", action="store_true", help="the same as JSON")
    parser.commands = {
        "routines": routines,
        "doctor": doctor,
        "history": history,
        "status": status,
    }
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hiptimer`` command.

    Returns:
        The process exit code: 0 on success, 1 when a check failed or the output could not
        be written, 2 for a bad command line, 130 for a workout stopped early, 141 when the
        reader of the output went away.
    """
    streams = prepare_streams()
    return run_guarded(lambda: _dispatch(argv), streams)


def _dispatch(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    words = sys.argv[1:] if argv is None else argv
    problem = unknown_option(parser, words)
    if problem:
        parser.error(problem)
    args = parser.parse_args(words)
    if args.command == "history" and args.import_file is not None and args.limit is not None:
        parser.commands["history"].error("argument --limit: not allowed with --import")
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
