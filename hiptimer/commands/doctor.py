"""``hiptimer doctor``: check the set-up section by section and play a test cue."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from hiptimer.commands.checks import check_files
from hiptimer.core.cues import VOICE_PHRASES, Cue
from hiptimer.core.settings import Settings, settings_table
from hiptimer.core.text import escape
from hiptimer.sound.alsa import silence_alsa
from hiptimer.sound.ladder import BELL, describe_backends
from hiptimer.sound.setup import make_player

TEST_CUE = Cue("go", "go", VOICE_PHRASES["go"])
"""What the doctor plays: the "go" tone and its spoken word."""
TEST_TIMEOUT = 6.0
"""Seconds to wait for the test cue (a hung backend is reported, not waited on forever)."""


@dataclass(frozen=True, slots=True)
class DoctorOptions:
    """What the command line asked of the doctor."""

    settings: Settings
    play: bool = True
    """Play the test cue (``--mute`` turns it off)."""
    settings_file: Path | None = None
    """The settings file in use (``--config``); the default path when None."""


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the report: a title, what was found, and what is wrong."""

    title: str
    lines: tuple[str, ...] = ()
    """Facts, one a line."""
    problems: tuple[str, ...] = field(default=())
    """Things the user should fix; any problem makes ``hiptimer doctor`` exit 1."""


Check = Callable[[DoctorOptions], Section]
"""Makes one section of the report."""


def audio_section(options: DoctorOptions) -> Section:
    """Which audio backend is in use and why the ones above it were skipped; play a test cue."""
    silenced = silence_alsa()
    lines: list[str] = []
    statuses = describe_backends()
    used = next(s for s in statuses if s.state == "used")
    lines.append(f"backend: {used.name} ({used.reason})")
    width = max(len(s.name) for s in statuses)
    for status in statuses:
        lines.append(f"  {status.name:<{width}}  {status.state:<7}  {status.reason}")
    if sys.platform.startswith("linux"):
        lines.append("ALSA error messages: " + ("silenced" if silenced else "no libasound found"))

    notices: list[str] = []
    setup = make_player(muted=False, voice=True, on_notice=notices.append)
    player = setup.player
    sounds = player.sounds
    lines.append(
        f"sounds: {len(sounds.tones)} tones, {len(sounds.voice)} spoken clips in {sounds.where}"
    )
    speaker = player.speaker
    if speaker is not None and speaker.espeak:
        lines.append(f"prompts of routine files spoken with {speaker.espeak}")
    elif speaker is not None and speaker.say:
        lines.append(f"prompts of routine files spoken with {speaker.say}")
    else:
        lines.append("prompts of routine files: tone only (no espeak-ng or say on PATH)")
    settings = options.settings
    lines.append(
        f"settings: {'muted' if settings.mute else 'sound on'}, "
        f"voice {'on' if settings.voice else 'off'}"
    )

    if not options.play:
        lines.append("test cue: not played (--mute)")
    else:
        player.play([TEST_CUE])
        finished = player.wait_idle(TEST_TIMEOUT)
        lines.extend(f"notice: {n}" for n in notices)
        if not finished:
            lines.append(f"test cue: still playing after {TEST_TIMEOUT:g} s, given up")
        elif player.backend_name == BELL:
            lines.append("test cue: rang the terminal bell (no backend could play it)")
            # The first line named the backend tried first: say what a workout will use.
            lines[0] = f"backend: the terminal bell ({used.name}, tried first, failed here)"
        else:
            lines.append(f"test cue: played through {player.backend_name} (tone and voice)")
        player.close(timeout=0)
    return Section("Sound", tuple(lines), setup.problems)


def files_section(options: DoctorOptions) -> Section:
    """Where each file is (settings, every routine, history) and whether it is valid."""
    checks = check_files(options.settings_file)
    lines = tuple(check.describe() for check in checks)
    problems = tuple(problem for check in checks for problem in check.problems)
    return Section("Files", lines, problems)


def dose_text(settings: Settings) -> str:
    """Each exercise's own dose (``[dose.<id>]``), as it runs: ``hip-clam 3 × 40 s``."""
    return ", ".join(
        f"{exercise_id} {settings.sets_for(exercise_id)} × {settings.work_for(exercise_id)} s"
        for exercise_id in sorted(settings.doses)
    )


def settings_section(options: DoctorOptions) -> Section:
    """Every setting in use beside its default and limits (from the settings table)."""
    lines = []
    for name, default, accepted, article, _help in settings_table():
        value = getattr(options.settings, name)
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        if isinstance(value, str):
            shown = f'"{value}"'
        note = f"default {default}; {accepted}" + (f"; article {article}" if article else "")
        lines.append(f"{name} = {shown}  ({note})")
    levels = ", ".join(f"{k} {v}" for k, v in sorted(options.settings.levels.items()))
    lines.append(f"levels: {levels or 'all 1 (the easiest)'}")
    lines.append(
        f"dose: {dose_text(options.settings) or 'every exercise at the global sets and work'}"
    )
    return Section("Settings", tuple(lines))


SECTIONS: list[Check] = [files_section, settings_section, audio_section]
"""The report, in order. Each concern adds its own section here."""


def run_doctor(options: DoctorOptions, out: TextIO, sections: Sequence[Check] | None = None) -> int:
    """Print every section of the report.

    Returns:
        The exit code: 0 when nothing is wrong, 1 when any section found a problem.
    """
    failed = False
    for index, check in enumerate(SECTIONS if sections is None else sections):
        section = check(options)
        if index:
            out.write("\n")
        out.write(f"{section.title}\n")
        # Escaped: lines name paths (from the environment too), files and their values.
        for line in section.lines:
            out.write(f"  {escape(line)}\n")
        for problem in section.problems:
            out.write(f"  problem: {escape(problem)}\n")
        failed = failed or bool(section.problems)
        out.flush()
    return 1 if failed else 0
