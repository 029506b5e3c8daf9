"""The ``hiptimer`` command: parse the command line and hand over to the app or a subcommand."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hiptimer import __version__
from hiptimer.config import paths
from hiptimer.config.routines import RoutinesLoad, load_routines
from hiptimer.config.settings import load_settings, save_mute
from hiptimer.core.catalog import Routine
from hiptimer.core.plan import Plan, build_plan
from hiptimer.core.settings import SECONDS_RANGE, SETS_RANGE, Settings
from hiptimer.core.text import csv_cell, escape

if TYPE_CHECKING:
    from hiptimer.driver import Sink
    from hiptimer.sound.audio import PlayerSetup
    from hiptimer.store.history import History, Overview

# Audio, line mode and the doctor are imported where they are used: the full-screen app
# should not wait for modules it needs only later, or never.

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
    commands.add_parser("doctor", help="check the set-up: audio backend, sounds; play a test cue")
    history = commands.add_parser("history", help="past sessions and this week against the goal")
    form = history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="every session as JSON, newest first")
    form.add_argument("--csv", action="store_true", help="every set as CSV, newest first")
    history.add_argument(
        "--limit", type=int, default=20, metavar="N", help="sessions in the table (default 20)"
    )
    return parser


def overrides_from(args: argparse.Namespace) -> dict[str, int]:
    """Return the one-run overrides given on the command line."""
    return {key: getattr(args, key) for key in OVERRIDES if getattr(args, key) is not None}


class UserFiles(NamedTuple):
    """The user's settings and routines, loaded, with a notice for each problem found."""

    settings_file: Path
    settings: Settings
    routines: RoutinesLoad
    notices: tuple[str, ...]
    """One line per problem, naming the file and the line or key; never fatal."""


def load_user_files(config: str | None = None) -> UserFiles:
    """Load settings and routines the way every command does. Never raises.

    Args:
        config: The ``--config`` value (``HIPTIMER_CONFIG`` and the default path otherwise).
    """
    settings_file = paths.settings_path(config)
    settings, problems = load_settings(settings_file)
    routines = load_routines(paths.routines_dir(settings_file))
    notices = tuple(str(p) for p in (*problems, *routines.problems))
    return UserFiles(settings_file, settings, routines, notices)


def warn(message: str) -> None:
    """Print a notice on stderr, prefixed with the program name; escaped line by line, as it
    may quote a file, a file name or a history row."""
    lines = "\n".join(escape(line) for line in message.split("\n"))
    print(f"hiptimer: {lines}", file=sys.stderr, flush=True)


def all_routines(folder: Path | None = None) -> tuple[Routine, ...]:
    """Return every routine the user can pick: built-in ones, then valid routine files."""
    return load_routines(folder or paths.routines_dir()).routines


def find_routine(
    routine_id: str | None, routines: Sequence[Routine] | None = None
) -> Routine | None:
    """Return the routine with this id (the built-in one for None), or None if unknown."""
    routines = routines if routines is not None else all_routines()
    if routine_id is None:
        return routines[0]
    return next((r for r in routines if r.id == routine_id), None)


def cmd_routines(files: UserFiles) -> int:
    """Print every routine: id, name, exercises and total time."""
    from hiptimer.line.plain import duration_text

    for routine in files.routines.routines:
        plan = build_plan(routine, files.settings)
        names = ", ".join(item.exercise.name for item in routine.items)
        cells = (routine.id, routine.name, names, duration_text(plan.total_seconds))
        print("\t".join(escape(cell) for cell in cells))
    return 0


def pick_routine(files: UserFiles, routine_id: str | None) -> Routine | None:
    """Return the routine to run; a routine file that could not be loaded gives the built-in
    one with a notice (a bad file never costs a workout); None when the id is unknown."""
    routines = files.routines.routines
    routine = find_routine(routine_id, routines)
    if routine is None and any(f.path.stem == routine_id for f in files.routines.files):
        warn(
            f"routine {routine_id!r} could not be loaded (see above); "
            f"running {routines[0].id!r} instead"
        )
        routine = routines[0]
    return routine


def cmd_run(args: argparse.Namespace, files: UserFiles) -> int:
    """Run a workout: the full-screen app, or line mode with ``--plain``."""
    routine = pick_routine(files, args.routine)
    if routine is None:
        known = ", ".join(r.id for r in files.routines.routines)
        warn(f"unknown routine {args.routine!r}; known: {known}")
        return 2
    if args.plain:
        for notice in files.notices:
            warn(notice)
        return run_line_mode(args, files, routine)
    return run_app(args, files, routine)


def run_app(args: argparse.Namespace, files: UserFiles, routine: Routine) -> int:
    """Open the full-screen app; problems with the user's files show there as notices.

    The history file is opened and the sounds are loaded only once the first frame is on
    the screen, so the app shows up without waiting for them.
    """
    # Imported here so that line mode and the subcommands never load Textual.
    from hiptimer.sound.lazy import DeferredPlayer
    from hiptimer.ui.app import HipTimerApp

    # The file's values: the settings screen edits and saves these, so --mute (one run
    # only) goes to the player instead.
    settings = files.settings
    opened: list[History | None] = []

    def history() -> History | None:
        """The history, opened on first use (on the app's thread: SQLite wants one)."""
        if not opened:
            found: History | None = None
            if not args.no_history:
                from hiptimer.store.history import open_history

                found, problems = open_history(paths.history_path())
                for problem in problems:
                    app.notify_plain(problem)
            opened.append(found)
        return opened[0]

    def make(muted: bool) -> PlayerSetup:
        from hiptimer.sound.audio import make_player

        return make_player(muted=muted, voice=settings.voice, on_bell=None)

    def sounds_loaded() -> None:  # in the loading thread
        for problem in player.problems:
            app.call_from_thread(app.notify_plain, problem)

    # Muted, the sounds load only when sound is turned on.
    player = DeferredPlayer(make, muted=settings.mute or args.mute, on_loaded=sounds_loaded)

    def warm_up() -> None:
        history()
        player.load_soon()

    def session_sinks(plan: Plan) -> list[Sink]:
        found = history()
        if found is None:
            return []
        from hiptimer.store.history import Recorder

        return [Recorder(found, plan, notify=app.notify_plain)]

    def week_summary() -> str | None:
        found = history()
        if found is None:
            return None
        return found.week_stats(app.settings.weekly_goal).progress_text()

    def history_overview() -> Overview:
        from hiptimer.store.history import load_overview

        return load_overview(paths.history_path(), app.settings.weekly_goal)

    def remember_mute(muted: bool) -> None:
        # ``--mute`` is for this run only; the m key is the user's choice and is kept.
        problem = save_mute(files.settings_file, muted)
        if problem:
            app.notify_plain(problem)

    routines = (routine,) if args.routine else files.routines.routines
    app = HipTimerApp(
        settings=settings,
        routines=routines,
        overrides=overrides_from(args),
        player=player,
        session_sinks=session_sinks,
        notices=files.notices,
        week_summary=week_summary,
        on_mute_change=remember_mute,
        settings_file=files.settings_file,
        history_overview=None if args.no_history else history_overview,
        warm_up=warm_up,
        freeze_gc=True,
    )
    try:
        result = app.run()
    finally:
        for found in opened:
            if found is not None:
                found.close()
        player.close(timeout=0.0)
    return result or 0


def run_line_mode(args: argparse.Namespace, files: UserFiles, routine: Routine) -> int:
    """Run a workout in line mode, one line per event."""
    from hiptimer.core.cues import player_sink
    from hiptimer.line.keys import key_terminal
    from hiptimer.line.plain import KeyOptions, LinePrinter, run_plain
    from hiptimer.sound.audio import make_player
    from hiptimer.store.history import Recorder, open_history

    plan = build_plan(routine, files.settings, overrides_from(args))
    history: History | None = None
    recorder: Recorder | None = None
    if not args.no_history:
        history, notices = open_history(paths.history_path())
        for notice in notices:
            warn(notice)
        recorder = Recorder(history, plan, notify=warn)
    # Keys only from a terminal: a pipe, /dev/null or a background job runs as before.
    key_fd = key_terminal(sys.stdin)
    printer = LinePrinter(
        plan,
        sys.stdout,
        summary=recorder.summary if recorder else None,
        keys=key_fd is not None,
    )
    # The recorder goes first, so the closing line counts the session just finished.
    sinks: list[Sink] = [recorder, printer] if recorder else [printer]
    player, problems = make_player(
        muted=args.mute or files.settings.mute, voice=files.settings.voice, on_notice=warn
    )
    for problem in problems:
        warn(problem)
    sinks.append(player_sink(player, plan))

    def toggle_mute() -> bool:
        muted = not player.muted
        player.set_muted(muted)
        # As the app's m key: the choice is kept in config.toml (--mute is for one run).
        problem = save_mute(files.settings_file, muted)
        if problem:
            warn(problem)
        return muted

    keys = None if key_fd is None else KeyOptions(key_fd, printer, toggle_mute)
    try:
        engine = run_plain(plan, sinks, keys=keys)
    finally:
        if history is not None:
            history.close()
    finished = engine.state.name == "FINISHED"
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C while it plays: just go
        player.close(timeout=5.0 if finished else 0.0)  # let "workout complete" be heard
    return 0 if finished else 130


HISTORY_FIELDS = (
    "started_at",
    "ended_at",
    "routine",
    "status",
    "active_seconds",
    "exercise",
    "set",
    "side",
    "planned_seconds",
    "done_seconds",
)
"""CSV columns: one row per set (per side), the session's fields repeated on each."""


def cmd_history(args: argparse.Namespace, files: UserFiles) -> int:
    """Print past sessions as a table, JSON or CSV, newest first."""
    from hiptimer.store.history import open_history

    path = paths.history_path()
    history: History | None = None
    if path.exists():
        history, notices = open_history(path)
        for notice in notices:
            warn(notice)
    try:
        if args.json:
            _write_json(history)
        elif args.csv:
            _write_csv(history)
        else:
            _write_table(history, files.settings, max(args.limit, 0))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (``| head``); point stdout at nothing so the
        # interpreter's own flush at exit does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        if history is not None:
            history.close()
    return 0


def _write_json(history: History | None) -> None:
    import json

    out = sys.stdout
    out.write("[")
    first = True
    for session in history.all_sessions() if history else ():
        out.write("\n  " if first else ",\n  ")
        out.write(json.dumps(session.as_json(), ensure_ascii=False))
        first = False
    out.write("\n]\n" if not first else "]\n")


def _write_csv(history: History | None) -> None:
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HISTORY_FIELDS)
    for session in history.all_sessions() if history else ():
        data = session.as_json()
        head = [data[key] for key in HISTORY_FIELDS[:5]]
        if not data["sets"]:
            writer.writerow([csv_cell(cell) for cell in (*head, "", "", "", "", "")])
        for s in data["sets"]:
            cells = (
                *head,
                s["exercise"],
                s["set"],
                s["side"] or "",
                s["planned_seconds"],
                s["done_seconds"],
            )
            writer.writerow([csv_cell(cell) for cell in cells])


def _write_table(history: History | None, settings: Settings, limit: int) -> None:
    from hiptimer.line.plain import duration_text

    goal = settings.weekly_goal
    if history is None or history.count() == 0:
        print(f"No sessions yet. The goal is {goal} a week; start one with: hiptimer")
        return
    stats = history.week_stats(goal)
    print(f"This week: {stats.this_week} of {goal} sessions · {stats.streak_text()}")
    counts = " ".join(str(w.sessions) for w in stats.weeks)
    print(f"Last {len(stats.weeks)} weeks, oldest first: {counts}")
    print()
    rows = [("Started", "Routine", "Status", "Active", "Sets")]
    sessions = history.recent(limit)
    for session in sessions:
        started = datetime.fromtimestamp(session.started_at).strftime("%Y-%m-%d %H:%M")
        rows.append(
            (
                started,
                _clip(session.routine_name, 28),
                session.status,
                duration_text(session.active_seconds),
                f"{session.sets_done}/{session.sets_planned}",
            )
        )
    _print_rows(rows, right=(3, 4))
    total = history.count()
    if total > len(sessions):
        print(f"\n{len(sessions)} newest of {total} sessions; --json or --csv for all of them.")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_rows(rows: Iterable[tuple[str, ...]], right: tuple[int, ...]) -> None:
    table = [tuple(escape(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        print("  ".join(cells).rstrip())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hiptimer`` command.

    Returns:
        The process exit code: 0 on success, 2 for a bad command line.
    """
    args = build_parser().parse_args(argv)
    files = load_user_files(args.config)
    if args.command in ("routines", "history"):  # the doctor reports them itself
        for notice in files.notices:
            warn(notice)
    if args.command == "routines":
        return cmd_routines(files)
    if args.command == "history":
        return cmd_history(args, files)
    if args.command == "doctor":
        from hiptimer.commands.doctor import DoctorOptions, run_doctor

        options = DoctorOptions(
            files.settings, play=not args.mute, settings_file=files.settings_file
        )
        return run_doctor(options, sys.stdout)
    return cmd_run(args, files)
