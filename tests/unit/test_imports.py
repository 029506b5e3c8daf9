"""What importing hiptimer loads: the functional core no UI, audio or database library, start-up
nothing a run does not need yet (each checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CORE = [
    "hiptimer.core.catalog",
    "hiptimer.core.plan",
    "hiptimer.core.engine",
    "hiptimer.core.records",
    "hiptimer.core.progression",
    "hiptimer.core.rhythm",
    "hiptimer.core.trends",
    "hiptimer.core.wording",
    "hiptimer.core.text",
    "hiptimer.config.settings",
]
FORBIDDEN = ["textual", "rich", "simpleaudio", "miniaudio", "sqlite3"]


def loaded(modules: str, watched: list[str]) -> list[str]:
    """Import ``modules`` (comma-separated) in a fresh interpreter; return which of the
    ``watched`` modules or packages that loaded."""
    probe = (
        f"import sys, {modules}\n"
        f"watched = {watched!r}\n"
        "print(','.join(sorted(m for m in sys.modules\n"
        "    if any(m == w or m.startswith(w + '.') for w in watched))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return [m for m in result.stdout.strip().split(",") if m]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_audio_or_database(module: str) -> None:
    bad = loaded(module, FORBIDDEN)
    assert bad == [], f"{module} pulls in {bad}"


def test_the_command_line_loads_only_what_every_run_needs() -> None:
    # Start-up time: the TOML writer comes in with a settings file to read or save, the
    # history and its exports with a history, the UI and audio once they are used.
    # difflib with a mistyped option or key.
    lazy = [
        "textual",
        "tomlkit",
        "sqlite3",
        "csv",
        "json",
        "simpleaudio",
        "miniaudio",
        "wave",
        "difflib",
    ]
    bad = loaded("hiptimer.cli", lazy)
    assert bad == [], f"hiptimer.cli pulls in {bad}"


def test_the_status_command_loads_no_ui_or_sound() -> None:
    # A shell prompt runs it before every command: SQLite, and nothing of the UI or the audio.
    heavy = ["textual", "rich", "simpleaudio", "miniaudio", "wave", "tomlkit", "hiptimer.ui"]
    bad = loaded("hiptimer.cli, hiptimer.commands.status, hiptimer.store.progress", heavy)
    assert bad == [], f"hiptimer status pulls in {bad}"


def test_the_app_loads_no_workout_code_before_a_workout() -> None:
    # The home screen shows first; the engine, the driver, the cues and the sound load when
    # a workout starts (the engine alone took about 12 ms to import), the history store when
    # the history is opened, the styling helpers with the first screen past home, the
    # progression rules with the first offers (after the first frame: they need the history).
    later = [
        "hiptimer.core.engine",
        "hiptimer.core.progression",
        "hiptimer.core.offers",
        "hiptimer.driver",
        "hiptimer.core.cues",
        "hiptimer.sound.alsa",
        "hiptimer.sound.backends",
        "hiptimer.sound.clips",
        "hiptimer.sound.ladder",
        "hiptimer.sound.miniaudio_device",
        "hiptimer.sound.player",
        "hiptimer.sound.setup",
        "hiptimer.sound.speech",
        "hiptimer.store",
        "hiptimer.ui.stylesheets",
        "sqlite3",
    ]
    bad = loaded("hiptimer.cli, hiptimer.ui.app, hiptimer.sound.lazy", later)
    assert bad == [], f"start-up pulls in {bad}"


def test_no_module_is_over_450_lines() -> None:
    # A module that grows past this holds two things: split it along the seam.
    package = Path(__file__).resolve().parents[2] / "hiptimer"
    long = {
        str(path.relative_to(package)): lines
        for path in package.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert long == {}


def test_the_history_charts_load_only_when_the_history_screen_opens() -> None:
    # Drawn by hand (no plotting library): their modules, and the summary behind them, come in
    # with the History screen, not with start-up.
    later = [
        "hiptimer.ui.screens.history",
        "hiptimer.ui.widgets.trendchart",
        "hiptimer.core.trends",
        "hiptimer.store.trends",
        "plotext",
        "textual_plotext",
    ]
    bad = loaded("hiptimer.cli, hiptimer.ui.app, hiptimer.sound.lazy", later)
    assert bad == [], f"start-up pulls in {bad}"


def test_a_good_settings_file_is_read_without_tomlkit(tmp_path: Path) -> None:
    # Importing tomlkit took 6 ms of every start; it comes in to save the file, or to say
    # what is wrong with one.
    config = tmp_path / "config.toml"
    config.write_text("# mine\nwork = 40\nfigures = false\n[levels]\nhip-clam = 2\n")
    probe = (
        "import sys\n"
        "from hiptimer.commands.userfiles import load_user_files\n"
        f"files = load_user_files({str(config)!r})\n"
        "assert files.settings.work == 40 and not files.settings.figures, files\n"
        "assert files.notices == (), files.notices\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] == 'tomlkit'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
