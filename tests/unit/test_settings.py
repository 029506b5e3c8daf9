"""The settings file: loading with problems, atomic saving that keeps what the user wrote."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import tomlkit

from hiptimer.commands.userfiles import load_user_files
from hiptimer.config import paths
from hiptimer.config.settings import (
    HEADER,
    SaveError,
    level_problems,
    load_settings,
    save_mute,
    save_settings,
    settings_from_mapping,
)
from hiptimer.core.catalog import EXERCISES
from hiptimer.core.settings import Settings


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_gives_the_defaults_and_no_problem(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "config.toml")
    assert settings == Settings()
    assert problems == ()


def test_every_key_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        """\
work = 40
sets = 3
rest = 20
exercise_rest = 45
switch = 4
prepare = 12
voice = false
mute = true
figures = false
theme = "nord"
weekly_goal = 2

[levels]
glute-bridge = 3
hip-clam = 2
""",
    )
    settings, problems = load_settings(path)
    assert problems == ()
    assert settings.work == 40 and settings.sets == 3 and settings.rest == 20
    assert settings.exercise_rest == 45 and settings.switch == 4 and settings.prepare == 12
    assert settings.voice is False and settings.mute is True and settings.figures is False
    assert settings.theme == "nord" and settings.weekly_goal == 2
    assert settings.level_for("glute-bridge") == 3
    assert settings.level_for("hip-clam") == 2
    assert settings.level_for("lateral-lunge") == 1


@pytest.mark.parametrize(
    ("data", "key", "reason"),
    [
        pytest.param({"work": "30"}, "work", "not text '30'", id="text-for-number"),
        pytest.param({"work": True}, "work", "not true", id="bool-for-number"),
        pytest.param({"work": 0}, "work", "of seconds from 1 to 3600, not 0", id="zero"),
        pytest.param({"rest": -5}, "rest", "not -5", id="negative"),
        pytest.param(
            {"prepare": 10**30}, "prepare", "not 1000000000000000000000000000000", id="huge"
        ),
        pytest.param({"switch": math.nan}, "switch", "not NaN", id="nan"),
        pytest.param({"work": 30.5}, "work", "not 30.5", id="float"),
        pytest.param({"sets": 11}, "sets", "of sets from 1 to 10, not 11", id="too-many-sets"),
        pytest.param({"voice": 1}, "voice", "true or false, not 1", id="number-for-bool"),
        pytest.param({"figures": "no"}, "figures", "not text 'no'", id="text-for-bool"),
        pytest.param({"theme": ""}, "theme", "must not be empty", id="empty-theme"),
        pytest.param({"theme": 3}, "theme", "text in quotes", id="number-theme"),
        pytest.param({"weekly_goal": 0}, "weekly_goal", "from 1 to 14", id="goal-zero"),
        pytest.param({"levels": [1, 2]}, "levels", "must be a table", id="levels-list"),
        pytest.param({"levels": {"hip-clam": 0}}, "levels.hip-clam", "not 0", id="level-zero"),
    ],
)
def test_a_wrong_value_falls_back_to_its_default_and_is_named(
    data: dict[str, object], key: str, reason: str
) -> None:
    path = Path("/somewhere/config.toml")
    settings, problems = settings_from_mapping(data, path)
    assert settings == Settings()
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith(f"{path}: key '{key}': ")
    assert reason in text


def test_good_values_survive_beside_bad_ones() -> None:
    settings, problems = settings_from_mapping({"work": 45, "sets": "x"}, Path("c.toml"))
    assert settings.work == 45 and settings.sets == 2
    assert [p.where for p in problems] == ["key 'sets'"]


@pytest.mark.parametrize(
    ("key", "suggestion"),
    [
        ("wrok", "work"),
        ("exercise-rest", "exercise_rest"),
        ("Weekly_Goal", "weekly_goal"),
        ("mutee", "mute"),
        ("level", "levels"),
    ],
)
def test_an_unknown_key_suggests_the_nearest_known_one(key: str, suggestion: str) -> None:
    settings, problems = settings_from_mapping({key: 1}, Path("c.toml"))
    assert settings == Settings()
    assert f"did you mean '{suggestion}'?" in str(problems[0])


def test_a_parse_error_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", "work = 30\nsets = = 2\n")
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert str(problems[0]).startswith(f"{path}: line 2, column 8: not valid TOML")


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbfwork = 35\n")
    assert load_settings(path) == (Settings(work=35), ())


def test_saving_edits_the_file_and_keeps_comments_and_unknown_keys(tmp_path: Path) -> None:
    original = """\
# My settings, tuned for marathon block
work = 30  # easy weeks
sets = 2

# a key for a future version
colour = "teal"

[levels]
hip-clam = 2  # side plank next month

[my-notes]
remember = "stretch after"
"""
    path = write(tmp_path / "config.toml", original)
    loaded, _ = load_settings(path)
    edited = replace(loaded, work=45, levels={"hip-clam": 2, "glute-bridge": 2})
    save_settings(path, edited, since=loaded)
    text = path.read_text(encoding="utf-8")
    assert "# My settings, tuned for marathon block" in text
    assert "work = 45  # easy weeks" in text
    assert "hip-clam = 2  # side plank next month" in text
    assert 'colour = "teal"' in text and 'remember = "stretch after"' in text
    assert "glute-bridge = 2" in text
    reloaded, problems = load_settings(path)
    assert reloaded.work == 45 and reloaded.level_for("glute-bridge") == 2
    assert [p.where for p in problems] == ["key 'colour'", "key 'my-notes'"]
    assert loaded.work == 30


def test_saving_unchanged_settings_changes_no_byte(tmp_path: Path) -> None:
    original = "# hand written\nwork = 40   # aligned oddly\n\n[levels]\nhip-clam = 2\n"
    path = write(tmp_path / "config.toml", original)
    settings, _ = load_settings(path)
    save_settings(path, settings, since=settings)
    assert path.read_text(encoding="utf-8") == original


def test_a_new_file_gets_the_header_and_only_changed_values(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "config.toml"
    save_settings(path, Settings(sets=3, mute=True), since=Settings())
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    assert tomlkit.parse(text).unwrap() == {"sets": 3, "mute": True}
    assert load_settings(path) == (Settings(sets=3, mute=True), ())


@pytest.mark.parametrize(
    "content",
    [b"work = = 3\n", b"\x00\xff\xfe binary", b"[levels\n"],
    ids=["syntax", "binary", "bad-table"],
)
def test_saving_refuses_to_overwrite_a_file_that_did_not_parse(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content)
    with pytest.raises(SaveError, match="not saved.*left as it is"):
        save_settings(path, Settings(work=40), since=Settings())
    assert save_mute(path, True) is not None
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]


def test_a_wrong_value_is_replaced_on_an_explicit_save(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", 'work = "lots"  # fix me\nsets = 3\n')
    settings, _ = load_settings(path)
    save_settings(path, replace(settings, work=40), since=settings)
    assert path.read_text(encoding="utf-8") == "work = 40  # fix me\nsets = 3\n"


def test_save_mute_persists_only_the_mute_key(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", "# quiet at night\nwork = 40\n")
    assert save_mute(path, True) is None
    assert path.read_text(encoding="utf-8") == "# quiet at night\nwork = 40\nmute = true\n"
    assert save_mute(path, False) is None
    assert load_settings(path).settings == Settings(work=40, mute=False)
    assert path.read_text(encoding="utf-8") == "# quiet at night\nwork = 40\nmute = false\n"


def test_save_mute_on_a_fresh_install_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "hiptimer" / "config.toml"
    assert save_mute(path, True) is None
    assert load_settings(path).settings.mute is True


def test_saving_into_a_folder_that_cannot_be_written_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(SaveError, match="not saved"):
        save_settings(blocker / "config.toml", Settings(work=40), since=Settings())
    assert save_mute(blocker / "config.toml", True) is not None


def test_saving_follows_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    real = write(tmp_path / "dotfiles-config.toml", "work = 30\n")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_settings(link, Settings(work=50), since=Settings())
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "work = 50\n"


def test_saving_keeps_the_file_mode(tmp_path: Path) -> None:
    path = write(tmp_path / "config.toml", "work = 30\n")
    path.chmod(0o600)
    save_settings(path, Settings(work=50), since=Settings())
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_settings_path_honours_config_then_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("HIPTIMER_CONFIG", raising=False)
    assert paths.settings_path() == tmp_path / "xdg" / "hiptimer" / "config.toml"
    assert paths.routines_dir() == tmp_path / "xdg" / "hiptimer" / "routines"
    monkeypatch.setenv("HIPTIMER_CONFIG", str(tmp_path / "env.toml"))
    assert paths.settings_path() == tmp_path / "env.toml"
    assert paths.settings_path(str(tmp_path / "flag.toml")) == tmp_path / "flag.toml"
    assert paths.routines_dir(tmp_path / "flag.toml") == tmp_path / "routines"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert paths.history_path() == tmp_path / "data" / "hiptimer" / "history.sqlite3"


def test_the_settings_module_imports_no_ui_or_audio_library() -> None:
    code = (
        "import sys, hiptimer.config.settings, hiptimer.config.routines, hiptimer.config.paths;"
        "print(sorted(m for m in ('textual', 'rich', 'simpleaudio', 'miniaudio')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert out.stdout.strip() == "[]"


def test_levels_past_the_last_progression_or_for_no_exercise_are_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[levels]\nglute-bridge = 7\nhip-clam = 2\nglute-brige = 2\n")
    settings, problems = load_settings(path)
    assert not problems  # each value is a level; only the catalog can say it does not fit
    found = [str(p) for p in level_problems(settings, path, EXERCISES)]
    assert found == [
        f"{path}: key 'levels.glute-bridge': Glute bridge has 3 progressions; "
        "using level 3 (Runner's hinge)",
        f"{path}: key 'levels.glute-brige': no exercise has this id, ignored; "
        "did you mean 'glute-bridge'?",
    ]


def test_a_routine_files_exercise_id_is_a_known_level(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[levels]\nwall-sit = 2\n")
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "mine.toml").write_text(
        'name = "Mine"\n[[exercises]]\nid = "wall-sit"\nname = "Wall sit"\n'
    )
    assert load_user_files(str(config)).notices == ()
    config.write_text("[levels]\nwall-sat = 2\n")
    (notice,) = load_user_files(str(config)).notices
    assert notice.endswith("no exercise has this id, ignored; did you mean 'wall-sit'?")
    config.write_text("[dose.hip-clamm]\nsets = 3\n")
    (notice,) = load_user_files(str(config)).notices
    assert notice == (
        f"{config}: key 'dose.hip-clamm': no exercise has this id, ignored; "
        "did you mean 'hip-clam'?"
    )
