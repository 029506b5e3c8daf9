"""The composition root of a workout: build it from files, flags, player and history, then
run the full-screen app or line mode."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from typing import TYPE_CHECKING

from hiptimer.commands.userfiles import UserFiles, pick_routine, warn
from hiptimer.config import paths
from hiptimer.config.settings import save_mute
from hiptimer.core.catalog import Routine
from hiptimer.core.plan import Plan, build_plan
from hiptimer.core.settings import TIMING_KEYS

if TYPE_CHECKING:
    from hiptimer.driver import Sink
    from hiptimer.sound.player import PlayerSetup
    from hiptimer.store.sessions import Overview
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
WEEK_WAIT = 0.5
"""Seconds the done screen waits for the week's count (the writes before it land first)."""


def overrides_from(args: argparse.Namespace) -> dict[str, int]:
    """Return the one-run overrides given on the command line."""
    return {key: getattr(args, key) for key in OVERRIDES if getattr(args, key) is not None}


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
    opened: list[HistoryWriter | None] = []

    def history() -> HistoryWriter | None:
        """The history's writer, started on first use: its own thread opens the history and
        owns the connection, so the event loop never waits for the file or its lock."""
        if not opened:
            found: HistoryWriter | None = None
            if not args.no_history:
                from hiptimer.store.writer import HistoryWriter

                # Called on the event loop: the writer's notices are handed back to it.
                loop = asyncio.get_running_loop()

                def notify(message: str) -> None:
                    with contextlib.suppress(RuntimeError):  # the loop has closed
                        loop.call_soon_threadsafe(app.notify_plain, message)

                found = HistoryWriter(paths.history_path(), notify=notify).start()
            opened.append(found)
        return opened[0]

    def make(muted: bool) -> PlayerSetup:
        from hiptimer.sound.player import make_player

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
        from hiptimer.store.recorder import Recorder

        return [Recorder(found, plan)]

    def week_summary() -> str | None:
        found = history()
        if found is None:
            return None
        goal = app.settings.weekly_goal
        return found.read(lambda h: h.week_stats(goal).progress_text(), WEEK_WAIT)

    def history_overview() -> Overview:
        from hiptimer.store.sessions import load_overview

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
                found.close(EXIT_WAIT)
        player.close(timeout=0.0)
    return result or 0


def run_line_mode(args: argparse.Namespace, files: UserFiles, routine: Routine) -> int:
    """Run a workout in line mode, one line per event."""
    from hiptimer.core.cues import player_sink
    from hiptimer.line.control import KeyOptions
    from hiptimer.line.printer import LinePrinter
    from hiptimer.line.runner import run_plain
    from hiptimer.line.terminal import key_terminal
    from hiptimer.sound.player import make_player
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
            history.close(EXIT_WAIT)
    finished = engine.state.name == "FINISHED"
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C while it plays: just go
        player.close(timeout=5.0 if finished else 0.0)  # let "workout complete" be heard
    return 0 if finished else 130
