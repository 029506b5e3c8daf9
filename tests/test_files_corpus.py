"""Bad files never cost a workout or a byte: every file of ``tests/corpus/`` through the loader
and through the installed ``hiptimer --plain``."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from hiptimer.config.routines import load_routine_file, load_routines
from hiptimer.config.settings import load_settings
from hiptimer.core.settings import Settings
from tests.userfiles import FAST, hiptimer_exe, make_home

CORPUS = Path(__file__).parent / "corpus"
BIG = 5 * 1024 * 1024

SETTINGS_EXPECT = {
    "binary.toml": "is not UTF-8 text",
    "bom_bad_value.toml": "key 'sets': must be a whole number of sets from 1 to 10, not 99",
    "control_char_in_string.toml": "line 1, column 14: not valid TOML: Control characters",
    "deep_nesting.toml": "nested more than 100 levels deep",
    "goal_zero.toml": "key 'weekly_goal': must be a whole number of sessions from 1 to 14, not 0",
    "huge.toml": (
        "key 'work': must be a whole number of seconds from 1 to 3600, not 99999999999999999999999"
    ),
    "infinity.toml": (
        "key 'exercise_rest': must be a whole number of seconds from 1 to 3600, not inf"
    ),
    "latin1.toml": "is not UTF-8 text (byte 0xe9 at offset 12)",
    "level_out_of_range.toml": (
        "key 'levels.glute-bridge': must be a whole number of levels from 1 to 10, not 11"
    ),
    "levels_not_table.toml": "key 'levels': must be a table",
    "markup_key.toml": "key '[/b]': unknown key",
    "misspelt_dashed_key.toml": "did you mean 'exercise_rest'?",
    "misspelt_key.toml": "key 'wrok': unknown key, ignored; did you mean 'work'?",
    "nan.toml": "key 'switch': must be a whole number of seconds from 1 to 3600, not NaN",
    "negative.toml": "key 'work': must be a whole number of seconds from 1 to 3600, not -30",
    "nul_bytes.toml": "line 1, column 12: not valid TOML",
    "syntax_bad_table.toml": "line 1, column 8: not valid TOML",
    "syntax_duplicate_key.toml": 'line 2, column 1: not valid TOML: Key "work" already exists',
    "syntax_missing_value.toml": "line 2, column 8: not valid TOML",
    "syntax_unclosed_string.toml": "a closing quote missing?",
    "theme_empty.toml": "key 'theme': must not be empty",
    "unknown_key.toml": "key 'colour': unknown key, ignored",
    "voice_as_text.toml": "key 'voice': must be true or false, not text 'yes'",
    "wrong_type_array.toml": (
        "key 'prepare': must be a whole number of seconds from 1 to 3600, not a list"
    ),
    "wrong_type_bool.toml": "key 'sets': must be a whole number of sets from 1 to 10, not true",
    "wrong_type_float.toml": (
        "key 'rest': must be a whole number of seconds from 1 to 3600, not 12.5"
    ),
    "wrong_type_string.toml": (
        "key 'work': must be a whole number of seconds from 1 to 3600, not text"
    ),
    "zero.toml": "key 'sets': must be a whole number of sets from 1 to 10, not 0",
    "five_megabytes.toml": "the file is too large (5.2 MB; the limit is 1 MB)",
}
"""Each bad settings file and a part of the message it must give."""

ROUTINE_EXPECT = {
    "binary.toml": "is not UTF-8 text (byte 0x89 at offset 0)",
    "bom_no_exercises.toml": "has no exercises",
    "control_chars.toml": "key 'exercises[1].cues[1]': must be one line without control characters",
    "empty.toml": "has no exercises",
    "exercise_without_name.toml": "key 'exercises[1]': has no name",
    "exercises_empty_list.toml": "key 'exercises': must be a non-empty list of tables",
    "exercises_not_tables.toml": "key 'exercises': must be a non-empty list of tables",
    "huge_values.toml": (
        "key 'exercises[1].rest': must be a whole number of seconds from 1 to 3600, "
        "not 1000000000000"
    ),
    "markup_names.toml": "key 'exercises[1].sets': must be a whole number of sets",
    "misspelt_exercises.toml": "key 'exersises': unknown key, ignored; did you mean 'exercises'?",
    "misspelt_keys.toml": (
        "key 'exercises[1].per-side': unknown key, ignored; did you mean 'per_side'?"
    ),
    "name_wrong_type.toml": "key 'name': must be text in quotes, not 42",
    "nan_and_inf.toml": (
        "key 'exercises[1].work': must be a whole number of seconds from 1 to 3600, not NaN"
    ),
    "no_exercises.toml": "has no exercises",
    "runners-hips.toml": "has the id of a built-in routine",
    "syntax_error.toml": "line 2, column 13: not valid TOML",
    "wrong_types.toml": "key 'exercises[1].per_side': must be true or false, not text 'yes'",
    "five_megabytes.toml": "the file is too large",
}
"""Each bad routine file and a part of the message it must give."""


def test_the_corpus_is_complete() -> None:
    on_disk = {p.name for p in (CORPUS / "settings").iterdir()}
    assert on_disk == set(SETTINGS_EXPECT) - {"five_megabytes.toml"}
    assert {p.name for p in (CORPUS / "routines").iterdir()} == set(ROUTINE_EXPECT) - {
        "five_megabytes.toml"
    }
    assert len(SETTINGS_EXPECT) + len(ROUTINE_EXPECT) >= 30


def big_file(folder: Path) -> Path:
    """A 5 MB file, made in the test rather than kept in the repository."""
    path = folder / "five_megabytes.toml"
    line = b'name = "padding"  # ' + b"x" * 80 + b"\n"
    path.write_bytes(line * (BIG // len(line) + 1))
    return path


def corpus_file(kind: str, name: str, folder: Path) -> Path:
    if name == "five_megabytes.toml":
        return big_file(folder)
    return CORPUS / kind / name


# --- through the loader ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SETTINGS_EXPECT))
def test_bad_settings_through_the_loader(name: str, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    shutil.copyfile(corpus_file("settings", name, tmp_path), path)
    before = path.read_bytes()
    settings, problems = load_settings(path)
    messages = [str(p) for p in problems]
    assert messages, "no problem reported"
    assert all(m.startswith(f"{path}: ") for m in messages)
    assert any(SETTINGS_EXPECT[name] in m for m in messages), messages
    assert not any("\x1b" in m or "\x00" in m for m in messages)
    assert isinstance(settings, Settings)
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", sorted(ROUTINE_EXPECT))
def test_bad_routines_through_the_loader(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    path = folder / name
    shutil.copyfile(corpus_file("routines", name, tmp_path), path)
    (folder / "good.toml").write_text('name = "Good"\n[[exercises]]\nname = "Clam"\n')
    before = path.read_bytes()
    result = load_routine_file(path)
    messages = [str(p) for p in result.problems]
    assert messages, "no problem reported"
    assert all(m.startswith(f"{path}: ") for m in messages)
    assert any(ROUTINE_EXPECT[name] in m for m in messages), messages
    assert not any("\x1b" in m or "\x00" in m for m in messages)
    # The other routines still load beside it.
    assert "good" in [r.id for r in load_routines(folder).routines]
    assert path.read_bytes() == before


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


@pytest.mark.e2e
@pytest.mark.parametrize("name", sorted(SETTINGS_EXPECT))
def test_bad_settings_through_hiptimer(name: str, runs: dict[tuple[str, str], Run]) -> None:
    run = runs["settings", name]
    check_run(run, SETTINGS_EXPECT[name])
    # The workout ran on the tiny routine at the command line's timings.
    assert "WORK Bridge · set 1 of 1 · 1 s" in run.stdout


@pytest.mark.e2e
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


@pytest.mark.e2e
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
        [hiptimer_exe(), "routines"],
        env={**home.env(), "HIPTIMER_CONFIG": str(elsewhere)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert f"hiptimer: {elsewhere}: key 'wrok'" in result.stderr
    assert "solo\tSolo" in result.stdout


@pytest.mark.e2e
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
