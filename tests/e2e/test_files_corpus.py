"""Bad files never cost a workout or a byte: every file of ``tests/corpus/`` through the
installed ``hiptimer --plain``, and the files it chooses by flag and variable."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from hiptimer.config.routines import load_routine_file
from tests.badfiles import ROUTINE_EXPECT, SETTINGS_EXPECT, corpus_file
from tests.e2e.userfiles import FAST, hiptimer_path, make_home

# --- through the installed hiptimer -------------------------------------------------------


@dataclass
class Run:
    path: Path
    before: bytes
    process: subprocess.Popen[str]
    stdout: str = ""
    stderr: str = ""


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Run]:
    """Start one short workout per corpus file, all at once, and wait for them all."""
    started: dict[tuple[str, str], Run] = {}
    for name in sorted(SETTINGS_EXPECT):
        home = make_home(tmp_path_factory.mktemp("settings"))
        path = home.settings_file
        shutil.copyfile(corpus_file("settings", name, home.root), path)
        process = home.start("--plain", "--no-history", "--routine", "tiny", *FAST)
        started["settings", name] = Run(path, path.read_bytes(), process)
    for name in sorted(ROUTINE_EXPECT):
        home = make_home(tmp_path_factory.mktemp("routine"))
        path = home.routines_dir / name
        shutil.copyfile(corpus_file("routines", name, home.root), path)
        stem = name.removesuffix(".toml")
        process = home.start("--plain", "--no-history", "--routine", stem, "--sets", "1", *FAST)
        started["routines", name] = Run(path, path.read_bytes(), process)
    for run in started.values():
        run.stdout, run.stderr = run.process.communicate(timeout=120)
    return started


def check_run(run: Run, expect: str) -> None:
    assert "Traceback" not in run.stderr, run.stderr
    assert f"hiptimer: {run.path}: " in run.stderr, run.stderr
    assert expect in run.stderr, run.stderr
    assert "\x1b" not in run.stderr
    assert run.process.returncode == 0, run.stderr
    last = run.stdout.splitlines()[-1]
    assert " DONE " in last, run.stdout
    assert run.path.read_bytes() == run.before
    # Nothing new appeared beside the file either (no temporary or backup copies).
    assert sorted(p.name for p in run.path.parent.iterdir() if p.suffix != ".toml") in (
        [],
        ["routines"],
    )


@pytest.mark.parametrize("name", sorted(SETTINGS_EXPECT))
def test_bad_settings_through_hiptimer(name: str, runs: dict[tuple[str, str], Run]) -> None:
    run = runs["settings", name]
    check_run(run, SETTINGS_EXPECT[name])
    # The workout ran on the tiny routine at the command line's timings.
    assert "WORK Bridge · set 1 of 1 · 1 s" in run.stdout


@pytest.mark.parametrize("name", sorted(ROUTINE_EXPECT))
def test_bad_routines_through_hiptimer(name: str, runs: dict[tuple[str, str], Run]) -> None:
    run = runs["routines", name]
    check_run(run, ROUTINE_EXPECT[name])
    stem = name.removesuffix(".toml")
    if load_routine_file(run.path).routine is None and stem != "runners-hips":
        assert f"routine {stem!r} could not be loaded (see above); running 'runners-hips'" in (
            run.stderr
        )
        assert "WORK Glute bridge" in run.stdout
    if name == "markup_names.toml":
        # User text is printed exactly as written.
        assert "WORK [bold]Bridge[/] [0] · set 1 of 1 · 1 s · [/]" in run.stdout


def test_config_flag_and_variable_choose_the_settings_file(tmp_path: Path) -> None:
    home = make_home(tmp_path)
    elsewhere = tmp_path / "elsewhere" / "hip.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text("wrok = 1\n")
    (elsewhere.parent / "routines").mkdir()
    (elsewhere.parent / "routines" / "solo.toml").write_text(
        'name = "Solo"\n[[exercises]]\nname = "Lunge"\n'
    )
    by_flag = home.run("--config", str(elsewhere), "routines")
    assert f"hiptimer: {elsewhere}: key 'wrok'" in by_flag.stderr
    assert "solo\tSolo\tLunge\t" in by_flag.stdout
    assert "tiny" not in by_flag.stdout
    result = subprocess.run(
        [hiptimer_path(), "routines"],
        env={**home.env(), "HIPTIMER_CONFIG": str(elsewhere)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert f"hiptimer: {elsewhere}: key 'wrok'" in result.stderr
    assert "solo\tSolo" in result.stdout


def test_routines_lists_files_beside_the_builtin_one(tmp_path: Path) -> None:
    home = make_home(tmp_path)
    (home.routines_dir / "broken.toml").write_text("name = \n")
    result = home.run("routines")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "runners-hips\tRunner's hips\tGlute bridge, Hip clam, Lateral lunge\t"
    )
    assert lines[1] == "tiny\tTiny\tBridge\t0:11"  # prepare 10 s and one set of 1 s
    assert f"hiptimer: {home.routines_dir / 'broken.toml'}: line 1" in result.stderr
