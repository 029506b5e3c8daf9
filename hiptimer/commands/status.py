"""``hiptimer status``: one line for a shell prompt or a status bar, or the same as JSON."""

from __future__ import annotations

import argparse
import os
import sys

from hiptimer.commands.output import warn
from hiptimer.commands.userfiles import UserFiles
from hiptimer.config import paths
from hiptimer.core.catalog import EXERCISES
from hiptimer.core.progression import current_doses


def cmd_status(args: argparse.Namespace, files: UserFiles) -> int:
    """Print where the week stands, when the next session is due and any offer to move up.

    Offers are made for the built-in exercises only: a routine file sets its own doses, and
    an accepted offer is saved in the settings, which the built-in routine follows.
    """
    # Imported here: the prompt pays for SQLite only when it asks for the status.
    from hiptimer.store.progress import read_status

    settings = files.settings
    status, notices = read_status(
        paths.history_path(),
        settings.weekly_goal,
        EXERCISES,
        current_doses(settings, EXERCISES),
    )
    for notice in notices:
        warn(notice)
    try:
        if args.json:
            import json

            print(json.dumps(status.as_json(), ensure_ascii=False, indent=2))
        else:
            print(status.line())
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``| head -c 0``); point stdout at nothing so the interpreter's
        # own flush at exit does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
