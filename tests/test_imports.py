"""The functional core imports no UI and no audio library (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["hiptimer.catalog", "hiptimer.plan", "hiptimer.engine", "hiptimer.settings"]
FORBIDDEN = ["textual", "rich", "simpleaudio", "miniaudio"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_or_audio(module: str) -> None:
    probe = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} pulls in {result.stdout.strip()}"


def test_the_command_line_loads_only_what_every_run_needs() -> None:
    # Start-up time: the TOML writer comes in with a settings file to read or save, the
    # history and its exports with a history, the UI and audio once they are used.
    lazy = ["textual", "tomlkit", "sqlite3", "csv", "json", "simpleaudio", "miniaudio", "wave"]
    probe = (
        "import sys, hiptimer.cli\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {lazy!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"hiptimer.cli pulls in {result.stdout.strip()}"


def test_the_app_loads_no_workout_code_before_a_workout() -> None:
    # The home screen shows first; the engine, the driver, the cues and the sound load when
    # a workout starts (the engine alone took about 12 ms to import).
    later = ["hiptimer.engine", "hiptimer.driver", "hiptimer.cues", "hiptimer.audio"]
    probe = (
        "import sys, hiptimer.cli, hiptimer.app, hiptimer.deferred\n"
        f"print(','.join(m for m in {later!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"start-up pulls in {result.stdout.strip()}"
