"""Every file hiptimer reads, and whether each is valid: what ``hiptimer doctor`` lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hiptimer.config import paths
from hiptimer.config.regularfile import is_missing
from hiptimer.config.routines import load_routine_file, load_routines, routine_paths
from hiptimer.config.settings import level_problems, load_settings, theme_problem
from hiptimer.config.tomlfile import count_problems
from hiptimer.store.sessions import check_history


def textual_themes() -> frozenset[str]:
    """The names of the themes the app can use (Textual's built-in ones)."""
    from textual.theme import BUILTIN_THEMES  # here: only the doctor needs them

    return frozenset(BUILTIN_THEMES)


@dataclass(frozen=True, slots=True)
class FileCheck:
    """One file and its state."""

    kind: str
    """``settings``, ``routine`` or ``history``."""
    path: Path
    exists: bool
    valid: bool
    """False when hiptimer falls back to defaults for some or all of it."""
    problems: tuple[str, ...] = ()
    """Each reason, naming the file and the line or key."""
    ignored_only: bool = False
    """True when every problem is an unknown key: the file was read, only those were skipped."""
    count: int | None = None
    """How many problems there are, when ``problems`` is capped (its last line then says
    how many more); None: as many as it lists."""

    def describe(self) -> str:
        """One line: kind, path and state (``ok``, ``not created yet`` or the first problem)."""
        count = len(self.problems) if self.count is None else self.count
        if not self.exists:
            state = "not created yet (defaults in use)"
        elif self.valid:
            state = "ok"
        elif self.ignored_only:
            # A typo such as ``wrok`` still needs fixing, but the rest of the file is in use.
            state = f"read, {count} unknown key{'s' * (count != 1)} ignored"
        else:
            state = f"INVALID ({count} problem{'s' * (count != 1)})"
        return f"{self.kind:<9} {self.path}  {state}"


def check_files(
    settings_file: Path | None = None, history_file: Path | None = None
) -> list[FileCheck]:
    """Check the settings file, every routine file and the history database. Changes nothing.

    Args:
        settings_file: The settings file in use (``--config``); the default path when None.
        history_file: The history database; the default path when None.

    Returns:
        Settings first, then routines in name order, then the history.
    """
    settings_path = settings_file or paths.settings_path()
    checks: list[FileCheck] = []
    loaded = load_settings(settings_path)
    problems = list(loaded.problems)
    theme = theme_problem(loaded.settings, settings_path, textual_themes())
    if theme is not None:
        problems.append(theme)
    runnable = load_routines(paths.routines_dir(settings_path)).routines
    exercises = [item.exercise for routine in runnable for item in routine.items]
    problems.extend(level_problems(loaded.settings, settings_path, exercises))
    checks.append(
        FileCheck(
            "settings",
            settings_path,
            not is_missing(settings_path),
            not problems,
            tuple(str(p) for p in problems),
            ignored_only=all(p.ignored for p in problems),
            count=count_problems(problems),
        )
    )
    folder = paths.routines_dir(settings_path)
    routine_files, listed = routine_paths(folder)
    if listed:
        checks.append(FileCheck("routines", folder, True, False, tuple(str(p) for p in listed)))
    for path in routine_files:
        result = load_routine_file(path)
        checks.append(
            FileCheck(
                "routine",
                path,
                True,
                result.routine is not None and not result.problems,
                tuple(str(p) for p in result.problems),
                ignored_only=result.routine is not None and all(p.ignored for p in result.problems),
                count=count_problems(result.problems),
            )
        )
    history_path = history_file or paths.history_path()
    try:
        reason = check_history(history_path)
    except OSError as error:  # a data folder that cannot be searched, say
        reason = f"could not be read: {error.strerror or error}"
    checks.append(
        FileCheck(
            "history",
            history_path,
            not is_missing(history_path),
            reason is None,
            (f"{history_path}: {reason}",) if reason else (),
        )
    )
    return checks
