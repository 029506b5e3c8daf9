"""The composition root of a workout: build it from files, flags, player and history, then
run the full-screen app or line mode."""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import os
import sys
from typing import TYPE_CHECKING, TextIO

from hiptimer.commands.output import (
    EXIT_FAILED,
    EXIT_PIPE,
    describe_error,
    fail,
    silence_stdout,
    stdout_is_terminal,
    warn,
)
from hiptimer.commands.userfiles import UserFiles, pick_routine
from hiptimer.config import paths
from hiptimer.config.settings import save_mute
from hiptimer.core.catalog import Routine
from hiptimer.core.plan import build_plan
from hiptimer.core.settings import TIMING_KEYS, Settings

if TYPE_CHECKING:
    from hiptimer.driver import Sink
    from hiptimer.sound.setup import PlayerSetup
    from hiptimer.store.writer import HistoryWriter

# Audio, line mode and the app are imported where they are used: the full-screen app
# should not wait for modules it needs only later, or never.

OVERRIDES = (*TIMING_KEYS, "level")
"""Options that change this run only; they are never saved."""
OPEN_WAIT = 1.0
"""Seconds line mode waits for the history to open before the first phase (its notices come
first); another program's lock delays the first phase no longer than this."""
EXIT_WAIT = 1.0
"""Seconds the process waits, at its end, for rows still queued; the rest go to the journal."""
DONE_WAIT = 3.0
"""Seconds line mode waits at the end of a workout for its last cue ("workout complete",
2.7 s with the voice) to be heard; a sound system that hangs is not waited for longer."""


def overrides_from(args: argparse.Namespace) -> dict[str, int]:
    """Return the one-run overrides given on the command line."""
    return {key: getattr(args, key) for key in OVERRIDES if getattr(args, key) is not None}


def level_notice(routine: Routine, level: int | None) -> str | None:
    """Say which exercises have fewer levels than ``--level`` asks for, and what each runs
    instead (its last, hardest progression); None when every exercise has that many."""
    if level is None:
        return None
    short: dict[str, str] = {}
    for item in routine.items:
        ladder = item.exercise.progressions
        if ladder and len(ladder) < level:
            short[item.exercise.id] = (
                f"{item.exercise.name} runs level {len(ladder)} ({ladder[-1].name}, its last)"
            )
    if not short:
        return None
    return f"--level {level} is more than some exercises have: " + ", ".join(short.values())


def full_screen_problem() -> str | None:
    """Why the full-screen app cannot be used here, or None: it needs a terminal on stdout,
    and on stderr, where Textual draws, and on stdin, where its keys come from (from
    ``/dev/null`` or a pipe none ever would, and Textual spun reading end of file)."""
    if not stdout_is_terminal():
        return "stdout is not a terminal"
    if not _is_terminal(sys.stderr):
        return "stderr is not a terminal"
    if not _is_terminal(sys.stdin):
        return "stdin is not a terminal"
    return None


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and os.isatty(stream.fileno())
    except (AttributeError, OSError, ValueError):  # replaced by a test harness, or closed
        return False


def cmd_run(args: argparse.Namespace, files: UserFiles) -> int:
    """Run a workout: the full-screen app, or line mode with ``--plain`` or wherever the
    app could not be seen (output to a file or a pipe)."""
    routine, fallback = pick_routine(files, args.routine)
    if routine is None:
        known = ", ".join(r.id for r in files.routines.routines)
        fail(f"unknown routine {args.routine!r}; known: {known}")
        return 2
    notices = tuple(n for n in (*files.notices, fallback, level_notice(routine, args.level)) if n)
    if not args.plain:
        problem = full_screen_problem()
        if problem is None:
            return run_app(args, files, routine, notices)
        warn(f"{problem}: running line mode (--plain)")
    for notice in notices:
        warn(notice)
    return run_line_mode(args, files, routine)


def run_app(
    args: argparse.Namespace, files: UserFiles, routine: Routine, notices: tuple[str, ...]
) -> int:
    """Open the full-screen app with its ports plugged in: the settings file, the history
    and the cue player. ``notices`` (problems with the user's files, the routine that runs
    instead of a broken one) show there.

    The history file is opened and the sounds are loaded only once the first frame is on
    the screen, so the app shows up without waiting for them; so does the garbage collector
    run only from then on.
    """
    # The collector's rounds while Textual loads and the home screen is built cost about
    # 12 ms of the 200 ms to the first frame, and find little to free: nearly everything
    # made then is kept. The app turns it back on after its first frame (``freeze_gc``);
    # this, in any case, as the app ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_app(args, files, routine, notices)
    finally:
        if collecting:
            gc.enable()


def _run_app(
    args: argparse.Namespace, files: UserFiles, routine: Routine, notices: tuple[str, ...]
) -> int:
    # Imported here so that line mode and the subcommands never load Textual.
    from hiptimer.config.store import SettingsFile
    from hiptimer.core.ports import HistoryPort, NoHistory
    from hiptimer.sound.lazy import DeferredPlayer
    from hiptimer.store.port import HistoryService
    from hiptimer.ui.app import HipTimerApp

    # The file's values: the settings screen edits and saves these, so --mute (one run
    # only) goes to the player instead.
    settings = files.settings

    def make(muted: bool) -> PlayerSetup:
        from hiptimer.sound.setup import make_player

        return make_player(muted=muted, voice=settings.voice, on_bell=None)

    def sounds_loaded() -> None:  # in the loading thread
        for problem in player.problems:
            app.call_from_thread(app.notify_plain, problem)

    # Muted, the sounds load only when sound is turned on.
    player = DeferredPlayer(make, muted=settings.mute or args.mute, on_loaded=sounds_loaded)
    service = None if args.no_history else HistoryService(paths.history_path())
    history: HistoryPort = service if service is not None else NoHistory()
    app = HipTimerApp(
        settings_store=SettingsFile(files.settings_file, settings),
        routines=(routine,) if args.routine else files.routines.routines,
        player=player,
        history=history,
        overrides=overrides_from(args),
        notices=notices,
        freeze_gc=True,
    )
    try:
        result = app.run()
    finally:
        if service is not None:
            service.close()
        player.close(timeout=0.0)
    return result or 0


def run_line_mode(args: argparse.Namespace, files: UserFiles, routine: Routine) -> int:
    """Run a workout in line mode, one line per event."""
    from hiptimer.core.cues import player_sink
    from hiptimer.line.control import KeyOptions
    from hiptimer.line.printer import LinePrinter
    from hiptimer.line.runner import run_plain
    from hiptimer.line.terminal import key_terminal
    from hiptimer.sound.setup import make_player
    from hiptimer.store.recorder import Recorder
    from hiptimer.store.writer import HistoryWriter

    plan = build_plan(routine, files.settings, overrides_from(args))
    history: HistoryWriter | None = None
    recorder: Recorder | None = None
    if not args.no_history:
        # Its own thread opens the history; the first phase waits for that a bounded time,
        # so what the open says comes first, and another program's lock cannot hold it up.
        history = HistoryWriter(paths.history_path(), notify=warn).start()
        history.wait_open(OPEN_WAIT)
        recorder = Recorder(history, plan)
    # Keys only from a terminal: a pipe, /dev/null or a background job runs as before.
    key_fd = key_terminal(sys.stdin)
    printer = LinePrinter(
        plan,
        sys.stdout,
        summary=recorder.summary if recorder else None,
        keys=key_fd is not None,
        offers=None if history is None else lambda: offer_lines(history, files.settings),
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
        engine = run_plain(plan, sinks, keys=keys, output=printer)
    finally:
        if history is not None:
            history.close(EXIT_WAIT)
    finished = engine.state.name == "FINISHED"
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C while it plays: just go
        player.close(timeout=DONE_WAIT if finished else 0.0)
    if printer.failure is not None:
        return output_broke(printer.failure, finished, recorded=recorder is not None)
    return 0 if finished else 130


def offer_lines(history: HistoryWriter, settings: Settings) -> list[str]:
    """Line mode's OFFER lines after a workout: the offers the history (the session just done
    included) earns that the settings do not reach yet; none when the history is busy."""
    from hiptimer.core.catalog import EXERCISES
    from hiptimer.core.offers import offer_event_line
    from hiptimer.core.progression import current_doses, suggest_all
    from hiptimer.store.progress import recent_attempts
    from hiptimer.store.recorder import SUMMARY_WAIT

    attempts = history.read(lambda h: recent_attempts(h.conn), SUMMARY_WAIT)
    if attempts is None:
        return []
    offers = suggest_all(EXERCISES, attempts, current_doses(settings, EXERCISES))
    return [offer_event_line(offer) for offer in offers]


def output_broke(failure: OSError, finished: bool, *, recorded: bool) -> int:
    """Say in one line on stderr that line mode's output broke and what became of the
    workout; return the exit status."""
    silence_stdout()  # what could not be written must not fail again at exit
    if finished:
        ending = "the workout had finished"
    else:
        ending = "the workout stopped" + (" (recorded as stopped)" if recorded else "")
    if failure.errno == errno.EPIPE:
        warn(f"the reader of the output went away: {ending}")
        return EXIT_PIPE
    warn(f"cannot write the output: {describe_error(failure)}: {ending}")
    return EXIT_FAILED
